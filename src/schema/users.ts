import type { GatewayContext } from '../context.js';
import { records, typeNameOf } from '../rci/resources.js';
import { valueIssues, type FieldIssue, type RciObject } from '../rci/schemas.js';
import { builder } from './builder.js';
import { loadEntity, readField, type Entity } from './entities.js';
import { entityRef } from './entityTypes.js';
import { listItems } from './listItems.js';
import { readBack } from './readBack.js';
import { listReadingAhead, readsAhead, whenRead } from './readAhead.js';
import { InputValidationError } from './inputErrors.js';
import { idArg, mustExist } from './writes.js';
import { registerMutation, type InputPath } from './bulk.js';

/** A user's skill with the user's level in it: RCI's `{id, value}` item of `GET /users/{id}/skills`. */
interface UserSkillShape {
  userId: string;
  data: RciObject;
}

const USER_SKILL = 'UserSkill';
const USER = typeNameOf('users');

const UserSkill = builder.objectRef<UserSkillShape>(USER_SKILL).implement({
  description: records.userSkill.description,
  fields: (t) => ({
    level: t.int({
      description: 'The skill value of the user, 1-5.',
      resolve: (s) => Number(s.data.value),
    }),
    skill: t.field({
      type: entityRef('skills'),
      nullable: true,
      description: 'The skill; null only when reading it failed (see `errors`).',
      resolve: readsAhead(USER_SKILL, 'skill', (s: UserSkillShape, _args, ctx) =>
        mustExist(ctx, 'skills', String(s.data.id)),
      ),
    }),
  }),
});

builder.objectFields(entityRef('users'), (t) => ({
  skills: t.field({
    type: [UserSkill],
    // Read by a call of its own: a failure nulls this list only; an item RCI answered malformed nulls
    // that item only.
    nullable: { list: true, items: true },
    description: 'Skills of the user, each with its value 1-5.',
    resolve: listReadingAhead(USER, 'skills', USER_SKILL, (user: Entity, _args, ctx) => {
      const userId = String(user.data.id);
      return whenRead(ctx, ctx.loaders.list('userSkills', {}, userId), (rows) =>
        listItems(rows, (data): UserSkillShape => ({ userId, data })),
      );
    }),
  }),
  timeZone: t.field({
    type: entityRef('timeZones'),
    nullable: true,
    description: "The user's time zone; null when the user has none.",
    resolve: readsAhead(USER, 'timeZone', (user: Entity, _args, ctx: GatewayContext) => {
      const zoneOf = (id: unknown) => (typeof id === 'string' && id ? loadEntity(ctx, 'timeZones', id) : null);
      // Not an async function: one per user of a page, and the user in hand mostly has the field.
      const id = readField(user, 'timeZone', ctx);
      return id instanceof Promise ? id.then(zoneOf) : zoneOf(id);
    }),
  }),
}));

const SetUserSkillInput = builder.inputType('SetUserSkillInput', {
  description: "A user's level in a skill: added when the user does not have the skill yet, else changed.",
  fields: (t) => ({
    userId: t.id({ required: true, description: 'Global id or RCI id of the user.' }),
    skillId: t.id({ required: true, description: 'Global id or RCI id of the skill.' }),
    level: t.int({ required: true, description: records.userSkill.fields.value.description }),
  }),
});

const RemoveUserSkillInput = builder.inputType('RemoveUserSkillInput', {
  description: 'The user and the skill to take from them.',
  fields: (t) => ({
    userId: t.id({ required: true, description: 'Global id or RCI id of the user.' }),
    skillId: t.id({ required: true, description: 'Global id or RCI id of the skill.' }),
  }),
});

const UserSkillPayload = builder
  .objectRef<{ user: () => Promise<Entity>; skill: () => Promise<Entity>; level: number | null }>('UserSkillPayload')
  .implement({
    description:
      'Result of setUserSkill and removeUserSkill, read after the change (user and skill are null only when reading them failed; the change is done).',
    fields: (t) => ({
      user: t.field({ type: entityRef('users'), nullable: true, description: 'The user.', resolve: (p) => p.user() }),
      skill: t.field({
        type: entityRef('skills'),
        nullable: true,
        description: 'The skill.',
        resolve: (p) => p.skill(),
      }),
      level: t.int({
        nullable: true,
        description: "The user's level in the skill now; null after removeUserSkill.",
        resolve: (p) => p.level,
      }),
    }),
  });

function userAndSkill(input: { userId: string; skillId: string }, path: InputPath, level?: number) {
  const issues: FieldIssue[] = [];
  const userId = idArg('users', input.userId, [...path, 'userId'], issues)?.id;
  const skillId = idArg('skills', input.skillId, [...path, 'skillId'], issues)?.id;
  if (level !== undefined) issues.push(...valueIssues('userSkill', 'value', level, [...path, 'level']));
  if (issues.length) throw new InputValidationError(issues);
  // A user's level in one skill is what both mutations read or change.
  return { userId: userId!, skillId: skillId!, touches: [`userSkills/${userId!}/${skillId!}`] };
}

/** The user and the skill, read back after a write to the user's skills. */
function readBoth(ctx: GatewayContext, done: string, userId: string, skillId: string) {
  const what = `${done} (user ${userId}, skill ${skillId})`;
  return {
    user: readBack(what, () => mustExist(ctx, 'users', userId)),
    skill: readBack(what, () => mustExist(ctx, 'skills', skillId)),
  };
}

registerMutation({
  name: 'setUserSkill',
  description: "Sets a user's level (1-5) in a skill: RCI POST when the user lacks the skill, PUT when they have it.",
  input: SetUserSkillInput,
  payload: UserSkillPayload,
  prepare: (input, path) => {
    const { userId, skillId, touches } = userAndSkill(input, path, input.level);
    return {
      touches,
      run: async (ctx) => {
        // The check and the write take the caller's rate-limit turns together: the write is sent whole or not at all.
        const rci = await ctx.loaders.session.reserve(2);
        const current = await rci.list('userSkills', {}, userId);
        // The doc describes this PUT's body as the skill's own properties, evidently a copy-paste slip:
        // what a user's skill has is its id and value, so both are sent.
        if (current.some((s) => s.id === skillId)) {
          await rci.replace('userSkills', skillId, { id: skillId, value: input.level }, userId);
        } else await rci.create('userSkills', { id: skillId, value: input.level }, userId);
        ctx.loaders.invalidateAll();
        return { ...readBoth(ctx, 'Setting the skill level', userId, skillId), level: input.level };
      },
    };
  },
});

registerMutation({
  name: 'removeUserSkill',
  description: 'Takes a skill from a user (RCI DELETE /users/{userId}/skills/{skillId}).',
  input: RemoveUserSkillInput,
  payload: UserSkillPayload,
  prepare: (input, path) => {
    const { userId, skillId, touches } = userAndSkill(input, path);
    return {
      touches,
      run: async (ctx) => {
        await ctx.loaders.session.delete('userSkills', skillId, userId);
        ctx.loaders.invalidateAll();
        return { ...readBoth(ctx, 'Removing the skill', userId, skillId), level: null };
      },
    };
  },
});
