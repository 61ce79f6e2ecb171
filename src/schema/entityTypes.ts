import type { FieldMap, ObjectRef } from '@pothos/core';
import { RciError } from '../rci/errors.js';
import { collectionSpec, recordSpec, typeNameOf, type RecordName, type ResourceName } from '../rci/resources.js';
import { isJsonObject } from '../rci/json.js';
import type { GatewayContext } from '../context.js';
import { builder, type Types } from './builder.js';
import { isEntity, loadEntity, readField, type Entity } from './entities.js';
import { nodeKey, nodeResources, splitNodeKey } from './globalIds.js';
import { describeField, enumFor, graphqlFieldName } from './naming.js';
import { DateTime } from './scalars.js';
import { readsAhead } from './readAhead.js';

/**
 * The object types of the catalogue's records, each made on first use so any file may ask for one at
 * import time: the node type of every collection whose objects have ids, the plain type of a record
 * embedded in another, and the `<Type>Connection` of a node type. Fields, descriptions, enums and
 * nullability come from the doc.
 */

/** A plain (non-node) object of an embedded record, e.g. a disruption item attribute. */
export type Embedded = Record<string, unknown>;

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
const asObjects = (value: unknown): Embedded[] => asList(value).filter(isJsonObject);

/**
 * `value` narrowed by `as`, synchronously when it is there already. Nearly every field is read from the
 * object in hand; an async resolver would hand the executor a promise per scalar of the result (thousands
 * in a roster), each costing it an allocation and a microtask turn. Only a summary's missing field
 * (completed by id) is a promise.
 */
function narrowed<T>(value: unknown, as: (value: unknown) => T): T | Promise<T> {
  return value instanceof Promise ? value.then(as) : as(value);
}

/** A value the doc marks required; its absence is RCI's fault, reported as such rather than as a null. */
function present<T>(value: T | null, record: RecordName, field: string): T {
  if (value === null) {
    throw new RciError('UPSTREAM_ERROR', `RCI answered a ${recordSpec(record).typeName} without its ${field}`);
  }
  return value;
}

/**
 * One GraphQL field per readable field of a record: names, descriptions, enums and nullability from
 * the catalogue. Used by node types and embedded types alike; `read` says where a value comes from, and
 * `readAheadAs`, the type's name when `read` may read RCI (a node type's summary completion).
 */
export function recordFields<Source>(
  t: ObjectFields<Source>,
  record: RecordName,
  read: FieldReader<Source>,
  readAheadAs?: string,
): FieldMap {
  const fields: FieldMap = {};
  for (const [field, spec] of Object.entries(recordSpec(record).fields)) {
    if (spec.writeOnly) continue;
    const name = graphqlFieldName(record, field);
    const nullable = !spec.required;
    const description = describeField(spec);
    const value = (source: Source, ctx: GatewayContext): unknown => read(source, field, ctx);
    // A field a summary lacks is read by id: a list reads that ahead too (readAhead.ts).
    if (readAheadAs) readsAhead(readAheadAs, name, (source: Source, _args, ctx) => value(source, ctx), 'completion');
    const type = spec.type;
    switch (type.kind) {
      case 'stringList':
        fields[name] = t.field({
          type: ['String'],
          description,
          resolve: (source, _args, ctx) => narrowed(value(source, ctx), asStrings),
        });
        break;
      case 'objectList':
        fields[name] = t.field({
          type: [embeddedType(type.of)],
          description,
          resolve: (source, _args, ctx) => narrowed(value(source, ctx), asObjects),
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
              resolve: (source, _args, ctx) => narrowed(value(source, ctx), asScalar),
            })
          : t.field({
              type: scalarType,
              description,
              resolve: (source, _args, ctx) => narrowed(value(source, ctx), (v) => present(asScalar(v), record, field)),
            });
      }
    }
  }
  return fields;
}

const embeddedRefs = new Map<RecordName, ReturnType<typeof builder.objectRef<Embedded>>>();

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

/** The node ref of every collection whose objects have ids of their own. */
const entityRefs = new Map<ResourceName, ObjectRef<Types, Entity>>();

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
    id: {
      resolve: (entity) => nodeKey(String(entity.data.id), entity.parentId),
      description: 'Opaque global id of the object (Relay).',
    },
    loadMany: (keys: string[], ctx: GatewayContext) =>
      Promise.all(
        keys.map((key) => {
          const [parentId, id] = nested ? splitNodeKey(key) : [undefined, key];
          return Promise.resolve(loadEntity(ctx, resource, id, parentId));
        }),
      ),
    fields: (t) => recordFields(t, spec.record, readField, record.typeName),
  });
  return ref;
}

function connectionType(resource: ResourceName) {
  const typeName = typeNameOf(resource);
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
