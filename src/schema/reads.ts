import { collectionSpec, recordSpec, typeNameOf, type ResourceName } from '../rci/resources.js';
import { completeSummaryBySort } from '../rci/sortCompletion.js';
import { builder } from './builder.js';
import { listEntities, loadEntity, type Entity } from './entities.js';
import { connectionOf, embeddedType, entityRef } from './entityTypes.js';
import { nodeResources, parseEntityId } from './globalIds.js';
import { listArgs, toListQuery } from './listArguments.js';
import { listItems } from './listItems.js';
import { offsetConnection } from './paging.js';
import { nodeFieldsSelected } from './selection.js';
import { listReadingAhead, pageReadAhead, readsAhead, whenRead } from './readAhead.js';

/**
 * The reads every collection gets from its catalogue entry: for a root collection, the lookup by id
 * (`user(id:)`) and the list as a connection (`users(first:, filter:, orderBy:)`); for a nested one,
 * its field on the parent. Domain files add only what differs: relations between resources.
 */
export function registerReads(resource: ResourceName): void {
  const spec = collectionSpec(resource);
  if (spec.parent) registerNestedList(resource, spec.parent);
  else if (nodeResources.includes(resource)) {
    registerLookup(resource);
    registerList(resource);
  }
}

/** `<record>(id:)`: one object by global id or RCI id; null when RCI has no such object. */
function registerLookup(resource: ResourceName): void {
  const spec = collectionSpec(resource);
  const record = recordSpec(spec.record);
  builder.queryField(spec.record, (t) =>
    t.field({
      type: entityRef(resource),
      nullable: true,
      description: `${record.description} Null when RCI has no such object.`,
      args: { id: t.arg.id({ required: true, description: 'Global id or RCI id.' }) },
      resolve: (_root, args, ctx) => loadEntity(ctx, resource, parseEntityId(resource, args.id).id),
    }),
  );
}

/** `<resource>(...)`: the root list as a connection, with the filter and sort RCI documents for it. */
function registerList(resource: ResourceName): void {
  const spec = collectionSpec(resource);
  const record = recordSpec(spec.record);
  builder.queryField(resource, (t) =>
    t.field({
      type: connectionOf(resource),
      // Null when the list cannot be read: one failed list leaves the other root fields answered.
      nullable: true,
      description: `${spec.description.replace(/\.$/, '')}, one page at a time.`,
      args: { ...t.arg.connectionArgs(), ...listArgs(t.arg, `${record.typeName}Filter`, spec.record, spec.list) },
      resolve: (_root, args, ctx, info) => {
        // Where connection arguments become an RCI list query and an offset/limit page. Fields the
        // selection needs that the list's summaries lack come in the same answer, named in `sort`.
        const query = completeSummaryBySort(
          spec.list,
          record,
          toListQuery(args, spec.list, resource),
          nodeFieldsSelected(info, spec.record),
        );
        return offsetConnection(args, (offset, limit) => listEntities(ctx, resource, { ...query, offset, limit })).then(
          (page) => pageReadAhead(ctx, info, page, record.typeName),
        );
      },
    }),
  );
}

/**
 * A nested collection as a relation field named after its path segment on its parent's type
 * (`Queue.extensions`, `DisruptionSet.events`): a list of nodes, or of plain objects when they have no id.
 */
function registerNestedList(resource: ResourceName, parent: ResourceName): void {
  // Where the relation field of a nested collection is declared (memberships.ts declares those of
  // memberships, the domain files their own).
  const spec = collectionSpec(resource);
  const record = recordSpec(spec.record);
  const filterName = `${record.typeName}Filter`;
  const description = spec.description;
  if (nodeResources.includes(resource)) {
    builder.objectField(entityRef(parent), spec.segment, (t) =>
      t.field({
        type: [entityRef(resource)],
        // Read by a call of its own: a failure nulls this list only; an item that needs a by-id
        // completion that fails nulls that item only.
        nullable: { list: true, items: true },
        description,
        args: listArgs(t.arg, filterName, spec.record, spec.list),
        resolve: listReadingAhead(typeNameOf(parent), spec.segment, record.typeName, (owner: Entity, args, ctx) =>
          listEntities(ctx, resource, toListQuery(args, spec.list, resource), String(owner.data.id)),
        ),
      }),
    );
  } else {
    builder.objectField(entityRef(parent), spec.segment, (t) =>
      t.field({
        type: [embeddedType(spec.record)],
        // Read by a call of its own: a failure nulls this list only; an item RCI answered malformed
        // nulls that item only.
        nullable: { list: true, items: true },
        description,
        args: listArgs(t.arg, filterName, spec.record, spec.list),
        resolve: readsAhead(typeNameOf(parent), spec.segment, (owner: Entity, args, ctx) =>
          whenRead(
            ctx,
            ctx.loaders.list(resource, toListQuery(args, spec.list, resource), String(owner.data.id)),
            (rows) => listItems(rows, (data) => data),
          ),
        ),
      }),
    );
  }
}
