import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { assertCompositionFailure, assertCompositionSuccess, composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rest, startGateway, type TestGateway } from '../support/gateway.js';
import { serve, type Served } from '../support/http.js';
import { createTicketsService, ticketsTypeDefs, type Ticket } from './tickets.js';
import type { Json } from '../support/json.js';

// A supergraph of two real HTTP services, composed with @theguild/federation-composition and run by Hive
// Gateway's runtime: this gateway (the RCI subgraph, its SDL read from its own `_service`) and a small
// tickets subgraph that stores RCI ids. Queries cross in both directions; the RCI calls are counted.

let gw: TestGateway;
let rciSubgraph: Served;
/** The RCI subgraph SDL as read from its `_service` field. */
let rciSdl: string;
let ticketsSubgraph: Served;
let supergraph: Served;
let runtime: ReturnType<typeof createGatewayRuntime>;
let tickets: ReturnType<typeof createTicketsService>;
let users: { id: string }[];
let queues: { id: string }[];
let ticketRows: Ticket[];

beforeAll(async () => {
  gw = await startGateway({ simulator: { data: { scale: 20, seed: 5 } } });
  users = (await rest<{ id: string }[]>(gw, '/users?limit=3')).slice(0, 3);
  queues = (await rest<{ id: string }[]>(gw, '/queues?limit=2')).slice(0, 2);
  // Three tickets naming two distinct users and two distinct queues; the third user has none.
  ticketRows = [
    { id: 'T-1', title: 'Headset crackles', status: 'OPEN', assigneeRciId: users[0].id, queueRciId: queues[0].id },
    { id: 'T-2', title: 'Cannot log in', status: 'OPEN', assigneeRciId: users[1].id, queueRciId: queues[1].id },
    {
      id: 'T-3',
      title: 'Wrap-up codes missing',
      status: 'CLOSED',
      assigneeRciId: users[0].id,
      queueRciId: queues[0].id,
    },
  ];
  tickets = createTicketsService(ticketRows);
  rciSubgraph = await serve(gw.yoga.requestListener);
  ticketsSubgraph = await serve(tickets.yoga.requestListener);

  // The RCI subgraph's SDL as a composition pipeline reads it: from `_service { sdl }` over HTTP.
  const response = await fetch(`${rciSubgraph.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  rciSdl = ((await response.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
  const composition = composeServices([
    { name: 'rci', typeDefs: parse(rciSdl), url: `${rciSubgraph.origin}/graphql` },
    { name: 'tickets', typeDefs: ticketsTypeDefs, url: `${ticketsSubgraph.origin}/graphql` },
  ]);
  assertCompositionSuccess(composition);
  runtime = createGatewayRuntime({ supergraph: composition.supergraphSdl, logging: false });
  supergraph = await serve(runtime.requestListener);
});

afterAll(async () => {
  await supergraph?.close();
  await runtime?.dispose();
  await ticketsSubgraph?.close();
  await rciSubgraph?.close();
  await gw?.close();
});

beforeEach(() => {
  gw.sim.clearRequests();
  tickets.operations.length = 0;
});

async function query(document: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${supergraph.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: document, variables }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { data?: Json; errors?: unknown[] };
}

describe('from the tickets subgraph into RCI', () => {
  it('resolves the users and queues tickets name by rciId: one RCI GET per distinct object', async () => {
    const result = await query(`{
      tickets { id title assignee { rciId firstName email } queue { rciId name } }
    }`);
    expect(result.errors).toBeUndefined();
    const expected = await Promise.all(ticketRows.map((t) => rest(gw, `/users/${t.assigneeRciId}`)));
    const expectedQueues = await Promise.all(ticketRows.map((t) => rest(gw, `/queues/${t.queueRciId}`)));
    expect(result.data.tickets).toEqual(
      ticketRows.map((t, i) => ({
        id: t.id,
        title: t.title,
        assignee: { rciId: t.assigneeRciId, firstName: expected[i].firstName, email: expected[i].email },
        queue: { rciId: t.queueRciId, name: expectedQueues[i].name },
      })),
    );
    gw.sim.clearRequests();

    await query(`{ tickets { assignee { firstName email } queue { name } } }`);
    // 3 tickets, 2 distinct users, 2 distinct queues: exactly 4 RCI calls, each a by-id GET.
    expect(gw.calls().sort()).toEqual(
      [...users.slice(0, 2).map((u) => `GET /users/${u.id}`), ...queues.map((q) => `GET /queues/${q.id}`)].sort(),
    );
  });
});

describe('from RCI into the tickets subgraph', () => {
  it('adds User.openTickets to users listed by RCI, in one call to the tickets subgraph', async () => {
    const result = await query(`{ users(first: 3) { nodes { rciId firstName openTickets { id title } } } }`);
    expect(result.errors).toBeUndefined();
    const nodes = result.data.users.nodes as { rciId: string; openTickets: { id: string }[] }[];
    expect(nodes.map((n) => n.rciId)).toEqual(users.map((u) => u.id));
    expect(nodes.map((n) => n.openTickets.map((t) => t.id))).toEqual([['T-1'], ['T-2'], []]);
    // One RCI list (its summaries carry rciId and firstName), no by-id GET; one batched `_entities` call.
    expect(gw.calls()).toHaveLength(1);
    expect(gw.calls()[0]).toMatch(/^GET \/users\?/);
    expect(tickets.operations).toHaveLength(1);
    expect(tickets.operations[0]).toContain('_entities');
  });

  it('crosses back: a user (by global id) → its open tickets → their queues, read from RCI once each', async () => {
    const user = await gw.query(`{ user(id: "${users[0].id}") { id } }`);
    gw.sim.clearRequests();
    const result = await query(
      `query ($id: ID!) { node(id: $id) { ... on User { email openTickets { title queue { name description } } } } }`,
      {
        id: (user.data as Json).user.id,
      },
    );
    expect(result.errors).toBeUndefined();
    expect(gw.calls().sort()).toEqual([`GET /queues/${queues[0].id}`, `GET /users/${users[0].id}`]);
    const queue = await rest<{ name: string; description?: string }>(gw, `/queues/${queues[0].id}`);
    expect(result.data.node.openTickets).toEqual([
      { title: 'Headset crackles', queue: { name: queue.name, description: queue.description ?? null } },
    ]);
  });
});

describe('composition', () => {
  it('refuses a subgraph that would reach a nested entity by rciId alone (its rciId key is not resolvable)', () => {
    const composition = composeServices([
      { name: 'rci', typeDefs: parse(rciSdl), url: `${rciSubgraph.origin}/graphql` },
      {
        name: 'dialer',
        url: 'http://dialer.test/graphql',
        typeDefs: parse(`
          extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])
          type Query { lastExtensionDialled: QueueExtension }
          type QueueExtension @key(fields: "rciId", resolvable: false) { rciId: String! }
        `),
      },
    ]);
    assertCompositionFailure(composition);
    expect(composition.errors.map((e) => e.message).join('\n')).toMatch(
      /cannot move to subgraph "rci" using @key\(fields: "id"\) of "QueueExtension"/,
    );
  });
});
