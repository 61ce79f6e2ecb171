import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// Two gateway processes, as an operator runs replicas: real processes on real ports, over one RCI (the
// simulator, whose request log counts every call by its Authorization) and one real Redis.
//
// The limit refills one call every 100 s with a bucket of four and a wait of at most 1 s. A caller never
// seen before has a full bucket, so over a test lasting T seconds it can make at most 4 + 0.01·T calls
// (a token bucket never grants more in any span), and a refused call could only be granted within the
// wait after 99 s. Counts are therefore exact whatever the machine's speed.
const root = new URL('../..', import.meta.url).pathname;
const RATE = 0.01;
const BURST = 4;
const JOHN = 'E936C474B22311D38FBE0090279A922E';
const ROSTER = `{ users(first: 3) { nodes { rciId firstName roles { name } userGroups { name } skills { level } } } }`;
/** The roster's calls: one list, then three sub-collections for each of the three users. */
const ROSTER_CALLS = 10;
const LOOKUP = `{ user(id: "${JOHN}") { firstName surname email } }`;

let callers = 0;
/** A caller never seen before (its own Authorization), so its bucket is full. */
const newCaller = () => `Basic ${Buffer.from(`caller-${++callers}:secret`).toString('base64')}`;

interface Replica {
  url: string;
  origin: string;
  child: ChildProcess;
  stdout(): string;
}

let sim: RunningSimulator;
let redis: TestRedis;
let truth: TestGateway;
let a: Replica;
let b: Replica;

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

/** A gateway process over the simulator and Redis; resolves once it listens and shares its limit through Redis. */
async function startReplica(): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      RCI_URL: sim.url,
      REDIS_URL: redis.url,
      RCI_RATE_LIMIT: String(RATE),
      RCI_RATE_BURST: String(BURST),
      RCI_RATE_WAIT_MS: '1000',
      // Every read reaches RCI, so a caller's demand is counted in calls.
      RCI_CACHE_TTL_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = () => child.exitCode !== null;
  await until(
    () => exited() || (/gateway: http:\S+/.test(stdout) && stdout.includes('rate limit: shared')),
    'the gateway to start',
  );
  if (exited()) throw new Error(`the gateway exited: ${stderr}`);
  const url = /gateway: (http:\S+)/.exec(stdout)![1].replace('localhost', '127.0.0.1');
  return { url, origin: new URL(url).origin, child, stdout: () => stdout };
}

type Answer = {
  data?: Record<string, Json> | null;
  errors?: { path?: (string | number)[]; extensions?: Record<string, Json> }[];
};

async function post(replica: Replica, query: string, authorization: string): Promise<Answer> {
  const response = await fetch(replica.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization },
    body: JSON.stringify({ query }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Answer;
}

/** How many times a replica has logged `text` so far. */
const logged = (replica: Replica, text: string) => replica.stdout().split(text).length - 1;
const UNAVAILABLE = 'RCI rate limit: Redis is unavailable';
const BACK = 'RCI rate limit: Redis is reachable again';

const callsOf = (authorization: string) => sim.requests.filter((r) => r.authorization === authorization);
const codes = (answers: Answer[]) => answers.flatMap((answer) => (answer.errors ?? []).map((e) => e.extensions?.code));

/** Every field of a roster is either what RCI holds or null with RATE_LIMITED at its path. */
function expectCorrectOrLimited(answer: Answer, expected: Answer): void {
  const refused = new Set((answer.errors ?? []).map((e) => e.path!.join('.')));
  expect(codes([answer]).every((code) => code === 'RATE_LIMITED')).toBe(true);
  if (refused.has('users')) {
    expect(answer.data).toEqual({ users: null });
    return;
  }
  type Nodes = { users: { nodes: Record<string, Json>[] } };
  const got = (answer.data as Nodes).users.nodes;
  const want = (expected.data as Nodes).users.nodes;
  expect(got.map((n) => [n.rciId, n.firstName])).toEqual(want.map((n) => [n.rciId, n.firstName]));
  for (const [i, node] of got.entries()) {
    for (const field of ['roles', 'userGroups', 'skills']) {
      expect(node[field]).toEqual(refused.has(`users.nodes.${i}.${field}`) ? null : want[i][field]);
    }
  }
}

async function rateLimitedCounter(replica: Replica): Promise<{ lines: string[]; refused: number }> {
  const text = await (await fetch(`${replica.origin}/metrics`)).text();
  const lines = text.split('\n').filter((line) => line.startsWith('rci_rate_limited_calls_total'));
  const refused = lines.find((line) => line.startsWith('rci_rate_limited_calls_total{outcome="refused"}'));
  return { lines, refused: refused ? Number(refused.split(' ').at(-1)) : 0 };
}

let expectedRoster: Answer;
let expectedLookup: Answer;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  redis = await startRedis();
  truth = await startGateway({ over: sim });
  [a, b] = await Promise.all([startReplica(), startReplica()]);
  const roster = await truth.query(ROSTER);
  const lookup = await truth.query(LOOKUP);
  expect([roster.errors, lookup.errors]).toEqual([undefined, undefined]);
  expectedRoster = { data: roster.data as Answer['data'] };
  expectedLookup = { data: lookup.data as Answer['data'] };
  // A first request through each replica, so that no measured one pays for compiling the gateway.
  for (const replica of [a, b]) expect((await post(replica, LOOKUP, newCaller())).errors).toBeUndefined();
}, 120_000);
afterAll(async () => {
  for (const replica of [a, b]) replica?.child.kill('SIGKILL');
  await truth?.close();
  await redis?.stop();
  await sim?.close();
});

describe('rate limits shared by two gateway processes over one Redis', () => {
  it('holds one caller to its limit across both replicas while another caller is answered fully', async () => {
    const heavy = newCaller();
    const light = newCaller();
    const started = performance.now();
    const heavyAnswers: Answer[] = [];
    const heavyRun = (async () => {
      for (const replica of [a, b, a, b, a, b]) heavyAnswers.push(await post(replica, ROSTER, heavy));
    })();
    // Four lookups of one call each: the light caller's whole bucket, never more.
    const lightRun = Promise.all([a, b, a, b].map((replica) => post(replica, LOOKUP, light)));
    const [, lightAnswers] = await Promise.all([heavyRun, lightRun]);
    const seconds = (performance.now() - started) / 1000;

    // Sixty calls asked for across both replicas; the bucket they share granted four (each replica alone
    // would have granted four of its own).
    const heavyCalls = callsOf(heavy).length;
    expect(heavyCalls).toBeLessThanOrEqual(BURST + RATE * seconds);
    expect(heavyCalls).toBe(BURST);
    const refusals = codes(heavyAnswers);
    expect(refusals).toHaveLength(6 * ROSTER_CALLS - heavyCalls - countNullChildren(heavyAnswers));
    for (const answer of heavyAnswers) expectCorrectOrLimited(answer, expectedRoster);
    for (const error of heavyAnswers.flatMap((answer) => answer.errors ?? [])) {
      expect(error.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }

    for (const answer of lightAnswers) expect(answer).toEqual(expectedLookup);
    expect(callsOf(light)).toHaveLength(4);

    // Both replicas count the calls they refused, without naming the caller.
    const counters = await Promise.all([a, b].map(rateLimitedCounter));
    expect(counters[0].refused + counters[1].refused).toBe(refusals.length);
    for (const { lines } of counters) {
      for (const line of lines)
        expect(line).toMatch(/^rci_rate_limited_calls_total\{outcome="(delayed|refused)"\} \d+$/);
    }

    // The buckets in Redis are named by a keyed hash, never by the credential, and expire once full.
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('rci:rate:*');
      expect(keys.length).toBeGreaterThanOrEqual(2);
      const secrets = [heavy, light].flatMap((c) => [
        c.slice('Basic '.length),
        Buffer.from(c.slice(6), 'base64').toString(),
      ]);
      for (const key of keys) {
        for (const secret of secrets) expect(key).not.toContain(secret);
        expect(key).not.toMatch(/caller-\d+/);
        expect(await client.pttl(key)).toBeGreaterThan(0);
      }
    } finally {
      client.disconnect();
    }
  });

  it('sends nothing of a write over the limit, through the other replica', async () => {
    const caller = newCaller();
    // Three of the four turns, taken through A.
    const spent = await post(a, `{ user(id: "${JOHN}") { roles { name } userGroups { name } } }`, caller);
    expect(spent.errors).toBeUndefined();
    expect(callsOf(caller)).toHaveLength(3);
    // The update's GET and PUT need two turns at once; B finds one left in the shared bucket.
    const write = await post(
      b,
      `mutation { updateUser(input: { id: "${JOHN}", surname: "Limited" }) { user { surname } } }`,
      caller,
    );
    expect(write.data).toEqual({ updateUser: null });
    expect(codes([write])).toEqual(['RATE_LIMITED']);
    expect(callsOf(caller)).toHaveLength(3);
    expect(await post(a, LOOKUP, newCaller())).toEqual(expectedLookup);
  });

  it('limits per process while Redis is stopped, answering correctly, and shares again once it is back', async () => {
    await redis.stop();
    await until(
      () => [a, b].every((replica) => logged(replica, UNAVAILABLE) === 1),
      'both replicas to stop using Redis',
    );
    const caller = newCaller();
    const onA = await post(a, ROSTER, caller);
    expect(callsOf(caller)).toHaveLength(BURST);
    // B has a bucket of its own for this caller now.
    const onB = await post(b, ROSTER, caller);
    expect(callsOf(caller)).toHaveLength(2 * BURST);
    for (const answer of [onA, onB]) {
      expectCorrectOrLimited(answer, expectedRoster);
      expect(codes([answer])).toHaveLength(ROSTER_CALLS - BURST);
    }
    // Another caller loses nothing to the outage.
    const other = newCaller();
    for (const replica of [a, b]) expect(await post(replica, LOOKUP, other)).toEqual(expectedLookup);

    await redis.start();
    await until(() => [a, b].every((replica) => logged(replica, BACK) === 1), 'both replicas to use Redis again');
    const later = newCaller();
    expectCorrectOrLimited(await post(a, ROSTER, later), expectedRoster);
    expect(callsOf(later)).toHaveLength(BURST);
    const refused = await post(b, ROSTER, later);
    expect(refused.data).toEqual({ users: null });
    expect(codes([refused])).toEqual(['RATE_LIMITED']);
    expect(callsOf(later)).toHaveLength(BURST);
  });

  it('limits per process while Redis hangs, after one command timeout, answering correctly', async () => {
    redis.pause();
    try {
      const caller = newCaller();
      // Each replica finds out on its first command (no answer within 250 ms) and decides alone.
      const onA = await post(a, ROSTER, caller);
      expect(callsOf(caller)).toHaveLength(BURST);
      const onB = await post(b, ROSTER, caller);
      expect(callsOf(caller)).toHaveLength(2 * BURST);
      for (const answer of [onA, onB]) {
        expectCorrectOrLimited(answer, expectedRoster);
        expect(codes([answer])).toHaveLength(ROSTER_CALLS - BURST);
      }
      expect([a, b].map((replica) => logged(replica, UNAVAILABLE))).toEqual([2, 2]);
    } finally {
      redis.resume();
    }
    await until(() => [a, b].every((replica) => logged(replica, BACK) === 2), 'both replicas to use Redis again');
    const later = newCaller();
    await post(b, ROSTER, later);
    expect((await post(a, ROSTER, later)).data).toEqual({ users: null });
    expect(callsOf(later)).toHaveLength(BURST);
  });
});

/** Sub-collection fields never asked for because the list above them was refused. */
function countNullChildren(answers: Answer[]): number {
  return answers.filter((answer) => answer.data?.users === null).length * (ROSTER_CALLS - 1);
}
