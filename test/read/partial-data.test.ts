import { afterEach, describe, expect, it } from 'vitest';
import { rest, useGateway } from '../support/gateway.js';

// One failed RCI call costs only the field it feeds: relations, references, connection nodes and root
// lists are nullable, so RCI failing for good (503 on every retry, the simulator's fault knobs) on one
// object's relation leaves every other object's data, and every other root field, answered.
const gw = useGateway({ client: { retries: 2 } });
afterEach(() => gw.sim.setFaults([]));

const JOHN = 'E936C474B22311D38FBE0090279A922E';
const CC_AGENT_QUEUE_GROUP = '2CADB6A137124F13BC68938E2B5FEFC1';

interface Named {
  name: string;
}

describe('the roles of one user failing for good', () => {
  const query = `{
    users(first: 3, filter: { email: "*@customer.com" }) { nodes { rciId roles { name } } }
    skills(first: 2) { nodes { name } }
  }`;

  it("answers the other users' roles and the skills, with one error at John's roles", async () => {
    const expectedUsers = await rest<{ id: string }[]>(gw, '/users?email=*@customer.com&limit=3');
    const expectedSkills = await rest<Named[]>(gw, '/skills?limit=2');
    const roles = new Map<string, string[]>();
    for (const user of expectedUsers) {
      roles.set(
        user.id,
        (await rest<Named[]>(gw, `/users/${user.id}/roles`)).map((r) => r.name),
      );
    }
    gw.sim.setFaults([{ method: 'GET', path: `/users/${JOHN}/roles`, status: 503 }]);
    gw.sim.clearRequests();

    const result = await gw.query(query);
    const data = result.data as {
      users: { nodes: { rciId: string; roles: Named[] | null }[] };
      skills: { nodes: Named[] };
    };
    expect(data.users.nodes.map((u) => u.rciId)).toEqual(expectedUsers.map((u) => u.id));
    const john = data.users.nodes.findIndex((u) => u.rciId === JOHN);
    expect(john).toBeGreaterThanOrEqual(0);
    data.users.nodes.forEach((user, i) => {
      if (i === john) expect(user.roles).toBeNull();
      else expect(user.roles?.map((r) => r.name)).toEqual(roles.get(user.rciId));
    });
    expect(data.skills.nodes).toEqual(expectedSkills.map((s) => ({ name: s.name })));

    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].path).toEqual(['users', 'nodes', john, 'roles']);
    expect(result.errors![0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    // The failing GET was sent once and retried twice; nothing else was repeated.
    expect(gw.calls().filter((c) => c === `GET /users/${JOHN}/roles`)).toHaveLength(3);
    // The users list, John's roles three times, the two other users' roles, the skills list.
    expect(gw.calls()).toHaveLength(1 + 3 + 2 + 1);
  });
});

describe('other fields one call feeds', () => {
  it('a root list that fails nulls only that root field', async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/users$/, status: 503 }]);
    const result = await gw.query(`{ users(first: 2) { nodes { rciId } } roles(first: 1) { nodes { name } } }`);
    const roles = await rest<Named[]>(gw, '/roles?limit=1');
    expect(result.data).toEqual({ users: null, roles: { nodes: [{ name: roles[0].name }] } });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['users'], 'UPSTREAM_UNAVAILABLE']]);
  });

  it('a node whose completion by id fails is null in nodes and in its edge; the rest of the page is answered', async () => {
    const members = await rest<{ id: string; name: string }[]>(gw, `/queueGroups/${CC_AGENT_QUEUE_GROUP}/queues`);
    expect(members.length).toBeGreaterThan(1);
    const broken = members[1].id;
    // A queue group's queues are summaries (id, name): `type`, required by the doc, needs the full queue.
    gw.sim.setFaults([{ method: 'GET', path: `/queues/${broken}`, status: 503 }]);
    const result = await gw.query(
      `{ queueGroup(id: "${CC_AGENT_QUEUE_GROUP}") { name queues(first: 10) { edges { cursor node { rciId type } } nodes { rciId type } } } }`,
    );
    const group = (
      result.data as {
        queueGroup: {
          name: string;
          queues: { edges: { cursor: string; node: { rciId: string } | null }[]; nodes: ({ rciId: string } | null)[] };
        };
      }
    ).queueGroup;
    expect(group.name).toBe('CC Agent');
    expect(group.queues.nodes.map((n) => n?.rciId ?? null)).toEqual(
      members.map((m) => (m.id === broken ? null : m.id)),
    );
    expect(group.queues.edges.map((e) => e.node?.rciId ?? null)).toEqual(
      members.map((m) => (m.id === broken ? null : m.id)),
    );
    expect(group.queues.edges.every((e) => typeof e.cursor === 'string')).toBe(true);
    const paths = result.errors?.map((e) => e.path);
    expect(paths).toHaveLength(2);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['queueGroup', 'queues', 'edges', 1, 'node', 'type'],
        ['queueGroup', 'queues', 'nodes', 1, 'type'],
      ]),
    );
    expect(result.errors?.every((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE')).toBe(true);
  });

  it("a reference that fails (a user's skill) nulls only that reference", async () => {
    const skills = await rest<{ id: string }[]>(gw, `/users/${JOHN}/skills`);
    gw.sim.setFaults([{ method: 'GET', path: `/skills/${skills[0].id}`, status: 503 }]);
    const result = await gw.query(`{ user(id: "${JOHN}") { firstName skills { level skill { rciId } } } }`);
    const user = (result.data as { user: { firstName: string; skills: { skill: { rciId: string } | null }[] } }).user;
    expect(user.firstName).toBe('John');
    expect(user.skills.map((s) => s.skill?.rciId ?? null)).toEqual(skills.map((s, i) => (i === 0 ? null : s.id)));
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['user', 'skills', 0, 'skill'], 'UPSTREAM_UNAVAILABLE'],
    ]);
  });

  it('a list of references with one failing read nulls only that item', async () => {
    const extensions = await rest<{ id: string; queues?: string[] }[]>(gw, '/cpExtensions');
    const extension = extensions.find((e) => (e.queues?.length ?? 0) > 1)!;
    const queueIds = extension.queues!;
    gw.sim.setFaults([{ method: 'GET', path: `/queues/${queueIds[0]}`, status: 503 }]);
    const result = await gw.query(`{ cpExtension(id: "${extension.id}") { queueIds queues { rciId } } }`);
    const data = result.data as { cpExtension: { queueIds: string[]; queues: ({ rciId: string } | null)[] } };
    expect(data.cpExtension.queueIds).toEqual(queueIds);
    expect(data.cpExtension.queues.map((q) => q?.rciId ?? null)).toEqual(
      queueIds.map((id, i) => (i === 0 ? null : id)),
    );
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['cpExtension', 'queues', 0], 'UPSTREAM_UNAVAILABLE'],
    ]);
  });

  it("scalars of an object that was read keep the doc's required marks", async () => {
    const result = await gw.query(`{ __type(name: "User") { fields { name type { kind } } } }`);
    const kinds = Object.fromEntries(
      (result.data as { __type: { fields: { name: string; type: { kind: string } }[] } }).__type.fields.map((f) => [
        f.name,
        f.type.kind,
      ]),
    );
    expect(kinds).toMatchObject({
      id: 'NON_NULL',
      rciId: 'NON_NULL',
      firstName: 'NON_NULL',
      surname: 'NON_NULL',
      email: 'SCALAR',
      roles: 'LIST',
      skills: 'LIST',
      userGroups: 'LIST',
      timeZone: 'OBJECT',
    });
  });
});
