import type { GatewayContext } from '../context.js';
import { records } from '../rci/resources.js';
import type { RciObject } from '../rci/wire.js';
import { builder } from './builder.js';
import { entityRef, readField, type Entity } from './entities.js';

/** A user's skill with the user's level in it: RCI's `{id, value}` item of `GET /users/{id}/skills`. */
interface UserSkillShape {
  userId: string;
  data: RciObject;
}

const UserSkill = builder.objectRef<UserSkillShape>('UserSkill').implement({
  description: records.userSkill.description,
  fields: (t) => ({
    level: t.int({
      description: 'The skill value of the user, 1-5.',
      resolve: (s) => Number(s.data.value),
    }),
    skill: t.field({
      type: entityRef('skills'),
      description: 'The skill.',
      resolve: async (s, _args, ctx): Promise<Entity> => {
        const data = await ctx.loaders.load('skills', String(s.data.id));
        if (!data) throw new Error(`Skill ${s.data.id} of user ${s.userId} does not exist`);
        return { resource: 'skills', data };
      },
    }),
  }),
});

builder.objectFields(entityRef('users'), (t) => ({
  skills: t.field({
    type: [UserSkill],
    description: 'Skills of the user, each with its value 1-5.',
    resolve: async (user, _args, ctx) => {
      const userId = String(user.data.id);
      const rows = await ctx.loaders.list('userSkills', {}, userId);
      return rows.map((data) => ({ userId, data }));
    },
  }),
  timeZone: t.field({
    type: entityRef('timeZones'),
    nullable: true,
    description: "The user's time zone; null when the user has none.",
    resolve: async (user, _args, ctx: GatewayContext): Promise<Entity | null> => {
      const id = (await readField(user, 'timeZone', ctx)) as string | undefined;
      if (!id) return null;
      const data = await ctx.loaders.load('timeZones', id);
      return data ? { resource: 'timeZones', data } : null;
    },
  }),
}));
