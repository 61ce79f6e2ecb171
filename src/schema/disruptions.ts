import { isJsonObject } from '../rci/json.js';
import { builder } from './builder.js';
import { typeNameOf } from '../rci/resources.js';
import { loadEntities, type Entity } from './entities.js';
import { listReadingAhead } from './readAhead.js';
import { entityRef } from './entityTypes.js';

builder.objectFields(entityRef('events'), (t) => ({
  items: t.field({
    type: [entityRef('items')],
    nullable: { list: true, items: true },
    description:
      'The disruption items of the event, in full (name, description, attributes). Each item is read once per request however many events name it.',
    resolve: listReadingAhead(typeNameOf('events'), 'items', typeNameOf('items'), (event: Entity, _args, ctx) => {
      // Items named by externalId and type (no id) are not resolved here: RCI answers the id with them.
      const refs: unknown[] = Array.isArray(event.data.items) ? event.data.items : [];
      const ids = refs.flatMap((ref) => (isJsonObject(ref) && typeof ref.id === 'string' ? [ref.id] : []));
      return loadEntities(ctx, 'items', ids, event.parentId);
    }),
  }),
}));
