import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// The response cache in one real Redis, shared by gateway processes: a kept answer is sent before the
// limits and trusted documents are checked, so only processes that decide alike share answers; and
// while Redis cannot be used, nothing is answered from it.
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = { authorization: basic('alice', 'alice-secret') };
const auth = { users: [{ username: 'alice', password: 'alice-secret' }] };

const ROSTER = `query Roster { users(first: 20) { nodes { rciId firstName roles { name } skills { level skill { name } } } } }`;

let redis: TestRedis;
/** Two processes of one release, and one whose limits are tighter (a rolling release in progress). */
let first: TestGateway;
let same: TestGateway;
let tighter: TestGateway;

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  redis = await startRedis();
  const cache = { ttlMs: 60_000, redisUrl: redis.url };
  first = await startGateway({ simulator: { auth }, cache, responseCache: {} });
  same = await startGateway({ over: first.sim, cache, responseCache: {} });
  tighter = await startGateway({ over: first.sim, cache, responseCache: {}, limits: { maxCost: 50 } });
  await until(() => [first, same, tighter].every((gateway) => gateway.cache!.available));
});
afterAll(async () => {
  for (const gateway of [tighter, same, first]) await gateway?.close();
  await redis?.stop();
});

describe('response cache in Redis', () => {
  it('answers a process that decides alike, never one whose limits would refuse the request', async () => {
    const kept = await first.query(ROSTER, {}, ALICE);
    expect(kept.errors).toBeUndefined();
    first.sim.clearRequests();

    const shared = await same.query(ROSTER, {}, ALICE);
    expect(shared.data).toEqual(kept.data);
    expect(first.calls()).toEqual([]);

    const refused = await tighter.query(ROSTER, {}, ALICE);
    expect(refused.data).toBeUndefined();
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(first.calls()).toEqual([]);
  });

  it('answers nothing from Redis while Redis cannot be used', async () => {
    const query = `query Skills { skills(first: 5) { nodes { rciId name } } }`;
    const kept = await first.query(query, {}, ALICE);
    first.sim.clearRequests();
    await same.query(query, {}, ALICE);
    expect(first.calls()).toEqual([]);

    await redis.stop();
    await until(() => !same.cache!.available);
    const during = await same.query(query, {}, ALICE);
    expect(during.data).toEqual(kept.data);
    expect(first.calls().length).toBeGreaterThan(0);
  });
});
