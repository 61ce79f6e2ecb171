import { collectionSpec, memberships, recordSpec, type MembershipName } from '../rci/resources.js';
import type { GatewayContext } from '../context.js';
import { builder } from './builder.js';
import {
  connectionOf,
  entityRef,
  listArgs,
  offsetConnection,
  presentFields,
  toListQuery,
  type Entity,
  type ListArgs,
} from './entities.js';

/**
 * Memberships, from the catalogue: each relation RCI offers from both sides becomes a field on both
 * types, named after its path segment (`User.roles` and `Role.users`, `Queue.queueGroups` and
 * `QueueGroup.queues`). Their lists answer summaries; other fields of a member are completed by id.
 */
for (const name of Object.keys(memberships) as MembershipName[]) {
  const membership = memberships[name];
  for (const sideName of ['a', 'b'] as const) {
    const side = membership[sideName];
    const member = collectionSpec(side.member);
    const memberType = recordSpec(member.record).typeName;
    const ownerType = recordSpec(collectionSpec(side.owner).record).typeName;
    // The same filter as the member's own root list when the parameters are the same; else its own.
    const sameAsRoot =
      Object.keys(side.list.search).join() === Object.keys(member.list.search).join();
    const filterName = sameAsRoot ? `${memberType}Filter` : `${ownerType}${memberType}Filter`;
    const description = `The ${side.segment} of this ${ownerType} (one relation with ${memberType}.${sideName === 'a' ? membership.b.segment : membership.a.segment}).`;

    const load = async (
      owner: Entity,
      args: ListArgs & { offset?: number; limit?: number },
      ctx: GatewayContext,
    ): Promise<Entity[]> => {
      const query = { ...toListQuery(args, side.list), offset: args.offset, limit: args.limit };
      const rows = await ctx.loaders.members(name, sideName, String(owner.data.id), query);
      const present = presentFields(side.list, query);
      return rows.map((data): Entity => ({ resource: side.member, data, present }));
    };

    builder.objectField(entityRef(side.owner), side.segment, (t) =>
      side.list.paged
        ? t.field({
            type: connectionOf(side.member),
            description: `${description} RCI pages this list.`,
            args: { ...t.arg.connectionArgs(), ...(listArgs(t, filterName, member.record, side.list) as {}) },
            resolve: (owner, args, ctx) =>
              offsetConnection(args, (offset, limit) => load(owner, { ...(args as ListArgs), offset, limit }, ctx)),
          })
        : t.field({
            type: [entityRef(side.member)],
            description,
            args: listArgs(t, filterName, member.record, side.list) as {},
            resolve: (owner, args, ctx) => load(owner, args as ListArgs, ctx),
          }),
    );
  }
}
