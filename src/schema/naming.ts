import { collectionSpec, recordSpec, type FieldSpec, type RecordName } from '../rci/resources.js';
import { builder } from './builder.js';

/**
 * How the catalogue's names and doc text become the graph's: field names, descriptions with their
 * documented constraints, and enums (values CONSTANT_CASE, meaning the canonical RCI spelling).
 */

/** `name` → `Name`. */
export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `AutoAllocation` → `AUTO_ALLOCATION`, `IVRPrompt` → `IVR_PROMPT`, `sap365` → `SAP365`, `firstName` → `FIRST_NAME`. */
export const constantCase = (s: string) =>
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
