/**
 * Stored objects → the documented JSON shapes: string lists go back into their wrappers
 * (`{"addresses": {"address": [...]}}`), reference lists become the referenced objects' documented
 * fields (`{"items": {"item": [{id, externalId, type}]}}`), write-only and hidden properties are never
 * answered.
 */
import { collectionSpec, recordSpec, type FieldSpec, type RecordName, type ResourceName } from '../rci/resources.js';
import { ROOT, type Entity, type Store } from './store.js';

/** Where the answered object lives: references to nested objects resolve among its siblings. */
export interface WireContext {
  store: Store;
  parentId: string;
}

/** The collection a list of references points into, when the listed record is a reference (its `id` refers). */
export function referencedCollection(of: RecordName): ResourceName | undefined {
  const fields = recordSpec(of).fields;
  return fields.id?.refersTo;
}

/** The parent id under which references to `target` are looked up from an object under `parentId`. */
export const referenceParent = (target: ResourceName, parentId: string): string =>
  collectionSpec(target).parent ? parentId : ROOT;

export function toWire(
  record: RecordName,
  entity: Entity,
  context: WireContext,
  only?: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = recordSpec(record).fields;
  for (const [property, field] of Object.entries(fields)) {
    if (field.writeOnly || (only && !only.has(property))) continue;
    const value = entity[property];
    if (value === undefined) continue;
    out[property] = wireValue(field, value, context);
  }
  return out;
}

function wireValue(field: FieldSpec, value: unknown, context: WireContext): unknown {
  const type = field.type;
  if (type.kind === 'stringList') return type.wrapper ? { [type.wrapper]: value } : value;
  if (type.kind !== 'objectList') return value;
  const target = referencedCollection(type.of);
  const list = (value as unknown[]).flatMap((element) => {
    if (!target) return [toWire(type.of, element as Entity, context)];
    const referenced = context.store.get(target, element as string, referenceParent(target, context.parentId));
    return referenced ? [toWire(type.of, referenced, context)] : [];
  });
  return type.wrapper ? { [type.wrapper]: list } : list;
}
