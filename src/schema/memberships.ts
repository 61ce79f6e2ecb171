import {
  collectionSpec,
  membershipNames,
  memberships,
  recordSpec,
  typeNameOf,
  type MembershipName,
} from '../rci/resources.js';
import { summaryFields } from '../rci/sortCompletion.js';
import type { GatewayContext } from '../context.js';
import { builder } from './builder.js';
import type { Entity } from './entities.js';
import { connectionOf, entityRef } from './entityTypes.js';
import { listArgs, toListQuery, type ListArgs } from './listArguments.js';
import { listItems, type ListItem } from './listItems.js';
import { capitalize } from './naming.js';
import { offsetConnection } from './paging.js';
import type { FieldIssue } from '../rci/schemas.js';
import { readBack } from './readBack.js';
import { listReadingAhead, pageReadAhead, whenRead } from './readAhead.js';
import { InputValidationError } from './inputErrors.js';
import { idArg, mustExist } from './writes.js';
import { registerMutation } from './bulk.js';

/**
 * Memberships, from the catalogue: each relation RCI offers from both sides becomes a field on both
 * types, named after its path segment (`User.roles` and `Role.users`, `Queue.queueGroups` and
 * `QueueGroup.queues`). Their lists answer summaries; other fields of a member are completed by id.
 */
for (const name of membershipNames) {
  const membership = memberships[name];
  for (const sideName of ['a', 'b'] as const) {
    const side = membership[sideName];
    const member = collectionSpec(side.member);
    const memberType = recordSpec(member.record).typeName;
    const ownerType = typeNameOf(side.owner);
    // The same filter as the member's own root list when the parameters are the same; else its own.
    const sameAsRoot = Object.keys(side.list.search).join() === Object.keys(member.list.search).join();
    const filterName = sameAsRoot ? `${memberType}Filter` : `${ownerType}${memberType}Filter`;
    const description = `The ${side.segment} of this ${ownerType} (one relation with ${memberType}.${sideName === 'a' ? membership.b.segment : membership.a.segment}).`;

    // Not an async function: one per object of a page. What throws here (a malformed filter) fails the field.
    const load = (
      owner: Entity,
      args: ListArgs & { offset?: number; limit?: number },
      ctx: GatewayContext,
    ): ListItem<Entity>[] | Promise<ListItem<Entity>[]> => {
      const query = { ...toListQuery(args, side.list, side.member), offset: args.offset, limit: args.limit };
      return whenRead(ctx, ctx.loaders.members(name, sideName, String(owner.data.id), query), (rows) => {
        const present = summaryFields(side.list, query, rows);
        return listItems(rows, (data): Entity => ({ resource: side.member, data, present }));
      });
    };

    // Where a membership's relation field is declared, on each side's owner.
    builder.objectField(entityRef(side.owner), side.segment, (t) =>
      side.list.paged
        ? t.field({
            type: connectionOf(side.member),
            // Each relation is read by a call of its own: its failure nulls this field, not the owner.
            nullable: true,
            description: `${description} RCI pages this list.`,
            args: { ...t.arg.connectionArgs(), ...listArgs(t.arg, filterName, member.record, side.list) },
            resolve: (owner, args, ctx, info) =>
              offsetConnection(args, (offset, limit) => load(owner, { ...args, offset, limit }, ctx)).then((page) =>
                pageReadAhead(ctx, info, page, memberType),
              ),
          })
        : t.field({
            type: [entityRef(side.member)],
            nullable: { list: true, items: true },
            description,
            args: listArgs(t.arg, filterName, member.record, side.list),
            resolve: listReadingAhead(ownerType, side.segment, memberType, (owner: Entity, args: ListArgs, ctx) =>
              load(owner, args, ctx),
            ),
          }),
    );
  }
}

/** The mutation names of each membership: adding and removing, one pair per relation. */
const membershipMutations: Record<MembershipName, { add: string; remove: string }> = {
  userRoles: { add: 'addRoleToUser', remove: 'removeRoleFromUser' },
  userGroupMembers: { add: 'addUserToUserGroup', remove: 'removeUserFromUserGroup' },
  queueGroupMembers: { add: 'addQueueToQueueGroup', remove: 'removeQueueFromQueueGroup' },
};

// Each relation is one pair of mutations, although RCI offers it from both sides: the `a` side's
// endpoints are used (`POST /users/{u}/roles`), and the payload shows both objects read afresh.
for (const name of membershipNames) {
  const { a } = memberships[name];
  const owner = collectionSpec(a.owner).record;
  const member = collectionSpec(a.member).record;
  const ownerType = recordSpec(owner).typeName;
  const memberType = recordSpec(member).typeName;
  for (const op of ['add', 'remove'] as const) {
    const mutation = membershipMutations[name][op];
    const Name = capitalize(mutation);
    const input = builder.inputType(`${Name}Input`, {
      description: `The ${ownerType} and the ${memberType} to ${op === 'add' ? 'relate' : 'separate'}.`,
      fields: (t) => ({
        [`${owner}Id`]: t.id({ required: true, description: `Global id or RCI id of the ${ownerType}.` }),
        [`${member}Id`]: t.id({ required: true, description: `Global id or RCI id of the ${memberType}.` }),
      }),
    });
    const payload = builder
      .objectRef<{ owner: () => Promise<Entity>; member: () => Promise<Entity> }>(`${Name}Payload`)
      .implement({
        description: `Result of ${mutation}: both sides, read after the change (each null only when reading it failed; the change is done).`,
        fields: (t) => ({
          [owner]: t.field({
            type: entityRef(a.owner),
            nullable: true,
            description: `The ${ownerType}.`,
            resolve: (p) => p.owner(),
          }),
          [member]: t.field({
            type: entityRef(a.member),
            nullable: true,
            description: `The ${memberType}.`,
            resolve: (p) => p.member(),
          }),
        }),
      });
    registerMutation({
      name: mutation,
      description:
        op === 'add'
          ? `Adds the ${memberType} to the ${ownerType}; visible from both sides (${ownerType}.${a.segment} and ${memberType}.${memberships[name].b.segment}). Adding twice is harmless.`
          : `Removes the ${memberType} from the ${ownerType}, on both sides.`,
      input,
      payload,
      prepare: (given, path) => {
        const issues: FieldIssue[] = [];
        const ownerId = idArg(a.owner, given[`${owner}Id`], [...path, `${owner}Id`], issues)?.id;
        const memberId = idArg(a.member, given[`${member}Id`], [...path, `${member}Id`], issues)?.id;
        if (issues.length) throw new InputValidationError(issues);
        return {
          touches: [`${name}/${ownerId!}/${memberId!}`],
          run: async (ctx) => {
            const rci = ctx.loaders.session;
            if (op === 'add') await rci.addMember(name, 'a', ownerId!, memberId!);
            else await rci.removeMember(name, 'a', ownerId!, memberId!);
            ctx.loaders.invalidateAll();
            const done = `${op === 'add' ? 'Adding' : 'Removing'} ${memberType} ${memberId} ${op === 'add' ? 'to' : 'from'} ${ownerType} ${ownerId}`;
            return {
              owner: readBack(done, () => mustExist(ctx, a.owner, ownerId!)),
              member: readBack(done, () => mustExist(ctx, a.member, memberId!)),
            };
          },
        };
      },
    });
  }
}
