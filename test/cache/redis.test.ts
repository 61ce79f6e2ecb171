import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { startRedis, type TestRedis } from '../support/redis.js';

// Two gateway processes' worth of gateways over one RCI and one real Redis: entries and invalidations
// are shared, callers stay apart, no credential reaches Redis, and a Redis outage only costs RCI calls.
const ALICE_PASSWORD = 'alice-secret';
const BOB_PASSWORD = 'bob-secret';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = basic('alice', ALICE_PASSWORD);
const BOB = basic('bob', BOB_PASSWORD);
const FRESH = { 'cache-control': 'no-cache' };

const ROSTER = `{ users(first: 20) { nodes { rciId firstName surname email roles { name } userGroups { name }
  skills { level skill { name } } } } }`;

let redis: TestRedis;
let a: TestGateway;
let b: TestGateway;
const warnings: string[] = [];

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(condition()).toBe(true);
}

beforeAll(async () => {
  redis = await startRedis();
  const auth = {
    users: [
      { username: 'alice', password: ALICE_PASSWORD },
      { username: 'bob', password: BOB_PASSWORD },
    ],
  };
  const cache = { ttlMs: 60_000, redisUrl: redis.url, warn: (message: string) => warnings.push(message) };
  a = await startGateway({ simulator: { auth }, cache });
  b = await startGateway({ over: a.sim, cache });
  await until(() => a.cache!.available && b.cache!.available);
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await redis?.stop();
});

describe('answer cache in Redis, shared by two gateways', () => {
  it('answers B’s warm read with 0 RCI calls after A read it, for the same caller only', async () => {
    const cold = await a.query(ROSTER, {}, { authorization: ALICE, ...FRESH });
    expect(cold.errors).toBeUndefined();
    const coldCount = a.sim.requests.length;
    a.sim.clearRequests();
    const warm = await b.query(ROSTER, {}, { authorization: ALICE });
    expect(warm.data).toEqual(cold.data);
    expect(a.calls()).toEqual([]);
    // Bob's identical query shares nothing with Alice's entries.
    const bob = await b.query(ROSTER, {}, { authorization: BOB });
    expect(bob.data).toEqual(cold.data);
    const calls = a.sim.requests;
    expect(calls).toHaveLength(coldCount);
    expect(calls.every((r) => r.authorization === BOB)).toBe(true);
  });

  it('shows a write through A on B’s next read, for every caller', async () => {
    const user = (await b.query(ROSTER, {}, { authorization: BOB })).data as {
      users: { nodes: { rciId: string; surname: string }[] };
    };
    const id = user.users.nodes[0].rciId;
    await b.query(ROSTER, {}, { authorization: ALICE });
    a.sim.clearRequests();
    await b.query(ROSTER, {}, { authorization: ALICE });
    await b.query(ROSTER, {}, { authorization: BOB });
    expect(a.calls()).toEqual([]);
    const written = await a.query(
      `mutation { updateUser(input: { id: "${id}", surname: "Written-through-A" }) { user { surname } } }`,
      {},
      { authorization: ALICE },
    );
    expect(written.errors).toBeUndefined();
    for (const authorization of [ALICE, BOB]) {
      const seen = (await b.query(ROSTER, {}, { authorization })).data as typeof user;
      expect(seen.users.nodes[0].surname).toBe('Written-through-A');
    }
  });

  it('invalidates once per tag for a whole bulk mutation, and B’s next read shows every item', async () => {
    const roster = (await b.query(ROSTER, {}, { authorization: ALICE })).data as {
      users: { nodes: { rciId: string; skills: { level: number; skill: { name: string } }[] }[] };
    };
    const skills = (await a.query(`{ skills(first: 4) { nodes { rciId name } } }`, {}, { authorization: ALICE }))
      .data as { skills: { nodes: { rciId: string; name: string }[] } };
    const users = roster.users.nodes.map((u) => u.rciId);
    const items = users.flatMap((userId) => skills.skills.nodes.map((s) => ({ userId, skillId: s.rciId, level: 5 })));
    expect(items.length).toBeGreaterThanOrEqual(9);
    const client = new Redis(redis.url);
    try {
      await client.config('RESETSTAT');
      const written = await a.query(
        `mutation($items: [SetUserSkillInput!]!) { bulkSetUserSkill(input: { items: $items }) { errors { code } } }`,
        { items },
        { authorization: ALICE },
      );
      expect(written.errors).toBeUndefined();
      // Every invalidation is one HSET of the tags' generations: one for the whole bulk, not one per write.
      const stats = await client.info('commandstats');
      expect(/cmdstat_hset:calls=(\d+)/.exec(stats)?.[1]).toBe('1');
    } finally {
      client.disconnect();
    }
    const seen = (await b.query(ROSTER, {}, { authorization: ALICE })).data as typeof roster;
    for (const user of seen.users.nodes) {
      for (const skill of skills.skills.nodes) {
        expect(user.skills).toContainEqual({ level: 5, skill: { name: skill.name } });
      }
    }
  });

  it('reads no stored answer for a no-cache read: only the generations it stores its answer under', async () => {
    const client = new Redis(redis.url);
    try {
      await client.config('RESETSTAT');
      a.sim.clearRequests();
      const fresh = await a.query(ROSTER, {}, { authorization: ALICE, ...FRESH });
      expect(fresh.errors).toBeUndefined();
      const reads = a.sim.requests.length;
      const stats = await client.info('commandstats');
      const calls = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
      expect(calls('get')).toBe(0);
      expect(calls('hmget')).toBe(reads);
      expect(calls('set')).toBe(reads);
    } finally {
      client.disconnect();
    }
  });

  it('keeps no credential, nor an unkeyed hash of one, in any Redis key or value', async () => {
    await a.query(ROSTER, {}, { authorization: ALICE });
    await b.query(ROSTER, {}, { authorization: BOB });
    const client = new Redis(redis.url);
    try {
      const keys = await client.keys('*');
      expect(keys.length).toBeGreaterThan(20);
      const dump: string[] = [...keys];
      for (const key of keys) {
        const type = await client.type(key);
        if (type === 'string') dump.push((await client.get(key)) ?? '');
        else if (type === 'hash') dump.push(JSON.stringify(await client.hgetall(key)));
        else dump.push(type);
      }
      const text = dump.join('\n');
      const forbidden = [ALICE, BOB].flatMap((header) => [
        header,
        header.slice('Basic '.length),
        createHash('sha256').update(header).digest('hex'),
        createHash('sha256').update(header).digest('base64url'),
      ]);
      for (const secret of [...forbidden, ALICE_PASSWORD, BOB_PASSWORD]) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/basic /i);
    } finally {
      client.disconnect();
    }
  });

  it('answers correctly from RCI while Redis is down, warns once, and caches again when it is back', async () => {
    const truth = await a.query(ROSTER, {}, { authorization: ALICE, ...FRESH });
    await redis.stop();
    await until(() => !a.cache!.available && !b.cache!.available);
    for (const gateway of [a, b, a, b]) {
      const answer = await gateway.query(ROSTER, {}, { authorization: ALICE });
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(truth.data);
    }
    // A write during the outage is seen by both.
    const id = (truth.data as { users: { nodes: { rciId: string }[] } }).users.nodes[1].rciId;
    const written = await a.query(
      `mutation { updateUser(input: { id: "${id}", surname: "Written-during-outage" }) { user { surname } } }`,
      {},
      { authorization: ALICE },
    );
    expect(written.errors).toBeUndefined();
    const seen = (await b.query(ROSTER, {}, { authorization: ALICE })).data as {
      users: { nodes: { surname: string }[] };
    };
    expect(seen.users.nodes[1].surname).toBe('Written-during-outage');
    // One warning per gateway for the whole outage, however many requests it served.
    expect(warnings.filter((w) => w.includes('unavailable'))).toHaveLength(2);

    await redis.start();
    await until(() => a.cache!.available && b.cache!.available);
    const fresh = await a.query(ROSTER, {}, { authorization: ALICE, ...FRESH });
    a.sim.clearRequests();
    expect((await b.query(ROSTER, {}, { authorization: ALICE })).data).toEqual(fresh.data);
    expect(a.calls()).toEqual([]);
  });
});
