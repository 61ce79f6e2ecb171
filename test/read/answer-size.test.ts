import { afterEach, describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// RCI_MAX_RESPONSE_BYTES: an answer longer than the cap fails its own field with UPSTREAM_ERROR, and is
// never read whole. The simulator's `answerBytes` knob streams a valid JSON list only as fast as the
// gateway reads it and logs how much it handed over: far less than the whole shows the gateway stopped
// reading and closed the connection.
const MAX = 256 * 1024;
const gw = useGateway({ client: { maxResponseBytes: MAX } });
afterEach(() => gw.sim.setFaults([]));

describe('an RCI answer longer than the cap', () => {
  it('fails only its field with UPSTREAM_ERROR, unread beyond the cap, not repeated', async () => {
    const total = 32 * 2 ** 20;
    gw.sim.setFaults([{ method: 'GET', path: /^\/users$/, answerBytes: total }]);
    const result = await gw.query(`{ skills(first: 2) { nodes { name } } users(first: 3) { nodes { firstName } } }`);
    expect((result.data as Json).skills.nodes).toHaveLength(2);
    expect((result.data as Json).users).toBeNull();
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['users'], 'UPSTREAM_ERROR']]);
    expect(result.errors?.[0].extensions).toMatchObject({ maxResponseBytes: MAX, status: 200 });

    const users = gw.sim.requests.filter((r) => r.path === '/users');
    expect(users).toHaveLength(1);
    // Never finished, and what the simulator could hand over (the cap plus what the sockets' buffers hold)
    // is a fraction of the whole.
    expect(users[0].status).toBeUndefined();
    expect(users[0].bytesWritten).toBeGreaterThan(MAX);
    expect(users[0].bytesWritten).toBeLessThan(total / 2);
  });

  it('an answer within the cap is read as usual', async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/users$/, answerBytes: MAX, times: 1 }]);
    const result = await gw.query(`{ users(first: 3) { nodes { firstName } } }`);
    expect(result.errors).toBeUndefined();
    expect((result.data as Json).users.nodes).toHaveLength(3);
  });
});
