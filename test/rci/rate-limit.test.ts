import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RciObserver } from '../../src/rci/observer.js';
import { RateLimiter, takeFromBucket } from '../../src/rci/rateLimit.js';
import { useSimulator } from '../support/simulator.js';
import { rest, startGateway, type TestGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// The per-caller rate limit of one gateway process (no Redis): which calls take a turn, what a refused
// call answers, that a call may wait for its turn, and that a write is sent whole or not at all. Every
// test is a new caller (its own Authorization), so each starts with a full bucket.
//
// The slow limit below refills one call every 100 s: within a test (far shorter than that, and than the
// 99 s it would take before a refused call could be granted within the 1 s wait), a caller makes exactly
// `burst` calls, whatever the machine's speed.

const JOHN = 'E936C474B22311D38FBE0090279A922E';
const PETER = 'DC76CDDC340B43C291932428B6039AA6';
const DAVID = '40ECCFBFAEA24FEDA90A3347E9BC26E7';
const ENGLISH = '175A098FEDDB41EB8839AACBAB26A0B6';
const BURST = 4;

const sim = useSimulator();
let slow: TestGateway;
let quick: TestGateway;
let truth: TestGateway;
let cached: TestGateway;
let defaultBurst: TestGateway;
const limiters: RateLimiter[] = [];
const limited: { outcome: string; calls: number }[] = [];
const observer: RciObserver = { rateLimited: (event) => limited.push(event) };

beforeAll(async () => {
  const slowLimit = new RateLimiter({ ratePerSecond: 0.01, burst: BURST, maxWaitMs: 1000 });
  // Two calls at once, then one every 500 ms; a call may wait up to 5 s for its turn.
  const quickLimit = new RateLimiter({ ratePerSecond: 2, burst: 2, maxWaitMs: 5000 });
  // No burst given: the smallest a bucket may be, two calls.
  const defaultLimit = new RateLimiter({ ratePerSecond: 0.01, maxWaitMs: 1000 });
  limiters.push(slowLimit, quickLimit, defaultLimit);
  slow = await startGateway({ over: sim, client: { rateLimit: slowLimit, observer } });
  quick = await startGateway({ over: sim, client: { rateLimit: quickLimit, observer } });
  cached = await startGateway({ over: sim, client: { rateLimit: slowLimit }, cache: { ttlMs: 60_000 } });
  defaultBurst = await startGateway({ over: sim, client: { rateLimit: defaultLimit } });
  truth = await startGateway({ over: sim });
});
afterAll(async () => {
  for (const gateway of [slow, quick, cached, defaultBurst, truth]) await gateway?.close();
  for (const limiter of limiters) await limiter.close();
});
beforeEach(() => {
  limited.length = 0;
});

let callers = 0;
/** A caller never seen before: a full bucket. */
const newCaller = () => `Basic ${Buffer.from(`caller-${++callers}:secret`).toString('base64')}`;
const callsOf = (authorization: string) =>
  sim.requests.filter((r) => r.authorization === authorization).map((r) => `${r.method} ${r.path} ${r.status}`);

type Errors = { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
const errorsOf = (answer: { errors?: readonly unknown[] }) => (answer.errors ?? []) as Errors;

const ROSTER = `{ users(first: 3) { nodes { rciId firstName roles { name } userGroups { name } skills { level } } } }`;

describe('rate limit per caller, in one process', () => {
  it('sends `burst` calls; each call beyond fails its own field with RATE_LIMITED and retryAfterSeconds, unsent', async () => {
    const caller = newCaller();
    const expected = await truth.query(ROSTER);
    expect(expected.errors).toBeUndefined();
    // One list, then 3 × 3 sub-collections: 10 calls, of which the first 4 get a turn.
    const answer = await slow.query(ROSTER, {}, { authorization: caller });
    expect(callsOf(caller)).toHaveLength(BURST);
    expect(callsOf(caller).every((call) => call.endsWith(' 200'))).toBe(true);

    const errors = errorsOf(answer);
    expect(errors).toHaveLength(10 - BURST);
    for (const error of errors) {
      expect(error.extensions?.code).toBe('RATE_LIMITED');
      const seconds = error.extensions?.retryAfterSeconds;
      expect(Number.isInteger(seconds) && (seconds as number) >= 1 && (seconds as number) <= 100).toBe(true);
      expect(error.message).toMatch(/nothing was sent/);
    }
    // What was answered is right; what was refused is null at the error's path, and nothing else is.
    type Roster = { users: { nodes: Record<string, Json>[] } };
    const got = (answer.data as Roster).users.nodes;
    const want = (expected.data as Roster).users.nodes;
    const refused = new Set(errors.map((e) => e.path!.join('.')));
    expect(got.map((n) => n.rciId)).toEqual(want.map((n) => n.rciId));
    for (const [i, node] of got.entries()) {
      for (const field of ['roles', 'userGroups', 'skills']) {
        if (refused.has(`users.nodes.${i}.${field}`)) expect(node[field]).toBeNull();
        else expect(node[field]).toEqual(want[i][field]);
      }
    }
    expect(limited).toEqual(Array.from({ length: 10 - BURST }, () => ({ outcome: 'refused', calls: 1 })));
  });

  it('keeps callers apart: another caller’s full bucket answers everything', async () => {
    const busy = newCaller();
    const other = newCaller();
    await slow.query(ROSTER, {}, { authorization: busy });
    const answer = await slow.query(
      `{ user(id: "${JOHN}") { firstName roles { name } } }`,
      {},
      { authorization: other },
    );
    expect(answer.errors).toBeUndefined();
    expect(callsOf(other)).toHaveLength(2);
  });

  it('lets a call wait for its turn, up to the bound, then sends it', async () => {
    const caller = newCaller();
    // Three GETs of one batch at once from a bucket of two: the third waits half a second for its turn.
    const answer = await quick.query(
      `{ a: user(id: "${JOHN}") { firstName } b: user(id: "${PETER}") { firstName } c: user(id: "${DAVID}") { firstName } }`,
      {},
      { authorization: caller },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ a: { firstName: 'John' }, b: { firstName: 'Peter' }, c: { firstName: 'David' } });
    expect(callsOf(caller)).toHaveLength(3);
    expect(limited).toEqual([{ outcome: 'delayed', calls: 1 }]);
  });

  it('takes no turn for an answer from the cache', async () => {
    const caller = newCaller();
    const lookup = `{ user(id: "${JOHN}") { firstName } }`;
    for (let i = 0; i < 2 * BURST; i++) {
      expect(await cached.query(lookup, {}, { authorization: caller })).toMatchObject({
        data: { user: { firstName: 'John' } },
      });
    }
    expect(callsOf(caller)).toHaveLength(1);
  });

  it('holds two calls in a bucket whose size is not given', async () => {
    const caller = newCaller();
    const answer = await defaultBurst.query(
      `{ user(id: "${JOHN}") { firstName roles { name } userGroups { name } } }`,
      {},
      { authorization: caller },
    );
    expect(callsOf(caller)).toHaveLength(2);
    expect(errorsOf(answer).map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
  });

  it('counts a retry as a call', async () => {
    const caller = newCaller();
    sim.setFaults([{ method: 'GET', path: /\/roles$/, status: 503, times: 1 }]);
    const first = await slow.query(
      `{ user(id: "${JOHN}") { firstName roles { name } userGroups { name } } }`,
      {},
      { authorization: caller },
    );
    expect(first.errors).toBeUndefined();
    // Three calls and one retry: the bucket is empty.
    expect(callsOf(caller)).toHaveLength(4);
    const next = await slow.query(`{ user(id: "${PETER}") { firstName } }`, {}, { authorization: caller });
    expect(errorsOf(next).map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(callsOf(caller)).toHaveLength(4);
  });

  it('fails a call whose retry gets no turn as its last attempt failed', async () => {
    const caller = newCaller();
    sim.setFaults([{ method: 'GET', path: /\/roles$/, status: 503, times: 1 }]);
    const answer = await slow.query(
      `{ user(id: "${JOHN}") { firstName roles { name } userGroups { name } skills { level } } }`,
      {},
      { authorization: caller },
    );
    // Four calls took the four turns; the retry of the roles found none and was not sent.
    expect(callsOf(caller)).toHaveLength(BURST);
    expect(callsOf(caller).filter((call) => call.endsWith(' 503'))).toEqual([`GET /users/${JOHN}/roles 503`]);
    expect(errorsOf(answer).map((e) => [e.path?.join('.'), e.extensions?.code, e.extensions?.status])).toEqual([
      ['user.roles', 'UPSTREAM_UNAVAILABLE', 503],
    ]);
    expect((answer.data as { user: Record<string, Json> }).user.firstName).toBe('John');
  });
});

describe('writes under the rate limit', () => {
  /** Spends three of the caller's four turns. */
  const spendThree = (caller: string) =>
    slow.query(`{ user(id: "${JOHN}") { roles { name } userGroups { name } } }`, {}, { authorization: caller });

  it('sends nothing of an update (GET, then PUT) when its two turns do not come', async () => {
    const caller = newCaller();
    await spendThree(caller);
    sim.clearRequests();
    const answer = await slow.query(
      `mutation { updateUser(input: { id: "${JOHN}", surname: "Limited" }) { user { surname } } }`,
      {},
      { authorization: caller },
    );
    expect(answer.data).toEqual({ updateUser: null });
    expect(errorsOf(answer).map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['updateUser', 'RATE_LIMITED'],
    ]);
    expect(errorsOf(answer)[0].extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Not even the GET: one turn was left, and the write needs two.
    expect(sim.requests).toEqual([]);
    expect((await rest<{ surname: string }>(slow, `/users/${JOHN}`)).surname).toBe('Fox');
  });

  it('sends nothing of setUserSkill (check, then write) when its two turns do not come', async () => {
    const caller = newCaller();
    await spendThree(caller);
    sim.clearRequests();
    const answer = await slow.query(
      `mutation { setUserSkill(input: { userId: "${JOHN}", skillId: "${ENGLISH}", level: 1 }) { level } }`,
      {},
      { authorization: caller },
    );
    expect(answer.data).toEqual({ setUserSkill: null });
    expect(errorsOf(answer).map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(sim.requests).toEqual([]);
  });

  it('sends an update whole on the turns taken for it, without taking more', async () => {
    const caller = newCaller();
    const answer = await slow.query(
      `mutation { updateUser(input: { id: "${JOHN}", surname: "Whole" }) { user { surname } } }`,
      {},
      { authorization: caller },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ updateUser: { user: { surname: 'Whole' } } });
    expect(callsOf(caller)).toEqual([`GET /users/${JOHN} 200`, `PUT /users/${JOHN} 204`, `GET /users/${JOHN} 200`]);
    // GET and PUT used the two turns taken for them, the read-back a third: one is left.
    const next = await slow.query(
      `{ a: user(id: "${PETER}") { firstName } b: user(id: "${DAVID}") { firstName } }`,
      {},
      { authorization: caller },
    );
    expect(errorsOf(next).map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED']);
    expect(callsOf(caller)).toHaveLength(BURST);
  });
});

describe('a write whose read-back gets no turn', () => {
  it('is done: the write was sent whole, and only the read-back fails, saying the write succeeded', async () => {
    // A bucket of two: the update's GET and PUT take both turns, and none is left for reading it back.
    const caller = newCaller();
    const answer = await defaultBurst.query(
      `mutation { updateUser(input: { id: "${JOHN}", surname: "Unread" }) { user { surname } } }`,
      {},
      { authorization: caller },
    );
    expect(callsOf(caller)).toEqual([`GET /users/${JOHN} 200`, `PUT /users/${JOHN} 204`]);
    expect(answer.data).toEqual({ updateUser: { user: null } });
    const [error] = errorsOf(answer);
    expect(error.path).toEqual(['updateUser', 'user']);
    expect(error.message).toMatch(/succeeded, but reading it back failed: Too many RCI calls from this caller/);
    expect(error.extensions?.code).toBe('RATE_LIMITED');
    expect(await rest(truth, `/users/${JOHN}`)).toMatchObject({ surname: 'Unread' });
  });
});

describe('callers without credentials', () => {
  it('share one limit: the service account’s, whoever sends them', async () => {
    const limiter = new RateLimiter({ ratePerSecond: 0.01, burst: 2, maxWaitMs: 0 });
    const gateway = await startGateway({ over: sim, client: { rateLimit: limiter } });
    try {
      const lookup = `{ user(id: "${JOHN}") { firstName } }`;
      // Three anonymous requests, as three browsers would send them: two turns in all.
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await gateway.query(lookup));
      expect(answers.map((a) => errorsOf(a).map((e) => e.extensions?.code))).toEqual([[], [], ['RATE_LIMITED']]);
      // A caller with credentials of its own has a bucket of its own.
      expect(errorsOf(await gateway.query(lookup, {}, { authorization: newCaller() }))).toEqual([]);
    } finally {
      await gateway.close();
      await limiter.close();
    }
  });
});

describe('the bucket arithmetic', () => {
  it('gives a full bucket its whole burst with no wait allowed, whatever the clock and the rate', () => {
    // The clock is fractional microseconds (performance.now() × 1000), and so may be the interval.
    for (const ratePerSecond of [0.1, 1, 3, 7, 1000]) {
      for (let i = 0; i < 500; i++) {
        const now = Math.random() * 1e9;
        const burst = 1 + (i % 5);
        const bucket = { intervalUs: 1e6 / ratePerSecond, burst, maxWaitUs: 0 };
        const { answers } = takeFromBucket(0, now, [burst, 1], bucket);
        expect(answers[0], `rate ${ratePerSecond}, burst ${burst}, now ${now}`).toBe(0);
        expect(answers[1]).toBeLessThan(0);
      }
    }
  });
});
