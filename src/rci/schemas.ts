import { z } from 'zod';
import { RciError } from './errors.js';
import { isJsonObject } from './json.js';
import {
  canonicalEnumValue,
  canonicalId,
  collectionSpec,
  recordSpec,
  resourceNames,
  typeNameOf,
  type FieldSpec,
  type IdFormat,
  type RecordName,
  type ResourceName,
} from './resources.js';

/**
 * The zod schemas of the catalogue's records, for both directions of the wire:
 *
 * - answers: RCI's bodies are read liberally and answered canonically. Wrappers such as
 *   `{"addresses": {"address": [...]}}` are flattened (a bare list is read too), one-of values are read
 *   case-insensitively into their canonical spelling, ids in any case or dashed form become 32 uppercase
 *   hex characters, and the other spellings the doc uses (`address`, `langauge`, `externalid`) are read
 *   as their property. A malformed answer is a clear UPSTREAM_ERROR, and in a list it costs only its item.
 *   Each reading rule is made once, in two forms: the zod schema and a fast reader (see Answers below).
 * - inputs: a write's values are checked against the same descriptions (required, lengths, one-ofs, id
 *   formats, ranges, email shape) before anything is sent, every problem reported at once.
 *
 * Write bodies are built here too (`toWireBody`).
 */

/** An RCI object as the gateway sees it: wire field names, wrappers flattened, ids canonical. */
export type RciObject = Record<string, unknown> & { id?: string };

/** The id format of a record's own `id`: that of the collections holding it. */
function recordIdFormat(record: RecordName): IdFormat | undefined {
  const names = resourceNames;
  const holder = names.find((name) => collectionSpec(name).record === record);
  return holder ? collectionSpec(holder).idFormat : undefined;
}

/** The id format of a field holding an id (the record's own, or a reference), else undefined. */
function idFormatOf(record: RecordName, field: string, spec: FieldSpec): IdFormat | undefined {
  if (spec.refersTo) return collectionSpec(spec.refersTo).idFormat;
  return field === 'id' ? recordIdFormat(record) : undefined;
}

// ---------------------------------------------------------------------------------------------------
// Answers
//
// Every rule for reading an answer is written once, as a `Reading`: the zod schema and a fast reader,
// made side by side from the same catalogue entry by the same combinator below. Nearly every answer is
// well formed, and a roster query reads hundreds of them: zod's generic walk is most of the gateway's
// CPU per object, so `parseObject` runs the fast reader first. It reads a well-formed answer exactly as
// the schema does and gives up (`REJECT`) where the schema would refuse; the schema then reads the
// answer again and words the error. test/rci/answerReading.test.ts proves the two forms agree.

const REJECT = Symbol('refused by the fast reader');

/** One rule for reading a value, in both forms. */
interface Reading<T = unknown> {
  /** Reads the value or explains, at its path, why not. */
  schema: z.ZodType<T>;
  /** Reads the value as the schema does, or answers `REJECT` where the schema refuses it. */
  read: (value: unknown) => T | typeof REJECT;
}

/** A value of one JSON type, read as it came. */
const typed = <T>(schema: z.ZodType<T>, is: (value: unknown) => value is T): Reading<T> => ({
  schema,
  read: (value) => (is(value) ? value : REJECT),
});

const anyString = typed(z.string(), (value) => typeof value === 'string');
const boolean = typed(z.boolean(), (value) => typeof value === 'boolean');
// zod's `int()` accepts safe integers only, and `number()` no NaN or infinity.
const integer = typed(z.number().int(), (value): value is number => Number.isSafeInteger(value));
const number = typed(z.number(), (value): value is number => typeof value === 'number' && Number.isFinite(value));

/** A string read into its canonical spelling; where `canonical` answers null, refused as `unexpected`. */
function canonicalString(
  canonical: (value: string) => string | null,
  unexpected = (value: string) => `unexpected value '${value}'`,
) {
  return {
    schema: z.string().transform((value, ctx) => {
      const read = canonical(value);
      if (read !== null) return read;
      ctx.addIssue({ code: 'custom', message: unexpected(value) });
      return z.NEVER;
    }),
    read: (value: unknown) => (typeof value === 'string' ? (canonical(value) ?? REJECT) : REJECT),
  } satisfies Reading<string>;
}

/** An id in the canonical form of its format; a value that is no id of that format is kept as it came. */
const answeredId = (format: IdFormat) => canonicalString((value) => canonicalId(format, value) ?? value);

/** A one-of value, read case-insensitively into its canonical spelling. */
const oneOf = (values: readonly string[]) =>
  canonicalString(
    (value) => canonicalEnumValue(values, value),
    (value) => `unexpected value '${value}' (one of ${values.join(', ')})`,
  );

/** A list, or a bare item as a list of one: RCI's JSON writer may answer a one-element list as a bare value. */
function listOf<T>(item: Reading<T>): Reading<T[]> {
  return {
    schema: z.union([z.array(item.schema), item.schema]).transform((v) => (Array.isArray(v) ? v : [v])),
    read: (value) => {
      if (!Array.isArray(value)) {
        const single = item.read(value);
        return single === REJECT ? REJECT : [single];
      }
      const out = new Array<T>(value.length);
      for (let i = 0; i < value.length; i++) {
        const read = item.read(value[i]);
        if (read === REJECT) return REJECT;
        out[i] = read;
      }
      return out;
    },
  };
}

/** `{"<wrapper>": [...]}` or a bare `[...]` → `[...]`; an empty or missing wrapper is an empty list. */
function wrapped<T>(wrapper: string, item: Reading<T>): Reading<T[]> {
  const list = listOf(item);
  return {
    schema: z
      .union([z.array(item.schema), z.object({ [wrapper]: list.schema.optional().nullable() })])
      .transform((v): T[] => {
        if (Array.isArray(v)) return v;
        const inner: unknown = v[wrapper];
        return Array.isArray(inner) ? (inner as T[]) : [];
      }),
    read: (value) => {
      if (Array.isArray(value)) return list.read(value);
      if (!isJsonObject(value)) return REJECT;
      const inner = value[wrapper];
      return inner === undefined || inner === null ? [] : list.read(inner);
    },
  };
}

function answerValue(record: RecordName, field: string, spec: FieldSpec): Reading {
  const t = spec.type;
  const idFormat = idFormatOf(record, field, spec);
  switch (t.kind) {
    case 'string':
      return idFormat ? answeredId(idFormat) : anyString;
    case 'datetime':
      return anyString;
    case 'boolean':
      return boolean;
    case 'integer':
      return integer;
    case 'number':
      return number;
    case 'enum':
      return oneOf(t.values);
    case 'stringList': {
      const item = idFormat ? answeredId(idFormat) : anyString;
      return t.wrapper ? wrapped(t.wrapper, item) : listOf(item);
    }
    case 'objectList': {
      const item = answerRecord(t.of, 'full');
      return t.wrapper ? wrapped(t.wrapper, item) : listOf(item);
    }
  }
}

/** A record's write-only fields and the doc's other spellings of its fields, as `withCanonicalNames` uses them. */
interface Renamings {
  writeOnly: string[];
  /** `[field, alias]`, in catalogue order. */
  aliases: [string, string][];
}
const renamingsByRecord = new Map<RecordName, Renamings>();

function renamingsOf(record: RecordName): Renamings {
  let renamings = renamingsByRecord.get(record);
  if (!renamings) {
    const fields = Object.entries(recordSpec(record).fields);
    renamings = {
      writeOnly: fields.filter(([, spec]) => spec.writeOnly).map(([field]) => field),
      aliases: fields.flatMap(([field, spec]) => (spec.aliases ?? []).map((alias): [string, string] => [field, alias])),
    };
    renamingsByRecord.set(record, renamings);
  }
  return renamings;
}

/**
 * The object with the doc's other spellings renamed to their property (when the property is absent)
 * and without write-only properties. An object that has neither (nearly every answer) is answered as
 * it is, not copied: every object of every answer passes here.
 */
/** Whether an answered object has a write-only property or another spelling: loops, no closure per object. */
function needsRenaming(
  value: Record<string, unknown>,
  writeOnly: readonly string[],
  aliases: readonly (readonly [string, string])[],
): boolean {
  for (const field of writeOnly) if (field in value) return true;
  for (const [, alias] of aliases) if (alias in value) return true;
  return false;
}

function withCanonicalNames(record: RecordName, value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  const { writeOnly, aliases } = renamingsOf(record);
  if (!needsRenaming(value, writeOnly, aliases)) return value;
  const renamed: Record<string, unknown> = { ...value };
  // Never read back, even if an RCI answers it (a password): not kept, so not sent back on PUT either.
  for (const field of writeOnly) delete renamed[field];
  for (const [field, alias] of aliases) {
    if (!(alias in renamed)) continue;
    // Read as the property, and not kept under the alias: a read-merge-PUT would send both.
    if (renamed[field] === undefined) renamed[field] = renamed[alias];
    delete renamed[alias];
  }
  return renamed;
}

export type Completeness = 'full' | 'summary';

interface FieldReading {
  field: string;
  /** A required field must be present and not null; any other is read as absent when null. */
  required: boolean;
  read: Reading['read'];
}

const answerRecords = new Map<string, Reading<RciObject>>();

/**
 * The reading of a record as RCI answers it. A full object must carry every field the doc marks
 * required; a summary (an item of a summary list) only its id.
 */
function answerRecord(name: RecordName, completeness: Completeness): Reading<RciObject> {
  const key = `${name}:${completeness}`;
  const cached = answerRecords.get(key);
  if (cached) return cached;
  const fields: FieldReading[] = [];
  const shape: Record<string, z.ZodType> = {};
  for (const [field, spec] of Object.entries(recordSpec(name).fields)) {
    if (spec.writeOnly) continue; // removed by withCanonicalNames
    const value = answerValue(name, field, spec);
    const required = field === 'id' ? spec.required === true : completeness === 'full' && spec.required === true;
    fields.push({ field, required, read: value.read });
    shape[field] = required
      ? value.schema
      : value.schema
          .optional()
          .nullable()
          .transform((v) => v ?? undefined);
  }
  const known = new Set(fields.map(({ field }) => field));
  const reading: Reading<RciObject> = {
    // Loose: a property this catalogue does not know (a newer RCI's) is kept, so a read-merge-PUT
    // sends it back instead of clearing it.
    schema: z.preprocess((value) => withCanonicalNames(name, value), z.looseObject(shape)),
    read: (json) => {
      const value = withCanonicalNames(name, json);
      if (!isJsonObject(value)) return REJECT;
      // As the schema answers: its own fields in catalogue order (a present null as undefined, an
      // absent optional one left out), then every other property as it came.
      const out: RciObject = {};
      for (const { field, required, read } of fields) {
        const raw = value[field];
        if (raw === undefined || raw === null) {
          if (required) return REJECT;
          if (field in value) out[field] = undefined;
          continue;
        }
        const parsed = read(raw);
        if (parsed === REJECT) return REJECT;
        out[field] = parsed;
      }
      for (const field in value) {
        if (known.has(field) || field === '__proto__') continue;
        out[field] = value[field];
      }
      return out;
    },
  };
  answerRecords.set(key, reading);
  return reading;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * A record's reading in its two forms: the fast reader (undefined where it gives up) and the schema.
 * `parseObject` tries the first and falls back to the second; a property test proves they agree.
 */
export function answerReading(name: RecordName, completeness: Completeness) {
  const { read, schema } = answerRecord(name, completeness);
  return {
    fast: (json: unknown): RciObject | undefined => {
      const value = read(json);
      return value === REJECT ? undefined : value;
    },
    schema,
  };
}

/** Parses one object answered by RCI. */
export function parseObject(name: RecordName, json: unknown, completeness: Completeness = 'full'): RciObject {
  const { read, schema } = answerRecord(name, completeness);
  const fast = read(json);
  if (fast !== REJECT) return fast;
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new RciError(
      'UPSTREAM_ERROR',
      `RCI answered a malformed ${recordSpec(name).typeName}: ${describeIssues(result.error)}`,
    );
  }
  return result.data;
}

/** Why each stand-in for a malformed list item stands in: see `parseList` and `malformedItem`. */
const malformedItems = new WeakMap<RciObject, RciError>();

/**
 * Parses a list answered by RCI, bare or in its wrapper (`{"user": [...]}`). An item that does not
 * parse costs only itself: it is answered as an empty stand-in object that `malformedItem` recognises,
 * so the schema can fail that item alone, at its own path.
 */
export function parseList(name: RecordName, json: unknown, completeness: Completeness): RciObject[] {
  const items = Array.isArray(json) ? (json as unknown[]) : unwrapList(json);
  if (!items) {
    throw new RciError('UPSTREAM_ERROR', `RCI answered a malformed list of ${recordSpec(name).typeName}: not an array`);
  }
  return items.map((item, index) => {
    try {
      return parseObject(name, item, completeness);
    } catch (error) {
      if (!(error instanceof RciError)) throw error;
      const standIn: RciObject = {};
      malformedItems.set(
        standIn,
        new RciError(
          'UPSTREAM_ERROR',
          error.message.replace('answered a malformed', `answered, as item ${index}, a malformed`),
        ),
      );
      return standIn;
    }
  });
}

/** A list under a single wrapper property (`{"item": [...]}`), as the doc writes some examples. */
function unwrapList(json: unknown): unknown[] | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const values = Object.values(json);
  return values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : undefined;
}

/** The error of a list item RCI answered malformed (a stand-in from `parseList`); undefined for a good one. */
export function malformedItem(item: RciObject): RciError | undefined {
  return malformedItems.get(item);
}

// ---------------------------------------------------------------------------------------------------
// Inputs

/** Strings the doc gives no maximum are still bounded, so nothing unbounded is forwarded to RCI. */
export const UNDOCUMENTED_MAX_LENGTH = 4000;
/** Longest list of strings a write may carry. */
const MAX_LIST_ENTRIES = 1000;
// Deliberately simple: one @, no spaces, a dot in the domain. RCI itself checks only the length.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface FieldIssue {
  /** Path of the offending value, e.g. `['input', 'email']`. */
  path: (string | number)[];
  message: string;
}

/** A string input checked against its field's documented lengths, shape and id format. */
function inputString(spec: FieldSpec, idFormat: IdFormat | undefined, refersTo: ResourceName | undefined) {
  const min = spec.minLength ?? 0;
  const max = spec.maxLength ?? UNDOCUMENTED_MAX_LENGTH;
  let schema = z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters long`)
    .max(max, {
      error: (issue) =>
        `must be at most ${max} characters long (got ${typeof issue.input === 'string' ? issue.input.length : '?'})`,
    });
  if (spec.format === 'email') schema = schema.regex(EMAIL, 'must be an email address');
  if (idFormat && refersTo) {
    const typeName = typeNameOf(refersTo);
    schema = schema.refine((v) => canonicalId(idFormat, v) !== null, `is not a valid ${typeName} id`);
  }
  return schema;
}

function inputValue(record: RecordName, field: string, spec: FieldSpec): z.ZodType {
  const t = spec.type;
  switch (t.kind) {
    case 'string':
      return inputString(spec, idFormatOf(record, field, spec), spec.refersTo);
    case 'datetime':
      return z.string();
    case 'boolean':
      return z.boolean();
    case 'integer': {
      const range = `must be between ${t.min} and ${t.max}`;
      let schema = z.number().int();
      if (t.min !== undefined) schema = schema.min(t.min, range);
      if (t.max !== undefined) schema = schema.max(t.max, range);
      return schema;
    }
    case 'number':
      return z.number();
    case 'enum':
      return z.enum(t.values, `must be one of: ${t.values.join(', ')}`);
    case 'stringList': {
      const item = inputString({ ...spec, type: { kind: 'string' } }, undefined, undefined);
      return z.array(item).max(MAX_LIST_ENTRIES, `must have at most ${MAX_LIST_ENTRIES} entries`);
    }
    case 'objectList': {
      const list = z.array(inputSchema(t.of, 'create'));
      return spec.required ? list.min(1, 'must not be empty') : list;
    }
  }
}

/** A value that must be present; `null` on update would clear it. */
const present = <T extends z.ZodType>(value: T) =>
  z
    .custom((v) => v !== undefined && v !== null, {
      error: (issue) => (issue.input === null ? 'is required and cannot be cleared' : 'is required'),
    })
    .pipe(value);

/** A value that may be left out, but not cleared with `null`. */
const notCleared = <T extends z.ZodType>(value: T) =>
  z
    .custom((v) => v !== null, { error: 'is required and cannot be cleared' })
    .pipe(value)
    .optional();

type InputMode = 'create' | 'update';
const inputSchemas = new Map<string, z.ZodType>();

/**
 * The schema of a record's writable fields as a write gives them (wire names). On create the fields
 * the doc requires must be given; on update only the given fields are checked, and a required one
 * cannot be cleared. A reference record (an event's item) is given either by the referenced id or by
 * all its other required fields: "Either id or externalId and type are required for items".
 */
function inputSchema(record: RecordName, mode: InputMode): z.ZodType {
  const key = `${record}:${mode}`;
  const cached = inputSchemas.get(key);
  if (cached) return cached;
  const fields = Object.entries(recordSpec(record).fields).filter(([, spec]) => !spec.readOnly);
  const reference = recordSpec(record).fields.id?.refersTo !== undefined;
  const shape: Record<string, z.ZodType> = {};
  for (const [field, spec] of fields) {
    const value = inputValue(record, field, spec);
    if (!spec.required || reference) shape[field] = value.nullish();
    else shape[field] = mode === 'create' ? present(value) : notCleared(value);
  }
  let schema: z.ZodType = z.looseObject(shape);
  if (reference) {
    const others = fields.filter(([f, spec]) => f !== 'id' && spec.required).map(([f]) => f);
    schema = z.looseObject(shape).superRefine((input, ctx) => {
      const given = (f: string) => input[f] !== undefined && input[f] !== null;
      if (given('id')) {
        if (others.some(given)) {
          // The message names the fields as the caller does: see `inputIssues`.
          ctx.addIssue({ code: 'custom', path: ['id'], message: EITHER, params: { either: ['id', others] } });
        }
        return;
      }
      for (const f of others) if (!given(f)) ctx.addIssue({ code: 'custom', path: [f], message: 'is required' });
    });
  }
  inputSchemas.set(key, schema);
  return schema;
}

/** Maps a wire name of a record's field to the name the caller used for it. */
export type FieldNames = (record: RecordName, field: string) => string;

/**
 * The problems of a write's values against the catalogue (keys are wire names), at most one per
 * field, each at its path under `path` with the caller's names for the fields.
 */
export function inputIssues(
  record: RecordName,
  input: Record<string, unknown>,
  mode: InputMode,
  path: (string | number)[],
  names: FieldNames,
): FieldIssue[] {
  const result = inputSchema(record, mode).safeParse(input);
  if (result.success) return [];
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const issuePath = [...path, ...callerPath(record, issue.path, names)];
    const key = issuePath.join('.');
    if (seen.has(key)) continue; // one problem per field: the first
    seen.add(key);
    issues.push({ path: issuePath, message: messageOf(issue, names, recordAt(record, issue.path)) });
  }
  return issues;
}

/** The problems of one value of a record's field, e.g. a skill level given as its own argument. */
export function valueIssues(
  record: RecordName,
  field: string,
  value: unknown,
  path: (string | number)[],
): FieldIssue[] {
  const result = inputValue(record, field, recordSpec(record).fields[field]).safeParse(value);
  return result.success ? [] : [{ path, message: result.error.issues[0].message }];
}

const EITHER = 'give either one or the others, not both';

/** An issue's message; the either-or one names the fields as the caller does. */
function messageOf(issue: z.core.$ZodIssue, names: FieldNames, record: RecordName): string {
  if (issue.code !== 'custom' || issue.message !== EITHER) return issue.message;
  const [one, others] = either.parse(issue.params?.either);
  return `give either ${names(record, one)} or ${others.map((f) => names(record, f)).join(' and ')}, not both`;
}
const either = z.tuple([z.string(), z.array(z.string())]);

/** The record an issue's path ends in (the last list followed), for naming its fields. */
function recordAt(record: RecordName, wirePath: readonly PropertyKey[]): RecordName {
  let current = record;
  for (const segment of wirePath) {
    const spec: FieldSpec | undefined = recordSpec(current).fields[String(segment)];
    if (spec?.type.kind === 'objectList') current = spec.type.of;
  }
  return current;
}

/** A zod path of wire names turned into the caller's names, following lists into their records. */
function callerPath(record: RecordName, wirePath: readonly PropertyKey[], names: FieldNames): (string | number)[] {
  const out: (string | number)[] = [];
  let current: RecordName | undefined = record;
  for (const segment of wirePath) {
    if (typeof segment === 'number') {
      out.push(segment);
      continue;
    }
    const field = String(segment);
    const spec: FieldSpec | undefined = current ? recordSpec(current).fields[field] : undefined;
    out.push(current && spec ? names(current, field) : field);
    current = spec?.type.kind === 'objectList' ? spec.type.of : undefined;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Write bodies

/**
 * The JSON body of a write: lists re-wrapped the way RCI expects them, read-only fields left out,
 * and undefined values left out (which, with PUT, clears them).
 */
export function toWireBody(name: RecordName, object: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(recordSpec(name).fields)) {
    const value = object[field];
    if (value === undefined || value === null || spec.readOnly) continue;
    const t = spec.type;
    if (t.kind === 'stringList' && t.wrapper) body[field] = { [t.wrapper]: value };
    else if (t.kind === 'objectList' && Array.isArray(value)) {
      const items = value.filter(isJsonObject).map((item) => toWireBody(t.of, item));
      body[field] = t.wrapper ? { [t.wrapper]: items } : items;
    } else body[field] = value;
  }
  return body;
}
