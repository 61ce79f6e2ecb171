import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { rest, useGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Exact RCI call counts: the gateway makes the fewest calls the answer can be built from.
// Batching is measured on deliberately wide queries (500 × 500 pages); the cost estimate that would
// refuse them is tested on its own (cost.test.ts).
const gw = useGateway({ simulator: { data: { scale: 20, seed: 3 } }, limits: { maxCost: 0 } });

const Roster = graphql(`
  query Roster($first: Int!) {
    users(first: $first) {
      nodes {
        firstName
        email
        roles {
          name
        }
        skills {
          level
          skill {
            name
          }
        }
        userGroups {
          name
        }
        timeZone {
          name
        }
      }
    }
  }
`);

describe('roster query', () => {
  it('costs exactly the lower bound: 1 list + 3 per user + 1 per distinct skill + 1 per distinct time zone', async () => {
    const N = 40;
    // Derive the lower bound from RCI itself, before counting.
    const users = (await rest<{ id: string }[]>(gw, `/users?limit=${N}`)).slice(0, N);
    expect(users.length).toBe(N);
    const skillIds = new Set<string>();
    const timeZones = new Set<string>();
    for (const user of users) {
      for (const skill of await rest<{ id: string }[]>(gw, `/users/${user.id}/skills`)) skillIds.add(skill.id);
      const full = await rest<{ timeZone?: string }>(gw, `/users/${user.id}`);
      if (full.timeZone) timeZones.add(full.timeZone);
    }
    expect(skillIds.size).toBeGreaterThan(1);
    expect(timeZones.size).toBeGreaterThan(1);
    // The users list answers summaries (id, firstName, surname) + the fields named in its query: email and
    // timeZone are named in `sort` after the default keys, so no user is read by id. RCI has no batch
    // endpoint, so roles, skills and groups are one GET per user. Skill names need the skill (its list item
    // is {id, value}); each distinct skill and time zone is read once.
    const lowerBound = 1 + 3 * N + skillIds.size + timeZones.size;

    gw.sim.clearRequests();
    const result = await gw.query(Roster, { first: N });
    expect(result.errors).toBeUndefined();
    expect(result.data!.users!.nodes).toHaveLength(N);
    const calls = gw.calls();
    expect(calls).toHaveLength(lowerBound);
    // Never the same GET twice in one request.
    expect(new Set(calls).size).toBe(calls.length);
    expect(calls.filter((c) => c.startsWith('GET /skills/'))).toHaveLength(skillIds.size);
    expect(calls.filter((c) => c.startsWith('GET /timeZones/'))).toHaveLength(timeZones.size);
    expect(calls.filter((c) => /^GET \/users\/[0-9A-F]{32}$/.test(c))).toEqual([]);
  });

  it('needs no by-id GET when the selected fields are all in the summary', async () => {
    const result = await gw.query(`{ users(first: 30) { nodes { rciId firstName surname roles { name } } } }`);
    expect(result.errors).toBeUndefined();
    const calls = gw.calls();
    expect(calls.filter((c) => /^GET \/users\/[0-9A-F]{32}$/.test(c))).toEqual([]);
    expect(calls).toHaveLength(1 + 30);
  });
});

describe('priming and deduplication', () => {
  it('objects read in full by a list are not read again by id', async () => {
    const result = await gw.query(
      `{ queues(first: 500) { nodes { name queueGroups { queues(first: 500) { nodes { name description type } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const calls = gw.calls();
    const queues = (result.data as Json).queues.nodes as unknown[];
    // Every member queue is on the page just read, so descriptions and types come from there.
    expect(calls.filter((c) => /^GET \/queues\/[0-9A-F]{32}$/.test(c))).toEqual([]);
    const groupLists = calls.filter((c) => /^GET \/queueGroups\/[0-9A-F]{32}\/queues/.test(c));
    expect(new Set(groupLists).size).toBe(groupLists.length);
    expect(calls).toHaveLength(1 + queues.length + groupLists.length);
  });

  it('queues behind cpExtensions are read once each across the whole request', async () => {
    const result = await gw.query(`{ cpExtensions { nodes { queueIds queues { name } } } }`);
    expect(result.errors).toBeUndefined();
    const ids = new Set(
      ((result.data as Json).cpExtensions.nodes as { queueIds: string[] }[]).flatMap((e) => e.queueIds),
    );
    expect(gw.calls()).toHaveLength(1 + ids.size);
  });

  it('loaders live for one request: the same query twice costs the same twice', async () => {
    await gw.query(`{ user(id: "E936C474B22311D38FBE0090279A922E") { email } }`);
    await gw.query(`{ user(id: "E936C474B22311D38FBE0090279A922E") { email } }`);
    expect(gw.calls()).toEqual([
      'GET /users/E936C474B22311D38FBE0090279A922E',
      'GET /users/E936C474B22311D38FBE0090279A922E',
    ]);
  });
});
