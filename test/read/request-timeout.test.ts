import { afterEach, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// REQUEST_TIMEOUT_MS bounds a whole request: what was read in time is answered, the fields still waiting
// for RCI fail with UPSTREAM_TIMEOUT, and the request sends RCI nothing more. The slow calls are the
// simulator's `delayMs` knob on one path, held far longer than the request may take.
const gw = useGateway({ client: { requestTimeoutMs: 1_000, timeoutMs: 10_000 } });
afterEach(() => gw.sim.setFaults([]));

const USER_ROLES = /^\/users\/[^/]+\/roles$/;

describe('a request that runs out of time', () => {
  it('keeps the data read in time, fails the waiting fields with UPSTREAM_TIMEOUT, and calls nothing after', async () => {
    gw.sim.setFaults([{ method: 'GET', path: USER_ROLES, delayMs: 5_000 }]);
    const result = await gw.query(`{
      skills(first: 2) { nodes { name } }
      users(first: 3) { nodes { rciId email roles { name users { email } } } }
    }`);
    const data = result.data as Json;
    expect(data.skills.nodes).toHaveLength(2);
    const users = data.users.nodes as { rciId: string; email: string | null; roles: unknown }[];
    expect(users).toHaveLength(3);
    expect(users.every((u) => typeof u.rciId === 'string' && u.roles === null)).toBe(true);

    // In the order the calls failed: each user's roles settle with their own call.
    const byPath = (a: unknown[], b: unknown[]) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(result.errors?.map((e) => [e.path, e.extensions?.code]).sort(byPath)).toEqual(
      users.map((_, i) => [['users', 'nodes', i, 'roles'], 'UPSTREAM_TIMEOUT']),
    );
    expect(result.errors?.[0].extensions).toMatchObject({ requestTimeoutMs: 1_000 });
    // The two lists and the three roles calls cut at the deadline; no role's users were asked for.
    const calls = gw.calls().map((c) => c.replace(/\?.*/, '').replace(/[0-9A-F]{32}/g, '{id}'));
    expect(calls.sort()).toEqual(['GET /skills', 'GET /users', ...Array(3).fill('GET /users/{id}/roles')]);
  });

  it('does not send a write after the deadline: a mutation after a slow one fails with UPSTREAM_TIMEOUT, unsent', async () => {
    const skill = '175A098FEDDB41EB8839AACBAB26A0B6';
    gw.sim.setFaults([{ method: 'GET', path: `/skills/${skill}`, delayMs: 5_000 }]);
    const result = await gw.query(`mutation {
      first: updateSkill(input: { id: "${skill}", name: "Slow" }) { skill { name } }
      second: createRole(input: { name: "Never sent" }) { roleId }
    }`);
    expect(result.data).toEqual({ first: null, second: null });
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['first'], 'UPSTREAM_TIMEOUT'],
      [['second'], 'UPSTREAM_TIMEOUT'],
    ]);
    expect(gw.calls()).toEqual([`GET /skills/${skill}`]);
  });
});
