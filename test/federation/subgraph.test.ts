import { printSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import { rest, startGateway, type TestGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// The gateway as an Apollo Federation v2 subgraph on its own endpoint: the SDL it publishes, and
// `_entities` resolving representations through the per-request loaders.

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on User { rciId email }
    ... on Queue { rciId name }
    ... on QueueExtension { rciId name }
  }
}`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ simulator: { data: { scale: 20, seed: 3 } } });
});
afterAll(() => gw.close());
beforeEach(() => gw.sim.clearRequests());

describe('subgraph SDL', () => {
  it('subgraph.graphql is the current subgraph SDL (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(new URL('../../subgraph.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSubgraphSchema(schema)}\n`);
  });

  it('`_service { sdl }` on the endpoint publishes the same SDL, federation and cost directives included', async () => {
    const result = await gw.query<{ _service: { sdl: string } }, never>('{ _service { sdl } }');
    expect(result.data!._service.sdl).toBe(printSubgraphSchema(schema));
    expect(result.data!._service.sdl).toContain(
      '@link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@cost", "@key", "@listSize"])',
    );
  });

  it('every Node type has the keys `id` and `rciId`; nested ones cannot be resolved by `rciId` alone', () => {
    const sdl = parse(printSubgraphSchema(schema));
    const nodes = sdl.definitions.filter(
      (d): d is ObjectTypeDefinitionNode =>
        d.kind === Kind.OBJECT_TYPE_DEFINITION && !!d.interfaces?.some((i) => i.name.value === 'Node'),
    );
    const keys = Object.fromEntries(
      nodes.map((node) => [
        node.name.value,
        node.directives!.filter((d) => d.name.value === 'key').map((d) => printKey(d.arguments!)),
      ]),
    );
    const root = [
      'User',
      'UserGroup',
      'Role',
      'Skill',
      'Queue',
      'QueueGroup',
      'TimeZone',
      'PrsProfile',
      'MessagingService',
      'ReplyTemplate',
      'CustomIvr',
      'AudioPrompt',
      'CpExtension',
      'DisruptionSet',
    ];
    const nested = [
      'QueueExtension',
      'Certificate',
      'DisruptionEvent',
      'DisruptionItem',
      'MessagingServiceAuthentication',
      'ReplyTemplateAttachment',
      'CustomIvrSourceCode',
    ];
    expect(Object.keys(keys).sort()).toEqual([...root, ...nested].sort());
    for (const type of root) expect(keys[type], type).toEqual(['id', 'rciId']);
    for (const type of nested) expect(keys[type], type).toEqual(['id', 'rciId resolvable=false']);
  });
});

function printKey(args: readonly { name: { value: string }; value: Json }[]): string {
  const fields = args.find((a) => a.name.value === 'fields')!.value.value as string;
  const resolvable = args.find((a) => a.name.value === 'resolvable');
  return resolvable ? `${fields} resolvable=${resolvable.value.value}` : fields;
}

describe('_entities', () => {
  it('N representations cost one RCI GET per distinct object, whichever key names it', async () => {
    const users = (await rest<{ id: string }[]>(gw, '/users?limit=4')).slice(0, 4);
    const byGlobalId = await gw.query(`{ user(id: "${users[0].id}") { id } }`);
    const globalId = (byGlobalId.data as Json).user.id as string;
    gw.sim.clearRequests();

    // 10 representations naming 4 users: by rciId, by global id, and an RCI id in lower case.
    const representations = [
      ...users.map((u) => ({ __typename: 'User', rciId: u.id })),
      ...users.map((u) => ({ __typename: 'User', rciId: u.id })),
      { __typename: 'User', id: globalId },
      { __typename: 'User', rciId: users[1].id.toLowerCase() },
    ];
    const result = await gw.query(ENTITIES, { representations });
    expect(result.errors).toBeUndefined();
    const answered = (result.data as Json)._entities as { __typename: string; rciId: string; email: string }[];
    expect(answered.map((e) => e.rciId)).toEqual([...users, ...users, users[0], users[1]].map((u) => u.id));
    expect(answered.every((e) => e.__typename === 'User' && typeof e.email === 'string')).toBe(true);
    expect(gw.calls().sort()).toEqual(users.map((u) => `GET /users/${u.id}`).sort());
  });

  it('a nested entity resolves by its global id, under its parent', async () => {
    const result = await gw.query(`{ queues(first: 1) { nodes { rciId extensions { id rciId name } } } }`);
    const queue = (result.data as Json).queues.nodes[0] as {
      rciId: string;
      extensions: { id: string; rciId: string; name: string }[];
    };
    const extension = queue.extensions[0];
    gw.sim.clearRequests();

    const entities = await gw.query(ENTITIES, {
      representations: [{ __typename: 'QueueExtension', id: extension.id }],
    });
    expect(entities.errors).toBeUndefined();
    expect((entities.data as Json)._entities).toEqual([
      { __typename: 'QueueExtension', rciId: extension.rciId, name: extension.name },
    ]);
    expect(gw.calls()).toEqual([`GET /queues/${queue.rciId}/extensions/${extension.rciId}`]);
  });

  it('an object RCI does not have is null, without an error', async () => {
    const result = await gw.query(ENTITIES, {
      representations: [{ __typename: 'User', rciId: '00000000000000000000000000000000' }],
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as Json)._entities).toEqual([null]);
  });

  it('a malformed representation is a BAD_USER_INPUT of its own item, and costs no RCI call', async () => {
    const { id: userId } = (await rest<{ id: string }[]>(gw, '/users?limit=1'))[0];
    gw.sim.clearRequests();
    const bad = [
      { __typename: 'Nope', rciId: userId },
      { __typename: 'PageInfo', rciId: userId },
      { rciId: userId },
      'not an object',
      { __typename: 'User' },
      { __typename: 'User', rciId: 42 },
      { __typename: 'User', rciId: 'not-a-guid' },
      { __typename: 'User', id: 'bm90IGEgZ2xvYmFsIGlk' },
      { __typename: 'User', id: Buffer.from(`Queue:${userId}`).toString('base64') },
      { __typename: 'QueueExtension', rciId: userId },
    ];
    const result = await gw.query(ENTITIES, { representations: [...bad, { __typename: 'User', rciId: userId }] });
    expect(result.status).toBe(200);
    const entities = (result.data as Json)._entities as unknown[];
    expect(entities.slice(0, bad.length)).toEqual(bad.map(() => null));
    expect(entities[bad.length]).toMatchObject({ __typename: 'User', rciId: userId });
    const errors = result.errors as unknown as { path: unknown[]; message: string; extensions: { code: string } }[];
    expect(errors.map((e) => e.path)).toEqual(bad.map((_, i) => ['_entities', i]));
    expect(errors.map((e) => e.extensions.code)).toEqual(bad.map(() => 'BAD_USER_INPUT'));
    expect(errors.at(-1)!.message).toMatch(/cannot be resolved by 'rciId' alone/);
    expect(gw.calls()).toEqual([`GET /users/${userId}`]);
  });

  it('refuses more than 1000 representations in one request, before any RCI call', async () => {
    const representations = Array.from({ length: 1001 }, (_, i) => ({
      __typename: 'User',
      rciId: i.toString(16).toUpperCase().padStart(32, '0'),
    }));
    const result = await gw.query(ENTITIES, { representations });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/At most 1000 representations/);
    expect(gw.calls()).toEqual([]);
  });
});
