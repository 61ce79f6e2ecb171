import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { rest, useGateway, useGatewayOver } from '../support/gateway.js';

// Summary lists completed through `sort`: `GET /users` answers id, firstName, surname "+ all fields used in
// query parameter", so fields a selection needs are named in `sort` after the effective sort keys. The order
// stays the one those keys give, and one list call answers what took one by-id GET per user.
const gw = useGateway({ simulator: { data: { scale: 20, seed: 3 } } });

const DEFAULT_SORT = 'firstName,surname,externalId,chatName,chat,email,phone';
const usersCall = (sort: string, limit: number) =>
  `GET /users?sort=${encodeURIComponent(sort)}&offset=0&limit=${limit + 1}`;

interface FullUser {
  id: string;
  firstName: string;
  surname: string;
  email?: string;
  phone?: string;
  login?: string;
  timeZone?: string;
}

/** The first `n` users in RCI's default order, read in full from RCI itself. */
async function defaultOrder(n: number): Promise<FullUser[]> {
  const page = await rest<{ id: string }[]>(gw, `/users?limit=${n}`);
  return Promise.all(page.map((u) => rest<FullUser>(gw, `/users/${u.id}`)));
}

describe('a summary list whose selection needs more than the summary', () => {
  it('`users(first: 100) { nodes { firstName surname email phone } }` costs 1 RCI call, in the default order', async () => {
    const expected = await defaultOrder(100);
    expect(expected).toHaveLength(100);
    gw.sim.clearRequests();
    const result = await gw.query(`{ users(first: 100) { nodes { firstName surname email phone } } }`);
    expect(result.errors).toBeUndefined();
    // email and phone are default sort keys already: naming the default sort explicitly brings them.
    expect(gw.calls()).toEqual([usersCall(DEFAULT_SORT, 100)]);
    expect((result.data as { users: { nodes: unknown[] } }).users.nodes).toEqual(
      expected.map((u) => ({
        firstName: u.firstName,
        surname: u.surname,
        email: u.email ?? null,
        phone: u.phone ?? null,
      })),
    );
  });

  it('fields outside the default sort are named after it, through fragments and edges, and the order is unchanged', async () => {
    const expected = await defaultOrder(40);
    gw.sim.clearRequests();
    const result = await gw.query(`
      fragment Who on User { login timeZone { rciId } }
      { users(first: 40) { edges { node { rciId ...Who } } nodes { ... on User { uiLanguage } } } }`);
    expect(result.errors).toBeUndefined();
    const calls = gw.calls();
    expect(calls[0]).toBe(usersCall(`${DEFAULT_SORT},login,timeZone,uiLanguage`, 40));
    // No user is read by id; each distinct time zone is read once for its name.
    const timeZones = new Set(expected.flatMap((u) => (u.timeZone ? [u.timeZone] : [])));
    expect(calls.slice(1).every((c) => c.startsWith('GET /timeZones/'))).toBe(true);
    expect(calls).toHaveLength(1 + timeZones.size);
    const edges = (
      result.data as { users: { edges: { node: { rciId: string; login: string; timeZone: { rciId: string } } }[] } }
    ).users.edges;
    expect(edges.map((e) => e.node.rciId)).toEqual(expected.map((u) => u.id));
    expect(edges.map((e) => e.node.login)).toEqual(expected.map((u) => u.login));
    expect(edges.map((e) => e.node.timeZone.rciId)).toEqual(expected.map((u) => u.timeZone));
  });

  it("after the client's own orderBy, keeping its order", async () => {
    const bySurname = await rest<{ surname: string }[]>(gw, '/users?sort=-surname&limit=30');
    gw.sim.clearRequests();
    const result = await gw.query(
      `{ users(first: 30, orderBy: [{ field: SURNAME, direction: DESC }]) { nodes { surname email } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(gw.calls()).toEqual([usersCall('-surname,email', 30)]);
    const nodes = (result.data as { users: { nodes: { surname: string; email: string }[] } }).users.nodes;
    expect(nodes.map((u) => u.surname)).toEqual(bySurname.map((u) => u.surname));
    const emails = await rest<{ email: string }[]>(gw, '/users?sort=-surname,email&limit=30');
    expect(nodes.map((u) => u.email)).toEqual(emails.map((u) => u.email));
  });

  it('names nothing when the summary and the filter already carry every selected field', async () => {
    const result = await gw.query(`{ users(first: 5, filter: { email: "*" }) { nodes { rciId firstName email } } }`);
    expect(result.errors).toBeUndefined();
    expect(gw.calls()).toEqual(['GET /users?email=*&offset=0&limit=6']);
  });
});

describe('an RCI whose list answer still lacks the fields', () => {
  // A hand-written RCI that answers bare summaries whatever the query names: the gateway falls back to one
  // by-id GET per user for the missing field.
  const users = [
    { id: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Fox', email: 'John.Fox@customer.com' },
    { id: '40ECCFBFAEA24FEDA90A3347E9BC26E7', firstName: 'David', surname: 'Duck', email: 'David.Duck@customer.com' },
  ];
  const seen: string[] = [];
  const bare = useGatewayOver((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url?.replace('/RI/rci', '')}`);
    const path = new URL(req.url ?? '/', 'http://rci.test').pathname.replace('/RI/rci', '');
    const json = (body: unknown) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/users') return json(users.map(({ id, firstName, surname }) => ({ id, firstName, surname })));
    const user = users.find((u) => path === `/users/${u.id}`);
    if (user) return json(user);
    res.writeHead(404).end();
  });

  it('completes each summary by id, and answers correctly', async () => {
    const result = await bare.query(`{ users(first: 2) { nodes { firstName email } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ users: { nodes: users.map(({ firstName, email }) => ({ firstName, email })) } });
    expect(seen[0]).toBe(`GET /users?sort=${encodeURIComponent(DEFAULT_SORT)}&offset=0&limit=3`);
    expect(seen.slice(1).sort()).toEqual(users.map((u) => `GET /users/${u.id}`).sort());
  });
});
