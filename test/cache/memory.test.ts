import { describe, expect, it } from 'vitest';
import { rest, useGateway } from '../support/gateway.js';

// The answer cache shared across requests, in memory: scoped per caller, warm repeats cost nothing,
// `Cache-Control: no-cache` reads afresh, and a partial update never merges a cached copy.
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = basic('alice', 'alice-secret');
const BOB = basic('bob', 'bob-secret');
const JOHN = 'E936C474B22311D38FBE0090279A922E';

const ROSTER = `query Roster {
  users(first: 20) {
    nodes { firstName email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } }
  }
}`;

const auth = {
  users: [
    { username: 'alice', password: 'alice-secret' },
    { username: 'bob', password: 'bob-secret' },
  ],
};

describe('answer cache in memory', () => {
  const gw = useGateway({ simulator: { auth, data: { scale: 4 } }, cache: { ttlMs: 60_000 }, reset: true });
  const callsBy = (authorization: string) => gw.sim.requests.filter((r) => r.authorization === authorization).length;

  it('answers a warm repeat of the roster with 0 RCI calls, and identically', async () => {
    const cold = await gw.query(ROSTER, {}, { authorization: ALICE, 'cache-control': 'no-cache' });
    expect(cold.errors).toBeUndefined();
    const coldCalls = gw.calls().length;
    expect(coldCalls).toBeGreaterThan(20);
    gw.sim.clearRequests();
    const warm = await gw.query(ROSTER, {}, { authorization: ALICE });
    expect(gw.calls()).toEqual([]);
    expect(warm.data).toEqual(cold.data);
  });

  it('never answers one caller from another caller’s entries', async () => {
    await gw.query(ROSTER, {}, { authorization: ALICE });
    gw.sim.clearRequests();
    await gw.query(ROSTER, {}, { authorization: ALICE });
    expect(gw.calls()).toEqual([]);
    // Bob asks the same URLs: every one goes to RCI with Bob's credentials.
    const bob = await gw.query(ROSTER, {}, { authorization: BOB });
    expect(bob.errors).toBeUndefined();
    expect(callsBy(BOB)).toBeGreaterThan(20);
    expect(callsBy(ALICE)).toBe(0);
    // A caller RCI refuses gets RCI's refusal, not the entries of a caller it accepted.
    gw.sim.clearRequests();
    const intruder = await gw.query(ROSTER, {}, { authorization: basic('alice', 'wrong') });
    expect(intruder.data).toEqual({ users: null });
    expect(intruder.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(gw.calls()).toHaveLength(1);
    // No credentials at all is a caller of its own too.
    const anonymous = await gw.query(ROSTER);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads everything afresh with Cache-Control: no-cache, and refreshes the cache with it', async () => {
    // The roster reads its users from the list answer (email through `sort`); the lookup by id has
    // entries of its own.
    const user = `query { user(id: "${JOHN}") { firstName } }`;
    await gw.query(ROSTER, {}, { authorization: ALICE, 'cache-control': 'no-cache' });
    const fullCount = gw.calls().length;
    await gw.query(user, {}, { authorization: ALICE, 'cache-control': 'no-cache' });
    gw.sim.clearRequests();
    await gw.query(ROSTER, {}, { authorization: ALICE });
    await gw.query(user, {}, { authorization: ALICE });
    expect(gw.calls()).toEqual([]);
    // A change made outside the gateway: the warm cache still shows the old name (within the TTL)...
    const renamed = await fetch(`${gw.sim.url}/users/${JOHN}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: ALICE },
      body: JSON.stringify({ ...(await restAs(`/users/${JOHN}`)), firstName: 'Outside' }),
    });
    expect(renamed.ok).toBe(true);
    gw.sim.clearRequests();
    expect((await gw.query(user, {}, { authorization: ALICE })).data).toEqual({ user: { firstName: 'John' } });
    // ...a client asking for fresh data gets the new one, at the full count...
    gw.sim.clearRequests();
    const fresh = await gw.query(ROSTER, {}, { authorization: ALICE, 'cache-control': 'no-cache' });
    expect(gw.calls()).toHaveLength(fullCount);
    expect(JSON.stringify(fresh.data)).toContain('Outside');
    gw.sim.clearRequests();
    const freshUser = await gw.query(user, {}, { authorization: ALICE, 'cache-control': 'no-cache' });
    expect(freshUser.data).toEqual({ user: { firstName: 'Outside' } });
    expect(gw.calls()).toEqual([`GET /users/${JOHN}`]);
    // ...and the cache holds it from then on.
    gw.sim.clearRequests();
    expect((await gw.query(user, {}, { authorization: ALICE })).data).toEqual({ user: { firstName: 'Outside' } });
    expect(gw.calls()).toEqual([]);
  });

  it('merges a partial update with RCI’s object, never with the cached copy', async () => {
    const user = `query { user(id: "${JOHN}") { firstName surname email } }`;
    const before = { user: { firstName: 'John', surname: 'Fox', email: 'John.Fox@customer.com' } };
    // (The simulator's data was reset under the cache: start from what RCI has.)
    const fresh = { 'cache-control': 'no-cache' };
    expect((await gw.query(user, {}, { authorization: ALICE, ...fresh })).data).toEqual(before);
    expect((await gw.query(user, {}, { authorization: BOB, ...fresh })).data).toEqual(before);
    gw.sim.clearRequests();
    expect((await gw.query(user, {}, { authorization: ALICE })).data).toEqual(before);
    expect(gw.calls()).toEqual([]);
    // Changed directly in RCI while the gateway's copy is warm.
    const current = await restAs(`/users/${JOHN}`);
    await fetch(`${gw.sim.url}/users/${JOHN}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: ALICE },
      body: JSON.stringify({ ...current, surname: 'Changed-in-RCI' }),
    });
    gw.sim.clearRequests();
    const updated = await gw.query(
      `mutation { updateUser(input: { id: "${JOHN}", email: "new@example.com" }) { user { surname email } } }`,
      {},
      { authorization: ALICE },
    );
    expect(updated.errors).toBeUndefined();
    expect(gw.calls().slice(0, 2)).toEqual([`GET /users/${JOHN}`, `PUT /users/${JOHN}`]);
    expect(updated.data).toEqual({ updateUser: { user: { surname: 'Changed-in-RCI', email: 'new@example.com' } } });
    expect(await restAs(`/users/${JOHN}`)).toMatchObject({ surname: 'Changed-in-RCI', email: 'new@example.com' });
    // And the other caller's warm copy is dropped by the write too.
    gw.sim.clearRequests();
    expect((await gw.query(user, {}, { authorization: BOB })).data).toEqual({
      user: { firstName: 'John', surname: 'Changed-in-RCI', email: 'new@example.com' },
    });
    expect(gw.calls()).toEqual([`GET /users/${JOHN}`]);
  });

  it('finds an IVR by an attribute added through the graph, in a repeat of a warm filtered list', async () => {
    // `attributeName` is searched in each IVR's attributes, a collection of its own: adding one must
    // drop the cached list filtered by it.
    const byColour = `query { customIvrs(filter: { attributeName: "colour" }) { nodes { rciId name } } }`;
    const [callback] = await restAs<{ id: string }[]>('/customIvrs?name=Callback%20IVR');
    expect((await gw.query(byColour, {}, { authorization: ALICE })).data).toEqual({ customIvrs: { nodes: [] } });
    gw.sim.clearRequests();
    expect((await gw.query(byColour, {}, { authorization: ALICE })).data).toEqual({ customIvrs: { nodes: [] } });
    expect(gw.calls()).toEqual([]);
    const added = await gw.query(
      `mutation { addCustomIvrAttribute(input: { customIvrId: "${callback.id}", name: "colour", value: "teal", language: "EN" }) { attribute { name } } }`,
      {},
      { authorization: ALICE },
    );
    expect(added.errors).toBeUndefined();
    gw.sim.clearRequests();
    expect((await gw.query(byColour, {}, { authorization: ALICE })).data).toEqual({
      customIvrs: { nodes: [{ rciId: callback.id, name: 'Callback IVR' }] },
    });
    expect(gw.calls()).toEqual(['GET /customIvrs?attributeName=colour&offset=0&limit=51']);
  });

  async function restAs<T = Record<string, unknown>>(path: string): Promise<T> {
    const response = await fetch(`${gw.sim.url}${path}`, {
      headers: { accept: 'application/json', authorization: ALICE },
    });
    return (await response.json()) as T;
  }
});

describe('answer cache switched off (RCI_CACHE_TTL_MS=0)', () => {
  const gw = useGateway({ cache: { ttlMs: 0 } });

  it('asks RCI again for every repeat', async () => {
    await gw.query(ROSTER);
    const count = gw.calls().length;
    gw.sim.clearRequests();
    await gw.query(ROSTER);
    expect(gw.calls()).toHaveLength(count);
  });
});

describe('answer cache TTL', () => {
  const gw = useGateway({ cache: { ttlMs: 300 }, reset: true });

  it('shows a change made outside the gateway once the TTL has run out', async () => {
    const user = `query { user(id: "${JOHN}") { firstName } }`;
    await gw.query(user);
    const current = await rest<Record<string, unknown>>(gw, `/users/${JOHN}`);
    await fetch(`${gw.sim.url}/users/${JOHN}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...current, firstName: 'Later' }),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    gw.sim.clearRequests();
    expect((await gw.query(user)).data).toEqual({ user: { firstName: 'Later' } });
    expect(gw.calls()).toEqual([`GET /users/${JOHN}`]);
  });
});

describe('cache lookups reported to the RCI observer', () => {
  const lookups: string[] = [];
  const gw = useGateway({
    cache: { ttlMs: 60_000 },
    client: { observer: { cacheLookup: ({ template, result }) => lookups.push(`${result} ${template}`) } },
  });

  it('names each lookup by its resource template and result, never by ids', async () => {
    const user = `query { user(id: "${JOHN}") { firstName roles { name } } }`;
    await gw.query(user);
    await gw.query(user);
    await gw.query(user, {}, { 'cache-control': 'no-cache' });
    expect(lookups).toEqual([
      'miss /users/{id}',
      'miss /users/{id}/roles',
      'hit /users/{id}',
      'hit /users/{id}/roles',
      'bypass /users/{id}',
      'bypass /users/{id}/roles',
    ]);
  });
});
