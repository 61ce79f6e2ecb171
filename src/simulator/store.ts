/**
 * The simulator's in-memory world: every collection of the catalogue, the memberships between them, and
 * the cascades that keep it consistent when something is deleted.
 *
 * Objects are kept in a stored form close to the wire: scalar properties as they are answered, string
 * lists unwrapped (`addresses: ['100']` rather than `{address: ['100']}`), reference lists (an event's
 * items) as lists of ids. A collection's hidden references (the catalogue's `hidden`: a reply template's
 * queue ids) are kept as lists of ids too, and never answered.
 */
import {
  collectionSpec,
  memberships,
  membershipNames,
  recordSpec,
  resourceNames,
  type CollectionSpec,
  type FieldSpec,
  type MembershipName,
  type MembershipSpec,
  type ResourceName,
} from '../rci/resources.js';

export interface Entity {
  id: string;
  [property: string]: unknown;
}

export type Side = 'a' | 'b';

/** The parent id of root collections. */
export const ROOT = '';

/** A membership's description with its general type (the catalogue's `as const` table narrows too much). */
export const membershipSpec = (name: MembershipName): MembershipSpec => memberships[name];

/** How an object of one collection can point at an object of another; drives the delete cascades. */
type ReferenceSite =
  /** A string property holding one id. */
  | { kind: 'scalar'; collection: ResourceName; property: string }
  /** A list of ids (`queues` of a cpExtension, hidden `queueIds`, the items of an event). */
  | { kind: 'list'; collection: ResourceName; property: string }
  /** The collection's own ids are ids of the target (a user's skills are keyed by skill id). */
  | { kind: 'key'; collection: ResourceName };

function referenceSites(): Map<ResourceName, ReferenceSite[]> {
  const sites = new Map<ResourceName, ReferenceSite[]>();
  const add = (target: ResourceName, site: ReferenceSite): void => {
    sites.set(target, [...(sites.get(target) ?? []), site]);
  };
  for (const collection of resourceNames) {
    const fields: [string, FieldSpec][] = Object.entries(recordSpec(collectionSpec(collection).record).fields);
    for (const [property, field] of fields) {
      if (field.refersTo) {
        if (property === 'id') add(field.refersTo, { kind: 'key', collection });
        else add(field.refersTo, { kind: field.type.kind === 'stringList' ? 'list' : 'scalar', collection, property });
      }
      // A list of references to other objects, stored as their ids (an event's items).
      if (field.type.kind === 'objectList') {
        const target = recordSpec(field.type.of).fields;
        if (target.id?.refersTo) add(target.id.refersTo, { kind: 'list', collection, property });
      }
    }
    for (const [property, hidden] of Object.entries(collectionSpec(collection).hidden ?? {})) {
      add(hidden.refersTo, { kind: 'list', collection, property });
    }
  }
  return sites;
}

const SITES = referenceSites();
const CHILDREN = new Map<ResourceName, ResourceName[]>();
for (const [name, spec] of resourceNames.map((n): [ResourceName, CollectionSpec] => [n, collectionSpec(n)])) {
  if (spec.parent) CHILDREN.set(spec.parent, [...(CHILDREN.get(spec.parent) ?? []), name]);
}

export class Store {
  /** Bumped on every change, so cached list orders know when they are stale. */
  version = 0;
  /** collection → parent id (ROOT for root collections) → id → object, in insertion order. */
  private readonly collections = new Map<ResourceName, Map<string, Map<string, Entity>>>();
  /** membership → side → owner id → member ids. Both sides always hold the same pairs. */
  private readonly links = new Map<MembershipName, Record<Side, Map<string, Set<string>>>>();

  constructor() {
    for (const name of resourceNames) this.collections.set(name, new Map());
    for (const name of membershipNames) this.links.set(name, { a: new Map(), b: new Map() });
  }

  private objects(collection: ResourceName, parentId: string): Map<string, Entity> | undefined {
    return this.collections.get(collection)!.get(parentId);
  }

  list(collection: ResourceName, parentId = ROOT): Entity[] {
    return [...(this.objects(collection, parentId)?.values() ?? [])];
  }

  count(collection: ResourceName, parentId = ROOT): number {
    return this.objects(collection, parentId)?.size ?? 0;
  }

  get(collection: ResourceName, id: string, parentId = ROOT): Entity | undefined {
    return this.objects(collection, parentId)?.get(id);
  }

  /** Adds an object, or replaces the one with its id (keeping its place in the collection's order). */
  put(collection: ResourceName, entity: Entity, parentId = ROOT): void {
    const byParent = this.collections.get(collection)!;
    let objects = byParent.get(parentId);
    if (!objects) byParent.set(parentId, (objects = new Map<string, Entity>()));
    objects.set(entity.id, entity);
    this.version++;
  }

  /**
   * Deletes an object and everything that only made sense with it: its nested collections, its
   * memberships on both sides, and every reference to it (removed from lists, cleared in properties,
   * and link objects keyed by its id, such as a user's skill entry for a deleted skill).
   */
  remove(collection: ResourceName, id: string, parentId = ROOT): boolean {
    const objects = this.objects(collection, parentId);
    if (!objects?.delete(id)) return false;
    this.version++;
    for (const child of CHILDREN.get(collection) ?? []) this.collections.get(child)!.delete(id);
    for (const [name, spec] of membershipNames.map((n): [MembershipName, MembershipSpec] => [n, memberships[n]])) {
      for (const side of ['a', 'b'] as const) {
        if (spec[side].owner !== collection) continue;
        const sides = this.links.get(name)!;
        const other = side === 'a' ? 'b' : 'a';
        for (const member of sides[side].get(id) ?? []) sides[other].get(member)?.delete(id);
        sides[side].delete(id);
      }
    }
    for (const site of SITES.get(collection) ?? []) this.dropReferences(site, id);
    return true;
  }

  private dropReferences(site: ReferenceSite, id: string): void {
    for (const objects of this.collections.get(site.collection)!.values()) {
      if (site.kind === 'key') {
        objects.delete(id);
        continue;
      }
      for (const entity of objects.values()) {
        const value = entity[site.property];
        if (site.kind === 'scalar' && value === id) delete entity[site.property];
        if (site.kind === 'list' && Array.isArray(value) && value.includes(id)) {
          entity[site.property] = value.filter((v) => v !== id);
        }
      }
    }
  }

  /** Adds a membership seen from `side`: `ownerId` is an object of that side's owner collection. */
  link(membership: MembershipName, side: Side, ownerId: string, memberId: string): void {
    const sides = this.links.get(membership)!;
    const other = side === 'a' ? 'b' : 'a';
    addTo(sides[side], ownerId, memberId);
    addTo(sides[other], memberId, ownerId);
    this.version++;
  }

  unlink(membership: MembershipName, side: Side, ownerId: string, memberId: string): boolean {
    const sides = this.links.get(membership)!;
    const other = side === 'a' ? 'b' : 'a';
    if (!sides[side].get(ownerId)?.delete(memberId)) return false;
    sides[other].get(memberId)?.delete(ownerId);
    this.version++;
    return true;
  }

  members(membership: MembershipName, side: Side, ownerId: string): string[] {
    return [...(this.links.get(membership)![side].get(ownerId) ?? [])];
  }

  isMember(membership: MembershipName, side: Side, ownerId: string, memberId: string): boolean {
    return this.links.get(membership)![side].get(ownerId)?.has(memberId) ?? false;
  }
}

function addTo(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}
