import { builder } from './builder.js';
import { MAX_NODE_IDS } from './costModel.js';
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
    args: { ids: t.arg.idList({ required: true, description: `Global ids (at most ${MAX_NODE_IDS}).` }) },
    resolve: (_root, args, ctx) => {
      if (args.ids.length > MAX_NODE_IDS) {
        throw userInputError(`At most ${MAX_NODE_IDS} ids at once (got ${args.ids.length})`);
      }
      // Each id fails alone: one malformed id leaves the others answered.
      return args.ids.map(async (value, i) => {
        const { resource, id, parentId } = parseAnyGlobalId(String(value), `ids[${i}]`);
        return loadEntity(ctx, resource, id, parentId);
      });
    },
  }),
}));
