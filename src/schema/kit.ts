import { decodeGlobalID, encodeGlobalID, offsetForArgs } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { ListQuery } from '../rci/client.js';
import { RciError } from '../rci/errors.js';
import { completeSummaryBySort, summaryFields } from '../rci/sortCompletion.js';
import {
  canonicalId,
  collectionSpec,
  recordSpec,
  resourceNames,
  type FieldSpec,
  type ListSpec,
  type RecordName,
  type ResourceName,
  type SearchSpec,
} from '../rci/resources.js';
import { isRecord, malformedItem, type RciObject } from '../rci/schemas.js';
import type { GatewayContext } from '../context.js';
import type { ArgBuilder, ArgumentRef, FieldMap, InputObjectRef, ObjectRef } from '@pothos/core';
import { builder } from './builder.js';
import { decodeCursor, encodeCursor } from './cursors.js';
import { nodeFieldsSelected } from './selection.js';
import { DateTime } from './scalars.js';

/**
 * The part of the schema that is the same for every RCI resource, derived from the catalogue: one
 * Node type per collection with ids (fields, descriptions, enums, nullability from the doc), root
 * lookups and root connections with filter and orderBy inputs, and the helpers domain files use to
 * add relations. Domain files add only what differs: relations between resources.
 */

/** The source object of every entity type: an RCI object and where it came from. */
export interface Entity {
  resource: ResourceName;
  data: RciObject;
  /** The owning object's id, for nested collections (a queue's extensions, a set's events). */
  parentId?: string;
  /**
   * For summaries (items of summary lists), the fields they carry; any other field is read from the
   * full object, loaded by id once per request.
   */
  present?: ReadonlySet<string>;
}

/** A plain (non-node) object of an embedded record, e.g. a disruption item attribute. */
export type Embedded = Record<string, unknown>;

export function userInputError(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** `AutoAllocation` → `AUTO_ALLOCATION`, `IVRPrompt` → `IVR_PROMPT`, `sap365` → `SAP365`, `firstName` → `FIRST_NAME`. */
const constantCase = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();

/** Name of a record field in the graph: references to other resources are exposed as raw ids beside the relation. */
export function graphqlFieldName(record: RecordName, field: string): string {
  const spec = recordSpec(record).fields[field];
  if (field === 'id') return spec.refersTo ? `${collectionSpec(spec.refersTo).record}Id` : 'rciId';
  if (spec.refersTo && !field.endsWith('Id')) {
    return spec.type.kind === 'stringList' ? `${field.replace(/s$/, '')}Ids` : `${field}Id`;
  }
  if (spec.type.kind === 'objectList' && Object.values(recordSpec(spec.type.of).fields).some((f) => f.refersTo)) {
    return `${field.replace(/s$/, '')}Refs`;
  }
  return field;
}

/** A field's description from the doc, with its documented constraints appended. */
export function describeField(spec: FieldSpec): string {
  const limits: string[] = [];
  if (spec.format === 'email') limits.push('an email address');
  if (spec.readOnly) return spec.description;
  if (spec.minLength !== undefined && spec.minLength === spec.maxLength)
    limits.push(`exactly ${spec.minLength} characters`);
  else if (spec.minLength !== undefined && spec.maxLength !== undefined)
    limits.push(`${spec.minLength}–${spec.maxLength} characters`);
  else if (spec.maxLength !== undefined) limits.push(`at most ${spec.maxLength} characters`);
  if (spec.type.kind === 'integer' && spec.type.min !== undefined) limits.push(`${spec.type.min}–${spec.type.max}`);
  return limits.length ? `${spec.description} (${limits.join(', ')})` : spec.description;
}

// Enum names that read better than `<Type><Field>`.
const enumNames: Record<string, string> = {
  'audioPrompt.promptType': 'AudioPromptType',
  'eventItem.type': 'DisruptionItemType',
  'item.type': 'DisruptionItemType',
};
const enumRefs = new Map<string, ReturnType<typeof builder.enumType>>();

/** The GraphQL enum of a documented one-of; values are CONSTANT_CASE, meaning the canonical RCI spelling. */
export function enumFor(record: RecordName, field: string) {
  const spec = recordSpec(record).fields[field];
  if (spec.type.kind !== 'enum') throw new Error(`${record}.${field} is not a one-of`);
  const name = enumNames[`${record}.${field}`] ?? `${recordSpec(record).typeName}${capitalize(field)}`;
  let ref = enumRefs.get(name);
  if (!ref) {
    ref = builder.enumType(name, {
      description: `${spec.description} RCI reads these case-insensitively.`,
      values: Object.fromEntries(
        spec.type.values.map((v) => [constantCase(v), { value: v, description: `RCI value \`${v}\`.` }]),
      ),
    });
    enumRefs.set(name, ref);
  }
  return ref;
}

const SortDirection = builder.enumType('SortDirection', {
  description: 'Direction of a sort.',
  values: { ASC: { value: 'ASC', description: 'Ascending.' }, DESC: { value: 'DESC', description: 'Descending.' } },
});

// ---------------------------------------------------------------------------------------------------
// Entity types

/** The node ref of every collection whose objects have ids of their own. */
const entityRefs = new Map<ResourceName, ObjectRef<Types, Entity>>();
const embeddedRefs = new Map<RecordName, ReturnType<typeof builder.objectRef<Embedded>>>();

/** The collections whose objects are Relay nodes (they have ids and can be fetched by id). */
export const nodeResources = resourceNames.filter((name) => {
  const spec = collectionSpec(name);
  return spec.idParam !== undefined && recordSpec(spec.record).fields.id?.readOnly === true;
});

/** The global id key of an entity: its id, or `parentId/id` for nested collections. */
function globalKey(entity: Entity): string {
  return entity.parentId === undefined ? String(entity.data.id) : `${entity.parentId}/${entity.data.id}`;
}

export function globalId(resource: ResourceName, id: string, parentId?: string): string {
  const typeName = recordSpec(collectionSpec(resource).record).typeName;
  return encodeGlobalID(typeName, parentId === undefined ? id : `${parentId}/${id}`);
}

/** One object by id through the request's loaders, as an entity; null when RCI has no such object. */
export async function loadEntity(
  ctx: GatewayContext,
  resource: ResourceName,
  id: string,
  parentId?: string,
): Promise<Entity | null> {
  const data = await ctx.loaders.load(resource, id, parentId);
  return data ? { resource, data, parentId } : null;
}

/**
 * Objects by id, in order, leaving out ids RCI has nothing for (a dangling reference hides, it does not
 * fail). A load that fails stays in the list as a failed item: that item alone is null, with its error.
 */
export async function loadEntities(
  ctx: GatewayContext,
  resource: ResourceName,
  ids: readonly string[],
  parentId?: string,
): Promise<ListItem<Entity>[]> {
  const settled = await Promise.allSettled(ids.map((id) => loadEntity(ctx, resource, id, parentId)));
  return settled.flatMap((outcome, i): ListItem<Entity>[] => {
    if (outcome.status === 'fulfilled') return outcome.value ? [outcome.value] : [];
    return [failedReference(outcome.reason, { resource, data: { id: ids[i] }, parentId })];
  });
}

/**
 * The item of a reference whose read failed: the error itself, as the list's value at that index
 * (graphql-js reports an Error list item at its own path, and nothing else of the list is lost). It
 * carries the reference it stands for, so it is an Entity as well as an Error; a copy, since the loader
 * may hand the same error to other fields.
 */
function failedReference(reason: unknown, reference: Entity): Entity {
  const error =
    reason instanceof RciError
      ? new RciError(reason.code, reason.message, reason.details)
      : new Error(reason instanceof Error ? reason.message : String(reason));
  return Object.assign(error, reference);
}

/** Reads a field of an entity, completing a summary with one by-id load when the field is missing. */
export function readField(entity: Entity, field: string, ctx: GatewayContext): unknown {
  if (!entity.present || entity.present.has(field)) return entity.data[field];
  return ctx.loaders.load(entity.resource, String(entity.data.id), entity.parentId).then((full) => {
    if (!full) throw new RciError('NOT_FOUND', `The ${entity.resource} object ${entity.data.id} no longer exists`);
    return full[field];
  });
}

/** The schema types of the builder, for helpers that take Pothos field and argument builders. */
export type Types = typeof builder.$inferSchemaTypes;
type ObjectFields<Source> = PothosSchemaTypes.ObjectFieldBuilder<Types, Source>;
/** Reads a record field of a source object, completing it from RCI when the source lacks it. */
type FieldReader<Source> = (source: Source, field: string, ctx: GatewayContext) => unknown;

// The answers were parsed against the catalogue at the client boundary (rci/schemas.ts), so a value
// already has its documented type; these narrow `unknown` to it without trusting a cast.
const asScalar = (value: unknown): string | number | boolean | null =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : []);
/** The strings of a list value (a list of ids, of addresses). */
export const asStrings = (value: unknown): string[] => asList(value).filter((v) => typeof v === 'string');
const asObjects = (value: unknown): Embedded[] => asList(value).filter(isRecord);

/** A value the doc marks required; its absence is RCI's fault, reported as such rather than as a null. */
function present<T>(value: T | null, record: RecordName, field: string): T {
  if (value === null) {
    throw new RciError('UPSTREAM_ERROR', `RCI answered a ${recordSpec(record).typeName} without its ${field}`);
  }
  return value;
}

/**
 * One GraphQL field per readable field of a record: names, descriptions, enums and nullability from
 * the catalogue. Used by node types and embedded types alike; `read` says where a value comes from.
 */
export function recordFields<Source>(t: ObjectFields<Source>, record: RecordName, read: FieldReader<Source>): FieldMap {
  const fields: FieldMap = {};
  for (const [field, spec] of Object.entries(recordSpec(record).fields)) {
    if (spec.writeOnly) continue;
    const name = graphqlFieldName(record, field);
    const nullable = !spec.required;
    const description = describeField(spec);
    const value = (source: Source, ctx: GatewayContext): unknown => read(source, field, ctx);
    const type = spec.type;
    switch (type.kind) {
      case 'stringList':
        fields[name] = t.field({
          type: ['String'],
          description,
          resolve: async (source, _args, ctx) => asStrings(await value(source, ctx)),
        });
        break;
      case 'objectList':
        fields[name] = t.field({
          type: [embeddedType(type.of)],
          description,
          resolve: async (source, _args, ctx) => asObjects(await value(source, ctx)),
        });
        break;
      default: {
        const scalarType =
          type.kind === 'enum'
            ? enumFor(record, field)
            : type.kind === 'datetime'
              ? DateTime
              : type.kind === 'boolean'
                ? 'Boolean'
                : type.kind === 'integer'
                  ? 'Int'
                  : type.kind === 'number'
                    ? 'Float'
                    : 'String';
        fields[name] = nullable
          ? t.field({
              type: scalarType,
              nullable: true,
              description,
              resolve: async (source, _args, ctx) => asScalar(await value(source, ctx)),
            })
          : t.field({
              type: scalarType,
              description,
              resolve: async (source, _args, ctx) => present(asScalar(await value(source, ctx)), record, field),
            });
      }
    }
  }
  return fields;
}

/** The object type of a record embedded in another (no id of its own). */
export function embeddedType(record: RecordName) {
  let ref = embeddedRefs.get(record);
  if (!ref) {
    const spec = recordSpec(record);
    ref = builder.objectRef<Embedded>(spec.typeName);
    ref.implement({
      description: spec.description,
      fields: (t) => recordFields(t, record, (source, field) => source[field]),
    });
    embeddedRefs.set(record, ref);
  }
  return ref;
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  if (slash < 0) throw userInputError(`Invalid global id key '${key}'`);
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/**
 * The node type of a collection whose objects have ids: the catalogue's fields, its global id and its
 * loader (`node(id:)`, federation). Made on first use, so any file may ask for it at import time.
 */
export function entityRef(resource: ResourceName) {
  const existing = entityRefs.get(resource);
  if (existing) return existing;
  if (!nodeResources.includes(resource)) throw new Error(`${resource} has no node type`);
  const spec = collectionSpec(resource);
  const record = recordSpec(spec.record);
  const ref = builder.objectRef<Entity>(record.typeName);
  entityRefs.set(resource, ref);
  const nested = spec.parent !== undefined;
  builder.node(ref, {
    description: record.description,
    isTypeOf: (value) => isEntity(value) && value.resource === resource,
    id: { resolve: globalKey, description: 'Opaque global id of the object (Relay).' },
    loadMany: (keys: string[], ctx: GatewayContext) =>
      Promise.all(
        keys.map((key) => {
          const [parentId, id] = nested ? splitKey(key) : [undefined, key];
          return loadEntity(ctx, resource, id, parentId);
        }),
      ),
    fields: (t) => recordFields(t, spec.record, readField),
  });
  return ref;
}

const isEntity = (value: unknown): value is Entity =>
  typeof value === 'object' && value !== null && 'resource' in value && 'data' in value;

// ---------------------------------------------------------------------------------------------------
// Ids in arguments: every argument that names an entity accepts the global id or the RCI id.

export interface ParsedId {
  id: string;
  parentId?: string;
}

/**
 * Reads an id argument naming an object of `resource`: a global id of that type, or an RCI id in the
 * resource's format. Anything else is a BAD_USER_INPUT naming the argument, and nothing is sent to RCI.
 */
export function parseEntityId(
  resource: ResourceName,
  value: string,
  argument = 'id',
  knownParentId?: string,
): ParsedId {
  const spec = collectionSpec(resource);
  const typeName = recordSpec(spec.record).typeName;
  const decoded = tryDecodeGlobalId(value);
  if (decoded) {
    if (decoded.typename !== typeName) {
      throw userInputError(`Argument '${argument}' is the id of a ${decoded.typename}, not of a ${typeName}`, {
        argument,
      });
    }
    const [parentId, id] = spec.parent ? splitKey(decoded.id) : [undefined, decoded.id];
    const parsed = checkedId(resource, id, parentId, argument);
    if (knownParentId !== undefined && parsed.parentId !== knownParentId) {
      throw userInputError(
        `Argument '${argument}' names a ${typeName} of another ${collectionSpec(spec.parent!).record}`,
        {
          argument,
        },
      );
    }
    return parsed;
  }
  // A nested object's RCI id means something only with its parent's id, given separately.
  if (spec.parent && knownParentId === undefined) {
    throw userInputError(`Argument '${argument}' must be the global id of a ${typeName}`, { argument });
  }
  return checkedId(resource, value, knownParentId, argument);
}

function checkedId(resource: ResourceName, id: string, parentId: string | undefined, argument: string): ParsedId {
  const spec = collectionSpec(resource);
  const canonical = canonicalId(spec.idFormat, id);
  const parentCanonical = spec.parent ? canonicalId(collectionSpec(spec.parent).idFormat, parentId ?? '') : undefined;
  if (canonical === null || parentCanonical === null) {
    const shown = id.length > 80 ? `${id.slice(0, 80)}…` : id;
    throw userInputError(`Argument '${argument}' is not a valid ${recordSpec(spec.record).typeName} id: '${shown}'`, {
      argument,
    });
  }
  return { id: canonical, parentId: parentCanonical ?? undefined };
}

const knownTypeNames = new Set(resourceNames.map((r) => recordSpec(collectionSpec(r).record).typeName));

function tryDecodeGlobalId(value: string): { typename: string; id: string } | null {
  if (value.length > 512) return null;
  try {
    const decoded = decodeGlobalID(value);
    return knownTypeNames.has(decoded.typename) && decoded.id ? decoded : null;
  } catch {
    return null;
  }
}

/** Reads a global id of any node type (for `node`/`nodes`). */
export function parseAnyGlobalId(value: string, argument = 'id'): { resource: ResourceName } & ParsedId {
  const decoded = tryDecodeGlobalId(value);
  const resource =
    decoded && nodeResources.find((r) => recordSpec(collectionSpec(r).record).typeName === decoded.typename);
  if (!resource)
    throw userInputError(`Argument '${argument}' is not a global id: '${value.slice(0, 80)}'`, { argument });
  return { resource, ...parseEntityId(resource, value, argument) };
}

// ---------------------------------------------------------------------------------------------------
// Lists: filter and orderBy inputs, paging, connections.

/** A list's filter as given: search parameter → value. */
export type FilterShape = Record<string, string | boolean | null | undefined>;
/** One sort key as given. */
export interface OrderShape {
  field: string;
  direction?: string | null;
}
const filterRefs = new Map<string, InputObjectRef<Types, FilterShape>>();

function searchInputType(record: RecordName, param: string, search: SearchSpec) {
  if (search.kind === 'flag') return 'Boolean' as const;
  if (search.kind === 'after' || search.kind === 'before') return DateTime;
  const field = recordSpec(record).fields[search.field ?? param];
  return field?.type.kind === 'boolean' ? ('Boolean' as const) : ('String' as const);
}

function searchDescription(param: string, search: SearchSpec): string {
  if (search.kind !== 'pattern') return search.description;
  const what = search.description ?? `Pattern matched against \`${search.field ?? param}\`.`;
  return `${what} \`*\` matches any run of characters and \`?\` one character.`;
}

/** The `<Type>Filter` input of a list: exactly its documented searchable fields. */
function filterInput(name: string, record: RecordName, list: ListSpec) {
  if (Object.keys(list.search).length === 0) return undefined;
  let ref = filterRefs.get(name);
  if (!ref) {
    ref = builder.inputRef<FilterShape>(name).implement({
      description: `Filters of the list; several are combined with AND.`,
      fields: (t) =>
        Object.fromEntries(
          Object.entries(list.search).map(([param, search]) => [
            param,
            t.field({
              type: searchInputType(record, param, search),
              required: false,
              description: searchDescription(param, search),
            }),
          ]),
        ),
    });
    filterRefs.set(name, ref);
  }
  return ref;
}

const orderRefs = new Map<RecordName, InputObjectRef<Types, OrderShape>>();

/** The `<Type>Order` input: every scalar field of the record, ascending or descending. */
function orderInput(record: RecordName) {
  let ref = orderRefs.get(record);
  if (!ref) {
    const spec = recordSpec(record);
    const sortable = Object.entries(spec.fields).filter(
      ([, f]) => !f.writeOnly && f.type.kind !== 'stringList' && f.type.kind !== 'objectList',
    );
    const fieldEnum = builder.enumType(`${spec.typeName}SortField`, {
      description: `Fields a list of ${spec.typeName} can be sorted by.`,
      values: Object.fromEntries(
        sortable.map(([f]) => [constantCase(f), { value: f, description: `Sort by \`${f}\`.` }]),
      ),
    });
    ref = builder.inputRef<OrderShape>(`${spec.typeName}Order`).implement({
      description: `One sort key of a list of ${spec.typeName}.`,
      fields: (t) => ({
        field: t.field({ type: fieldEnum, required: true, description: 'The field to sort by.' }),
        direction: t.field({
          type: SortDirection,
          required: false,
          defaultValue: 'ASC',
          description: 'ASC by default.',
        }),
      }),
    });
    orderRefs.set(record, ref);
  }
  return ref;
}

/** The list arguments as a resolver receives them. */
export interface ListArgs {
  filter?: FilterShape | null;
  orderBy?: readonly OrderShape[] | null;
  sortLocale?: string | null;
}

/** The refs of the list arguments; a list has those of them RCI supports for it. */
export type ListArgRefs = {
  filter?: ArgumentRef<Types, FilterShape | null | undefined>;
  orderBy?: ArgumentRef<Types, OrderShape[] | null | undefined>;
  sortLocale?: ArgumentRef<Types, string | null | undefined>;
};

/** The arguments a list takes, from its description: filter, orderBy and sortLocale where RCI supports them. */
export function listArgs(arg: ArgBuilder<Types>, filterName: string, record: RecordName, list: ListSpec): ListArgRefs {
  const args: ListArgRefs = {};
  const filter = filterInput(filterName, record, list);
  if (filter)
    args.filter = arg({ type: filter, required: false, description: 'Only objects matching every given field.' });
  if (list.sort) {
    args.orderBy = arg({
      type: [orderInput(record)],
      required: false,
      description: `Sort keys, most significant first. RCI's default: ${list.sort.default.join(', ')}.`,
    });
    args.sortLocale = arg.string({
      required: false,
      description: 'BCP 47 language tag (e.g. `fi`, `en-US`) whose collation the sort uses.',
    });
  }
  return args;
}

/** Longest filter value sent to RCI: pattern matching costs grow with it. */
const MAX_FILTER_LENGTH = 256;

const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Maps list arguments to RCI query parameters. `resource` is what the list holds: a filter on its `id`,
 * or on a parameter that names another resource, accepts a global id as well as an RCI id.
 */
export function toListQuery(args: ListArgs, list: ListSpec, resource: ResourceName): ListQuery {
  const query: ListQuery = {};
  if (args.filter) {
    const search: Record<string, string> = {};
    for (const [param, value] of Object.entries(args.filter)) {
      if (value === null || value === undefined) continue;
      const spec = list.search[param];
      if (!spec) throw userInputError(`'${param}' cannot filter this list`);
      if (typeof value === 'string' && value.length > MAX_FILTER_LENGTH) {
        throw userInputError(`Filter '${param}' must be at most ${MAX_FILTER_LENGTH} characters long`);
      }
      const names = param === 'id' ? resource : spec.kind === 'pattern' ? spec.refersTo : undefined;
      search[param] = names && typeof value === 'string' ? rciIdIfGlobal(names, value, param) : String(value);
    }
    query.search = search;
  }
  if (args.orderBy?.length) query.sort = args.orderBy.map((o) => `${o.direction === 'DESC' ? '-' : ''}${o.field}`);
  if (args.sortLocale) {
    if (!BCP47.test(args.sortLocale)) throw userInputError(`sortLocale '${args.sortLocale}' is not a BCP 47 tag`);
    if (!query.sort) query.sort = [...(list.sort?.default ?? [])];
    query.sortLocale = args.sortLocale;
  }
  return query;
}

/** The RCI id inside a global id of `resource`; any other value (an RCI id, a pattern) as it is. */
function rciIdIfGlobal(resource: ResourceName, value: string, param: string): string {
  const decoded = tryDecodeGlobalId(value);
  if (!decoded) return value;
  return parseEntityId(resource, value, `filter.${param}`).id;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
  after?: string | null;
}

/**
 * A Relay connection over an RCI list paged by offset/limit. One more row than asked is fetched so
 * `hasNextPage` is exact. `last` needs `before`: RCI cannot count a list, so its end is unknown.
 */
export async function offsetConnection<T>(
  args: ConnectionArgs,
  fetchPage: (offset: number, limit: number) => Promise<ListItem<T>[]>,
) {
  // Only cursors this gateway issued get as far as the offset arithmetic (and so as far as RCI).
  if (args.after != null) decodeCursor(args.after, 'after');
  if (args.before != null) decodeCursor(args.before, 'before');
  let paging;
  try {
    paging = offsetForArgs({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE });
  } catch (error) {
    throw userInputError(`Invalid paging arguments: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ((args.first ?? 0) > MAX_PAGE_SIZE || (args.last ?? 0) > MAX_PAGE_SIZE) {
    throw userInputError(`At most ${MAX_PAGE_SIZE} objects can be asked for at once`);
  }
  const { offset, limit, expectedSize, hasPreviousPage, hasNextPage } = paging;
  const rows = await fetchPage(offset, limit);
  const page = rows.slice(0, expectedSize);
  const edges = page.map((node, i) => edgeOf(encodeCursor(offset + i), node));
  return {
    edges,
    pageInfo: {
      startCursor: page.length ? encodeCursor(offset) : null,
      endCursor: page.length ? encodeCursor(offset + page.length - 1) : null,
      hasPreviousPage,
      hasNextPage: hasNextPage(rows.length),
    },
  };
}

/** An edge of a page; the edge of an item that failed fails with it, at its own path. */
function edgeOf<T>(cursor: string, node: ListItem<T>): ListItem<{ cursor: string; node: T }> {
  if (!(node instanceof Promise)) return { cursor, node };
  const edge = node.then((value) => ({ cursor, node: value }));
  edge.catch(() => undefined); // see listItems
  return edge;
}

/** What `offsetConnection` answers, the shape every connection type resolves from. */
export type ConnectionResult = Awaited<ReturnType<typeof offsetConnection<Entity>>>;

function connectionType(resource: ResourceName) {
  const typeName = recordSpec(collectionSpec(resource).record).typeName;
  return builder.connectionObject(
    { type: entityRef(resource), name: `${typeName}Connection`, description: `A page of ${typeName} objects.` },
    { name: `${typeName}Edge`, description: `A ${typeName} in a page, with its cursor.` },
  );
}
const connectionRefs = new Map<ResourceName, ReturnType<typeof connectionType>>();

/** The reusable `<Type>Connection` of a node type. */
export function connectionOf(resource: ResourceName) {
  let ref = connectionRefs.get(resource);
  if (!ref) {
    ref = connectionType(resource);
    connectionRefs.set(resource, ref);
  }
  return ref;
}

/** An item of a list: the value, or a promise that fails with the item's error. */
export type ListItem<T> = T | Promise<T>;

/**
 * The items of a list answer, made into what the schema shows. An item RCI answered malformed (see
 * `parseList`) is a rejected promise: GraphQL reports the error at that item's path, and the other
 * items are answered as usual.
 */
export function listItems<T>(rows: readonly RciObject[], make: (data: RciObject) => T): ListItem<T>[] {
  return rows.map((data) => {
    const error = malformedItem(data);
    return error ? failedItem(error) : make(data);
  });
}

/** An item of a list that failed: GraphQL reports `error` at the item's own path. */
function failedItem<T>(error: unknown): ListItem<T> {
  const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  // Handled here so an item that no selection reads is no unhandled rejection; GraphQL still sees it.
  failed.catch(() => undefined);
  return failed;
}

/** Lists of a collection as entities, with the summary marks their list carries. */
export async function listEntities(
  ctx: GatewayContext,
  resource: ResourceName,
  query: ListQuery,
  parentId?: string,
): Promise<ListItem<Entity>[]> {
  const list = collectionSpec(resource).list;
  const rows = await ctx.loaders.list(resource, query, parentId);
  const present = summaryFields(list, query, rows);
  return listItems(rows, (data) => ({ resource, data, parentId, present }));
}

// ---------------------------------------------------------------------------------------------------
// Registration: what every collection gets from its catalogue entry.

/**
 * Registers the reads of a collection: for a root collection, the lookup by id (`user(id:)`) and the
 * list as a connection (`users(first:, filter:, orderBy:)`); for a nested one, its field on the parent.
 */
export function registerReads(resource: ResourceName): void {
  const spec = collectionSpec(resource);
  if (spec.parent) registerNestedList(resource, spec.parent);
  else if (nodeResources.includes(resource)) {
    registerLookup(resource);
    registerList(resource);
  }
}

/** `<record>(id:)`: one object by global id or RCI id; null when RCI has no such object. */
function registerLookup(resource: ResourceName): void {
  const spec = collectionSpec(resource);
  const record = recordSpec(spec.record);
  builder.queryField(spec.record, (t) =>
    t.field({
      type: entityRef(resource),
      nullable: true,
      description: `${record.description} Null when RCI has no such object.`,
      args: { id: t.arg.id({ required: true, description: 'Global id or RCI id.' }) },
      resolve: (_root, args, ctx) => loadEntity(ctx, resource, parseEntityId(resource, args.id).id),
    }),
  );
}

/** `<resource>(...)`: the root list as a connection, with the filter and sort RCI documents for it. */
function registerList(resource: ResourceName): void {
  const spec = collectionSpec(resource);
  const record = recordSpec(spec.record);
  builder.queryField(resource, (t) =>
    t.field({
      type: connectionOf(resource),
      // Null when the list cannot be read: one failed list leaves the other root fields answered.
      nullable: true,
      description: `${spec.description.replace(/\.$/, '')}, one page at a time.`,
      args: { ...t.arg.connectionArgs(), ...listArgs(t.arg, `${record.typeName}Filter`, spec.record, spec.list) },
      resolve: (_root, args, ctx, info) => {
        // Where connection arguments become an RCI list query and an offset/limit page. Fields the
        // selection needs that the list's summaries lack come in the same answer, named in `sort`.
        const query = completeSummaryBySort(
          spec.list,
          record,
          toListQuery(args, spec.list, resource),
          nodeFieldsSelected(info, spec.record),
        );
        return offsetConnection(args, (offset, limit) => listEntities(ctx, resource, { ...query, offset, limit }));
      },
    }),
  );
}

/**
 * A nested collection as a relation field named after its path segment on its parent's type
 * (`Queue.extensions`, `DisruptionSet.events`): a list of nodes, or of plain objects when they have no id.
 */
function registerNestedList(resource: ResourceName, parent: ResourceName): void {
  // Where the relation field of a nested collection is declared (memberships.ts declares those of
  // memberships, the domain files their own).
  const spec = collectionSpec(resource);
  const record = recordSpec(spec.record);
  const filterName = `${record.typeName}Filter`;
  const description = spec.description;
  if (nodeResources.includes(resource)) {
    builder.objectField(entityRef(parent), spec.segment, (t) =>
      t.field({
        type: [entityRef(resource)],
        // Read by a call of its own: a failure nulls this list only; an item that needs a by-id
        // completion that fails nulls that item only.
        nullable: { list: true, items: true },
        description,
        args: listArgs(t.arg, filterName, spec.record, spec.list),
        resolve: (owner, args, ctx) =>
          listEntities(ctx, resource, toListQuery(args, spec.list, resource), String(owner.data.id)),
      }),
    );
  } else {
    builder.objectField(entityRef(parent), spec.segment, (t) =>
      t.field({
        type: [embeddedType(spec.record)],
        // Read by a call of its own: a failure nulls this list only; an item RCI answered malformed
        // nulls that item only.
        nullable: { list: true, items: true },
        description,
        args: listArgs(t.arg, filterName, spec.record, spec.list),
        resolve: async (owner, args, ctx) =>
          listItems(
            await ctx.loaders.list(resource, toListQuery(args, spec.list, resource), String(owner.data.id)),
            (data) => data,
          ),
      }),
    );
  }
}
