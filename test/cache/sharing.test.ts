import { beforeEach, describe, expect, it, vi } from 'vitest';
import { serve } from '../support/http.js';
import { rest, useGateway } from '../support/gateway.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

// Identical GETs of one caller in flight at once share one RCI call, and that call belongs to none of
// the requests waiting for it: one request's budget, cancellation or queue turn never reaches another,
// while RCI's own failure reaches each. Every test is a caller of its own (the cache is scoped per
// credential), so each starts from a cold cache; the simulator's latency holds the first calls long
// enough for the requests sent next to find them in flight. Counted from the simulator's request log.

const JOHN = 'E936C474B22311D38FBE0090279A922E';
let callers = 0;
/** A credential no earlier test used: a caller whose cache is cold. (The simulator checks none.) */
const newCaller = () => ({ authorization: `Basic ${Buffer.from(`caller${++callers}:secret`).toString('base64')}` });

const lookups: string[] = [];
const gw = useGateway({
  simulator: { data: { scale: 1 } },
  cache: { ttlMs: 60_000 },
  client: { maxCallsPerRequest: 2, retries: 1, observer: { cacheLookup: (l) => void lookups.push(l.result) } },
  reset: true,
});
beforeEach(() => {
  gw.sim.setLatency(undefined);
  gw.sim.setFaults([]);
});

const until = (condition: () => boolean) => vi.waitFor(() => expect(condition()).toBe(true), { timeout: 10_000 });

/** RCI holds the calls it receives from now on for 1.5 s: they stay in flight while the test goes on. */
const hold = (sim: RunningSimulator) => sim.setLatency({ fixedMs: 1500 });
/** Once `n` calls have arrived (each held as it came), RCI answers the later ones after 50 ms. */
async function arrived(sim: RunningSimulator, n: number): Promise<void> {
  await until(() => sim.requests.length >= n && sim.requests.every((r) => r.delayMs !== undefined));
  sim.setLatency({ fixedMs: 50 });
}
const sent = (call: string) => gw.calls().filter((c) => c === call).length;
const johnByIdOnly = new RegExp(`^/users/${JOHN}$`);

describe('identical GETs in flight', () => {
  it('are sent once for two requests of one caller, from a cold cache', async () => {
    lookups.length = 0;
    const caller = newCaller();
    const query = `{ user(id: "${JOHN}") { email roles { name } } }`;
    hold(gw.sim);
    const first = gw.query(query, {}, caller);
    await arrived(gw.sim, 1);
    const second = gw.query(query, {}, caller);
    const [a, b] = await Promise.all([first, second]);
    expect(a.errors).toBeUndefined();
    expect(b.data).toEqual(a.data);
    // The user, then the roles both requests ask for once they have the user: each sent once.
    expect(gw.calls()).toEqual([`GET /users/${JOHN}`, `GET /users/${JOHN}/roles`]);
    expect(lookups.sort()).toEqual(['miss', 'miss', 'shared', 'shared']);
  });
});

describe('a shared call owned by no request', () => {
  it('goes on for a request that joined it after the request that started it used up its budget', async () => {
    // The first attempt fails (once held): the retry is the third call of the first request, beyond its
    // budget of 2.
    gw.sim.setFaults([{ method: 'GET', path: johnByIdOnly, status: 503, times: 1 }]);
    const caller = newCaller();
    hold(gw.sim);
    const heavy = gw.query(`{ john: user(id: "${JOHN}") { email } skills(first: 1) { nodes { name } } }`, {}, caller);
    await arrived(gw.sim, 2);
    const small = await gw.query<{ user: { email: string } }, never>(
      `{ user(id: "${JOHN}") { email } }`,
      undefined,
      caller,
    );
    expect(small.errors).toBeUndefined();
    expect(small.data?.user.email).toBe('John.Fox@customer.com');
    const first = await heavy;
    expect(first.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['john'], 'QUERY_TOO_COMPLEX']]);
    expect(first.errors?.[0].message).toMatch(/more than 2 RCI calls/);
    // One call for both, and its retry: the second request never sent a GET of its own.
    expect(gw.sim.requests.filter((r) => r.path === `/users/${JOHN}`).map((r) => r.status)).toEqual([503, 200]);
  });

  it('charges a request that joins it as if it made the call itself', async () => {
    const caller = newCaller();
    hold(gw.sim);
    const first = gw.query(`{ user(id: "${JOHN}") { email } }`, {}, caller);
    await arrived(gw.sim, 1);
    // Two calls of its own, then the user's call it joins: the third call of a budget of 2.
    const second = await gw.query(
      `{ skills(first: 1) { nodes { name } } roles(first: 1) { nodes { name } } john: user(id: "${JOHN}") { email } }`,
      {},
      caller,
    );
    expect(second.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['john'], 'QUERY_TOO_COMPLEX']]);
    expect((await first).errors).toBeUndefined();
    expect(sent(`GET /users/${JOHN}`)).toBe(1);
  });

  it('goes on for a request that joined it when the request that started it goes away', async () => {
    const server = await serve(gw.yoga.requestListener);
    try {
      const caller = newCaller();
      const leaving = new AbortController();
      hold(gw.sim);
      const first = fetch(`${server.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...caller },
        body: JSON.stringify({ query: `{ user(id: "${JOHN}") { email } }` }),
        signal: leaving.signal,
      }).catch((error: unknown) => error);
      await arrived(gw.sim, 1);
      // The skills GET is sent in the same step as the second request joins the user's call: once RCI
      // sees it, the second request is waiting for that call.
      const second = gw.query<{ user: { email: string } }, never>(
        `{ user(id: "${JOHN}") { email } skills(first: 1) { nodes { name } } }`,
        undefined,
        caller,
      );
      await until(() => gw.calls().some((c) => c.startsWith('GET /skills')));
      leaving.abort();
      expect(await first).toBeInstanceOf(Error);
      const result = await second;
      expect(result.errors).toBeUndefined();
      expect(result.data?.user.email).toBe('John.Fox@customer.com');
      // The one call was neither cut nor repeated: it was answered.
      expect(gw.sim.requests.filter((r) => r.path === `/users/${JOHN}`).map((r) => r.status)).toEqual([200]);
    } finally {
      await server.close();
    }
  });

  it('goes on for the requests still waiting when several of them go away, whichever they are', async () => {
    const server = await serve(gw.yoga.requestListener);
    try {
      lookups.length = 0;
      const caller = newCaller();
      hold(gw.sim);
      const leaving = [0, 1, 2, 3, 4].map(() => new AbortController());
      const requests = leaving.map((controller) =>
        fetch(`${server.origin}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...caller },
          body: JSON.stringify({ query: `{ user(id: "${JOHN}") { email } }` }),
          signal: controller.signal,
        })
          .then((response) => response.json() as Promise<{ data?: { user: { email: string } } }>)
          .catch((error: unknown) => error),
      );
      await arrived(gw.sim, 1);
      // Every request but the one that sent the call has joined it.
      await until(() => lookups.filter((l) => l === 'shared').length === 4);
      // The first (which sent it), one in the middle and the last go away; two stay.
      for (const i of [0, 2, 4]) leaving[i].abort();
      const results = await Promise.all(requests);
      for (const i of [0, 2, 4]) expect(results[i], `request ${i}`).toBeInstanceOf(Error);
      for (const i of [1, 3]) {
        expect((results[i] as { data?: { user: { email: string } } }).data?.user.email, `request ${i}`).toBe(
          'John.Fox@customer.com',
        );
      }
      expect(gw.sim.requests.filter((r) => r.path === `/users/${JOHN}`).map((r) => r.status)).toEqual([200]);
    } finally {
      await server.close();
    }
  });

  it('passes RCI’s own failure, once its retries are spent, to every request waiting for it', async () => {
    gw.sim.setFaults([{ method: 'GET', path: johnByIdOnly, status: 500 }]);
    const caller = newCaller();
    const query = `{ user(id: "${JOHN}") { email } }`;
    hold(gw.sim);
    const first = gw.query(query, {}, caller);
    await arrived(gw.sim, 1);
    const results = await Promise.all([first, gw.query(query, {}, caller)]);
    for (const result of results) {
      expect(result.data).toEqual({ user: null });
      expect(result.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.status])).toEqual([
        [['user'], 'UPSTREAM_UNAVAILABLE', 500],
      ]);
    }
    // The call and its retry, once for both requests.
    expect(sent(`GET /users/${JOHN}`)).toBe(2);
  });
});

describe('a shared call and the request deadline', () => {
  const timed = useGateway({
    simulator: { data: { scale: 1 } },
    cache: { ttlMs: 60_000 },
    client: { requestTimeoutMs: 2_000 },
  });

  it('goes on for a request that joined it after the request that started it ran out of time', async () => {
    // Held for 2.5 s: the first request's deadline (2 s) passes while RCI has the call; the second,
    // sent a second later, has time until about 3 s.
    timed.sim.setLatency({ fixedMs: 2_500 });
    const caller = newCaller();
    const query = `{ user(id: "${JOHN}") { email } }`;
    const first = timed.query(query, {}, caller);
    await until(() => timed.sim.requests.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const second = timed.query<{ user: { email: string } }, never>(query, undefined, caller);
    const late = await first;
    expect(late.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['user'], 'UPSTREAM_TIMEOUT']]);
    const result = await second;
    expect(result.errors).toBeUndefined();
    expect(result.data?.user.email).toBe('John.Fox@customer.com');
    // One call, neither cut at the first request's deadline nor sent again.
    expect(timed.sim.requests.map((r) => `${r.path} ${r.status}`)).toEqual([`/users/${JOHN} 200`]);
  });
});

describe('the queue turn of a shared call', () => {
  const one = useGateway({
    simulator: { data: { scale: 1 } },
    cache: { ttlMs: 60_000 },
    client: { connections: 1 },
  });
  const users = async () => (await rest<{ id: string }[]>(one, '/users')).map((u) => u.id).slice(0, 4);
  const byId = (ids: string[]) => `{ ${ids.map((id, i) => `u${i}: user(id: "${id}") { email }`).join(' ')} }`;
  const waitingCalls = (n: number) => until(() => one.rci.queueLength === n);

  it('is taken by every request waiting for it: one that joins is not served after the other’s queue', async () => {
    const [u1, u2, u3, u4] = await users();
    one.sim.clearRequests();
    const caller = newCaller();
    // One connection: the first request's first GET is on the wire, its other three wait in its queue.
    hold(one.sim);
    const heavy = one.query(byId([u1, u2, u3, u4]), {}, caller);
    await arrived(one.sim, 1);
    await waitingCalls(3);
    // The second request joins the GET of u4, last in the first request's queue, and queues a skills GET.
    const small = one.query(`{ user(id: "${u4}") { email } skills(first: 1) { nodes { name } } }`, {}, caller);
    await waitingCalls(4);
    const results = await Promise.all([heavy, small]);
    for (const result of results) expect(result.errors).toBeUndefined();
    // Turns alternate between the two requests: u2 (first request), u4 (second request, which waits
    // for it too), u3 (first), skills (second). Served in the first request's turn, u4 would come last.
    expect(one.calls().map((c) => c.replace(/\?.*/, ''))).toEqual([
      `GET /users/${u1}`,
      `GET /users/${u2}`,
      `GET /users/${u4}`,
      `GET /users/${u3}`,
      'GET /skills',
    ]);
  });

  it('is never sent once no request waits for it any more', async () => {
    const [u1, u2] = await users();
    one.sim.clearRequests();
    const server = await serve(one.yoga.requestListener);
    try {
      const caller = newCaller();
      hold(one.sim);
      const busy = one.query(`{ user(id: "${u1}") { email } }`, {}, newCaller());
      await arrived(one.sim, 1);
      const leaving = new AbortController();
      const gone = fetch(`${server.origin}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...caller },
        body: JSON.stringify({ query: `{ user(id: "${u2}") { email } }` }),
        signal: leaving.signal,
      }).catch((error: unknown) => error);
      await waitingCalls(1);
      leaving.abort();
      expect(await gone).toBeInstanceOf(Error);
      await waitingCalls(0);
      expect((await busy).errors).toBeUndefined();
      expect(one.calls()).toEqual([`GET /users/${u1}`]);
    } finally {
      await server.close();
    }
  });

  it('is per caller first: a caller with several requests waiting delays another caller by one call', async () => {
    const [u1, u2, u3, u4] = await users();
    one.sim.clearRequests();
    const alice = newCaller();
    const bob = newCaller();
    hold(one.sim);
    const first = one.query(byId([u1, u2, u3, u4]), {}, alice);
    await arrived(one.sim, 1);
    await waitingCalls(3);
    const second = one.query(`{ skills(first: 1) { nodes { name } } }`, {}, alice);
    await waitingCalls(4);
    const third = one.query(`{ roles(first: 1) { nodes { name } } }`, {}, alice);
    await waitingCalls(5);
    const other = one.query(`{ queues(first: 1) { nodes { name } } }`, {}, bob);
    await waitingCalls(6);
    const results = await Promise.all([first, second, third, other]);
    for (const result of results) expect(result.errors).toBeUndefined();
    // Alice's three requests take one turn together against Bob's one: by requests, Bob's call would
    // have waited for u2, skills and roles.
    expect(one.calls().map((c) => c.replace(/\?.*/, ''))).toEqual([
      `GET /users/${u1}`,
      `GET /users/${u2}`,
      'GET /queues',
      'GET /skills',
      'GET /roles',
      `GET /users/${u3}`,
      `GET /users/${u4}`,
    ]);
  });
});
