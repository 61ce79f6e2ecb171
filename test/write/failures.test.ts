import { afterEach, describe, expect, it } from 'vitest';
import { rest, useGateway, WRITE_STATUSES } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Writes under failure: POST is never repeated, a write whose outcome is unknown says so, and
// idempotent writes are retried safely.
describe.each(WRITE_STATUSES)('with RCI answering %i to PUT and DELETE', (writeStatus) => {
  const gw = useGateway({ simulator: { writeStatus }, client: { retries: 2 }, reset: true });
  afterEach(() => gw.sim.setFaults([]));

  it('a POST whose connection drops after RCI applied it is sent exactly once and reported as UPSTREAM_OUTCOME_UNKNOWN', async () => {
    gw.sim.setFaults([{ method: 'POST', path: /^\/skills$/, drop: 'after' }]);
    const result = await gw.query(
      `mutation { createSkill(input: { name: "Polish", description: "Polish language skill" }) { skill { id } } }`,
    );
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(result.errors?.[0].message).toMatch(/may or may not have been applied/);
    expect(gw.calls()).toEqual(['POST /skills']);
    gw.sim.setFaults([]);
    // It did happen: the client is told to check, and checking finds exactly one.
    expect(await rest(gw, '/skills?name=Polish')).toHaveLength(1);
  });

  it('a POST refused before it was sent (connection dropped before handling) is still sent once', async () => {
    gw.sim.setFaults([{ method: 'POST', path: /^\/skills$/, drop: 'before' }]);
    const result = await gw.query(
      `mutation { createSkill(input: { name: "Czech", description: "Czech language skill" }) { skill { id } } }`,
    );
    expect(result.errors?.[0].extensions?.code).toMatch(/^UPSTREAM_(OUTCOME_UNKNOWN|UNAVAILABLE)$/);
    expect(gw.calls()).toEqual(['POST /skills']);
  });

  it('a POST answered 503 is not retried', async () => {
    gw.sim.setFaults([{ method: 'POST', path: /^\/roles$/, status: 503 }]);
    const result = await gw.query(`mutation { createRole(input: { name: "Temp" }) { role { id } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(gw.calls()).toEqual(['POST /roles']);
  });

  it('a PUT whose answer was lost is repeated (it is idempotent) and the update lands once', async () => {
    const skill = '175A098FEDDB41EB8839AACBAB26A0B6';
    gw.sim.setFaults([{ method: 'PUT', path: new RegExp(`^/skills/${skill}$`), drop: 'after', times: 1 }]);
    const result = await gw.query(
      `mutation { updateSkill(input: { id: "${skill}", name: "English (UK)" }) { skill { name description } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as Json).updateSkill.skill.name).toBe('English (UK)');
    expect(gw.calls().filter((c) => c.startsWith('PUT'))).toHaveLength(2);
  });

  it('a DELETE whose answer was lost is repeated, and the 404 of the repeat counts as done', async () => {
    const created = await gw.query(`mutation { createRole(input: { name: "Short-lived" }) { role { id rciId } } }`);
    const role = (created.data as Json).createRole.role;
    gw.sim.clearRequests();
    gw.sim.setFaults([{ method: 'DELETE', path: /^\/roles\//, drop: 'after', times: 1 }]);
    const result = await gw.query(`mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedId } }`, {
      id: role.id,
    });
    expect(result.errors).toBeUndefined();
    expect((result.data as Json).deleteRole.deletedId).toBe(role.id);
    expect(gw.calls()).toEqual([`DELETE /roles/${role.rciId}`, `DELETE /roles/${role.rciId}`]);
  });
});

// A write that timed out may have been applied: repeating it is not the gateway's decision to make.
describe('a write RCI does not answer in time', () => {
  const gw = useGateway({ client: { timeoutMs: 300, retries: 2 }, reset: true });
  afterEach(() => gw.sim.setFaults([]));
  const skill = '175A098FEDDB41EB8839AACBAB26A0B6';

  it('a PUT is sent once and reported as UPSTREAM_OUTCOME_UNKNOWN', async () => {
    gw.sim.setFaults([{ method: 'PUT', path: `/skills/${skill}`, delayMs: 1_500 }]);
    const result = await gw.query(
      `mutation { updateSkill(input: { id: "${skill}", name: "Slow" }) { skill { name } } }`,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', timeout: true });
    expect(gw.calls()).toEqual([`GET /skills/${skill}`, `PUT /skills/${skill}`]);
  });

  it('a DELETE is sent once and reported as UPSTREAM_OUTCOME_UNKNOWN', async () => {
    gw.sim.setFaults([{ method: 'DELETE', path: `/skills/${skill}`, delayMs: 1_500 }]);
    const result = await gw.query(`mutation { deleteSkill(input: { id: "${skill}" }) { deletedId } }`);
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', timeout: true });
    expect(gw.calls()).toEqual([`DELETE /skills/${skill}`]);
  });
});
