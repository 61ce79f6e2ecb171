/**
 * POST and PUT bodies checked against the catalogue's record descriptions, as the RCI documentation
 * lists them: required properties, lengths, one-of values (read case-insensitively, stored in their
 * canonical spelling), integer ranges, wrapped lists, and references to objects that must exist.
 * Every violation is a 400 whose text names the property.
 */
import {
  canonicalEnumValue,
  canonicalId,
  collectionSpec,
  recordSpec,
  resources,
  typeNameOf,
  type FieldSpec,
  type RecordName,
  type ResourceName,
} from '../rci/resources.js';
import { isJsonObject } from '../rci/json.js';
import { badRequest, invalidGuid } from './replies.js';
import { referencedCollection } from './wire.js';

export interface ValidationContext {
  mode: 'create' | 'update';
  /** The object's id from the path, on update. */
  pathId?: string;
  /** The stored object, on update. */
  current?: Readonly<Record<string, unknown>>;
  /** Whether an object with this (canonical) id exists in `collection`. */
  exists(collection: ResourceName, id: string): boolean;
  /**
   * Resolves one entry of a reference list (`{"id": ...}` or its natural key such as
   * `{"externalId": ..., "type": ...}`) to the id of an existing object of `collection`, or null.
   */
  findReference(collection: ResourceName, entry: Record<string, string>): string | null;
}

/**
 * Other names read for a property, because the documentation itself uses them (the catalogue's
 * `aliases`): its extension POST example sends `address`, its attribute property list spells
 * `langauge`, and its event item property list spells `externalid`.
 */
function aliasesOf(record: RecordName): [alias: string, property: string][] {
  const fields = recordSpec(record).fields;
  return Object.entries(fields).flatMap(([property, field]) =>
    (field.aliases ?? []).map((alias): [string, string] => [alias, property]),
  );
}

/** A copy of `input` with aliases renamed to the properties they stand for. */
function withoutAliases(record: RecordName, input: Record<string, unknown>, path: string): Record<string, unknown> {
  const body = { ...input };
  for (const [alias, property] of aliasesOf(record)) {
    if (!(alias in body)) continue;
    if (property in body)
      throw badRequest(`Property '${path}${alias}' is another name for '${property}': give only one`);
    body[property] = body[alias];
    delete body[alias];
  }
  return body;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Milliseconds of an ISO 8601 date-time with a zone designator, or null. */
export function parseUtcTimestamp(value: string): number | null {
  if (!ISO_DATE_TIME.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The stored form of the body's writable properties. Read-only properties are ignored, except an `id`
 * that contradicts the path on update. Absent and `null` properties are left out: on PUT that clears them.
 */
export function validateBody(record: RecordName, body: unknown, context: ValidationContext): Record<string, unknown> {
  return validateObject(record, objectBody(body), context, '');
}

/** A POST or PUT body, which must be a JSON object. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (!isJsonObject(body)) throw badRequest('The body must be a JSON object');
  return body;
}

function validateObject(
  record: RecordName,
  input: Record<string, unknown>,
  context: ValidationContext,
  path: string,
): Record<string, unknown> {
  const fields = recordSpec(record).fields;
  const body = withoutAliases(record, input, path);
  // A link object (a user's skill) is answered with the linked object's properties, and the doc's
  // PUT body lists those (`name`, `description`) rather than its own: they are read and ignored.
  const linked = path === '' ? referencedCollection(record) : undefined;
  const linkedFields: Record<string, FieldSpec> = linked ? recordSpec(collectionSpec(linked).record).fields : {};
  for (const property of Object.keys(body)) {
    if (!(property in fields) && !(property in linkedFields)) {
      throw badRequest(`Unknown property '${path}${property}'`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [property, field] of Object.entries(fields)) {
    const name = `${path}${property}`;
    const value = body[property];
    const present = value !== undefined && value !== null;
    if (property === 'id' && path === '' && context.mode === 'update') {
      // The path names the object; a body id may repeat it but not contradict it.
      if (present && canonicalGuid(value) !== context.pathId) {
        throw badRequest(`Property 'id' (${JSON.stringify(value)}) does not match the id in the path`);
      }
      if (!field.readOnly) out.id = context.pathId;
      continue;
    }
    if (field.readOnly) continue;
    if (!present) {
      // Such a body, the doc's literal one, leaves the link's own value (the skill level) as it is.
      const kept = linked && context.mode === 'update' ? context.current?.[property] : undefined;
      if (kept !== undefined) out[property] = kept;
      else if (field.required) throw badRequest(`Property '${name}' is required`);
      continue;
    }
    out[property] = validateValue(name, field, value, context);
  }
  return out;
}

function canonicalGuid(value: unknown): string {
  if (typeof value !== 'string') throw badRequest(`Property 'id' must be a string`);
  const id = canonicalId('guid', value);
  if (id === null) throw invalidGuid(value);
  return id;
}

function validateValue(name: string, field: FieldSpec, value: unknown, context: ValidationContext): unknown {
  const type = field.type;
  switch (type.kind) {
    case 'string': {
      if (typeof value !== 'string') throw badRequest(`Property '${name}' must be a string`);
      // A reference is checked by looking it up, which also accepts the dashed GUID form.
      if (field.refersTo) return checkReference(name, field.refersTo, value, context);
      if (field.minLength !== undefined && value.length < field.minLength) {
        throw badRequest(`Property '${name}' must be at least ${field.minLength} characters long`);
      }
      if (field.maxLength !== undefined && value.length > field.maxLength) {
        throw badRequest(`Property '${name}' must be at most ${field.maxLength} characters long`);
      }
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') throw badRequest(`Property '${name}' must be true or false`);
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value))
        throw badRequest(`Property '${name}' must be an integer`);
      if ((type.min !== undefined && value < type.min) || (type.max !== undefined && value > type.max)) {
        throw badRequest(`Property '${name}' must be between ${type.min ?? '-∞'} and ${type.max ?? '∞'}`);
      }
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw badRequest(`Property '${name}' must be a number`);
      return value;
    case 'datetime': {
      const ms = typeof value === 'string' ? parseUtcTimestamp(value) : null;
      if (ms === null) {
        throw badRequest(`Property '${name}' must be an ISO 8601 date-time with a zone, e.g. 2021-03-29T12:01:00.000Z`);
      }
      return new Date(ms).toISOString();
    }
    case 'enum': {
      const canonical = typeof value === 'string' ? canonicalEnumValue(type.values, value) : null;
      if (canonical === null) throw badRequest(`Property '${name}' must be one of: ${type.values.join(', ')}`);
      return canonical;
    }
    case 'stringList': {
      const list = unwrap(name, type.wrapper, value);
      return list.map((element, i) => {
        if (typeof element !== 'string') throw badRequest(`Property '${name}' must hold strings only (element ${i})`);
        return field.refersTo ? checkReference(name, field.refersTo, element, context) : element;
      });
    }
    case 'objectList': {
      const list = unwrap(name, type.wrapper, value);
      const target = referencedCollection(type.of);
      return list.map((element, i) => {
        const elementName = `${name}${type.wrapper ? `.${type.wrapper}` : ''}[${i}]`;
        if (!isJsonObject(element)) throw badRequest(`Property '${elementName}' must be an object`);
        return target
          ? resolveReference(elementName, type.of, target, element, context)
          : validateObject(type.of, element, { ...context, mode: 'create' }, `${elementName}.`);
      });
    }
  }
}

/**
 * A list as the wire carries it: inside its wrapper object when the record has one. A bare array is
 * read too, because the doc's own property lists describe these lists as plain arrays.
 */
function unwrap(name: string, wrapper: string | undefined, value: unknown): unknown[] {
  if (!wrapper || Array.isArray(value)) {
    if (!Array.isArray(value)) throw badRequest(`Property '${name}' must be an array`);
    return value;
  }
  const keys = isJsonObject(value) ? Object.keys(value) : [];
  if (!isJsonObject(value) || !Array.isArray(value[wrapper]) || keys.some((k) => k !== wrapper)) {
    throw badRequest(`Property '${name}' must be an object {"${wrapper}": [...]}`);
  }
  return value[wrapper] as unknown[];
}

function checkReference(name: string, collection: ResourceName, value: string, context: ValidationContext): string {
  let id: string | null = value;
  if (resources[collection].idFormat === 'guid') {
    id = canonicalId('guid', value);
    if (id === null) throw badRequest(`Property '${name}': Invalid GUID: '${value}'`);
  }
  if (!context.exists(collection, id)) {
    throw badRequest(`Property '${name}' refers to an unknown ${typeNameOf(collection)}: '${value}'`);
  }
  return id;
}

/**
 * An entry of a reference list names an existing object either by `id` or by its other documented
 * properties (the doc: "Either id or externalId and type are required for items"). Stored as the id.
 */
function resolveReference(
  name: string,
  record: RecordName,
  collection: ResourceName,
  entry: Record<string, unknown>,
  context: ValidationContext,
): string {
  const fields = recordSpec(record).fields;
  const key: Record<string, string> = {};
  for (const [property, value] of Object.entries(withoutAliases(record, entry, `${name}.`))) {
    const field = fields[property];
    if (!field) throw badRequest(`Unknown property '${name}.${property}'`);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'string') throw badRequest(`Property '${name}.${property}' must be a string`);
    if (property === 'id') {
      const id = canonicalId('guid', value);
      if (id === null) throw badRequest(`Property '${name}.id': Invalid GUID: '${value}'`);
      key.id = id;
    } else if (field.type.kind === 'enum') {
      const canonical = canonicalEnumValue(field.type.values, value);
      if (canonical === null)
        throw badRequest(`Property '${name}.${property}' must be one of: ${field.type.values.join(', ')}`);
      key[property] = canonical;
    } else {
      key[property] = value;
    }
  }
  const naturalKey = Object.keys(fields).filter((p) => p !== 'id');
  if (!key.id && naturalKey.some((p) => key[p] === undefined)) {
    throw badRequest(`Property '${name}' needs either 'id' or ${naturalKey.map((p) => `'${p}'`).join(' and ')}`);
  }
  const id = context.findReference(collection, key);
  if (id === null)
    throw badRequest(`Property '${name}' refers to an unknown ${typeNameOf(collection)}: ${JSON.stringify(entry)}`);
  return id;
}
