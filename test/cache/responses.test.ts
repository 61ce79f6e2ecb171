import { describe, expect, it } from 'vitest';
import type { LogSink } from '../../src/server/logging.js';
import { createLogger } from '../../src/server/logging.js';
import { CSRF_HEADER } from '../../src/server/yoga.js';
import { startSimulator } from '../../src/simulator/index.js';
import { startGate } from '../support/gate.js';
import { startGateway, useGateway, type TestGateway } from '../support/gateway.js';

// The response cache in front of execution, in memory: a caller's repeat is answered with the bytes of
// its first answer (no RCI call, no execution), never another caller's; answers with errors are never
// kept; `no-cache` reads afresh and refreshes it; ETags and 304s; identical requests in flight share
// one execution. Executions are counted by Yoga's own execute-phase metric.
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = basic('alice', 'alice-secret');
const BOB = basic('bob', 'bob-secret');
const JOHN = 'E936C474B22311D38FBE0090279A922E';
const FRESH = { 'cache-control': 'no-cache' };

/** The roster, named per test: the simulator's data is reset before each test, the gateway's caches are not. */
const roster = (name: string) => `query ${name} {
  users(first: 20) {
    nodes { rciId firstName email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } }
  }
}`;

const CAROL = basic('carol', 'carol-secret');
const DAVE = basic('dave', 'dave-secret');
const auth = {
  users: [
    { username: 'alice', password: 'alice-secret' },
    { username: 'bob', password: 'bob-secret' },
    { username: 'carol', password: 'carol-secret' },
    { username: 'dave', password: 'dave-secret' },
  ],
};

/** Sends a document as a client would and keeps the whole HTTP answer. */
async function send(gw: TestGateway, query: string, headers: Record<string, string> = {}) {
  const response = await gw.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** How many operations Yoga has executed (its `graphql_envelop_phase_execute` histogram's count). */
async function executions(gw: TestGateway): Promise<number> {
  const metric = await gw.metrics!.registry.getSingleMetric('graphql_envelop_phase_execute')!.get();
  const values = metric.values as { metricName?: string; value: number }[];
  return values.filter((v) => v.metricName?.endsWith('_count')).reduce((sum, v) => sum + v.value, 0);
}

/** How the response cache answered so far, by result. */
async function lookups(gw: TestGateway): Promise<Record<string, number>> {
  const metric = await gw.metrics!.registry.getSingleMetric('graphql_response_cache_lookups_total')!.get();
  return Object.fromEntries(metric.values.map((v) => [String(v.labels.result), v.value]));
}

describe('response cache in memory', () => {
  const lines: Record<string, unknown>[] = [];
  const sink: LogSink = (_level, _line, fields) => void (fields?.path === '/graphql' && lines.push(fields));
  const gw = useGateway({
    simulator: { auth, data: { scale: 4 } },
    cache: { ttlMs: 60_000 },
    responseCache: {},
    metrics: true,
    logger: createLogger(sink),
    reset: true,
  });
  const callsBy = (authorization: string) => gw.sim.requests.filter((r) => r.authorization === authorization).length;

  it('answers a warm repeat of the same caller with the same bytes, 0 RCI calls and no execution', async () => {
    const ROSTER = roster('Warm');
    gw.metrics!.registry.resetMetrics();
    const cold = await send(gw, ROSTER, { authorization: ALICE });
    expect(JSON.parse(cold.body)).not.toHaveProperty('errors');
    expect(gw.calls().length).toBeGreaterThan(20);
    expect(await executions(gw)).toBe(1);
    gw.sim.clearRequests();
    lines.length = 0;
    const warm = await send(gw, ROSTER, { authorization: ALICE });
    expect(warm.status).toBe(200);
    expect(warm.body).toBe(cold.body);
    expect(warm.headers.get('content-type')).toBe(cold.headers.get('content-type'));
    expect(gw.calls()).toEqual([]);
    expect(await executions(gw)).toBe(1);
    expect(await lookups(gw)).toEqual({ miss: 1, hit: 1 });
    expect(lines).toEqual([expect.objectContaining({ status: 200, responseCache: 'hit' })]);
    // Nothing was parsed: the log line cannot name the operation.
    expect(lines[0]).not.toHaveProperty('operationName');
  });

  it('never answers another caller from it, nor a caller RCI refuses', async () => {
    const ROSTER = roster('Callers');
    gw.metrics!.registry.resetMetrics();
    const alice = await send(gw, ROSTER, { authorization: ALICE });
    await send(gw, ROSTER, { authorization: ALICE });
    expect(await executions(gw)).toBe(1);
    gw.sim.clearRequests();
    const bob = await send(gw, ROSTER, { authorization: BOB });
    expect(bob.body).toBe(alice.body);
    expect(await executions(gw)).toBe(2);
    expect(callsBy(BOB)).toBeGreaterThan(20);
    expect(callsBy(ALICE)).toBe(0);
    // The same credentials with a wrong password, and none at all: each executes and RCI refuses it.
    const refused: Record<string, string>[] = [{ authorization: basic('alice', 'wrong') }, {}];
    for (const headers of refused) {
      const refused = JSON.parse((await send(gw, ROSTER, headers)).body) as { errors?: unknown[] };
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    expect(await executions(gw)).toBe(4);
  });

  it('never keeps an answer with an error', async () => {
    const ROSTER = roster('Errors');
    // Carol's first request: nothing of hers is cached in either layer.
    gw.metrics!.registry.resetMetrics();
    // A refusal, not an outage: 5xx answers would open the RCI circuit breaker for the next tests.
    gw.sim.setFaults([{ method: 'GET', path: /^\/users\/[^/]+\/roles$/, status: 403 }]);
    try {
      const failed = JSON.parse((await send(gw, ROSTER, { authorization: CAROL })).body) as { errors?: unknown[] };
      expect(failed.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    } finally {
      gw.sim.setFaults([]);
    }
    gw.sim.clearRequests();
    const repeated = JSON.parse((await send(gw, ROSTER, { authorization: CAROL })).body) as { errors?: unknown[] };
    expect(repeated.errors).toBeUndefined();
    // Executed again: the roles are read now (the rest from the RCI cache).
    expect(await executions(gw)).toBe(2);
    expect(gw.calls().length).toBeGreaterThan(0);
    expect(gw.calls().every((call) => /^GET \/users\/[^/]+\/roles$/.test(call))).toBe(true);
    gw.sim.clearRequests();
    await send(gw, ROSTER, { authorization: CAROL });
    expect(await executions(gw)).toBe(2);
    expect(gw.calls()).toEqual([]);
  });

  it('reads afresh with Cache-Control: no-cache, past both caches, and refreshes both', async () => {
    const ROSTER = roster('Fresh');
    const user = `{ user(id: "${JOHN}") { firstName } }`;
    await send(gw, ROSTER, { authorization: ALICE, ...FRESH });
    const fullCount = gw.calls().length;
    await send(gw, user, { authorization: ALICE });
    const current = (await (
      await fetch(`${gw.sim.url}/users/${JOHN}`, { headers: { authorization: ALICE } })
    ).json()) as {
      firstName: string;
    };
    // Changed outside the gateway: within the TTL the warm answers still show the old name...
    await fetch(`${gw.sim.url}/users/${JOHN}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: ALICE },
      body: JSON.stringify({ ...current, firstName: 'Outside' }),
    });
    gw.metrics!.registry.resetMetrics();
    gw.sim.clearRequests();
    expect(JSON.parse((await send(gw, user, { authorization: ALICE })).body)).toEqual({
      data: { user: { firstName: 'John' } },
    });
    expect(await executions(gw)).toBe(0);
    // ...asking for fresh data executes with every RCI call...
    const fresh = await send(gw, ROSTER, { authorization: ALICE, ...FRESH });
    expect(gw.calls()).toHaveLength(fullCount);
    expect(fresh.body).toContain('Outside');
    expect(await executions(gw)).toBe(1);
    // ...and the next plain repeats are answered from what it read, without executing.
    gw.sim.clearRequests();
    expect((await send(gw, ROSTER, { authorization: ALICE })).body).toBe(fresh.body);
    expect(await executions(gw)).toBe(1);
    expect(gw.calls()).toEqual([]);
    await send(gw, user, { authorization: ALICE, ...FRESH });
    expect(JSON.parse((await send(gw, user, { authorization: ALICE })).body)).toEqual({
      data: { user: { firstName: 'Outside' } },
    });
    expect(await executions(gw)).toBe(2);
    expect(await lookups(gw)).toEqual({ hit: 3, bypass: 2 });
  });

  it('gives query answers an ETag and Cache-Control: private; If-None-Match with it answers 304', async () => {
    const ROSTER = roster('Etag');
    // (Read afresh: the simulator's data was reset under the warm RCI cache.)
    const first = await send(gw, ROSTER, { authorization: ALICE, ...FRESH });
    gw.metrics!.registry.resetMetrics();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    // From the cache: the same validator.
    const repeat = await send(gw, ROSTER, { authorization: ALICE });
    expect(repeat.headers.get('etag')).toBe(etag);
    expect(repeat.headers.get('cache-control')).toBe('private, no-cache');

    const notModified = await send(gw, ROSTER, { authorization: ALICE, 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBe('');
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toBe('private, no-cache');
    const other = await send(gw, ROSTER, { authorization: ALICE, 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
    expect(other.body).toBe(first.body);
    // A GET of the same query asks for the same: 304 for it too.
    const url = `http://gateway.test/graphql?query=${encodeURIComponent(ROSTER)}`;
    const get = await gw.yoga.fetch(url, {
      headers: { accept: 'application/json', authorization: ALICE, [CSRF_HEADER]: '1', 'if-none-match': etag },
    });
    expect(get.status).toBe(304);
    expect(await executions(gw)).toBe(0);

    // Read afresh (executed, not looked up): still 304 while the bytes are the same.
    const fresh = await send(gw, ROSTER, { authorization: ALICE, 'if-none-match': etag, ...FRESH });
    expect(fresh.status).toBe(304);
    expect(await executions(gw)).toBe(1);
    // After a write the answer differs: 200, a new ETag.
    const written = await send(
      gw,
      `mutation { updateUser(input: { id: "${JOHN}", email: "etag@example.com" }) { user { email } } }`,
      { authorization: ALICE },
    );
    expect(written.headers.get('etag')).toBeNull();
    expect(written.headers.get('cache-control')).toBeNull();
    const changed = await send(gw, ROSTER, { authorization: ALICE, 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.body).toContain('etag@example.com');
    expect(changed.headers.get('etag')).not.toBe(etag);
    // An answer with errors has no validator.
    const failed = await send(gw, `{ user(id: "not-an-id") { firstName } }`, { authorization: ALICE });
    expect(failed.body).toContain('BAD_USER_INPUT');
    expect(failed.headers.get('etag')).toBeNull();
  });

  it('shares one execution between identical requests of one caller in flight', async () => {
    const ROSTER = roster('Flight');
    gw.metrics!.registry.resetMetrics();
    gw.sim.setLatency({ fixedMs: 30 });
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => send(gw, ROSTER, { authorization: ALICE })));
      for (const answer of answers) expect(answer.body).toBe(answers[0].body);
      expect(await executions(gw)).toBe(1);
      const calls = gw.calls();
      expect(new Set(calls).size).toBe(calls.length);
      expect(await lookups(gw)).toEqual({ miss: 1, shared: 4 });
      // Another caller's identical request does not join one in flight.
      const other = roster('FlightOfTwo');
      await Promise.all([send(gw, other, { authorization: ALICE }), send(gw, other, { authorization: BOB })]);
      expect(await executions(gw)).toBe(3);
      expect(await lookups(gw)).toEqual({ miss: 3, shared: 4 });
    } finally {
      gw.sim.setLatency(undefined);
    }
  });

  it('lets each identical request execute when the one they waited for answered an error', async () => {
    const ROSTER = roster('FlightWithError');
    gw.metrics!.registry.resetMetrics();
    gw.sim.setLatency({ fixedMs: 30 });
    // Dave's first requests: nothing of his is cached. A refusal, not an outage (see above).
    gw.sim.setFaults([{ method: 'GET', path: /^\/users\/[^/]+\/roles$/, status: 403 }]);
    try {
      const answers = await Promise.all(Array.from({ length: 3 }, () => send(gw, ROSTER, { authorization: DAVE })));
      for (const answer of answers) expect(JSON.parse(answer.body)).toHaveProperty('errors');
      expect(await executions(gw)).toBe(3);
      expect(await lookups(gw)).toEqual({ miss: 3 });
    } finally {
      gw.sim.setLatency(undefined);
      gw.sim.setFaults([]);
    }
  });

  it('never keeps a streamed answer, and counts its lookups', async () => {
    const deferred = `query Deferred { users(first: 3) { nodes { firstName ... @defer { roles { name } } } } }`;
    gw.metrics!.registry.resetMetrics();
    lines.length = 0;
    for (let i = 0; i < 2; i++) {
      const answer = await send(gw, deferred, { authorization: ALICE, accept: 'multipart/mixed' });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^multipart\/mixed/);
      expect(answer.headers.get('etag')).toBeNull();
      expect(answer.body).toContain('"hasNext":false');
    }
    expect(await executions(gw)).toBe(2);
    expect(await lookups(gw)).toEqual({ miss: 2 });
    expect(lines.map((line) => line.responseCache)).toEqual(['miss', 'miss']);
  });

  it('keys an answer on the variables, the operation name and the media types accepted', async () => {
    const ask = async (body: object, accept = 'application/json') => {
      const response = await gw.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept, authorization: ALICE },
        body: JSON.stringify(body),
      });
      return { type: response.headers.get('content-type'), json: (await response.json()) as { data?: unknown } };
    };
    const byId = `query ById($id: ID!) { user(id: $id) { rciId } }`;
    const [john, other] = [JOHN, '40ECCFBFAEA24FEDA90A3347E9BC26E7'];
    await ask({ query: byId, variables: { id: john } });
    expect((await ask({ query: byId, variables: { id: other } })).json.data).toEqual({ user: { rciId: other } });

    const two = `query First { user(id: "${JOHN}") { firstName } } query Last { user(id: "${JOHN}") { surname } }`;
    await ask({ query: two, operationName: 'First' });
    const last = await ask({ query: two, operationName: 'Last' });
    expect(last.json.data).toEqual({ user: { surname: expect.any(String) as string } });

    const plain = `{ user(id: "${JOHN}") { email } }`;
    expect((await ask({ query: plain })).type).toMatch(/^application\/json/);
    const spec = await ask({ query: plain }, 'application/graphql-response+json');
    expect(spec.type).toMatch(/^application\/graphql-response\+json/);
  });

  it('never keeps a mutation’s answer', async () => {
    const mutation = `mutation { updateUser(input: { id: "${JOHN}", surname: "Again" }) { user { surname } } }`;
    gw.metrics!.registry.resetMetrics();
    await send(gw, mutation, { authorization: ALICE });
    await send(gw, mutation, { authorization: ALICE });
    expect(gw.calls().filter((call) => call.startsWith('PUT '))).toHaveLength(2);
    expect(await executions(gw)).toBe(2);
  });

  it('keeps introspection for everyone, and nothing else', async () => {
    const introspection = `{ __schema { queryType { name } } __type(name: "User") { name } }`;
    gw.metrics!.registry.resetMetrics();
    const alice = await send(gw, introspection, { authorization: ALICE });
    const bob = await send(gw, introspection, { authorization: BOB });
    expect(bob.body).toBe(alice.body);
    expect(await executions(gw)).toBe(1);
    // The same with a field of the graph is the caller's own.
    const mixed = `{ __schema { queryType { name } } user(id: "${JOHN}") { firstName } }`;
    await send(gw, mixed, { authorization: ALICE });
    gw.sim.clearRequests();
    await send(gw, mixed, { authorization: BOB });
    expect(await executions(gw)).toBe(3);
    expect(callsBy(BOB)).toBe(1);
  });
});

describe('response cache lifetime', () => {
  const gw = useGateway({ cache: { ttlMs: 1000 }, responseCache: {}, metrics: true, reset: true });

  it('ends with the oldest RCI answer the response was built from', async () => {
    const started = Date.now();
    // Reads John at 0 ms: the RCI cache keeps him until 1000 ms.
    await send(gw, `{ user(id: "${JOHN}") { firstName } }`);
    await new Promise((resolve) => setTimeout(resolve, 500 - (Date.now() - started)));
    // A new response at ~500 ms, built from that answer (no RCI call).
    gw.sim.clearRequests();
    const later = `{ again: user(id: "${JOHN}") { firstName } }`;
    expect(JSON.parse((await send(gw, later)).body)).toEqual({ data: { again: { firstName: 'John' } } });
    expect(gw.calls()).toEqual([]);
    const current = (await (await fetch(`${gw.sim.url}/users/${JOHN}`)).json()) as Record<string, unknown>;
    await fetch(`${gw.sim.url}/users/${JOHN}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...current, firstName: 'Later' }),
    });
    // Past 1000 ms the response is gone with the answer it was built from, though it is only ~600 ms old.
    await new Promise((resolve) => setTimeout(resolve, 1100 - (Date.now() - started)));
    gw.sim.clearRequests();
    expect(JSON.parse((await send(gw, later)).body)).toEqual({ data: { again: { firstName: 'Later' } } });
    expect(gw.calls()).toEqual([`GET /users/${JOHN}`]);
  });
});

describe('response cache and a write while a query executes', () => {
  it('never answers a repeat from an answer whose reads the write changed', async () => {
    const sim = await startSimulator({ port: 0, auth, data: { scale: 4 } });
    const gate = await startGate(sim.url);
    const gw = await startGateway({
      over: sim,
      client: { baseUrl: gate.url },
      cache: { ttlMs: 60_000 },
      responseCache: {},
      metrics: true,
    });
    try {
      const list = `query Surnames { users(first: 3) { nodes { rciId surname } } }`;
      const listed = (await fetch(`${sim.url}/users?limit=1`, { headers: { authorization: ALICE } }).then((r) =>
        r.json(),
      )) as { id: string }[];
      const id = listed[0].id;
      // The list is read, and held, before the write; its answer is sent after it.
      gate.hold(/^\/users$/);
      const pending = send(gw, list, { authorization: ALICE });
      await gate.whenHeld(1);
      const written = await send(
        gw,
        `mutation { updateUser(input: { id: "${id}", surname: "Changed-meanwhile" }) { user { surname } } }`,
        { authorization: ALICE },
      );
      expect(JSON.parse(written.body)).not.toHaveProperty('errors');
      gate.release();
      expect((await pending).status).toBe(200);

      const before = await executions(gw);
      const again = JSON.parse((await send(gw, list, { authorization: ALICE })).body) as {
        data: { users: { nodes: { rciId: string; surname: string }[] } };
      };
      expect(await executions(gw)).toBe(before + 1);
      expect(again.data.users.nodes.find((u) => u.rciId === id)?.surname).toBe('Changed-meanwhile');
    } finally {
      await gw.close();
      await gate.close();
      await sim.close();
    }
  });
});

describe('response cache in memory, bounded', () => {
  it('keeps at most RESPONSE_CACHE_MAX_BYTES of answers, dropping the least recently used first', async () => {
    // Room for one roster answer (stored as UTF-16, with its ETag and key), not two.
    const probe = await startGateway({ simulator: { auth, data: { scale: 4 } }, cache: { ttlMs: 60_000 } });
    const size = (await send(probe, roster('Sized'), { authorization: ALICE })).body.length;
    const gw = await startGateway({
      over: probe.sim,
      cache: { ttlMs: 60_000 },
      responseCache: { maxBytes: size * 3 },
      metrics: true,
    });
    try {
      const [first, second] = [roster('Older'), roster('Newer')];
      await send(gw, first, { authorization: ALICE });
      await send(gw, second, { authorization: ALICE });
      gw.metrics!.registry.resetMetrics();
      await send(gw, second, { authorization: ALICE });
      expect(await lookups(gw)).toEqual({ hit: 1 });
      await send(gw, first, { authorization: ALICE });
      expect(await lookups(gw)).toEqual({ hit: 1, miss: 1 });
      expect(await executions(gw)).toBe(1);
    } finally {
      await gw.close();
      await probe.close();
    }
  });
});
