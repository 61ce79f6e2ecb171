import type { ListQuery } from '../rci/session.js';
import { RciError } from '../rci/errors.js';
import { collectionSpec, type ResourceName } from '../rci/resources.js';
import type { RciObject } from '../rci/schemas.js';
import { summaryFields } from '../rci/sortCompletion.js';
import type { GatewayContext } from '../context.js';
import { listItems, type ListItem } from './listItems.js';
import { whenRead } from './readAhead.js';

/**
 * Entities, the source objects of every node type, and how they are read: by id, by ids, as a list,
 * always through the request's loaders; a field a summary lacks is completed by one by-id load.
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

export const isEntity = (value: unknown): value is Entity =>
  typeof value === 'object' && value !== null && 'resource' in value && 'data' in value;

/**
 * One object by id through the request's loaders, as an entity; null when RCI has no such object. At
 * once when it has been read already (see readAhead.ts).
 */
export function loadEntity(
  ctx: GatewayContext,
  resource: ResourceName,
  id: string,
  parentId?: string,
): Entity | null | Promise<Entity | null> {
  // Not an async function: one per object of a page. `load` rejects a malformed id, it never throws.
  return whenRead(ctx, ctx.loaders.load(resource, id, parentId), (data) =>
    data ? { resource, data, parentId } : null,
  );
}

/**
 * Objects by id, in order, leaving out ids RCI has nothing for (a dangling reference hides, it does not
 * fail). A load that fails stays in the list as a failed item: that item alone is null, with its error.
 * At once when every one of them has been read already (see readAhead.ts).
 */
export function loadEntities(
  ctx: GatewayContext,
  resource: ResourceName,
  ids: readonly string[],
  parentId?: string,
): ListItem<Entity>[] | Promise<ListItem<Entity>[]> {
  const loads = ids.map((id) => loadEntity(ctx, resource, id, parentId));
  if (!loads.some((load) => load instanceof Promise)) return loads.filter((entity) => entity !== null) as Entity[];
  return Promise.allSettled(loads.map((load) => Promise.resolve(load))).then((settled) =>
    settled.flatMap((outcome, i): ListItem<Entity>[] => {
      if (outcome.status === 'fulfilled') return outcome.value ? [outcome.value] : [];
      return [failedReference(outcome.reason, { resource, data: { id: ids[i] }, parentId })];
    }),
  );
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

/** Lists of a collection as entities, with the summary marks their list carries; at once when read already. */
export function listEntities(
  ctx: GatewayContext,
  resource: ResourceName,
  query: ListQuery,
  parentId?: string,
): ListItem<Entity>[] | Promise<ListItem<Entity>[]> {
  const list = collectionSpec(resource).list;
  return whenRead(ctx, ctx.loaders.list(resource, query, parentId), (rows) => {
    const present = summaryFields(list, query, rows);
    return listItems(rows, (data) => ({ resource, data, parentId, present }));
  });
}

/**
 * Reads a field of an entity, completing a summary with one by-id load when the field is missing (at
 * once when that load is done: see readAhead.ts).
 */
export function readField(entity: Entity, field: string, ctx: GatewayContext): unknown {
  if (!entity.present || entity.present.has(field)) return entity.data[field];
  return whenRead(ctx, ctx.loaders.load(entity.resource, String(entity.data.id), entity.parentId), (full) => {
    if (!full) throw new RciError('NOT_FOUND', `The ${entity.resource} object ${entity.data.id} no longer exists`);
    return full[field];
  });
}
