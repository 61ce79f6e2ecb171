import { resources, typeNameOf } from '../rci/resources.js';
import { builder } from './builder.js';
import { listEntities, loadEntities, type Entity } from './entities.js';
import { asStrings, connectionOf, entityRef } from './entityTypes.js';
import { offsetConnection } from './paging.js';
import { listReadingAhead, pageReadAhead } from './readAhead.js';

builder.objectFields(entityRef('queues'), (t) => ({
  replyTemplates: t.field({
    type: connectionOf('replyTemplates'),
    nullable: true,
    description: `Reply templates used in this queue (${resources.replyTemplates.segment}?queueId=).`,
    args: { ...t.arg.connectionArgs() },
    resolve: (queue, args, ctx, info) =>
      offsetConnection(args, (offset, limit) =>
        listEntities(ctx, 'replyTemplates', { search: { queueId: String(queue.data.id) }, offset, limit }),
      ).then((page) => pageReadAhead(ctx, info, page, typeNameOf('replyTemplates'))),
  }),
}));

builder.objectFields(entityRef('cpExtensions'), (t) => ({
  queues: t.field({
    type: [entityRef('queues')],
    nullable: { list: true, items: true },
    description: 'The queues this extension should be enabled for. Ids that name no queue are left out.',
    resolve: listReadingAhead(
      typeNameOf('cpExtensions'),
      'queues',
      typeNameOf('queues'),
      (extension: Entity, _args, ctx) => loadEntities(ctx, 'queues', asStrings(extension.data.queues)),
    ),
  }),
}));
