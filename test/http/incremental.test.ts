import { EventSourceParserStream } from 'eventsource-parser/stream';
import { meros } from 'meros/browser';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RciClient, type RciClientOptions } from '../../src/rci/client.js';
import { createLogger } from '../../src/server/logging.js';
import type { QueryLimits } from '../../src/server/limits.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createGateway } from '../../src/server/yoga.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { startGate, type Gate } from '../support/gate.js';
import { serve, type Served } from '../support/http.js';

// `@defer` and `@stream` over a real port, read as a browser would: `fetch`, and meros (a multipart/mixed
// reader) or eventsource-parser for server-sent events. A gate in front of the simulator holds the RCI
// calls a test names, so "the list arrived while its relations were still being read" is a fact, not
// a race.

const JOHN = 'E936C474B22311D38FBE0090279A922E';
const MY_EXTENSION_2 = '94C89D627D0340A2807B18D8B9C4CD90';
const HELPDESK_QUEUE = '409FBE1B217643089F291B8796174643';
const FINNISH = 'ABFF5E5BC1E44E90877C55570D06E8A7';

interface GraphQLErrorJson {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; limit?: number; estimate?: number };
}
/** One part of an incremental response (the first is an ordinary result with `hasNext`). */
interface Part {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorJson[];
  incremental?: {
    data?: Record<string, unknown> | null;
    items?: unknown[];
    path: (string | number)[];
    errors?: GraphQLErrorJson[];
  }[];
  hasNext?: boolean;
}

interface Served_ {
  sim: RunningSimulator;
  gate: Gate;
  rci: RciClient;
  url: string;
  /** The request log lines written so far. */
  lines: { line: string; fields?: Record<string, unknown> }[];
  metrics: () => Promise<string>;
  close(): Promise<void>;
}

/** A gateway on a real port, over a gate in front of a simulator with a generated data set. */
async function startServed(
  options: { limits?: Partial<QueryLimits>; client?: Partial<RciClientOptions>; over?: RunningSimulator } = {},
): Promise<Served_> {
  const sim = options.over ?? (await startSimulator({ data: { scale: 2, seed: 3 } }));
  const gate = await startGate(sim.url);
  const rci = new RciClient({ baseUrl: gate.url, retries: 0, ...options.client });
  const lines: Served_['lines'] = [];
  const metrics = createMetrics();
  const yoga = createGateway({
    rci,
    metrics,
    limits: options.limits,
    logger: createLogger((level, line, fields) => {
      if (fields?.requestId) lines.push({ line, fields });
    }),
  });
  const served: Served = await serve(yoga.requestListener);
  return {
    sim,
    gate,
    rci,
    url: `${served.origin}/graphql`,
    lines,
    metrics: async () => (await fetch(`${served.origin}/metrics`)).text(),
    async close() {
      await served.close();
      await rci.close();
      await gate.close();
      if (!options.over) await sim.close();
    },
  };
}

/** A served gateway for the tests of one `describe` block; its simulator's log and faults are cleared before each. */
function useServed(): Served_ {
  const gw = {} as Served_;
  beforeAll(async () => {
    Object.assign(gw, await startServed());
  });
  afterAll(() => gw.close());
  beforeEach(() => {
    gw.sim.clearRequests();
    gw.sim.setFaults([]);
  });
  return gw;
}

/** The parts of a response, read one at a time. */
class Parts {
  constructor(private readonly iterator: AsyncIterator<Part>) {}

  async next(): Promise<Part> {
    const step = await this.iterator.next();
    if (step.done) throw new Error('the response ended');
    return step.value;
  }

  /** Every part still to come. */
  async rest(): Promise<Part[]> {
    const parts: Part[] = [];
    for (let step = await this.iterator.next(); !step.done; step = await this.iterator.next()) parts.push(step.value);
    return parts;
  }
}

/** Posts a document asking for multipart/mixed; an answer in one piece is one part. */
async function post(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; signal?: AbortSignal; headers?: Record<string, string> } = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed', ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
    signal: options.signal,
  });
  const read = await meros<Part>(response);
  async function* parts(): AsyncGenerator<Part> {
    if (!(Symbol.asyncIterator in read)) {
      yield (await read.json()) as Part;
      return;
    }
    for await (const part of read) {
      if (!part.json) throw new Error(`a part that is not JSON: ${part.body}`);
      yield part.body;
    }
  }
  return { response, multipart: Symbol.asyncIterator in read, parts: new Parts(parts()) };
}

const errorsOf = (parts: Part[]) =>
  parts.flatMap((p) => [...(p.errors ?? []), ...(p.incremental ?? []).flatMap((i) => i.errors ?? [])]);

const ROSTER = `query Roster {
  users(first: 10) {
    nodes {
      rciId
      firstName
      surname
      ... @defer {
        roles { name }
        userGroups { name }
        skills { level skill { name } }
      }
    }
  }
}`;

describe('@defer', () => {
  const gw = useServed();

  it('paints the roster first: the list arrives while its relations are still being read, they follow', async () => {
    gw.gate.hold(/^\/users\/[^/]+\/(roles|userGroups|skills)$/);
    const { response, multipart, parts } = await post(gw.url, ROSTER);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    expect(multipart).toBe(true);

    const first = await parts.next();
    const users = (first.data as { users: { nodes: Record<string, unknown>[] } }).users.nodes;
    expect(users).toHaveLength(10);
    expect(first.hasNext).toBe(true);
    for (const user of users) expect(Object.keys(user).sort()).toEqual(['firstName', 'rciId', 'surname']);
    // Every relation call is still held: the list was sent before any of them was answered.
    await gw.gate.whenHeld(30);
    expect(gw.sim.requests.map((r) => r.path)).toEqual(['/users']);

    gw.gate.release();
    const later = await parts.rest();
    expect(later.at(-1)!.hasNext).toBe(false);
    expect(errorsOf([first, ...later])).toEqual([]);
    const entries = later.flatMap((p) => p.incremental ?? []);
    expect(entries.map((e) => e.path).sort()).toEqual(users.map((_, i) => ['users', 'nodes', i]).sort());
    const john = users.findIndex((u) => u.rciId === JOHN);
    expect(entries.find((e) => e.path[2] === john)!.data).toEqual({
      roles: [{ name: 'CC Agent' }, { name: 'CC Supervisor' }, { name: 'Office User' }],
      userGroups: [{ name: 'HelpDesk' }, { name: 'IT' }, { name: 'Partner Support' }],
      skills: expect.arrayContaining([{ level: 5, skill: { name: 'English' } }]) as unknown,
    });
    // One request across its parts: no GET twice.
    const calls = gw.sim.requests.map((r) => `${r.method} ${r.path}`);
    expect(new Set(calls).size).toBe(calls.length);
  });

  it('answers a failing relation inside a deferred fragment as an error at its path; the rest arrives', async () => {
    gw.sim.setFaults([{ method: 'GET', path: `/users/${JOHN}/roles`, status: 500 }]);
    const { parts } = await post(gw.url, ROSTER);
    const first = await parts.next();
    const users = (first.data as { users: { nodes: { rciId: string }[] } }).users.nodes;
    const john = users.findIndex((u) => u.rciId === JOHN);
    const later = await parts.rest();
    expect(later.at(-1)!.hasNext).toBe(false);

    const errors = errorsOf([first, ...later]);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toEqual(['users', 'nodes', john, 'roles']);
    expect(errors[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const entries = later.flatMap((p) => p.incremental ?? []);
    expect(entries).toHaveLength(users.length);
    const johns = entries.find((e) => e.path[2] === john)!;
    // The error travels with its deferred part, not at the top of any part.
    expect(johns.errors?.map((e) => e.path)).toEqual([['users', 'nodes', john, 'roles']]);
    expect([first, ...later].every((p) => p.errors === undefined)).toBe(true);
    expect(johns.data!.roles).toBeNull();
    expect(johns.data!.userGroups).toHaveLength(3);
    for (const entry of entries.filter((e) => e !== johns)) expect(entry.data!.roles).not.toBeNull();
  });

  it('is refused before any RCI call to a client that accepts only one JSON answer, unless nothing is deferred', async () => {
    const ask = (variables: { defer: boolean }) =>
      fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
        body: JSON.stringify({
          query: `query Maybe($defer: Boolean!) { users(first: 2) { nodes { firstName ... @defer(if: $defer) { roles { name } } } } }`,
          variables,
        }),
      });
    const refused = await ask({ defer: true });
    expect(refused.status).toBe(406);
    const body = (await refused.json()) as Part;
    expect(body.errors!.map((e) => e.extensions?.code)).toEqual(['NOT_ACCEPTABLE']);
    expect(body.errors![0].message).toMatch(/Accept: multipart\/mixed/);
    expect(gw.sim.requests).toEqual([]);

    // `fetch` accepts anything by default: the parts come as multipart.
    const anything = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ users(first: 1) { nodes { firstName ... @defer { email } } } }` }),
    });
    expect(anything.headers.get('content-type')).toMatch(/^multipart\/mixed/);
    await anything.body?.cancel();
    gw.sim.clearRequests();

    const whole = await ask({ defer: false });
    expect(whole.status).toBe(200);
    const answer = (await whole.json()) as { data: { users: { nodes: { roles: unknown[] }[] } } };
    expect(answer.data.users.nodes.every((u) => u.roles.length > 0)).toBe(true);
  });

  it('is answered in one piece when nothing is deferred: a variable left to its default, a skipped fragment', async () => {
    const ask = (query: string) =>
      fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query }),
      });
    for (const query of [
      `query ByDefault($defer: Boolean! = false) { users(first: 2) { nodes { firstName ... @defer(if: $defer) { roles { name } } } } }`,
      `query Skipped($skip: Boolean! = true) { users(first: 2) { nodes { firstName ... @skip(if: $skip) { ... @defer { roles { name } } } } } }`,
      `{ users(first: 2) { nodes { firstName roles @include(if: false) { ... @defer { name } } } } }`,
    ]) {
      const response = await ask(query);
      expect(response.status, query).toBe(200);
      const answer = (await response.json()) as { data?: { users: { nodes: { firstName: string }[] } } };
      expect(answer.data?.users.nodes, query).toHaveLength(2);
    }
    // Deferred by its default: refused to this client.
    const deferred = await ask(
      `query ByDefault($defer: Boolean! = true) { users(first: 2) { nodes { firstName ... @defer(if: $defer) { roles { name } } } } }`,
    );
    expect(deferred.status).toBe(406);
  });

  it('works in a mutation: the payload first, its deferred relations after', async () => {
    gw.gate.hold(new RegExp(`^/users/${JOHN}/roles$`));
    const { parts } = await post(
      gw.url,
      `mutation Rename($input: UpdateUserInput!) {
        updateUser(input: $input) { user { firstName ... @defer { roles { name } } } }
      }`,
      { variables: { input: { id: JOHN, firstName: 'Jonathan' } } },
    );
    const first = await parts.next();
    expect(first).toEqual({ data: { updateUser: { user: { firstName: 'Jonathan' } } }, hasNext: true });
    await gw.gate.whenHeld(1);
    gw.gate.release();
    const later = await parts.rest();
    expect(later.flatMap((p) => p.incremental ?? [])).toEqual([
      {
        data: { roles: [{ name: 'CC Agent' }, { name: 'CC Supervisor' }, { name: 'Office User' }] },
        path: ['updateUser', 'user'],
      },
    ]);
    expect(gw.sim.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([`/users/${JOHN}`]);
    gw.sim.reset();
  });
});

describe('@stream', () => {
  const gw = useServed();

  it('on `nodes`: sends each user as soon as its own reads are done, not when the whole list is', async () => {
    const { parts: listed } = await post(gw.url, `{ users(first: 5) { nodes { rciId } } }`);
    const ids = ((await listed.next()).data as { users: { nodes: { rciId: string }[] } }).users.nodes.map(
      (u) => u.rciId,
    );
    gw.sim.clearRequests();
    // The last user's roles are held: the others must arrive meanwhile.
    gw.gate.hold(new RegExp(`^/users/${ids[4]}/roles$`));
    const { parts } = await post(
      gw.url,
      `{ users(first: 5) { nodes @stream(initialCount: 1) { rciId roles { name } } } }`,
    );
    const first = await parts.next();
    expect((first.data as { users: { nodes: { rciId: string }[] } }).users.nodes.map((u) => u.rciId)).toEqual([ids[0]]);
    const streamed: { path: (string | number)[]; items?: unknown[] }[] = [];
    while (streamed.length < 3) streamed.push(...((await parts.next()).incremental ?? []));
    expect(streamed.map((s) => s.path)).toEqual([
      ['users', 'nodes', 1],
      ['users', 'nodes', 2],
      ['users', 'nodes', 3],
    ]);
    expect(streamed.map((s) => (s.items![0] as { rciId: string }).rciId)).toEqual(ids.slice(1, 4));
    await gw.gate.whenHeld(1);
    gw.gate.release();
    const last = (await parts.rest()).flatMap((p) => p.incremental ?? []);
    expect(last.map((s) => s.path)).toEqual([['users', 'nodes', 4]]);
    expect((last[0].items![0] as { rciId: string; roles: unknown[] }).rciId).toBe(ids[4]);
  });

  it('on `edges`, with a failing item field: an error at its path, and the stream goes on', async () => {
    const { parts: listed } = await post(gw.url, `{ users(first: 4) { nodes { rciId } } }`);
    const ids = ((await listed.next()).data as { users: { nodes: { rciId: string }[] } }).users.nodes.map(
      (u) => u.rciId,
    );
    gw.sim.setFaults([{ method: 'GET', path: `/users/${ids[1]}/roles`, status: 500 }]);
    const { parts } = await post(
      gw.url,
      `{ users(first: 4) { edges @stream(initialCount: 0) { cursor node { rciId roles { name } } } } }`,
    );
    const all = [await parts.next(), ...(await parts.rest())];
    expect(all[0].data).toEqual({ users: { edges: [] } });
    const items = all.flatMap((p) => p.incremental ?? []);
    expect(items.map((i) => i.path)).toEqual([0, 1, 2, 3].map((i) => ['users', 'edges', i]));
    expect(items.map((i) => (i.items![0] as { node: { rciId: string } }).node.rciId)).toEqual(ids);
    expect((items[1].items![0] as { node: { roles: unknown } }).node.roles).toBeNull();
    expect((items[2].items![0] as { node: { roles: unknown[] } }).node.roles.length).toBeGreaterThan(0);
    const errors = errorsOf(all);
    expect(errors.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['users', 'edges', 1, 'node', 'roles'], 'UPSTREAM_UNAVAILABLE'],
    ]);
    expect(all.at(-1)!.hasNext).toBe(false);
  });

  it('on a relation list: a failed item is null with its error at its own path, the others arrive', async () => {
    gw.sim.setFaults([{ method: 'GET', path: `/queues/${HELPDESK_QUEUE}`, status: 500 }]);
    const { parts } = await post(
      gw.url,
      `{ cpExtension(id: "${MY_EXTENSION_2}") { title queues @stream(initialCount: 0) { rciId name } } }`,
    );
    const all = [await parts.next(), ...(await parts.rest())];
    expect(all[0].data).toEqual({ cpExtension: { title: 'MyExtension2', queues: [] } });
    const items = all.flatMap((p) => p.incremental ?? []);
    expect(items.map((i) => i.path)).toEqual([0, 1, 2].map((i) => ['cpExtension', 'queues', i]));
    expect(items.map((i) => (i.items![0] as { name: string } | null)?.name ?? null)).toEqual([
      'Sales',
      null,
      'Sales Email',
    ]);
    expect(errorsOf(all).map((e) => [e.path, e.extensions?.code])).toEqual([
      [['cpExtension', 'queues', 1], 'UPSTREAM_UNAVAILABLE'],
    ]);
    expect(all.at(-1)!.hasNext).toBe(false);
  });

  it("on a user's roles: each role as it is completed", async () => {
    const { parts } = await post(
      gw.url,
      `{ user(id: "${JOHN}") { firstName roles @stream(initialCount: 1) { name description } } }`,
    );
    const all = [await parts.next(), ...(await parts.rest())];
    expect(all[0].data).toEqual({
      user: { firstName: 'John', roles: [{ name: 'CC Agent', description: 'CC Agent Role' }] },
    });
    const items = all.flatMap((p) => p.incremental ?? []);
    expect(items.map((i) => i.path)).toEqual([
      ['user', 'roles', 1],
      ['user', 'roles', 2],
    ]);
    expect(items.flatMap((i) => i.items!.map((item) => (item as { name: string }).name))).toEqual([
      'CC Supervisor',
      'Office User',
    ]);
    expect(errorsOf(all)).toEqual([]);
  });

  it('on the outcomes of a bulk mutation: each outcome is sent as its item finishes', async () => {
    const { parts: listed } = await post(gw.url, `{ users(first: 3) { nodes { rciId } } }`);
    const ids = ((await listed.next()).data as { users: { nodes: { rciId: string }[] } }).users.nodes.map(
      (u) => u.rciId,
    );
    // The last user's skill calls are held: the first two outcomes must arrive meanwhile.
    gw.gate.hold(new RegExp(`^/users/${ids[2]}/skills`));
    const { parts } = await post(
      gw.url,
      `mutation Assign($items: [SetUserSkillInput!]!) {
        bulkSetUserSkill(input: { items: $items }) @stream(initialCount: 0) { index errors { code } payload { level } }
      }`,
      { variables: { items: ids.map((userId) => ({ userId, skillId: FINNISH, level: 2 })) } },
    );
    const first = await parts.next();
    expect(first).toEqual({ data: { bulkSetUserSkill: [] }, hasNext: true });
    const streamed: { path: (string | number)[]; items?: unknown[] }[] = [];
    while (streamed.length < 2) streamed.push(...((await parts.next()).incremental ?? []));
    expect(streamed.flatMap((s) => s.items)).toEqual([
      { index: 0, errors: [], payload: { level: 2 } },
      { index: 1, errors: [], payload: { level: 2 } },
    ]);
    await gw.gate.whenHeld(1);
    gw.gate.release();
    const last = (await parts.rest()).flatMap((p) => p.incremental ?? []);
    expect(last.flatMap((s) => s.items)).toEqual([{ index: 2, errors: [], payload: { level: 2 } }]);
    gw.sim.reset();
  });

  it("on a root mutation field only when it is the operation's only field; never @defer there", async () => {
    const refused = async (query: string) => {
      const response = await fetch(gw.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query }),
      });
      return ((await response.json()) as Part).errors?.map((e) => [e.extensions?.code, e.message]);
    };
    expect(
      await refused(`mutation {
        a: bulkDeleteSkill(input: { items: [] }) @stream { index }
        b: bulkDeleteSkill(input: { items: [] }) { index }
      }`),
    ).toEqual([
      [
        'GRAPHQL_VALIDATION_FAILED',
        'Stream directive cannot be used on root mutation type "Mutation" unless the field is the operation\'s only one.',
      ],
    ]);
    expect(await refused(`mutation { ... @defer { bulkDeleteSkill(input: { items: [] }) { index } } }`)).toEqual([
      ['GRAPHQL_VALIDATION_FAILED', 'Defer directive cannot be used on root mutation type "Mutation".'],
    ]);
    expect(gw.sim.requests).toEqual([]);
  });

  it('is served as server-sent events to a client that asks for them', async () => {
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: `{ users(first: 3) { nodes @stream(initialCount: 1) { rciId } } }` }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events: { event?: string; data: string }[] = [];
    const reader = response
      .body!.pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream())
      .getReader();
    for (let step = await reader.read(); !step.done; step = await reader.read()) events.push(step.value);
    expect(events.at(-1)!.event).toBe('complete');
    expect(events.slice(0, -1).every((e) => e.event === 'next')).toBe(true);
    const parts = events.slice(0, -1).map((e) => JSON.parse(e.data) as Part);
    expect(parts.at(-1)!.hasNext).toBe(false);
    expect((parts[0].data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(1);
    expect(parts.slice(1).flatMap((p) => (p.incremental ?? []).map((i) => i.path))).toEqual([
      ['users', 'nodes', 1],
      ['users', 'nodes', 2],
    ]);
  });
});

describe('limits over the whole response', () => {
  let gw: Served_;
  let bounded: Served_;
  beforeAll(async () => {
    gw = await startServed();
    bounded = await startServed({ limits: { maxCost: 0, maxResultObjects: 60 }, over: gw.sim });
  });
  afterAll(async () => {
    await bounded.close();
    await gw.close();
  });
  beforeEach(() => gw.sim.clearRequests());

  it('refuses an over-limit deferred or streamed query before any RCI call, estimated as if nothing were deferred', async () => {
    const selection = `roles { users { roles { users { firstName } } } }`;
    const plain = await post(gw.url, `{ users(first: 100) { nodes { firstName ${selection} } } }`);
    const deferred = await post(gw.url, `{ users(first: 100) { nodes { firstName ... @defer { ${selection} } } } }`);
    const streamed = await post(
      gw.url,
      `{ users(first: 100) { nodes @stream(initialCount: 0) { firstName ${selection} } } }`,
    );
    const answers = [await plain.parts.rest(), await deferred.parts.rest(), await streamed.parts.rest()];
    for (const parts of answers) {
      expect(parts).toHaveLength(1);
      expect(parts[0].data).toBeUndefined();
      expect(parts[0].errors).toHaveLength(1);
      expect(parts[0].errors![0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    }
    const estimates = answers.map((parts) => parts[0].errors![0].extensions?.estimate);
    expect(estimates[0]).toBeGreaterThan(20_000);
    expect(new Set(estimates).size).toBe(1);
    expect(gw.sim.requests).toEqual([]);
  });

  it('counts the result objects of every part: a deferred part that passes the bound stops, with one error', async () => {
    const { parts } = await post(
      bounded.url,
      `{ users(first: 10) { nodes { rciId ... @defer { roles { users { rciId } } } } } }`,
    );
    const first = await parts.next();
    expect(first.errors).toBeUndefined();
    expect((first.data as { users: { nodes: unknown[] } }).users.nodes).toHaveLength(10);
    const later = await parts.rest();
    expect(later.at(-1)!.hasNext).toBe(false);
    const errors = errorsOf(later);
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 60 });
  });
});

describe('a client that goes away mid-stream', () => {
  let gw: Served_;
  beforeAll(async () => {
    // Two connections: two relation calls on the wire at a time, the others waiting for one.
    gw = await startServed({ client: { connections: 2 } });
  });
  afterAll(() => gw.close());

  it('cancels the RCI calls still pending: the ones on the wire are cut, none is started after', async () => {
    gw.sim.clearRequests();
    gw.gate.hold(/\/roles$/);
    const client = new AbortController();
    const { parts } = await post(
      gw.url,
      `query Deferred { users(first: 10) { nodes { rciId ... @defer { roles { name } } } } }`,
      {
        signal: client.signal,
        headers: { 'x-request-id': 'going-away' },
      },
    );
    const first = await parts.next();
    expect(first.hasNext).toBe(true);
    await gw.gate.whenHeld(2);
    client.abort();
    // The gateway gives up both calls on the wire (the gate sees them closed, never answered) ...
    await gw.gate.whenAbandoned(2);
    const seen = gw.gate.arrivals.length;
    gw.gate.release();
    // ... and starts none of the eight waiting: a query sent now is the only thing that reaches RCI.
    const after = await post(gw.url, `{ skills(first: 1) { nodes { name } } }`);
    expect((await after.parts.rest())[0].errors).toBeUndefined();
    expect(gw.gate.arrivals.slice(seen)).toEqual(['GET /skills?offset=0&limit=2']);
    expect(gw.sim.requests.map((r) => r.path)).toEqual(['/users', '/skills']);
    // Logged once, as one request that did not get its whole answer.
    const logged = gw.lines.filter((l) => l.fields?.requestId === 'going-away');
    expect(logged).toHaveLength(1);
    expect(logged[0].fields).toMatchObject({ operationName: 'Deferred', status: 200, incomplete: true });
  });
});

describe('logs and metrics', () => {
  let gw: Served_;
  beforeAll(async () => {
    gw = await startServed();
  });
  afterAll(() => gw.close());

  it('see one operation: logged and counted once, after its last part, with the errors of every part', async () => {
    gw.sim.setFaults([{ method: 'GET', path: `/users/${JOHN}/roles`, status: 500 }]);
    gw.gate.hold(/\/roles$/);
    const { parts } = await post(gw.url, ROSTER, { headers: { 'x-request-id': 'roster-1' } });
    await parts.next();
    await gw.gate.whenHeld(10);
    // Still being answered: not logged yet, one request in flight.
    expect(gw.lines.filter((l) => l.fields?.requestId === 'roster-1')).toEqual([]);
    expect(await gw.metrics()).toContain('graphql_gateway_requests_in_flight 1');
    gw.gate.release();
    await parts.rest();

    const logged = gw.lines.filter((l) => l.fields?.requestId === 'roster-1');
    expect(logged).toHaveLength(1);
    expect(logged[0].fields).toMatchObject({
      operationName: 'Roster',
      status: 200,
      errorCodes: ['UPSTREAM_UNAVAILABLE'],
    });
    expect(logged[0].fields?.incomplete).toBeUndefined();
    const metrics = await gw.metrics();
    expect(metrics).toContain('graphql_gateway_requests_in_flight 0');
    expect(metrics).toContain('graphql_gateway_errors_total{operation_name="Roster",code="UPSTREAM_UNAVAILABLE"} 1');
    expect(metrics).toMatch(/graphql_envelop_request\{operationName="Roster",operationType="query"\} 1\n/);
  });
});
