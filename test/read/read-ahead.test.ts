import { describe, expect, it } from 'vitest';
import { rest, useGateway } from '../support/gateway.js';

// A list reads its objects' selected fields ahead before it answers (src/schema/readAhead.ts). These
// tests hold it to the calls and answers of reading field by field: what `@skip`, `@include`, fragments,
// arguments and aliases select, at every depth, and nothing else.
const gw = useGateway({ simulator: { data: { scale: 20, seed: 3 } }, limits: { maxCost: 0 } });

interface Named {
  id: string;
  name: string;
}

const ids = (objects: { id: string }[]) => objects.map((o) => o.id);
const count = (calls: string[], pattern: RegExp) => calls.filter((c) => pattern.test(c)).length;

describe('reading a page ahead', () => {
  it('reads only what @skip, @include and fragments leave selected', async () => {
    const users = await rest<{ id: string }[]>(gw, '/users?limit=5');
    const query = `
      query Page($roles: Boolean!, $groups: Boolean!) {
        users(first: 5) { nodes { rciId ...Relations } }
      }
      fragment Relations on User {
        roles @include(if: $roles) { rciId }
        ... on User @skip(if: $groups) { userGroups { rciId } }
      }`;

    gw.sim.clearRequests();
    const none = await gw.query(query, { roles: false, groups: true });
    expect(none.errors).toBeUndefined();
    expect(gw.calls()).toHaveLength(1);

    gw.sim.clearRequests();
    const both = await gw.query(query, { roles: true, groups: false });
    expect(both.errors).toBeUndefined();
    const calls = gw.calls();
    expect(calls).toHaveLength(1 + 5 + 5);
    expect(count(calls, /^GET \/users\/[0-9A-F]{32}\/roles$/)).toBe(5);
    expect(count(calls, /^GET \/users\/[0-9A-F]{32}\/userGroups$/)).toBe(5);

    const nodes = (both.data as { users: { nodes: { rciId: string; roles: { rciId: string }[] }[] } }).users.nodes;
    expect(nodes.map((n) => n.rciId)).toEqual(ids(users.slice(0, 5)));
    for (const node of nodes) {
      const roles = await rest<Named[]>(gw, `/users/${node.rciId}/roles`);
      expect(node.roles.map((r) => r.rciId)).toEqual(ids(roles));
    }
  });

  it('reads a field asked twice under aliases, with and without arguments, once per set of arguments', async () => {
    const roles = (await rest<Named[]>(gw, '/roles?limit=3')).slice(0, 3);
    gw.sim.clearRequests();
    const result = await gw.query(`{
      roles(first: 3) {
        nodes { rciId all: users { rciId } some: users(filter: { firstName: "A*" }) { rciId } again: users { rciId } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const calls = gw.calls();
    // The roles list, then per role its users without a filter and with one: the alias asking again is
    // answered by the same read.
    expect(calls).toHaveLength(1 + 3 * 2);
    for (const role of roles) {
      expect(calls.filter((c) => c.startsWith(`GET /roles/${role.id}/users`))).toHaveLength(2);
    }
    const nodes = (result.data as { roles: { nodes: Record<string, { rciId: string }[]>[] } }).roles.nodes;
    for (const [i, role] of roles.entries()) {
      const all = await rest<{ id: string; firstName: string }[]>(gw, `/roles/${role.id}/users`);
      expect(nodes[i].all.map((u) => u.rciId)).toEqual(ids(all));
      expect(nodes[i].again).toEqual(nodes[i].all);
      expect(nodes[i].some.map((u) => u.rciId)).toEqual(ids(all.filter((u) => u.firstName.startsWith('A'))));
    }
  });

  it('reads ahead down the selection, each object once, and answers as field by field', async () => {
    const roles = (await rest<Named[]>(gw, '/roles?limit=2')).slice(0, 2);
    const users = new Map<string, { roles: string[]; skills: { id: string; value: number }[] }>();
    const skillIds = new Set<string>();
    for (const role of roles) {
      for (const user of await rest<{ id: string }[]>(gw, `/roles/${role.id}/users`)) {
        const skills = await rest<{ id: string; value: number }[]>(gw, `/users/${user.id}/skills`);
        for (const skill of skills) skillIds.add(skill.id);
        users.set(user.id, { roles: ids(await rest<Named[]>(gw, `/users/${user.id}/roles`)), skills });
      }
    }
    expect(users.size).toBeGreaterThan(2);

    gw.sim.clearRequests();
    const result = await gw.query(`{
      roles(first: 2) { nodes { users { rciId roles { rciId } skills { level skill { rciId } } } } }
    }`);
    expect(result.errors).toBeUndefined();
    const calls = gw.calls();
    // The roles list; each role's users; each user's roles and skills once, however many roles hold
    // the user; each skill once.
    expect(calls).toHaveLength(1 + 2 + 2 * users.size + skillIds.size);
    expect(new Set(calls).size).toBe(calls.length);

    type User = { rciId: string; roles: { rciId: string }[]; skills: { level: number; skill: { rciId: string } }[] };
    const nodes = (result.data as { roles: { nodes: { users: User[] }[] } }).roles.nodes;
    for (const user of nodes.flatMap((n) => n.users)) {
      const expected = users.get(user.rciId)!;
      expect(user.roles.map((r) => r.rciId)).toEqual(expected.roles);
      expect(user.skills).toEqual(expected.skills.map((s) => ({ level: s.value, skill: { rciId: s.id } })));
    }
  });

  it("reads ahead below an object read by id: a role's users and their groups", async () => {
    const [role] = await rest<Named[]>(gw, '/roles?limit=1');
    const members = await rest<{ id: string }[]>(gw, `/roles/${role.id}/users`);
    expect(members.length).toBeGreaterThan(1);
    gw.sim.clearRequests();
    const result = await gw.query(`{ role(id: "${role.id}") { users { rciId userGroups { rciId } } } }`);
    expect(result.errors).toBeUndefined();
    // The role, its users, each user's groups.
    expect(gw.calls()).toHaveLength(1 + 1 + members.length);
    const users = (result.data as { role: { users: { rciId: string; userGroups: { rciId: string }[] }[] } }).role.users;
    expect(users.map((u) => u.rciId)).toEqual(ids(members));
    for (const user of users) {
      expect(user.userGroups.map((g) => g.rciId)).toEqual(
        ids(await rest<Named[]>(gw, `/users/${user.rciId}/userGroups`)),
      );
    }
  });

  it("reads ahead what a summary lacks: each distinct role of a page's users once, by id", async () => {
    const users = (await rest<{ id: string }[]>(gw, '/users?limit=6')).slice(0, 6);
    const roleIds = new Set<string>();
    for (const user of users)
      for (const role of await rest<Named[]>(gw, `/users/${user.id}/roles`)) roleIds.add(role.id);
    expect(roleIds.size).toBeGreaterThan(1);
    gw.sim.clearRequests();
    const result = await gw.query(`{ users(first: 6) { nodes { roles { name description } } } }`);
    expect(result.errors).toBeUndefined();
    const calls = gw.calls();
    // A user's roles answer {id, name}: the description is read from each role, once per role.
    expect(calls).toHaveLength(1 + 6 + roleIds.size);
    expect(count(calls, /^GET \/roles\/[0-9A-F]{32}$/)).toBe(roleIds.size);
    const nodes = (result.data as { users: { nodes: { roles: { name: string; description: string | null }[] }[] } })
      .users.nodes;
    for (const [i, user] of users.entries()) {
      const roles = await rest<Named[]>(gw, `/users/${user.id}/roles`);
      const full = await Promise.all(roles.map((r) => rest<{ description?: string }>(gw, `/roles/${r.id}`)));
      expect(nodes[i].roles).toEqual(roles.map((r, j) => ({ name: r.name, description: full[j].description ?? null })));
    }
  });

  it("reads ahead references by id: disruption sets' events' items, each item once per set", async () => {
    const sets = await rest<{ id: string }[]>(gw, '/disruptionSets?limit=3');
    let expected = 1;
    const answers: string[][][] = [];
    for (const set of sets) {
      // RCI wraps an event's item references: `"items": {"item": [...]}`.
      const events = await rest<{ id: string; items?: { item?: { id?: string }[] } }[]>(
        gw,
        `/disruptionSets/${set.id}/events`,
      );
      const itemIds = new Set(events.flatMap((e) => (e.items?.item ?? []).flatMap((i) => (i.id ? [i.id] : []))));
      expected += 1 + itemIds.size;
      const names = new Map<string, string>();
      for (const id of itemIds)
        names.set(id, (await rest<{ name: string }>(gw, `/disruptionSets/${set.id}/items/${id}`)).name);
      answers.push(events.map((e) => (e.items?.item ?? []).flatMap((i) => (i.id ? [names.get(i.id)!] : []))));
    }
    expect(expected).toBeGreaterThan(1 + sets.length);
    gw.sim.clearRequests();
    const result = await gw.query(`{ disruptionSets(first: 3) { nodes { events { items { name } } } } }`);
    expect(result.errors).toBeUndefined();
    expect(gw.calls()).toHaveLength(expected);
    const nodes = (result.data as { disruptionSets: { nodes: { events: { items: { name: string }[] }[] }[] } })
      .disruptionSets.nodes;
    expect(nodes.map((set) => set.events.map((e) => e.items.map((i) => i.name)))).toEqual(answers);
  });

  it("reads ahead below a paged relation: each queue group's page of queues, and those queues' groups", async () => {
    const groups = (await rest<{ id: string }[]>(gw, '/queueGroups?limit=2')).slice(0, 2);
    const pages: string[][] = [];
    const groupsOf = new Map<string, string[]>();
    for (const group of groups) {
      const queues = (await rest<{ id: string }[]>(gw, `/queueGroups/${group.id}/queues?limit=3`)).slice(0, 3);
      pages.push(ids(queues));
      for (const queue of queues)
        groupsOf.set(queue.id, ids(await rest<Named[]>(gw, `/queues/${queue.id}/queueGroups`)));
    }
    expect(groupsOf.size).toBeGreaterThan(1);
    gw.sim.clearRequests();
    const result = await gw.query(
      `{ queueGroups(first: 2) { nodes { queues(first: 3) { nodes { rciId queueGroups { rciId } } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    // The groups list, each group's page of queues, each distinct queue's groups.
    expect(gw.calls()).toHaveLength(1 + 2 + groupsOf.size);
    type Queue = { rciId: string; queueGroups: { rciId: string }[] };
    const nodes = (result.data as { queueGroups: { nodes: { queues: { nodes: Queue[] } }[] } }).queueGroups.nodes;
    expect(nodes.map((g) => g.queues.nodes.map((q) => q.rciId))).toEqual(pages);
    for (const queue of nodes.flatMap((g) => g.queues.nodes)) {
      expect(queue.queueGroups.map((g) => g.rciId)).toEqual(groupsOf.get(queue.rciId));
    }
  });

  it('reads nothing for the one more row a page asks RCI for to tell whether another page follows', async () => {
    const result = await gw.query(`{ users(first: 4) { pageInfo { hasNextPage } nodes { userGroups { rciId } } } }`);
    expect(result.errors).toBeUndefined();
    expect((result.data as { users: { pageInfo: { hasNextPage: boolean } } }).users.pageInfo.hasNextPage).toBe(true);
    const calls = gw.calls();
    expect(calls[0]).toMatch(/^GET \/users\?.*limit=5/);
    expect(calls).toHaveLength(1 + 4);
  });
});

describe('reading ahead a document that multiplies (cost estimate off)', () => {
  const BOUND = 50;
  const bounded = useGateway({
    simulator: { data: { scale: 200, seed: 3 } },
    limits: { maxCost: 0, maxResultObjects: BOUND },
  });

  it('reads ahead the fields of at most MAX_RESULT_OBJECTS objects, then stops at the bound as before', async () => {
    const result = await bounded.query(
      `{ users(first: 10) { nodes { roles { users { roles { users { rciId } } } } } } }`,
    );
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    // Let any call still on its way arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each object read ahead reads one relation here; read ahead without the bound, the same document
    // made about a thousand calls before the executor got to count anything.
    expect(bounded.calls().length).toBeLessThanOrEqual(1 + BOUND);
  });
});
