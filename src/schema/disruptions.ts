import { builder } from './builder.js';
import { entityRef, loadEntities } from './kit.js';

builder.objectFields(entityRef('events'), (t) => ({
  items: t.field({
    type: [entityRef('items')],
    description:
      'The disruption items of the event, in full (name, description, attributes). Each item is read once per request however many events name it.',
    resolve: (event, _args, ctx) => {
      const refs = (event.data.items as { id?: string }[] | undefined) ?? [];
      const ids = refs.flatMap((ref) => (ref.id ? [ref.id] : []));
      return loadEntities(ctx, 'items', ids, event.parentId);
    },
  }),
}));
