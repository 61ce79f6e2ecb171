import type { GatewayContext } from '../context.js';
import { RciError } from '../rci/errors.js';
import {
  collectionSpec,
  recordSpec,
  typeNameOf,
  type FieldSpec,
  type RecordName,
  type ResourceName,
} from '../rci/resources.js';
import { isJsonObject } from '../rci/json.js';
import { inputIssues, toWireBody, type FieldIssue, type RciObject } from '../rci/schemas.js';
import type { InputFieldRef, InputObjectRef } from '@pothos/core';
import { builder, type Types } from './builder.js';
import { DateTime } from './scalars.js';
import { loadEntity, type Entity } from './entities.js';
import { whenRead } from './readAhead.js';
import { embeddedType, entityRef } from './entityTypes.js';
import { globalId, nodeResources, parseEntityId, type ParsedId } from './globalIds.js';
import { capitalize, describeField, enumFor, graphqlFieldName } from './naming.js';
import { readBack } from './readBack.js';
import { InputValidationError } from './inputErrors.js';
import { registerMutation } from './bulk.js';

/**
 * Mutations for every RCI write, derived from the catalogue: `create<Type>`, `update<Type>` and
 * `delete<Type>` for each collection that has those operations (a few read better under another name,
 * listed below). What they share lives here:
 *
 * - inputs are validated in full before any RCI call; every problem is reported at once;
 * - `update<Type>` is partial: RCI's PUT replaces the whole object, so the current object is read,
 *   the given fields are merged in (null clears), and the complete object is PUT;
 * - after a write the request's loaders are cleared, and the payload reads the object fresh.
 */

/** Mutation names that are not `<op><Type>`: they say what the write means for the parent. */
const mutationNames: Partial<Record<ResourceName, Partial<Record<'create' | 'update' | 'delete', string>>>> = {
  certificates: { create: 'addCertificateToUser', delete: 'removeCertificateFromUser' },
  queueAttributes: { create: 'addQueueAttribute' },
  queueGroupAttributes: { create: 'addQueueGroupAttribute' },
  customIvrAttributes: { create: 'addCustomIvrAttribute' },
};

/** The name of a record field in inputs: like outputs, except lists of objects keep their wire name. */
function inputName(record: RecordName, field: string): string {
  const spec = recordSpec(record).fields[field];
  return spec.type.kind === 'objectList' ? field : graphqlFieldName(record, field);
}

const writable = (record: RecordName) => Object.entries(recordSpec(record).fields).filter(([, spec]) => !spec.readOnly);

const inputRefs = new Map<string, InputObjectRef<Types, RecordInput>>();

type InputFields = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;
/** A value of a record input as GraphQL hands it over. */
type InputValue = string | number | boolean | string[] | RecordInput[] | null | undefined;
/** A record input as GraphQL hands it over: GraphQL field name → value. */
interface RecordInput {
  [field: string]: InputValue;
}

/** The input field of one record field, typed after its kind; references are ids (global or RCI). */
function inputField(
  t: InputFields,
  record: RecordName,
  field: string,
  spec: FieldSpec,
  required: boolean,
  description: string,
) {
  const type = spec.type;
  const options = { required, description };
  if (spec.refersTo && type.kind !== 'stringList') return t.id(options);
  switch (type.kind) {
    case 'enum':
      return t.field({ type: enumFor(record, field), ...options });
    case 'datetime':
      return t.field({ type: DateTime, ...options });
    case 'boolean':
      return t.boolean(options);
    case 'integer':
      return t.int(options);
    case 'number':
      return t.float(options);
    case 'stringList':
      return t.stringList(options);
    case 'objectList':
      return t.field({ type: [embeddedInput(type.of)], ...options });
    default:
      return t.string(options);
  }
}

/**
 * Input fields for a record's writable fields. On create, the fields the doc requires are required;
 * on update every field is optional, but a write-only one must be given again (see the update flow).
 */
function recordInputFields(
  t: InputFields,
  record: RecordName,
  op: 'create' | 'update' | 'embedded',
): Record<string, InputFieldRef<Types, InputValue>> {
  return Object.fromEntries(
    writable(record).map(([field, spec]) => [
      inputName(record, field),
      inputField(
        t,
        record,
        field,
        spec,
        op === 'create' && spec.required === true && !spec.refersTo,
        op === 'update' && spec.writeOnly
          ? `${describeField(spec)} Give it on every update: RCI never shows it, and its PUT replaces the whole object.`
          : describeField(spec),
      ),
    ]),
  );
}

/** The input of an embedded record, e.g. an event's item given by id or by externalId + type. */
function embeddedInput(record: RecordName) {
  const name = `${recordSpec(record).typeName}Input`;
  let ref = inputRefs.get(name);
  if (!ref) {
    ref = builder.inputRef<RecordInput>(name).implement({
      description:
        record === 'eventItem'
          ? 'A disruption item of the event: either `itemId`, or `externalId` and `type`.'
          : recordSpec(record).description,
      fields: (t) => recordInputFields(t, record, 'embedded'),
    });
    inputRefs.set(name, ref);
  }
  return ref;
}

/**
 * Turns a GraphQL input into the wire object: names mapped back, entity ids (global or RCI) parsed
 * to RCI ids. Problems are collected, not thrown.
 */
function fromInput(
  record: RecordName,
  input: Record<string, unknown>,
  path: (string | number)[],
  issues: FieldIssue[],
  parentId?: string,
): Record<string, unknown> {
  const wire: Record<string, unknown> = {};
  for (const [field, spec] of writable(record)) {
    const name = inputName(record, field);
    if (!(name in input)) continue;
    const value = input[name];
    if (value === null || value === undefined) {
      wire[field] = value;
    } else if (spec.type.kind === 'objectList') {
      const of = spec.type.of;
      wire[field] = (Array.isArray(value) ? value : [])
        .filter(isJsonObject)
        .map((item, i) => fromInput(of, item, [...path, name, i], issues, parentId));
    } else if (spec.refersTo && spec.type.kind !== 'stringList') {
      // Still given when invalid (its problem is already reported): an event item named by a bad
      // itemId is not one missing its externalId.
      wire[field] = idArg(spec.refersTo, value, [...path, name], issues, parentId)?.id ?? value;
    } else {
      wire[field] = value;
    }
  }
  return wire;
}

/** Validates a converted input; throws one error carrying every problem, before anything is sent. */
function assertValid(
  record: RecordName,
  wire: Record<string, unknown>,
  mode: 'create' | 'update',
  path: (string | number)[],
  issues: FieldIssue[],
): void {
  // One problem per field: an id already reported by its parsing is not reported again.
  const reported = new Set(issues.map((issue) => issue.path.join('.')));
  issues.push(...inputIssues(record, wire, mode, path, inputName).filter((i) => !reported.has(i.path.join('.'))));
  if (issues.length) throw new InputValidationError(issues);
}

/**
 * The full object to PUT: the current one without read-only fields, with the given fields merged in.
 * `null` clears a field; a field not given keeps its value. References inside lists are sent by id.
 */
function mergeForPut(record: RecordName, current: RciObject, changes: Record<string, unknown>) {
  const merged: Record<string, unknown> = {};
  for (const [field, spec] of writable(record)) {
    const value = field in changes ? changes[field] : current[field];
    if (value === null || value === undefined) continue;
    merged[field] =
      spec.type.kind === 'objectList' && Array.isArray(value)
        ? value.filter(isJsonObject).map((item) => byReference(spec.type, item))
        : value;
  }
  return merged;
}

/** Properties RCI answered that the catalogue does not describe: sent back as they came. */
function unknownProperties(record: RecordName, current: RciObject): Record<string, unknown> {
  const known = recordSpec(record).fields;
  return Object.fromEntries(Object.entries(current).filter(([key]) => !(key in known)));
}

function byReference(type: FieldSpec['type'], item: RciObject): RciObject {
  if (type.kind !== 'objectList') return item;
  const ref = Object.entries(recordSpec(type.of).fields).find(([, f]) => f.refersTo)?.[0];
  return ref && item[ref] ? { [ref]: item[ref] } : item;
}

/** Loads an object read fresh after a write; a write RCI accepted but cannot show is an upstream fault. */
async function reload(ctx: GatewayContext, resource: ResourceName, id: string, parentId?: string): Promise<Entity> {
  const entity = await loadEntity(ctx, resource, id, parentId);
  if (!entity) throw new RciError('UPSTREAM_ERROR', `RCI accepted the write but does not show ${resource} ${id}`);
  return entity;
}

/** Loads an object that must exist for the write to make sense. */
export function mustExist(
  ctx: GatewayContext,
  resource: ResourceName,
  id: string,
  parentId?: string,
): Entity | Promise<Entity> {
  // Not an async function, and one step after the load, not two: a page's skills each complete their
  // skill through it (at once when it was read ahead).
  return whenRead(ctx, ctx.loaders.load(resource, id, parentId), (data) => {
    if (!data) throw new RciError('NOT_FOUND', `No ${typeNameOf(resource)} with id ${id}`);
    return { resource, data, parentId };
  });
}

/** Parses an id argument, as a field problem rather than a thrown error. */
export function idArg(
  resource: ResourceName,
  value: unknown,
  path: (string | number)[],
  issues: FieldIssue[],
  parentId?: string,
): ParsedId | undefined {
  try {
    return parseEntityId(resource, String(value), String(path.at(-1)), parentId);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    issues.push({ path, message: message.replace(/^Argument '[^']+' /, '') });
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------

type Op = 'create' | 'update' | 'delete';

/** What a write's payload resolves from. */
interface WritePayload {
  /** Global id of the node written (created or changed): known even when reading it back fails. */
  id?: string;
  /** Reads the written node back from RCI (see readBack.ts: only the payload field waits for it). */
  entity?: () => Promise<Entity>;
  /** An object without id of its own (an attribute), as it was added. */
  added?: RciObject;
  /** Reads the parent object after the write. */
  parent?: () => Promise<Entity>;
  /** Global id of the deleted object. */
  deleted?: string;
}

/** The object a payload shows; its absence is a fault of this module, never of the caller. */
function written<T>(value: T | undefined, typeName: string): T {
  if (value === undefined) throw new Error(`The payload of a ${typeName} write has no object`);
  return value;
}

/**
 * Registers the mutations of a collection, one per write operation the catalogue lists for it:
 * `create<Type>`, `update<Type>`, `delete<Type>` (or the names in `mutationNames`), each with its input
 * and payload types.
 */
export function registerWrites(resource: ResourceName): void {
  const spec = collectionSpec(resource);
  const record = spec.record;
  const typeName = recordSpec(record).typeName;
  const isNode = nodeResources.includes(resource);
  const parent = spec.parent;
  const parentField = parent ? `${collectionSpec(parent).record}Id` : undefined;
  const parentKey = parent ? collectionSpec(parent).record : undefined;
  const objectKey = record;

  const ops: Op[] = ['create', 'update', 'delete'];
  for (const op of ops) {
    if (!(spec.operations as readonly string[]).includes(op)) continue;
    const name = mutationNames[resource]?.[op] ?? `${op}${typeName}`;
    const Name = capitalize(name);

    const input = builder.inputType(`${Name}Input`, {
      description: {
        create: `A new ${typeName}: the fields the RCI documentation requires must be given.`,
        update: `Changes to a ${typeName}: only the fields given change; \`null\` clears a field.`,
        delete: `The ${typeName} to delete.`,
      }[op],
      fields: (t) => ({
        ...(op !== 'create'
          ? { id: t.id({ required: true, description: `Global id or RCI id of the ${typeName}.` }) }
          : {}),
        ...(parent
          ? {
              [parentField!]: t.id({
                required: op === 'create',
                description:
                  op === 'create'
                    ? `Global id or RCI id of the ${typeNameOf(parent)}.`
                    : `Needed only when \`id\` is an RCI id: the global id already names it.`,
              }),
            }
          : {}),
        ...(op === 'delete' ? {} : recordInputFields(t, record, op)),
      }),
    });

    const payload = builder.objectRef<WritePayload>(`${Name}Payload`);
    payload.implement({
      description: `Result of ${name}.`,
      fields: (t) => ({
        ...(op === 'delete'
          ? {
              deletedId: t.id({ description: `Global id of the deleted ${typeName}.`, resolve: (p) => p.deleted! }),
            }
          : {
              // Where the payload reads back its object: a node as read from RCI after the write, an
              // object without id (an attribute) as it was sent.
              ...(isNode
                ? {
                    [`${objectKey}Id`]: t.id({
                      description: `Global id of the ${typeName} written: known even when reading it back failed.`,
                      resolve: (p) => written(p.id, typeName),
                    }),
                    [objectKey]: t.field({
                      type: entityRef(resource),
                      nullable: true,
                      description: `The ${typeName}, read from RCI after the write; null when that read failed (the write is done).`,
                      resolve: (p) => written(p.entity, typeName)(),
                    }),
                  }
                : {
                    [objectKey]: t.field({
                      type: embeddedType(record),
                      description: `The ${typeName} added.`,
                      resolve: (p) => written(p.added, typeName),
                    }),
                  }),
            }),
        ...(parent
          ? {
              [parentKey!]: t.field({
                type: entityRef(parent),
                nullable: true,
                description: `The ${typeNameOf(parent)} it belongs to; null when reading it failed.`,
                resolve: (p) => written(p.parent, typeName)(),
              }),
            }
          : {}),
      }),
    });

    registerMutation({
      name,
      description: {
        create: `Adds a ${typeName}${parent ? ` to a ${typeNameOf(parent)}` : ''} (RCI POST, never retried: a lost answer is reported as UPSTREAM_OUTCOME_UNKNOWN).`,
        update: `Changes the given fields of a ${typeName} (RCI GET, then PUT of the whole object).`,
        delete: `Deletes a ${typeName} (RCI DELETE).`,
      }[op],
      input,
      payload,
      prepare: (input, path) => {
        const given: RecordInput = input;
        const issues: FieldIssue[] = [];
        let parentId: string | undefined;
        let id: string | undefined;
        if (op === 'create' && parent)
          parentId = idArg(parent, given[parentField!], [...path, parentField!], issues)?.id;
        if (op !== 'create') {
          const explicitParent =
            parent && given[parentField!] != null
              ? idArg(parent, given[parentField!], [...path, parentField!], issues)?.id
              : undefined;
          const parsed = idArg(resource, given.id, [...path, 'id'], issues, explicitParent);
          id = parsed?.id;
          parentId = parsed?.parentId ?? explicitParent;
          if (parent && parsed && !parentId) {
            issues.push({ path: [...path, parentField!], message: `is required when id is an RCI id` });
          }
        }
        const changes = op === 'delete' ? {} : fromInput(record, given, path, issues, parentId);
        if (op === 'update') {
          // RCI never answers a write-only field (a password), and its PUT clears what the body
          // leaves out: the field must be given again (or null, to clear it on purpose).
          for (const [field, fieldSpec] of writable(record)) {
            const name = inputName(record, field);
            if (fieldSpec.writeOnly && !(name in given)) {
              issues.push({
                path: [...path, name],
                message: 'must be given again: RCI never shows it, and its PUT would clear it',
              });
            }
          }
        }
        if (op === 'delete') {
          if (issues.length) throw new InputValidationError(issues);
        } else {
          assertValid(record, changes, op, path, issues);
        }

        return {
          // A create changes no existing object; an update's GET and PUT, and a delete, touch one.
          touches: op === 'create' ? [] : [`${resource}/${parentId ?? ''}/${id!}`],
          run: async (ctx): Promise<WritePayload> => {
            const rci = ctx.loaders.session;
            let written = id;
            let entity: (() => Promise<Entity>) | undefined;
            let added: RciObject | undefined;
            if (op === 'create') {
              const newId = await rci.create(resource, toWireBody(record, changes), parentId);
              ctx.loaders.invalidateAll();
              written = newId;
              if (isNode) {
                entity = readBack(`Creating ${typeName} ${newId}`, () => reload(ctx, resource, newId, parentId));
              } else added = toWireBody(record, changes);
            } else if (op === 'update') {
              // The GET and the PUT take the caller's rate-limit turns together: never a GET whose PUT is refused.
              const whole = await rci.reserve(2);
              const current = await whole.get(resource, id!, parentId);
              if (!current) throw new RciError('NOT_FOUND', `No ${typeName} with id ${id}`);
              const body = {
                ...unknownProperties(record, current),
                ...toWireBody(record, mergeForPut(record, current, changes)),
              };
              await whole.replace(resource, id!, body, parentId);
              ctx.loaders.invalidateAll();
              entity = readBack(`Changing ${typeName} ${id}`, () => reload(ctx, resource, id!, parentId));
            } else {
              await rci.delete(resource, id!, parentId);
              ctx.loaders.invalidateAll();
            }
            return {
              id: isNode && op !== 'delete' ? globalId(resource, written!, parentId) : undefined,
              entity,
              added,
              deleted: op === 'delete' ? globalId(resource, id!, parentId) : undefined,
              parent: parent ? readBack(`Writing the ${typeName}`, () => mustExist(ctx, parent, parentId!)) : undefined,
            };
          },
        };
      },
    });
  }
}
