import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/rci/rateLimit.js';
import { rest, startGateway, useGateway, type TestGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Bulk mutations: one outcome per item, in input order, each item with the single mutation's semantics.
// Every test reads RCI's state afterwards, item by item, and the simulator's log for what was sent.

const JOHN = 'E936C474B22311D38FBE0090279A922E';

const SET_SKILLS = `mutation Set($items: [SetUserSkillInput!]!) {
  bulkSetUserSkill(input: { items: $items }) { index errors { code message field } payload { level user { rciId } } }
}`;

interface Outcome {
  index: number;
  errors: { code: string; message: string; field: string | null }[];
  payload: Json;
}

/** The ids of the first `n` users, read from RCI itself. */
async function userIds(gw: TestGateway, n: number): Promise<string[]> {
  const users = await rest<{ id: string }[]>(gw, `/users?limit=${n}`);
  expect(users.length).toBe(n);
  return users.map((u) => u.id);
}

/** A skill no user has yet, created in RCI directly. */
async function newSkill(gw: TestGateway, name: string): Promise<string> {
  const response = await fetch(`${gw.sim.url}/skills`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/html' },
    body: JSON.stringify({ name, description: `${name} skill` }),
  });
  expect(response.status).toBe(201);
  return (await response.text()).trim();
}

async function newRole(gw: TestGateway, name: string): Promise<string> {
  const response = await fetch(`${gw.sim.url}/roles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/html' },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  return (await response.text()).trim();
}

async function levelOf(gw: TestGateway, userId: string, skillId: string): Promise<number | undefined> {
  const skills = await rest<{ id: string; value: number }[]>(gw, `/users/${userId}/skills`);
  return skills.find((s) => s.id === skillId)?.value;
}

describe('bulk mutations against the simulator', () => {
  const gw = useGateway({ simulator: { data: { scale: 50, seed: 7 } }, reset: true });
  afterEach(() => gw.sim.setFaults([]));

  it('200 skill levels, 5 invalid and 3 failing upstream: each at its index, the rest applied', async () => {
    const users = await userIds(gw, 200);
    const skill = await newSkill(gw, 'Finnish');
    const items: Json[] = users.map((userId, i) => ({ userId, skillId: skill, level: 1 + (i % 5) }));
    // Five invalid items, two problems in one of them.
    items[10].level = 7;
    items[50].userId = 'not-a-user';
    items[90].skillId = 'XYZ';
    items[120] = { ...items[120], userId: 'nobody', level: 0 };
    items[199].level = 6;
    const invalid = [10, 50, 90, 120, 199];
    // Three items whose POST RCI answers 503 (a POST is never retried).
    const failing = [3, 77, 150];
    gw.sim.setFaults([
      { method: 'POST', path: new RegExp(`^/users/(${failing.map((i) => users[i]).join('|')})/skills$`), status: 503 },
    ]);
    gw.sim.clearRequests();

    const result = await gw.query(SET_SKILLS, { items });
    expect(result.errors).toBeUndefined();
    const outcomes = (result.data as Json).bulkSetUserSkill as Outcome[];
    expect(outcomes.map((o) => o.index)).toEqual(users.map((_, i) => i));

    const problems = (i: number) => outcomes[i].errors.map((e) => [e.code, e.field]);
    expect(problems(10)).toEqual([['BAD_USER_INPUT', 'input.items.10.level']]);
    expect(problems(50)).toEqual([['BAD_USER_INPUT', 'input.items.50.userId']]);
    expect(problems(90)).toEqual([['BAD_USER_INPUT', 'input.items.90.skillId']]);
    expect(problems(120)).toEqual([
      ['BAD_USER_INPUT', 'input.items.120.userId'],
      ['BAD_USER_INPUT', 'input.items.120.level'],
    ]);
    expect(problems(199)).toEqual([['BAD_USER_INPUT', 'input.items.199.level']]);
    for (const i of failing) {
      expect(outcomes[i].errors).toEqual([
        { code: 'UPSTREAM_UNAVAILABLE', message: expect.stringMatching(/503/) as string, field: null },
      ]);
    }
    for (const i of [...invalid, ...failing]) expect(outcomes[i].payload).toBeNull();

    // Invalid items were never sent; every valid one was checked and POSTed once, failing ones included.
    const calls = gw.calls();
    for (const i of invalid.filter((i) => i !== 50 && i !== 120)) {
      expect(calls.filter((c) => c.includes(users[i]))).toEqual([]);
    }
    expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(195);
    expect(calls.filter((c) => c.startsWith('GET /users/') && c.endsWith('/skills'))).toHaveLength(195);

    for (const [i, userId] of users.entries()) {
      const applied = !invalid.includes(i) && !failing.includes(i);
      expect(await levelOf(gw, userId, skill)).toBe(applied ? 1 + (i % 5) : undefined);
      if (applied) {
        expect(outcomes[i].errors).toEqual([]);
        expect(outcomes[i].payload).toEqual({ level: 1 + (i % 5), user: { rciId: userId } });
      }
    }
  });

  it('items on the same object run in input order, never racing each other’s read-merge-PUT', async () => {
    gw.sim.setLatency({ fixedMs: 5 });
    try {
      const [other] = (await userIds(gw, 2)).filter((u) => u !== JOHN);
      const skill = await newSkill(gw, 'Estonian');
      gw.sim.clearRequests();
      const users = await gw.query(
        `mutation($items: [UpdateUserInput!]!) { bulkUpdateUser(input: { items: $items }) { index errors { code } } }`,
        {
          items: [
            { id: JOHN, firstName: 'Jonathan' },
            { id: other, surname: 'Other' },
            // The same user by its global id: the same object.
            { id: encodeGlobalID('User', JOHN), surname: 'Smythe' },
          ],
        },
      );
      expect(users.errors).toBeUndefined();
      expect(((users.data as Json).bulkUpdateUser as Outcome[]).map((o) => o.errors)).toEqual([[], [], []]);
      const john = gw.calls().filter((c) => c.includes(JOHN));
      expect(john).toEqual([`GET /users/${JOHN}`, `PUT /users/${JOHN}`, `GET /users/${JOHN}`, `PUT /users/${JOHN}`]);
      // Had the second update of John read him before the first was PUT, its PUT would undo the first.
      expect(await rest(gw, `/users/${JOHN}`)).toMatchObject({ firstName: 'Jonathan', surname: 'Smythe' });
      expect(await rest(gw, `/users/${other}`)).toMatchObject({ surname: 'Other' });

      gw.sim.clearRequests();
      const skills = await gw.query(SET_SKILLS, {
        items: [
          { userId: JOHN, skillId: skill, level: 2 },
          { userId: other, skillId: skill, level: 3 },
          { userId: JOHN, skillId: skill, level: 4 },
        ],
      });
      expect(skills.errors).toBeUndefined();
      // The first sets the level (POST: John lacks the skill), the second changes it (PUT), in that order.
      expect(gw.calls().filter((c) => c.includes(`/users/${JOHN}/skills`))).toEqual([
        `GET /users/${JOHN}/skills`,
        `POST /users/${JOHN}/skills`,
        `GET /users/${JOHN}/skills`,
        `PUT /users/${JOHN}/skills/${skill}`,
      ]);
      expect(await levelOf(gw, JOHN, skill)).toBe(4);
      expect(await levelOf(gw, other, skill)).toBe(3);
    } finally {
      gw.sim.setLatency(undefined);
    }
  });

  it('a POST whose answer is lost is UPSTREAM_OUTCOME_UNKNOWN, sent once, and the other items are applied', async () => {
    const users = await userIds(gw, 3);
    const skill = await newSkill(gw, 'Latvian');
    gw.sim.setFaults([{ method: 'POST', path: `/users/${users[1]}/skills`, drop: 'after' }]);
    gw.sim.clearRequests();
    const result = await gw.query(SET_SKILLS, {
      items: users.map((userId) => ({ userId, skillId: skill, level: 3 })),
    });
    expect(result.errors).toBeUndefined();
    const outcomes = (result.data as Json).bulkSetUserSkill as Outcome[];
    expect(outcomes.map((o) => o.errors.map((e) => e.code))).toEqual([[], ['UPSTREAM_OUTCOME_UNKNOWN'], []]);
    expect(outcomes[1].errors[0].message).toMatch(/may or may not have been applied/);
    expect(gw.calls().filter((c) => c === `POST /users/${users[1]}/skills`)).toHaveLength(1);
    gw.sim.setFaults([]);
    // It did happen, once: the client is told to check before repeating.
    for (const userId of users) expect(await levelOf(gw, userId, skill)).toBe(3);
  });

  it('a write that succeeded but could not be read back is done, with its id, and an error at the read', async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/skills\/[0-9A-F]{32}$/, status: 503 }]);
    const result = await gw.query(
      `mutation($items: [CreateSkillInput!]!) { bulkCreateSkill(input: { items: $items }) { index errors { code } payload { skillId skill { name } } } }`,
      {
        items: [
          { name: 'Lithuanian', description: 'Lithuanian skill' },
          { name: '', description: 'no name' },
        ],
      },
    );
    const outcomes = (result.data as Json).bulkCreateSkill as Outcome[];
    expect(outcomes[0].errors).toEqual([]);
    expect(outcomes[0].payload.skill).toBeNull();
    expect(typeof outcomes[0].payload.skillId).toBe('string');
    expect(outcomes[1].errors.map((e) => e.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].path).toEqual(['bulkCreateSkill', 0, 'payload', 'skill']);
    expect(result.errors![0].message).toMatch(/succeeded, but reading it back failed/);
    expect(gw.calls().filter((c) => c.startsWith('POST'))).toEqual(['POST /skills']);
    gw.sim.setFaults([]);
    expect(await rest(gw, '/skills?name=Lithuanian')).toHaveLength(1);
  });

  it('a DELETE whose answer was lost is repeated, and one whose repeat finds nothing counts as done', async () => {
    const [lost, plain] = [await newSkill(gw, 'Gone twice'), await newSkill(gw, 'Gone once')];
    gw.sim.setFaults([{ method: 'DELETE', path: `/skills/${lost}`, drop: 'after', times: 1 }]);
    gw.sim.clearRequests();
    try {
      const result = await gw.query(
        `mutation($items: [DeleteSkillInput!]!) { bulkDeleteSkill(input: { items: $items }) { index errors { code } payload { deletedId } } }`,
        { items: [{ id: lost }, { id: plain }] },
      );
      expect(result.errors).toBeUndefined();
      const outcomes = (result.data as Json).bulkDeleteSkill as Outcome[];
      expect(outcomes.map((o) => o.errors)).toEqual([[], []]);
      expect(gw.calls().filter((c) => c === `DELETE /skills/${lost}`)).toHaveLength(2);
      expect(gw.calls().filter((c) => c === `DELETE /skills/${plain}`)).toHaveLength(1);
    } finally {
      gw.sim.setFaults([]);
    }
    expect(await rest(gw, `/skills?name=Gone*`)).toEqual([]);
  });

  it('deletes of one object, by RCI id and by global id, run in input order: the second finds nothing', async () => {
    const skill = await newSkill(gw, 'Deleted twice');
    // The first DELETE to arrive is held 200 ms before RCI handles it: were the two sent together, the
    // second would be handled first and the first item would find nothing.
    gw.sim.setFaults([{ method: 'DELETE', path: `/skills/${skill}`, delayMs: 200, times: 1 }]);
    gw.sim.clearRequests();
    try {
      const result = await gw.query(
        `mutation($items: [DeleteSkillInput!]!) { bulkDeleteSkill(input: { items: $items }) { index errors { code } } }`,
        { items: [{ id: skill }, { id: encodeGlobalID('Skill', skill) }] },
      );
      expect(result.errors).toBeUndefined();
      const outcomes = (result.data as Json).bulkDeleteSkill as Outcome[];
      expect(outcomes.map((o) => o.errors.map((e) => e.code))).toEqual([[], ['NOT_FOUND']]);
      const deletes = gw.sim.requests.filter((r) => r.method === 'DELETE');
      expect(deletes.map((r) => r.status)).toEqual([204, 404]);
    } finally {
      gw.sim.setFaults([]);
    }
  });

  it('is bounded by RCI_MAX_CALLS_PER_REQUEST: items past the budget fail with QUERY_TOO_COMPLEX, none half-written', async () => {
    const limited = await startGateway({ over: gw.sim, client: { maxCallsPerRequest: 5 } });
    try {
      const users = await userIds(gw, 4);
      const skill = await newSkill(gw, 'Budgeted');
      gw.sim.clearRequests();
      const result = await limited.query(
        `mutation Set($items: [SetUserSkillInput!]!) { bulkSetUserSkill(input: { items: $items }) { index errors { code } } }`,
        { items: users.map((userId) => ({ userId, skillId: skill, level: 2 })) },
      );
      expect(gw.calls().length).toBeLessThanOrEqual(5);
      const outcomes = (result.data as Json).bulkSetUserSkill as Outcome[];
      const codes = outcomes.map((o) => o.errors.map((e) => e.code));
      expect(codes.filter((c) => c.includes('QUERY_TOO_COMPLEX')).length).toBeGreaterThan(0);
      // An item either wrote its level or sent no write at all.
      for (const [index, userId] of users.entries()) {
        const posted = gw.calls().includes(`POST /users/${userId}/skills`);
        expect(await levelOf(gw, userId, skill), `item ${index}`).toBe(posted ? 2 : undefined);
        if (codes[index].includes('QUERY_TOO_COMPLEX')) expect(posted, `item ${index}`).toBe(false);
      }
    } finally {
      await limited.close();
    }
  });

  it('refuses more than MAX_BULK_ITEMS items before any RCI call', async () => {
    const result = await gw.query(SET_SKILLS, {
      items: Array.from({ length: 501 }, () => ({ userId: JOHN, skillId: JOHN, level: 1 })),
    });
    expect((result.data as Json).bulkSetUserSkill).toBeNull();
    expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.items'],
    ]);
    expect(result.errors![0].message).toMatch(/501 items, more than the 500/);
    expect(gw.calls()).toEqual([]);
  });
});

describe('bulk mutations over the answer cache', () => {
  const gw = useGateway({
    simulator: { data: { scale: 2, seed: 7 }, latency: { fixedMs: 5 } },
    cache: { ttlMs: 60_000 },
  });

  it('reads each item back from RCI while the bulk still holds its invalidations, never a cached copy', async () => {
    const [other] = (await userIds(gw, 2)).filter((u) => u !== JOHN);
    const read = `{ user(id: "${JOHN}") { firstName } }`;
    expect((await gw.query(read)).data).toEqual({ user: { firstName: 'John' } });
    gw.sim.clearRequests();
    expect((await gw.query(read)).data).toEqual({ user: { firstName: 'John' } });
    expect(gw.calls()).toEqual([]);

    // John is written first; the two updates of the other user, one after the other, keep the bulk
    // (and its held invalidations) running while John's payload is read.
    const result = await gw.query(
      `mutation($items: [UpdateUserInput!]!) { bulkUpdateUser(input: { items: $items }) { index errors { code } payload { user { firstName } } } }`,
      {
        items: [
          { id: JOHN, firstName: 'Johnny' },
          { id: other, surname: 'First' },
          { id: other, surname: 'Second' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    const outcomes = (result.data as Json).bulkUpdateUser as Outcome[];
    expect(outcomes[0].payload).toEqual({ user: { firstName: 'Johnny' } });
    // John's payload was read before the last item was done.
    const calls = gw.calls();
    expect(calls.lastIndexOf(`GET /users/${JOHN}`)).toBeLessThan(calls.lastIndexOf(`PUT /users/${other}`));
    // And once the bulk is done, the cache shows it to everyone.
    expect((await gw.query(read)).data).toEqual({ user: { firstName: 'Johnny' } });
  });
});

describe('bulk mutations under a rate limit', () => {
  // Two turns at once, then one every 10 s: one setUserSkill (GET and POST, taken together) gets through.
  const gw = useGateway({
    simulator: { data: { scale: 2, seed: 7 } },
    client: { rateLimit: new RateLimiter({ ratePerSecond: 0.1, burst: 2, maxWaitMs: 0 }) },
    reset: true,
  });

  it('reports an item the limit refused with RATE_LIMITED and when to try again, sending nothing for it', async () => {
    const [first, second] = await userIds(gw, 2);
    const skill = await newSkill(gw, 'Rationed');
    gw.sim.clearRequests();
    const result = await gw.query(
      `mutation Set($items: [SetUserSkillInput!]!) {
        bulkSetUserSkill(input: { items: $items }) { index errors { code retryAfterSeconds } }
      }`,
      { items: [first, second].map((userId) => ({ userId, skillId: skill, level: 3 })) },
    );
    expect(result.errors).toBeUndefined();
    const outcomes = (result.data as Json).bulkSetUserSkill as {
      index: number;
      errors: { code: string; retryAfterSeconds: number | null }[];
    }[];
    const refused = outcomes.filter((o) => o.errors.some((e) => e.code === 'RATE_LIMITED'));
    // Two turns: one item's write (its GET and its POST, taken at once) gets them, the other none.
    expect(refused).toHaveLength(1);
    for (const outcome of refused) {
      const [error] = outcome.errors;
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.retryAfterSeconds).toBeLessThanOrEqual(20);
      // No write was sent for a refused item.
      const userId = [first, second][outcome.index];
      expect(gw.calls().filter((call) => call.startsWith('POST') && call.includes(userId))).toEqual([]);
      expect(await levelOf(gw, userId, skill)).toBeUndefined();
    }
  });
});

describe('bulk items on memberships and creates, as RCI sees them in flight', () => {
  // RCI calls in flight, per path, as the gateway's client sends and settles them.
  const inFlight = new Map<string, number>();
  const most = new Map<string, number>();
  let running = 0;
  let mostOverall = 0;
  const gw = useGateway({
    simulator: { data: { scale: 20, seed: 3 }, latency: { fixedMs: 10 } },
    client: {
      observer: {
        callStarted: ({ method, template }) => {
          const key = `${method} ${template}`;
          inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
          most.set(key, Math.max(most.get(key) ?? 0, inFlight.get(key)!));
          mostOverall = Math.max(mostOverall, ++running);
          return {
            end: () => {
              inFlight.set(key, inFlight.get(key)! - 1);
              running--;
            },
          };
        },
      },
    },
    reset: true,
  });
  const reset = () => {
    most.clear();
    mostOverall = 0;
  };

  it('adding the same member of the same user twice runs in input order; other members at once', async () => {
    const users = await userIds(gw, 4);
    // Roles no user has yet, created in RCI directly.
    const [role, other] = await Promise.all(['Bulk tester', 'Bulk reviewer'].map((name) => newRole(gw, name)));
    const roleOf = async (user: string) => (await rest<{ id: string }[]>(gw, `/users/${user}/roles`)).map((r) => r.id);
    reset();
    gw.sim.clearRequests();
    const result = await gw.query(
      `mutation($items: [AddRoleToUserInput!]!) { bulkAddRoleToUser(input: { items: $items }) { index errors { code } } }`,
      {
        items: [
          { userId: users[0], roleId: role },
          { userId: users[1], roleId: role },
          // The same user and role as the first, by global ids: the same membership.
          { userId: encodeGlobalID('User', users[0]), roleId: encodeGlobalID('Role', role) },
          { userId: users[2], roleId: other },
          { userId: users[3], roleId: role },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(((result.data as Json).bulkAddRoleToUser as Outcome[]).map((o) => o.errors)).toEqual([[], [], [], [], []]);
    // The adds of the other users were in RCI's hands together with the first add of the first user; the
    // second add of the first user's role reached RCI only after the first was answered (10 ms later), so
    // after every other item's add, although it comes before two of them in the input.
    expect(most.get('POST /users/{id}/roles')).toBe(4);
    const adds = gw.calls().filter((c) => c.startsWith('POST'));
    expect(adds).toHaveLength(5);
    expect(adds.filter((c) => c === `POST /users/${users[0]}/roles`)).toHaveLength(2);
    expect(adds.at(-1)).toBe(`POST /users/${users[0]}/roles`);
    expect(adds.indexOf(`POST /users/${users[0]}/roles`)).toBeLessThan(4);
    for (const user of [users[0], users[1], users[3]]) expect(await roleOf(user)).toContain(role);
    expect(await roleOf(users[2])).toContain(other);
  });

  it('creates touch no existing object and run at once', async () => {
    reset();
    const result = await gw.query(
      `mutation($items: [CreateSkillInput!]!) { bulkCreateSkill(input: { items: $items }) { index errors { code } payload { skill { name } } } }`,
      { items: Array.from({ length: 6 }, (_, i) => ({ name: `Bulk skill ${i}`, description: `Skill ${i}` })) },
    );
    expect(result.errors).toBeUndefined();
    const outcomes = (result.data as Json).bulkCreateSkill as {
      errors: unknown[];
      payload: { skill: { name: string } };
    }[];
    expect(outcomes.map((o) => o.payload.skill.name)).toEqual(Array.from({ length: 6 }, (_, i) => `Bulk skill ${i}`));
    // Six POSTs of new skills were in RCI's hands at once, not one after another.
    expect(most.get('POST /skills')).toBe(6);
  });
});
