import { describe, expect, it } from 'vitest';
import { startGateway, useGateway, WRITE_STATUSES } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Create, update and delete of every root resource RCI lets clients write, each read back through the
// graph; the whole file runs with RCI answering PUT/DELETE with 204 and again with 201.
const cases = [
  {
    type: 'User',
    key: 'user',
    create: {
      firstName: 'Ada',
      surname: 'Lovelace',
      email: 'ada@example.com',
      timeZoneId: 'Europe/London',
      login: 'ada',
    },
    update: { surname: 'King', login: null },
  },
  {
    type: 'UserGroup',
    key: 'userGroup',
    create: { name: 'Night shift', synchronised: false },
    update: { name: 'Late shift' },
  },
  {
    type: 'Role',
    key: 'role',
    create: { name: 'Auditor', description: 'Reads everything' },
    update: { description: null },
  },
  {
    type: 'Skill',
    key: 'skill',
    create: { name: 'Swedish', description: 'Swedish language skill' },
    update: { name: 'Svenska' },
  },
  {
    type: 'Queue',
    key: 'queue',
    create: {
      name: 'Billing',
      type: 'PHONE',
      loginType: 'HUNT_GROUP',
      addresses: ['200', '201'],
      description: 'Billing line',
    },
    update: { addresses: ['202'], type: 'CHAT' },
  },
  {
    type: 'QueueGroup',
    key: 'queueGroup',
    create: { name: 'Finance', description: 'Finance queues' },
    update: { name: 'Money' },
  },
  {
    type: 'MessagingService',
    key: 'messagingService',
    create: { name: 'SMS', type: 'TWILIO', connection: 'https://twilio.example/' },
    update: { authenticationUrl: 'https://auth.example/', type: 'YAAS' },
  },
];

const selection = (fields: Record<string, unknown>) => Object.keys(fields).join(' ');

describe.each(WRITE_STATUSES)('with RCI answering %i to PUT and DELETE', (writeStatus) => {
  const gw = useGateway({ simulator: { writeStatus } });

  it.each(cases)('create$type, update$type, delete$type', async ({ type, key, create, update }) => {
    const fields = selection({ ...create, ...update });
    const created = await gw.query(
      `mutation($input: Create${type}Input!) { create${type}(input: $input) { ${key} { id rciId ${fields} } } }`,
      { input: create },
    );
    expect(created.errors).toBeUndefined();
    const object = (created.data as Json)[`create${type}`][key];
    expect(object).toMatchObject(create);
    expect(object.rciId).toMatch(/^[0-9A-F]{32}$/);
    // One POST, then one GET to read the new object back.
    expect(gw.calls()[0]).toMatch(/^POST \//);
    expect(gw.calls().filter((c) => c.startsWith('POST'))).toHaveLength(1);

    const before = Object.fromEntries(Object.keys({ ...create, ...update }).map((f) => [f, object[f]]));
    const read = await gw.query(`query($id: ID!) { ${key}(id: $id) { id ${fields} } }`, { id: object.rciId });
    expect((read.data as Json)[key]).toEqual({ id: object.id, ...before });

    const updated = await gw.query(
      `mutation($input: Update${type}Input!) { update${type}(input: $input) { ${key} { ${fields} } } }`,
      { input: { id: object.id, ...update } },
    );
    expect(updated.errors).toBeUndefined();
    expect((updated.data as Json)[`update${type}`][key]).toEqual({ ...before, ...update });
    const reread = await gw.query(`query($id: ID!) { ${key}(id: $id) { ${fields} } }`, { id: object.id });
    expect((reread.data as Json)[key]).toEqual({ ...before, ...update });

    gw.sim.clearRequests();
    const deleted = await gw.query(
      `mutation($input: Delete${type}Input!) { delete${type}(input: $input) { deletedId } }`,
      {
        input: { id: object.rciId },
      },
    );
    expect(deleted.errors).toBeUndefined();
    expect((deleted.data as Json)[`delete${type}`].deletedId).toBe(object.id);
    expect(gw.sim.requests.map((r) => [r.method, r.status])).toEqual([['DELETE', writeStatus]]);
    const gone = await gw.query(`query($id: ID!) { ${key}(id: $id) { id } }`, { id: object.id });
    expect((gone.data as Json)[key]).toBeNull();
  });

  it('update of an object RCI does not have is NOT_FOUND, with no PUT', async () => {
    const result = await gw.query(
      `mutation { updateRole(input: { id: "00000000000000000000000000000000", name: "x" }) { role { id } } }`,
    );
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(gw.sim.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('delete of an object RCI does not have is NOT_FOUND', async () => {
    const result = await gw.query(
      `mutation { deleteSkill(input: { id: "00000000000000000000000000000000" }) { deletedId } }`,
    );
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it("RCI's own 400 becomes BAD_USER_INPUT with its message", async () => {
    gw.sim.setFaults([{ method: 'POST', path: /^\/roles$/, status: 400 }]);
    try {
      const result = await gw.query(`mutation { createRole(input: { name: "Anything" }) { role { id } } }`);
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toBe(
        (
          await (
            await fetch(`${gw.sim.url}/roles`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: '{}',
            })
          ).text()
        ).trim(),
      );
    } finally {
      gw.sim.setFaults([]);
    }
  });

  it('a read-only RCI user is FORBIDDEN to write, and nothing changes', async () => {
    const guarded = await startGateway({
      simulator: { writeStatus, auth: { users: [{ username: 'viewer', password: 'v', readOnly: true }] } },
    });
    try {
      const auth = `Basic ${Buffer.from('viewer:v').toString('base64')}`;
      const result = await guarded.query(
        `mutation { createSkill(input: { name: "Danish", description: "Danish skill" }) { skill { id } } }`,
        {},
        { authorization: auth },
      );
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const skills = await fetch(`${guarded.sim.url}/skills?name=Danish`, {
        headers: { authorization: auth, accept: 'application/json' },
      });
      expect(await skills.json()).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});
