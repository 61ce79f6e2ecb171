import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RciCache } from '../../src/rci/cache/index.js';
import { RciClient } from '../../src/rci/client.js';
import { Readiness, rciReadiness, redisReadiness } from '../../src/server/health.js';
import { createLogger } from '../../src/server/logging.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createGateway } from '../../src/server/yoga.js';
import { startSimulator } from '../../src/simulator/index.js';
import { startGateway } from '../support/gateway.js';
import { linkTo, startRedis } from '../support/redis.js';

// Redis failing in the ways that keep data or connections: restarted with its data, refusing writes
// while still answering reads, hung. Whatever it does, no answer older than a write made through the
// gateway is served, and a hung Redis costs a request at most one command timeout.
const ALICE = `Basic ${Buffer.from('alice:alice-secret').toString('base64')}`;
const auth = { users: [{ username: 'alice', password: 'alice-secret' }] };
const JOHN = 'E936C474B22311D38FBE0090279A922E';
const SURNAME = `{ user(id: "${JOHN}") { surname } }`;
const ROSTER = `{ users(first: 5) { nodes { rciId surname email roles { name } skills { level skill { name } } } } }`;
const GENERATIONS = 'rci:cache:generations';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

const rename = (surname: string) =>
  `mutation { updateUser(input: { id: "${JOHN}", surname: "${surname}" }) { user { surname } } }`;
const surnameOf = (answer: { data?: unknown; errors?: unknown }) => {
  expect(answer.errors).toBeUndefined();
  const data = answer.data as { user?: { surname: string }; updateUser?: { user: { surname: string } } };
  return (data.user ?? data.updateUser!.user).surname;
};

describe('Redis restarted with its data after a write made while it was down', () => {
  it('serves no entry older than the write, and the writer writes its invalidation before using Redis again', async () => {
    const redis = await startRedis({ persist: true });
    cleanups.push(() => redis.stop());
    // Gateway A reaches Redis through a link the test can cut; B directly.
    const link = await linkTo(redis);
    cleanups.push(() => link.close());
    const cache = { ttlMs: 60_000, warn: () => {} };
    const a = await startGateway({ simulator: { auth }, cache: { ...cache, redisUrl: link.url } });
    cleanups.push(() => a.close());
    const b = await startGateway({ over: a.sim, cache: { ...cache, redisUrl: redis.url } });
    cleanups.push(() => b.close());
    await until(() => a.cache!.available && b.cache!.available);

    // A's second read is answered by Redis, so its entry is there for B too.
    const before = surnameOf(await a.query(SURNAME, {}, { authorization: ALICE }));
    a.sim.clearRequests();
    expect(surnameOf(await a.query(SURNAME, {}, { authorization: ALICE }))).toBe(before);
    expect(surnameOf(await b.query(SURNAME, {}, { authorization: ALICE }))).toBe(before);
    expect(a.calls()).toEqual([]);
    // Reconnects by itself after the restart; its commands wait for that.
    const admin = new Redis(redis.url).on('error', () => {});
    cleanups.push(() => admin.disconnect());
    const entries = (await admin.keys('rci:cache:e:*')).sort();
    const usersGeneration = await admin.hget(GENERATIONS, 'users');
    expect(entries.length).toBeGreaterThan(0);

    await redis.stop();
    await until(() => !a.cache!.available && !b.cache!.available);
    link.cut();
    expect(surnameOf(await a.query(rename('Written-while-Redis-was-down'), {}, { authorization: ALICE }))).toBe(
      'Written-while-Redis-was-down',
    );

    // Redis comes back with every entry it had, and without the write's invalidation: only A knows of it,
    // and A cannot reach Redis yet.
    await redis.start();
    expect((await admin.keys('rci:cache:e:*')).sort()).toEqual(entries);
    expect(await admin.hget(GENERATIONS, 'users')).toBe(usersGeneration);
    await until(() => b.cache!.available);
    expect(surnameOf(await b.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-down');
    a.sim.clearRequests();
    expect(surnameOf(await b.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-down');
    expect(a.calls()).toEqual([]);
    expect(a.cache!.available).toBe(false);
    expect(surnameOf(await a.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-down');

    // A reaches Redis again: its pending invalidation is the first thing it writes, before any lookup.
    link.clearSent();
    link.restore();
    await until(() => a.cache!.available);
    expect(await admin.hget(GENERATIONS, 'users')).not.toBe(usersGeneration);
    expect(surnameOf(await a.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-down');
    a.sim.clearRequests();
    expect(surnameOf(await a.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-down');
    expect(a.calls()).toEqual([]);
    const sent = link.sent().toLowerCase();
    const invalidation = sent.search(/\r\nhset\r\n\$\d+\r\nrci:cache:generations\r\n[^*]*\r\nusers\r\n/);
    expect(invalidation).toBeGreaterThan(-1);
    expect(sent.indexOf('\r\nhmget\r\n')).toBeGreaterThan(invalidation);
  });
});

describe('Redis refusing writes while it still answers reads (out of memory)', () => {
  it('serves nothing from Redis while a write’s invalidation is pending, and writes it before using Redis again', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const gw = await startGateway({
      simulator: { auth },
      cache: { ttlMs: 60_000, redisUrl: redis.url, warn: () => {} },
    });
    cleanups.push(() => gw.close());
    await until(() => gw.cache!.available);
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 0 }).on('error', () => {});
    cleanups.push(() => admin.disconnect());

    const before = surnameOf(await gw.query(SURNAME, {}, { authorization: ALICE }));
    gw.sim.clearRequests();
    expect(surnameOf(await gw.query(SURNAME, {}, { authorization: ALICE }))).toBe(before);
    expect(gw.calls()).toEqual([]);
    const usersGeneration = await admin.hget(GENERATIONS, 'users');

    // Every write command now fails (OOM), every read is still answered: the entry above is readable.
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    await expect(admin.set('probe', 'x')).rejects.toThrow(/OOM/);
    expect(surnameOf(await gw.query(rename('Written-while-Redis-was-full'), {}, { authorization: ALICE }))).toBe(
      'Written-while-Redis-was-full',
    );
    expect(await admin.hget(GENERATIONS, 'users')).toBe(usersGeneration);
    gw.sim.clearRequests();
    expect(surnameOf(await gw.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-full');
    expect(gw.calls()).toEqual([`GET /users/${JOHN}`]);

    // Redis takes writes again; the entry from before the write is still there, under the old generations.
    await admin.config('SET', 'maxmemory', '0');
    expect(surnameOf(await gw.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-full');
    await until(() => gw.cache!.available);
    expect(await admin.hget(GENERATIONS, 'users')).not.toBe(usersGeneration);
    expect(surnameOf(await gw.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-full');
    gw.sim.clearRequests();
    expect(surnameOf(await gw.query(SURNAME, {}, { authorization: ALICE }))).toBe('Written-while-Redis-was-full');
    expect(gw.calls()).toEqual([]);
  });
});

describe('a hung Redis (connected, answering nothing)', () => {
  it('costs a request at most one Redis timeout, keeps readiness, and is used again once it answers', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const sim = await startSimulator({ port: 0, auth });
    cleanups.push(() => sim.close());
    const metrics = createMetrics();
    const cache = new RciCache({
      ttlMs: 60_000,
      redisUrl: redis.url,
      warn: () => {},
      observer: metrics.cacheObserver,
    });
    const rci = new RciClient({ baseUrl: sim.url, timeoutMs: 5_000, cache, observer: metrics.observer });
    cleanups.push(async () => (await rci.close(), await cache.close()));
    const yoga = createGateway({
      rci,
      metrics,
      readiness: new Readiness({ checks: [rciReadiness(rci), redisReadiness(cache)], timeoutMs: 2_000 }),
      logger: createLogger(() => {}),
    });
    const roster = async () => {
      const response = await yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: ALICE },
        body: JSON.stringify({ query: ROSTER }),
      });
      const answer = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(answer.errors).toBeUndefined();
      return answer.data;
    };
    const lookupTimeouts = async () => {
      const text = await (await yoga.fetch('http://gateway.test/metrics')).text();
      const line = /^rci_cache_redis_failures_total\{command="lookup",kind="timeout"\} (\d+)$/m.exec(text);
      return line ? Number(line[1]) : 0;
    };
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 0 }).on('error', () => {});
    cleanups.push(() => admin.disconnect());
    await until(() => cache.available);

    const truth = await roster();
    const coldCalls = sim.requests.length;
    sim.clearRequests();
    expect(await roster()).toEqual(truth);
    expect(sim.requests).toHaveLength(0);

    await admin.config('RESETSTAT');
    redis.pause();
    // The first lookup waits out the command timeout; after it, nothing more is asked of Redis.
    expect(await roster()).toEqual(truth);
    expect(sim.requests).toHaveLength(coldCalls);
    expect(await lookupTimeouts()).toBe(1);
    expect(await roster()).toEqual(truth);
    expect(sim.requests).toHaveLength(2 * coldCalls);
    expect(await lookupTimeouts()).toBe(1);
    expect(cache.available).toBe(false);
    const ready = await yoga.fetch('http://gateway.test/readiness');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', degraded: { redis: 'Redis does not answer' } });

    redis.resume();
    await until(() => cache.available);
    // What Redis received while it was hung: one lookup (its generations are read with HMGET).
    const stats = await admin.info('commandstats');
    expect(Number(/^cmdstat_hmget:calls=(\d+),/m.exec(stats)?.[1] ?? 0)).toBe(1);

    expect(await roster()).toEqual(truth);
    sim.clearRequests();
    expect(await roster()).toEqual(truth);
    expect(sim.requests).toHaveLength(0);
    expect(await lookupTimeouts()).toBe(1);
  });
});
