import { builder } from './builder.js';
import { entityRef, type Entity } from './entities.js';

builder.objectFields(entityRef('events'), (t) => ({
  items: t.field({
    type: [entityRef('items')],
    description:
      'The disruption items of the event, in full (name, description, attributes). Each item is read once per request however many events name it.',
    resolve: async (event, _args, ctx) => {
      const setId = event.parentId!;
      const refs = (event.data.items as { id?: string }[] | undefined) ?? [];
      const loaded = await Promise.all(
        refs.map((ref) => (ref.id ? ctx.loaders.load('items', ref.id, setId) : Promise.resolve(null))),
      );
      return loaded
        .filter((data) => data !== null)
        .map((data): Entity => ({ resource: 'items', data, parentId: setId }));
    },
  }),
}));
