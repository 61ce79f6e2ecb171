import { GraphQLError } from 'graphql';
import { canonicalId, collectionSpec, recordSpec, type FieldSpec, type RecordName } from '../rci/resources.js';

/**
 * Validation of write inputs against the RCI documentation's constraints (required properties,
 * minLength/maxLength, value ranges, id formats) before anything is sent to RCI. Every problem of an
 * input is collected, so one answer reports them all.
 */

/** Strings the doc gives no maximum are still bounded, so nothing unbounded is forwarded to RCI. */
export const UNDOCUMENTED_MAX_LENGTH = 4000;

export interface FieldIssue {
  /** Path of the offending value in the mutation's arguments, e.g. `['input', 'email']`. */
  path: (string | number)[];
  message: string;
}

/**
 * Thrown by a mutation whose input has problems; the server answers one GraphQL error per issue,
 * each with code BAD_USER_INPUT and the issue's input path in `extensions.field`.
 */
export class InputValidationError extends GraphQLError {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
}

// Deliberately simple: one @, no spaces, a dot in the domain. RCI itself checks only the length.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Problems of one value against its field's documented constraints. */
export function checkValue(spec: FieldSpec, value: unknown, path: (string | number)[]): FieldIssue[] {
  const t = spec.type;
  if (typeof value === 'string') {
    const max = spec.maxLength ?? UNDOCUMENTED_MAX_LENGTH;
    const min = spec.minLength ?? 0;
    if (value.length < min) {
      return [{ path, message: min === 1 ? 'must not be empty' : `must be at least ${min} characters long` }];
    }
    if (value.length > max) return [{ path, message: `must be at most ${max} characters long (got ${value.length})` }];
    if (spec.format === 'email' && !EMAIL.test(value)) return [{ path, message: 'must be an email address' }];
    if (spec.refersTo && t.kind !== 'stringList') {
      const target = collectionSpec(spec.refersTo);
      if (canonicalId(target.idFormat, value) === null) {
        return [{ path, message: `is not a valid ${recordSpec(target.record).typeName} id` }];
      }
    }
  }
  if (t.kind === 'integer' && typeof value === 'number') {
    if (t.min !== undefined && (value < t.min || value > (t.max ?? Infinity))) {
      return [{ path, message: `must be between ${t.min} and ${t.max}` }];
    }
  }
  if (t.kind === 'stringList' && Array.isArray(value)) {
    if (value.length > 1000) return [{ path, message: 'must have at most 1000 entries' }];
    return value.flatMap((item, i) => checkValue({ ...spec, type: { kind: 'string' } }, item, [...path, i]));
  }
  return [];
}

/**
 * Problems of a record input. `mode` is `create` (required fields must be present) or `update` (only
 * the given fields are checked; a required field cannot be cleared with null). Keys are wire names.
 */
export function checkRecord(
  record: RecordName,
  input: Record<string, unknown>,
  mode: 'create' | 'update',
  path: (string | number)[],
  names: (record: RecordName, field: string) => string,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const fields = recordSpec(record).fields;
  // A reference record (an event's item) is given either by the referenced id, or by all its other
  // required fields: "Either id or externalId and type are required for items".
  const reference: [string, FieldSpec] | undefined = fields.id?.refersTo ? ['id', fields.id] : undefined;
  for (const [field, spec] of Object.entries(fields)) {
    if (spec.readOnly) continue;
    const fieldPath = [...path, names(record, field)];
    const given = field in input && input[field] !== undefined;
    const value = input[field];
    if (value === null || !given) {
      const byReference = reference !== undefined && reference[0] !== field && input[reference[0]] != null;
      const referenceSatisfiedByOthers = reference !== undefined && reference[0] === field;
      if (spec.required && !byReference && !referenceSatisfiedByOthers && (mode === 'create' || value === null)) {
        issues.push({ path: fieldPath, message: value === null ? 'is required and cannot be cleared' : 'is required' });
      }
      continue;
    }
    if (spec.type.kind === 'objectList' && Array.isArray(value)) {
      const of = spec.type.of;
      if (spec.required && value.length === 0) issues.push({ path: fieldPath, message: 'must not be empty' });
      value.forEach((item, i) =>
        issues.push(...checkRecord(of, item as Record<string, unknown>, 'create', [...fieldPath, i], names)),
      );
      continue;
    }
    issues.push(...checkValue(spec, value, fieldPath));
  }
  if (reference) {
    const [refField] = reference;
    const others = Object.entries(fields).filter(([f, s]) => f !== refField && s.required);
    if (input[refField] != null && others.some(([f]) => input[f] != null)) {
      issues.push({
        path: [...path, names(record, refField)],
        message: `give either ${names(record, refField)} or ${others.map(([f]) => names(record, f)).join(' and ')}, not both`,
      });
    }
  }
  return issues;
}
