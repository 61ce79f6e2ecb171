import { z } from 'zod';
import { RciError } from './errors.js';
import { canonicalEnumValue, records, type FieldSpec, type RecordName, type RecordSpec } from './resources.js';

/**
 * The boundary between RCI's wire format and the gateway's objects. Answers are parsed here, once:
 * wrappers such as `{"addresses": {"address": [...]}}` are flattened to plain lists, one-of values are
 * read case-insensitively into their canonical spelling, and a malformed answer becomes a clear
 * UPSTREAM_ERROR instead of an `undefined` three resolvers later. Write bodies are built here too.
 */

/** An RCI object as the gateway sees it: wire field names, wrappers flattened. */
export type RciObject = Record<string, unknown> & { id?: string };

const recordSpec = (name: RecordName): RecordSpec => records[name];

/** RCI's JSON writer may answer a one-element list as a bare value; both read as a list. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), item]).transform((v) => (Array.isArray(v) ? v : [v]));

function fieldSchema(spec: FieldSpec): z.ZodType {
  const t = spec.type;
  switch (t.kind) {
    case 'string':
    case 'datetime':
      return z.string();
    case 'boolean':
      return z.boolean();
    case 'integer':
      return z.number().int();
    case 'number':
      return z.number();
    case 'enum':
      return z.string().transform((value, ctx) => {
        const canonical = canonicalEnumValue(t.values, value);
        if (canonical === null) {
          ctx.addIssue({ code: 'custom', message: `unexpected value '${value}' (one of ${t.values.join(', ')})` });
          return z.NEVER;
        }
        return canonical;
      });
    case 'stringList':
      return t.wrapper ? wrapped(t.wrapper, z.string()) : listOf(z.string());
    case 'objectList': {
      const item = recordSchema(t.of, 'full');
      return t.wrapper ? wrapped(t.wrapper, item) : listOf(item);
    }
  }
}

/** `{"<wrapper>": [...]}` → `[...]`; an empty or missing wrapper is an empty list. */
function wrapped(wrapper: string, item: z.ZodType) {
  return z
    .union([z.object({ [wrapper]: listOf(item).optional().nullable() }), z.array(item)])
    .transform((v) => (Array.isArray(v) ? v : ((v as Record<string, unknown[] | undefined>)[wrapper] ?? [])));
}

type Completeness = 'full' | 'summary';
const schemaCache = new Map<string, z.ZodType>();

/**
 * The zod schema of a record. A full object must carry every field the doc marks required; a summary
 * (an item of a summary list) only its id.
 */
function recordSchema(name: RecordName, completeness: Completeness): z.ZodType {
  const key = `${name}:${completeness}`;
  const cached = schemaCache.get(key);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {};
  for (const [field, spec] of Object.entries(recordSpec(name).fields)) {
    if (spec.writeOnly) continue; // never read back, even if an RCI answers it
    const base = fieldSchema(spec);
    const required = field === 'id' ? spec.required : completeness === 'full' && spec.required;
    shape[field] = required
      ? base
      : base
          .optional()
          .nullable()
          .transform((v) => v ?? undefined);
  }
  // Loose: a property this catalogue does not know (a newer RCI's) is kept, so a read-merge-PUT
  // sends it back instead of clearing it.
  const schema = z.looseObject(shape);
  schemaCache.set(key, schema);
  return schema;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** Parses one object answered by RCI. */
export function parseObject(name: RecordName, json: unknown, completeness: Completeness = 'full'): RciObject {
  const result = recordSchema(name, completeness).safeParse(json);
  if (!result.success) {
    throw new RciError(
      'UPSTREAM_ERROR',
      `RCI answered a malformed ${recordSpec(name).typeName}: ${describeIssues(result.error)}`,
    );
  }
  return result.data as RciObject;
}

/** Parses a list answered by RCI. */
export function parseList(name: RecordName, json: unknown, completeness: Completeness): RciObject[] {
  if (!Array.isArray(json)) {
    throw new RciError('UPSTREAM_ERROR', `RCI answered a malformed list of ${recordSpec(name).typeName}: not an array`);
  }
  return json.map((item) => parseObject(name, item, completeness));
}

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
    else if (t.kind === 'objectList') {
      const items = (value as Record<string, unknown>[]).map((item) => toWireBody(t.of, item));
      body[field] = t.wrapper ? { [t.wrapper]: items } : items;
    } else body[field] = value;
  }
  return body;
}
