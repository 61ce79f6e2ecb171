import { describe, expect, it } from 'vitest';
import { collectionSpec, recordSpec, resources, type ResourceName } from '../../src/rci/resources.js';
import { graphql } from '../gql/index.js';
import { rest, useGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Root lists as Relay connections: every list, paging both ways, every filter field and orderBy.
const gw = useGateway({ simulator: { data: { scale: 5, seed: 7 } } });

const rootLists = (Object.keys(resources) as ResourceName[]).filter((r) => !collectionSpec(r).parent);
const constant = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

describe('every root list', () => {
  it.each(rootLists)('%s answers the same objects in the same order as RCI, one page at a time', async (list) => {
    const expected = (await rest<{ id: string }[]>(gw, `/${list}?limit=30`)).map((o) => o.id);
    gw.sim.clearRequests();
    const result = await gw.query(`{ ${list}(first: 30) { nodes { rciId } pageInfo { hasNextPage } } }`);
    expect(result.errors).toBeUndefined();
    const page = (result.data as Json)[list];
    expect(page.nodes.map((n: { rciId: string }) => n.rciId)).toEqual(expected);
    // One more row than asked is fetched, so hasNextPage is exact.
    expect(gw.calls()).toEqual([`GET /${list}?offset=0&limit=31`]);
  });
});

describe('paging', () => {
  const Page = graphql(`
    query UsersPage($first: Int, $after: String, $last: Int, $before: String) {
      users(first: $first, after: $after, last: $last, before: $before) {
        edges {
          cursor
          node {
            rciId
          }
        }
        pageInfo {
          hasNextPage
          hasPreviousPage
          startCursor
          endCursor
        }
      }
    }
  `);

  it('pages forwards with first/after until hasNextPage is false, covering the list exactly once', async () => {
    const all = (await rest<{ id: string }[]>(gw, '/users?limit=1000')).map((u) => u.id);
    expect(all.length).toBeGreaterThan(7);
    const seen: string[] = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const result = await gw.query(Page, { first: 3, after });
      expect(result.errors).toBeUndefined();
      const users = result.data!.users!;
      seen.push(...users.edges.map((e) => e.node!.rciId));
      expect(users.pageInfo.hasPreviousPage).toBe(pages > 0);
      pages++;
      if (!users.pageInfo.hasNextPage) break;
      after = users.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it('pages backwards with last/before', async () => {
    const all = (await rest<{ id: string }[]>(gw, '/users?limit=1000')).map((u) => u.id);
    const forward = await gw.query(Page, { first: 6 });
    const sixth = forward.data!.users!.edges[5];
    gw.sim.clearRequests();
    const back = await gw.query(Page, { last: 2, before: sixth.cursor });
    expect(back.errors).toBeUndefined();
    expect(back.data!.users!.edges.map((e) => e.node!.rciId)).toEqual(all.slice(3, 5));
    expect(back.data!.users!.pageInfo.hasPreviousPage).toBe(true);
    expect(back.data!.users!.pageInfo.hasNextPage).toBe(true);
    expect(gw.calls()).toEqual(['GET /users?offset=3&limit=3']);
  });

  it('refuses last without before, and pages over the maximum, as BAD_USER_INPUT', async () => {
    const noBefore = await gw.query(Page, { last: 2 });
    expect(noBefore.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await gw.query(Page, { first: 100_000 });
    expect(tooMany.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(gw.calls()).toEqual([]);
  });
});

describe('filters', () => {
  // Every documented searchable field of every root list reaches RCI as that query parameter, and the
  // graph answers what RCI answers for it.
  const cases = rootLists.flatMap((list) =>
    Object.entries(collectionSpec(list).list.search).map(([param, search]) => {
      const field = recordSpec(collectionSpec(list).record).fields[
        search.kind === 'pattern' ? (search.field ?? param) : param
      ];
      const boolean = search.kind === 'flag' || field?.type.kind === 'boolean';
      return { list, param, boolean };
    }),
  );

  it.each(cases)('$list filter.$param', async ({ list, param, boolean }) => {
    const value = boolean ? 'true' : '*';
    const expected = (await rest<{ id: string }[]>(gw, `/${list}?${param}=${encodeURIComponent(value)}&limit=51`)).map(
      (o) => o.id,
    );
    gw.sim.clearRequests();
    const literal = boolean ? 'true' : '"*"';
    const result = await gw.query(`{ ${list}(first: 50, filter: { ${param}: ${literal} }) { nodes { rciId } } }`);
    expect(result.errors).toBeUndefined();
    expect((result.data as Json)[list].nodes.map((n: { rciId: string }) => n.rciId)).toEqual(expected.slice(0, 50));
    expect(gw.calls()).toEqual([`GET /${list}?${param}=${encodeURIComponent(value)}&offset=0&limit=51`]);
  });

  it('combines filters with AND and matches * and ? patterns', async () => {
    const result = await gw.query(
      graphql(`
        query Filtered {
          users(filter: { firstName: "J?hn", surname: "F*" }) {
            nodes {
              rciId
              firstName
              surname
            }
          }
          queues(filter: { address: "10?" }) {
            nodes {
              name
            }
          }
        }
      `),
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.users!.nodes).toEqual([
      { rciId: 'E936C474B22311D38FBE0090279A922E', firstName: 'John', surname: 'Fox' },
    ]);
    expect(result.data!.queues!.nodes.map((q) => q!.name).sort()).toEqual(['Helpdesk', 'Sales']);
  });

  it('adds the filtered fields to user summaries, so filtering by email needs no extra GET for email', async () => {
    const result = await gw.query(
      graphql(`
        query ByEmail {
          users(filter: { email: "John.Fox@*" }) {
            nodes {
              firstName
              email
            }
          }
        }
      `),
    );
    expect(result.data!.users!.nodes).toEqual([{ firstName: 'John', email: 'John.Fox@customer.com' }]);
    expect(gw.calls()).toEqual(['GET /users?email=John.Fox%40*&offset=0&limit=51']);
  });
});

describe('orderBy', () => {
  const sorted = rootLists.filter((list) => collectionSpec(list).list.sort);

  it.each(sorted)('%s sorts by its first default field, descending, as RCI does', async (list) => {
    const field = collectionSpec(list).list.sort!.default[0];
    const expected = (await rest<{ id: string }[]>(gw, `/${list}?sort=-${field}&limit=21`)).map((o) => o.id);
    gw.sim.clearRequests();
    const result = await gw.query(
      `{ ${list}(first: 20, orderBy: [{ field: ${constant(field)}, direction: DESC }]) { nodes { rciId } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as Json)[list].nodes.map((n: { rciId: string }) => n.rciId)).toEqual(expected.slice(0, 20));
    expect(gw.calls()).toEqual([`GET /${list}?sort=-${field}&offset=0&limit=21`]);
  });

  it('sends several keys in order, with the locale postfix', async () => {
    const Sorted = graphql(`
      query SortedUsers($locale: String) {
        users(first: 100, orderBy: [{ field: SURNAME, direction: DESC }, { field: FIRST_NAME }], sortLocale: $locale) {
          nodes {
            surname
            firstName
          }
        }
      }
    `);
    const result = await gw.query(Sorted, { locale: 'fi' });
    expect(result.errors).toBeUndefined();
    expect(gw.calls()).toEqual([
      `GET /users?sort=${encodeURIComponent('-surname,firstName,LOCALE-fi')}&offset=0&limit=101`,
    ]);
    const names = result.data!.users!.nodes.map((u) => u!.surname);
    const collator = new Intl.Collator('fi');
    expect([...names].sort((a, b) => collator.compare(b, a))).toEqual(names);
  });

  it('sorts by the default keys with a locale alone, and refuses a malformed locale', async () => {
    await gw.query(`{ skills(sortLocale: "de") { nodes { name } } }`);
    expect(gw.calls()).toEqual([`GET /skills?sort=${encodeURIComponent('id,name,LOCALE-de')}&offset=0&limit=51`]);
    gw.sim.clearRequests();
    const bad = await gw.query(`{ skills(sortLocale: "../../etc") { nodes { name } } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(gw.calls()).toEqual([]);
  });
});

describe('filters that name objects', () => {
  it('accept a global id as well as an RCI id, and send RCI its own id', async () => {
    const helpdesk = '409FBE1B217643089F291B8796174643';
    const queue = await gw.query(`{ queue(id: "${helpdesk}") { id } }`);
    const queueGlobal = (queue.data as Json).queue.id as string;
    const role = await gw.query(`{ role(id: "2CADB6A137124F13BC68938E2B5FEFC1") { id } }`);
    const roleGlobal = (role.data as Json).role.id as string;
    gw.sim.clearRequests();
    const result = await gw.query(
      `query($queue: String!, $role: String!) {
        replyTemplates(filter: { queueId: $queue }) { nodes { rciId } }
        roles(filter: { id: $role }) { nodes { name } }
      }`,
      { queue: queueGlobal, role: roleGlobal },
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as Json).roles.nodes).toEqual([{ name: 'CC Agent' }]);
    expect(((result.data as Json).replyTemplates.nodes as { rciId: string }[]).map((t) => t.rciId)).toEqual(
      (await rest<{ id: string }[]>(gw, `/replyTemplates?queueId=${helpdesk}`)).map((t) => t.id),
    );
    expect(gw.calls().slice(0, 2).sort()).toEqual([
      `GET /replyTemplates?queueId=${helpdesk}&offset=0&limit=51`,
      'GET /roles?id=2CADB6A137124F13BC68938E2B5FEFC1&offset=0&limit=51',
    ]);
  });

  it('refuse the global id of another type', async () => {
    const role = await gw.query(`{ role(id: "2CADB6A137124F13BC68938E2B5FEFC1") { id } }`);
    gw.sim.clearRequests();
    const result = await gw.query(
      `query($id: String!) { replyTemplates(filter: { queueId: $id }) { nodes { rciId } } }`,
      {
        id: (role.data as Json).role.id,
      },
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/id of a Role, not of a Queue/);
    expect(gw.calls()).toEqual([]);
  });
});

describe('filter bounds', () => {
  it('refuses a filter value over 256 characters before calling RCI', async () => {
    const result = await gw.query(`query($p: String!) { users(filter: { firstName: $p }) { nodes { rciId } } }`, {
      p: `*${'a'.repeat(256)}`,
    });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toBe("Filter 'firstName' must be at most 256 characters long");
    expect(gw.calls()).toEqual([]);
  });
});
