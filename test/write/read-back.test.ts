import { afterEach, describe, expect, it } from 'vitest';
import { rest, useGateway } from '../support/gateway.js';

// A write RCI accepted stays reported as done when reading the object back fails: the payload carries
// the written object's id beside an error at the field that could not be read, so nothing invites the
// client to repeat a POST. The read fails for good (503 on every retry) through the simulator's knobs.
const gw = useGateway({ client: { retries: 2 }, reset: true });
afterEach(() => gw.sim.setFaults([]));

const PETER = 'DC76CDDC340B43C291932428B6039AA6';
const OFFICE_USER = 'C2ED670838344EC4B6F0E620D3206B8D';
const fromGlobalId = (id: string) => Buffer.from(id, 'base64').toString('utf8');

describe('a create whose read-back fails', () => {
  it('answers the new id and the error; the POST was sent once and the object exists', async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/roles\/[0-9A-F]{32}$/, status: 503 }]);
    const result = await gw.query(`mutation { createRole(input: { name: "Auditor" }) { roleId role { name } } }`);
    const payload = (result.data as { createRole: { roleId: string; role: null } }).createRole;
    expect(payload.role).toBeNull();
    const [typeName, rciId] = fromGlobalId(payload.roleId).split(':');
    expect(typeName).toBe('Role');
    expect(rciId).toMatch(/^[0-9A-F]{32}$/);

    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.path).toEqual(['createRole', 'role']);
    expect(error.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(error.message).toMatch(new RegExp(`^Creating Role ${rciId} succeeded, but reading it back failed: `));

    const calls = gw.calls();
    expect(calls.filter((c) => c.startsWith('POST '))).toEqual(['POST /roles']);
    expect(calls.filter((c) => c === `GET /roles/${rciId}`)).toHaveLength(3);
    gw.sim.setFaults([]);
    expect(await rest(gw, `/roles/${rciId}`)).toMatchObject({ id: rciId, name: 'Auditor' });
  });

  it('a client that selected only the id needs no read at all', async () => {
    const result = await gw.query(
      `mutation { createSkill(input: { name: "Polish", description: "Polish" }) { skillId } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(gw.calls()).toEqual(['POST /skills']);
  });
});

describe('a membership whose read-back fails on one side', () => {
  it('answers the other side, with one error at the side that failed', async () => {
    gw.sim.setFaults([{ method: 'GET', path: `/users/${PETER}`, status: 503 }]);
    const result = await gw.query(
      `mutation { addRoleToUser(input: { userId: "${PETER}", roleId: "${OFFICE_USER}" }) { user { firstName } role { name } } }`,
    );
    expect(result.data).toEqual({ addRoleToUser: { user: null, role: { name: 'Office User' } } });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['addRoleToUser', 'user'], 'UPSTREAM_UNAVAILABLE'],
    ]);
    expect(result.errors?.[0].message).toMatch(/^Adding Role .* to User .* succeeded, but reading it back failed/);
    expect(gw.calls().filter((c) => c.startsWith('POST '))).toEqual([`POST /users/${PETER}/roles`]);
  });
});

describe('several mutations in one document', () => {
  it('one failed write does not hide the outcome of the writes before it', async () => {
    gw.sim.setFaults([{ method: 'POST', path: /^\/userGroups$/, status: 503 }]);
    const result = await gw.query(`mutation {
      a: createRole(input: { name: "First" }) { roleId }
      b: createUserGroup(input: { name: "Second" }) { userGroupId }
    }`);
    const data = result.data as { a: { roleId: string } | null; b: null };
    expect(data.a?.roleId).toEqual(expect.any(String));
    expect(data.b).toBeNull();
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['b'], 'UPSTREAM_UNAVAILABLE']]);
    expect(gw.calls()).toEqual(['POST /roles', 'POST /userGroups']);
  });
});
