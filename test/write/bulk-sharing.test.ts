import { describe, expect, it, vi } from 'vitest';
import { rest, startGateway, useGateway, type TestGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// A bulk mutation shares RCI with everyone else: its items are capped per request, its calls take turns
// with other requests' calls, and its cost estimate counts its items. Judged by the simulator's log and
// by counts, never by time.

const SET_SKILLS = `mutation Set($items: [SetUserSkillInput!]!) {
  bulkSetUserSkill(input: { items: $items }) { index errors { code } }
}`;

/** `n` distinct (user, skill) items: the first users, each with new skills created in RCI directly. */
async function skillItems(gw: TestGateway, users: number, skills: number): Promise<Json[]> {
  const userIds = (await rest<{ id: string }[]>(gw, `/users?limit=${users}`)).map((u) => u.id);
  const skillIds: string[] = [];
  for (let i = 0; i < skills; i++) {
    const response = await fetch(`${gw.sim.url}/skills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/html' },
      body: JSON.stringify({ name: `Skill ${i}`, description: `Skill ${i}` }),
    });
    skillIds.push((await response.text()).trim());
  }
  return userIds.flatMap((userId) => skillIds.map((skillId) => ({ userId, skillId, level: 2 })));
}

describe('another request beside a 500-item bulk', () => {
  const gw = useGateway({
    simulator: { data: { scale: 20, seed: 3 }, latency: { fixedMs: 1 } },
    client: { connections: 2 },
  });

  it('is served between the bulk’s calls, not after all of them', async () => {
    const items = await skillItems(gw, 100, 5);
    expect(items).toHaveLength(500);
    gw.sim.clearRequests();
    const isBulkCall = (c: string) => /^(GET|POST) \/users\/[0-9A-F]{32}\/skills$/.test(c);
    let bulkDone = false;
    const bulk = gw.query(SET_SKILLS, { items }).then((result) => ((bulkDone = true), result));
    await vi.waitFor(() => expect(gw.calls().filter(isBulkCall).length).toBeGreaterThanOrEqual(10), {
      timeout: 10_000,
      interval: 2,
    });
    const small = await gw.query(
      `{ timeZones(first: 1) { nodes { name } } }`,
      {},
      { authorization: 'Basic b3RoZXI6eA==' },
    );
    expect(small.errors).toBeUndefined();
    expect(bulkDone).toBe(false);

    const result = await bulk;
    expect(result.errors).toBeUndefined();
    const outcomes = (result.data as Json).bulkSetUserSkill as { index: number; errors: unknown[] }[];
    expect(outcomes.filter((o) => o.errors.length === 0)).toHaveLength(500);
    const calls = gw.calls();
    expect(calls.filter(isBulkCall)).toHaveLength(1000);
    const smallAt = calls.findIndex((c) => c.startsWith('GET /timeZones'));
    // First come, first served would send it after the bulk's 1000 calls; fair turns send it within a
    // few of the calls waiting when it arrived.
    expect(calls.slice(smallAt + 1).filter(isBulkCall).length).toBeGreaterThanOrEqual(900);
  });
});

describe('the per-request cap on bulk items', () => {
  let running = 0;
  let most = 0;
  const gw = useGateway({
    simulator: { data: { scale: 10, seed: 5 }, latency: { fixedMs: 2 } },
    client: {
      connections: 16,
      observer: {
        callStarted: () => {
          most = Math.max(most, ++running);
          return { end: () => void running-- };
        },
      },
    },
    bulk: { concurrency: 3 },
  });

  it('keeps at most BULK_CONCURRENCY items of one bulk in progress, whatever the pool could take', async () => {
    const items = await skillItems(gw, 30, 1);
    most = 0;
    const result = await gw.query(SET_SKILLS, { items });
    expect(result.errors).toBeUndefined();
    expect(gw.calls().filter((c) => c.startsWith('POST'))).toHaveLength(30 + 1);
    // Concurrent, but never more than three items (one call each at a time) at once.
    expect(most).toBe(3);
  });
});

describe('the cost estimate of a bulk mutation', () => {
  const gw = useGateway({ limits: { maxCost: 2000 } });
  const JOHN = 'E936C474B22311D38FBE0090279A922E';
  const SKILL = '175A098FEDDB41EB8839AACBAB26A0B6';
  const document = `mutation Set($items: [SetUserSkillInput!]!) {
    bulkSetUserSkill(input: { items: $items }) { index errors { code } payload { level user { firstName } skill { name } } }
  }`;

  it('counts every item: many are refused before any RCI call, a few run', async () => {
    const item = { userId: JOHN, skillId: SKILL, level: 3 };
    const many = await gw.query(document, { items: Array.from({ length: 300 }, () => item) });
    expect(many.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 2000 });
    expect(many.errors?.[0].extensions?.estimate).toBeGreaterThan(300 * 4);
    expect(gw.calls()).toEqual([]);
    const few = await gw.query(document, { items: [item, item] });
    expect(few.errors).toBeUndefined();
  });

  it('estimates the README’s example of 500 items at 8000: 6500 objects and 1500 calls', async () => {
    const example = `mutation AssignSkill($items: [SetUserSkillInput!]!) {
      bulkSetUserSkill(input: { items: $items }) {
        index
        errors { code message field }
        payload { level user { firstName surname } }
      }
    }`;
    const item = { userId: JOHN, skillId: SKILL, level: 3 };
    const refused = await gw.query(example, { items: Array.from({ length: 500 }, () => item) });
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      estimate: 8000,
      objects: 6500,
      rciCalls: 1500,
    });
    expect(gw.calls()).toEqual([]);
  });

  it('bounds the RCI calls and objects a bulk makes and answers', async () => {
    // The same RCI behind a gateway refusing anything estimated above zero: its refusal reports the estimate.
    const estimator = await startGateway({ over: gw.sim, limits: { maxCost: 0.5 } });
    try {
      const items = (await skillItems(gw, 3, 4)).map((item, i) => ({ ...item, level: 1 + (i % 5) }));
      const refused = await estimator.query(document, { items });
      const estimate = refused.errors?.[0].extensions as { objects: number; rciCalls: number };
      gw.sim.clearRequests();
      const result = await gw.query(document, { items });
      expect(result.errors).toBeUndefined();
      const outcomes = (result.data as Json).bulkSetUserSkill as Json[];
      expect(outcomes.every((o: Json) => o.errors.length === 0)).toBe(true);
      // Each outcome, its payload, the user and the skill read back.
      expect(4 * items.length).toBeLessThanOrEqual(estimate.objects);
      expect(gw.calls().length).toBeLessThanOrEqual(estimate.rciCalls);
      expect(gw.calls().length).toBeGreaterThanOrEqual(2 * items.length);
    } finally {
      await estimator.close();
    }
  });
});
