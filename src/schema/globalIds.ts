import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import {
  canonicalId,
  collectionSpec,
  recordSpec,
  resourceNames,
  typeNameOf,
  type ResourceName,
} from '../rci/resources.js';
import { userInputError } from './inputErrors.js';

/**
 * Global ids (Relay) and the id arguments that name an entity: every such argument accepts the global
 * id or the RCI id. A global id is the type name and the object's key: its RCI id, or `parentId/id` for
 * an object of a nested collection (RCI reads it only under its parent).
 */

/** The collections whose objects are Relay nodes (they have ids and can be fetched by id). */
export const nodeResources = resourceNames.filter((name) => {
  const spec = collectionSpec(name);
  return spec.idParam !== undefined && recordSpec(spec.record).fields.id?.readOnly === true;
});

/** The key inside a global id: the id, or `parentId/id` for nested collections. */
export function nodeKey(id: string, parentId?: string): string {
  return parentId === undefined ? id : `${parentId}/${id}`;
}

/** `parentId/id` → `[parentId, id]`. */
export function splitNodeKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  if (slash < 0) throw userInputError(`Invalid global id key '${key}'`);
  return [key.slice(0, slash), key.slice(slash + 1)];
}

export function globalId(resource: ResourceName, id: string, parentId?: string): string {
  const typeName = typeNameOf(resource);
  return encodeGlobalID(typeName, nodeKey(id, parentId));
}

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
    const [parentId, id] = spec.parent ? splitNodeKey(decoded.id) : [undefined, decoded.id];
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

const knownTypeNames = new Set(resourceNames.map(typeNameOf));

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
  const resource = decoded && nodeResources.find((r) => typeNameOf(r) === decoded.typename);
  if (!resource)
    throw userInputError(`Argument '${argument}' is not a global id: '${value.slice(0, 80)}'`, { argument });
  return { resource, ...parseEntityId(resource, value, argument) };
}

/**
 * The RCI id inside a global id of `resource`, for a filter on ids; any other value (an RCI id, a
 * pattern) as it is.
 */
export function rciIdIfGlobal(resource: ResourceName, value: string, argument: string): string {
  const decoded = tryDecodeGlobalId(value);
  if (!decoded) return value;
  return parseEntityId(resource, value, argument).id;
}
