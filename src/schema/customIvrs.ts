import { builder } from './builder.js';
import type { Entity } from './entities.js';
import { entityRef } from './entityTypes.js';

builder.objectFields(entityRef('customIvrs'), (t) => ({
  currentSourceCode: t.field({
    type: entityRef('sourceCodes'),
    nullable: true,
    description: 'The current source code version of the IVR, with its source code.',
    resolve: async (ivr, _args, ctx): Promise<Entity | null> => {
      const parentId = String(ivr.data.id);
      const data = await ctx.loaders.currentSourceCode(parentId);
      if (!data) return null;
      ctx.loaders.prime('sourceCodes', data, parentId);
      return { resource: 'sourceCodes', data, parentId };
    },
  }),
}));
