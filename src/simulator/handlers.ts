/**
 * The RCI's operations over the store, one generic implementation per kind of route (collection,
 * object, membership list, membership, current source code), driven by the catalogue. The few
 * documented behaviours that belong to one resource are tables here, each with its reason.
 */
import {
  canonicalId,
  collectionSpec,
  recordSpec,
  resources,
  typeNameOf,
  type ListSpec,
  type MembershipName,
  type RecordName,
  type ResourceName,
  type SearchSpec,
} from '../rci/resources.js';
import { filterAndPage, parseListQuery, type ListQuery, type SearchValue } from './query.js';
import { badRequest, createdReply, emptyReply, invalidGuid, jsonReply, notFound, type Reply } from './replies.js';
import type { Method, Route } from './routes.js';
import { membershipSpec, ROOT, type Entity, type Side, type Store } from './store.js';
import { objectBody, validateBody, type ValidationContext } from './validate.js';
import { referenceParent, referencedCollection, toWire } from './wire.js';

export interface HandlerOptions {
  /** Status of a successful PUT or DELETE. */
  writeStatus: 201 | 204;
  /** Answer `DELETE /users/{u}/userGroups/{g}` with 200 and its documented message. */
  userGroupRemovalMessage: boolean;
  /** A random new id (the caller draws again if the collection already has it). */
  newId(): string;
  now(): Date;
}

/** DELETEs the documentation shows answering 200 with a JSON message rather than an empty body. */
const removalMessages: Partial<Record<`${MembershipName}.${Side}`, string>> = {
  'userGroupMembers.a': 'The user has been removed properly from user group.',
};

/** A stored timestamp in milliseconds, or `missing` when the object has none. */
const timeOf = (value: unknown, missing: number): number => (typeof value === 'string' ? Date.parse(value) : missing);

export class Handlers {
  /**
   * Sorted lists by scope and order, valid while the store's version is unchanged. Collating thousands
   * of names costs tens of milliseconds, which benchmarks of the gateway should not measure.
   */
  private readonly orders = new Map<string, { version: number; objects: Entity[] }>();

  constructor(
    private readonly store: Store,
    private readonly options: HandlerOptions,
  ) {}

  /** Answers one request on a matched route. `body` parses the request body when an operation needs it. */
  handle(route: Route, method: Method, params: string[], rawQuery: string, body: () => unknown): Reply {
    const target = route.target;
    switch (target.kind) {
      case 'collection': {
        const spec = collectionSpec(target.collection);
        const parentId = spec.parent ? this.existing(spec.parent, params[0]).id : ROOT;
        if (method === 'GET') {
          const objects = (): Entity[] => this.store.list(target.collection, parentId);
          const scope = `${target.collection}/${parentId}`;
          return this.list(target.collection, scope, spec.record, spec.list, objects, parentId, rawQuery);
        }
        return this.create(target.collection, parentId, body());
      }
      case 'object': {
        const spec = collectionSpec(target.collection);
        const parentId = spec.parent ? this.existing(spec.parent, params[0]).id : ROOT;
        const entity = this.existing(target.collection, params[params.length - 1], parentId);
        if (method === 'GET') return jsonReply(this.full(target.collection, entity, parentId));
        if (method === 'PUT') return this.update(target.collection, entity, parentId, body());
        this.store.remove(target.collection, entity.id, parentId);
        return emptyReply(this.options.writeStatus);
      }
      case 'members': {
        const side = membershipSpec(target.membership)[target.side];
        const owner = this.existing(side.owner, params[0]);
        if (method === 'POST') return this.addMember(target.membership, target.side, owner.id, body());
        const members = (): Entity[] =>
          this.store
            .members(target.membership, target.side, owner.id)
            .flatMap((id) => this.store.get(side.member, id) ?? []);
        const scope = `${target.membership}.${target.side}/${owner.id}`;
        return this.list(side.member, scope, collectionSpec(side.member).record, side.list, members, ROOT, rawQuery);
      }
      case 'member': {
        const side = membershipSpec(target.membership)[target.side];
        const owner = this.existing(side.owner, params[0]);
        const memberId = this.canonical(side.member, params[1]);
        const member = this.store.get(side.member, memberId);
        if (!member || !this.store.isMember(target.membership, target.side, owner.id, memberId)) throw notFound();
        if (method === 'GET') return jsonReply(this.full(side.member, member, ROOT));
        this.store.unlink(target.membership, target.side, owner.id, memberId);
        const message = removalMessages[`${target.membership}.${target.side}`];
        return message && this.options.userGroupRemovalMessage
          ? jsonReply({ message })
          : emptyReply(this.options.writeStatus);
      }
      case 'currentSourceCode': {
        const ivr = this.existing('customIvrs', params[0]);
        const current = typeof ivr.currentSourceCodeVersionId === 'string' ? ivr.currentSourceCodeVersionId : '';
        const sourceCode = this.store.get('sourceCodes', current, ivr.id);
        if (!sourceCode) throw notFound();
        return jsonReply(this.full('sourceCodes', sourceCode, ivr.id));
      }
    }
  }

  /** The canonical form of a path id: a malformed GUID is a 400, a malformed time zone simply not found. */
  private canonical(collection: ResourceName, raw: string): string {
    const format = resources[collection].idFormat;
    const id = canonicalId(format, raw);
    if (id === null) throw format === 'guid' ? invalidGuid(raw) : notFound();
    return id;
  }

  private existing(collection: ResourceName, raw: string, parentId = ROOT): Entity {
    const entity = this.store.get(collection, this.canonical(collection, raw), parentId);
    if (!entity) throw notFound();
    return entity;
  }

  /** Answers a list of objects of `collection`; `scope` names this particular set of them (for the order cache). */
  private list(
    collection: ResourceName,
    scope: string,
    record: RecordName,
    list: ListSpec,
    objects: () => Entity[],
    parentId: string,
    rawQuery: string,
  ): Reply {
    const now = this.options.now().getTime();
    const searchValue: SearchValue = (entity, param) => this.searchValue(list.search[param], param, entity, now);
    const query = parseListQuery(list, record, rawQuery, searchValue);
    const only = list.summary
      ? new Set([...list.summary.fields, ...(list.summary.addsQueried ? query.queried : [])])
      : undefined;
    const context = { store: this.store, parentId };
    const page = filterAndPage(this.ordered(scope, objects, query), query);
    return jsonReply(page.map((entity) => toWire(record, entity, context, only)));
  }

  /**
   * What a search parameter matches on an object: the property it names, or what the catalogue says
   * RCI derives it from (another collection's objects, a hidden reference, the time of the request).
   */
  private searchValue(search: SearchSpec, param: string, entity: Entity, now: number): unknown {
    if (search.kind !== 'pattern' && search.kind !== 'flag') return entity[search.field];
    const from = search.from;
    if (!from) return entity[search.kind === 'pattern' ? (search.field ?? param) : param];
    switch (from.kind) {
      case 'nested':
        return this.store.list(from.collection, entity.id).map((object) => object[from.field]);
      case 'hidden':
        return entity[from.reference];
      case 'period':
        return timeOf(entity[from.start], -Infinity) <= now && now <= timeOf(entity[from.end], Infinity);
    }
  }

  private ordered(scope: string, objects: () => Entity[], query: ListQuery): Entity[] {
    if (!query.compare) return objects();
    const key = `${scope} ${query.sortKey}`;
    const cached = this.orders.get(key);
    if (cached && cached.version === this.store.version) return cached.objects;
    const sorted = objects().sort(query.compare);
    if (this.orders.size >= 200) this.orders.clear();
    this.orders.set(key, { version: this.store.version, objects: sorted });
    return sorted;
  }

  /**
   * The full object, as by-id GETs answer it. A link object (a user's skill, keyed by the skill's id)
   * answers the linked object's properties with its own.
   */
  private full(collection: ResourceName, entity: Entity, parentId: string): Record<string, unknown> {
    const record = collectionSpec(collection).record;
    const context = { store: this.store, parentId };
    const linked = referencedCollection(record);
    const linkedEntity = linked && this.store.get(linked, entity.id);
    const own = toWire(record, entity, context);
    return linkedEntity ? { ...toWire(collectionSpec(linked).record, linkedEntity, context), ...own } : own;
  }

  private validationContext(mode: 'create' | 'update', parentId: string, current?: Entity): ValidationContext {
    return {
      mode,
      pathId: current?.id,
      current,
      exists: (collection, id) => this.store.get(collection, id) !== undefined,
      findReference: (collection, key) => {
        const parent = referenceParent(collection, parentId);
        const byId = key.id ? this.store.get(collection, key.id, parent) : undefined;
        const candidates = key.id ? (byId ? [byId] : []) : this.store.list(collection, parent);
        const found = candidates.find((c) => Object.entries(key).every(([p, v]) => c[p] === v));
        return found ? found.id : null;
      },
    };
  }

  private timestamps(record: RecordName, created: boolean): Record<string, string> {
    const fields = recordSpec(record).fields;
    const now = this.options.now().toISOString();
    const out: Record<string, string> = {};
    // RCI sets these itself; a client cannot write them.
    if (created && fields.created?.readOnly) out.created = now;
    if (fields.modified?.readOnly) out.modified = now;
    return out;
  }

  private create(collection: ResourceName, parentId: string, body: unknown): Reply {
    const record = collectionSpec(collection).record;
    const values = validateBody(record, body, this.validationContext('create', parentId));
    let id: string;
    if (referencedCollection(record)) {
      // A link object is keyed by the object it links to; linking it twice is a client error.
      id = values.id as string;
      if (this.store.get(collection, id, parentId)) throw badRequest(`Property 'id': '${id}' is already assigned`);
    } else {
      do id = this.options.newId();
      while (this.store.get(collection, id, parentId));
    }
    this.store.put(collection, { ...values, ...this.timestamps(record, true), id }, parentId);
    return createdReply(id);
  }

  /** PUT replaces the object: properties left out of the body are cleared, read-only and hidden ones kept. */
  private update(collection: ResourceName, entity: Entity, parentId: string, body: unknown): Reply {
    const record = collectionSpec(collection).record;
    const fields = recordSpec(record).fields;
    const values = validateBody(record, body, this.validationContext('update', parentId, entity));
    const kept = Object.fromEntries(Object.entries(entity).filter(([p]) => !(p in fields) || fields[p].readOnly));
    this.store.put(collection, { ...kept, ...values, ...this.timestamps(record, false), id: entity.id }, parentId);
    return emptyReply(this.options.writeStatus);
  }

  /** Adds a membership: only the body's `id` counts; adding an existing one again is harmless. */
  private addMember(membership: MembershipName, side: Side, ownerId: string, body: unknown): Reply {
    const member = membershipSpec(membership)[side].member;
    const raw = objectBody(body).id;
    if (raw === undefined || raw === null) throw badRequest(`Property 'id' is required`);
    if (typeof raw !== 'string') throw badRequest(`Property 'id' must be a string`);
    const id = canonicalId(resources[member].idFormat, raw);
    if (id === null) throw invalidGuid(raw);
    if (!this.store.get(member, id))
      throw badRequest(`Property 'id' refers to an unknown ${typeNameOf(member)}: '${raw}'`);
    this.store.link(membership, side, ownerId, id);
    return createdReply(id);
  }
}
