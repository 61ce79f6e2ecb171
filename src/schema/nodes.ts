import { builder } from './builder.js';
import { loadEntity } from './entities.js';
import { parseAnyGlobalId } from './globalIds.js';
import { userInputError } from './inputErrors.js';

// `node` and `nodes` resolve global ids through the same per-request loaders as every other field.
builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object by its global id; null when RCI has no such object.',
    args: { id: t.arg.id({ required: true, description: 'A global id.' }) },
    resolve: (_root, args, ctx) => {
      const { resource, id, parentId } = parseAnyGlobalId(String(args.id));
      return loadEntity(ctx, resource, id, parentId);
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: 'Objects by their global ids, in the same order; null for each that RCI does not have.',
    args: { ids: t.arg.idList({ required: true, description: 'Global ids (at most 100).' }) },
    resolve: (_root, args, ctx) => {
      if (args.ids.length > 100) throw userInputError(`At most 100 ids at once (got ${args.ids.length})`);
      // Each id fails alone: one malformed id leaves the others answered.
      return args.ids.map(async (value, i) => {
        const { resource, id, parentId } = parseAnyGlobalId(String(value), `ids[${i}]`);
        return loadEntity(ctx, resource, id, parentId);
      });
    },
  }),
}));
