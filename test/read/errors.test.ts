import { afterEach, describe, expect, it } from 'vitest';
import { RciClient } from '../../src/rci/client.js';
import { createGateway } from '../../src/server/yoga.js';
import { graphql } from '../gql/index.js';
import { useGateway, useGatewayOver } from '../support/gateway.js';

// Failure paths: RCI answers every kind of failure on purpose (the simulator's fault knobs), and the
// graph answers partial data with a coded error that carries nothing internal.
const gw = useGateway({ client: { timeoutMs: 300, retries: 2 } });
afterEach(() => {
  gw.sim.setFaults([]);
  gw.sim.setLatency(undefined);
});

const JOHN = 'E936C474B22311D38FBE0090279A922E';
const UserWithRoles = graphql(`
  query UserWithRoles($id: ID!) {
    user(id: $id) {
      firstName
      roles {
        name
      }
    }
  }
`);

function expectClean(error: { message: string; extensions?: Record<string, unknown> }) {
  const text = JSON.stringify(error);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|\/RI\/rci|stack|Error:/);
}

describe('RCI statuses become codes', () => {
  it.each([
    [404, 'NOT_FOUND'],
    [400, 'BAD_USER_INPUT'],
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [500, 'UPSTREAM_UNAVAILABLE'],
    [503, 'UPSTREAM_UNAVAILABLE'],
  ])('RCI %i on a sub-collection → %s, with the rest of the data', async (status, code) => {
    gw.sim.setFaults([{ method: 'GET', path: new RegExp(`^/users/${JOHN}/roles$`), status }]);
    const result = await gw.query(UserWithRoles, { id: JOHN });
    // Only the relation that failed is null: the user itself was read.
    expect(result.data).toEqual({ user: { firstName: 'John', roles: null } });
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.extensions?.code).toBe(code);
    expect(error.path).toEqual(['user', 'roles']);
    expectClean(error);
  });

  it("passes RCI's own 400 message through", async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/users$/, status: 400 }]);
    const result = await gw.query(`{ users { nodes { rciId } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const direct = await fetch(`${gw.sim.url}/users`);
    expect(result.errors?.[0].message).toBe((await direct.text()).trim());
  });

  it('retries a GET that failed with 5xx a bounded number of times', async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/users\/[^/]+$/, status: 502 }]);
    const result = await gw.query(UserWithRoles, { id: JOHN });
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(gw.calls().filter((c) => c === `GET /users/${JOHN}`)).toHaveLength(3);
  });

  it('recovers when a retry succeeds', async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/users\/[^/]+$/, status: 503, times: 1 }]);
    const result = await gw.query(UserWithRoles, { id: JOHN });
    expect(result.errors).toBeUndefined();
    expect(result.data?.user?.firstName).toBe('John');
  });

  it('a dropped connection is UPSTREAM_UNAVAILABLE after retries', async () => {
    gw.sim.setFaults([{ method: 'GET', path: /^\/users\/[^/]+$/, drop: 'before' }]);
    const result = await gw.query(UserWithRoles, { id: JOHN });
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expectClean(result.errors![0]);
    // Sent once and retried twice (retries: 2), as for a 5xx.
    expect(gw.calls().filter((c) => c === `GET /users/${JOHN}`)).toHaveLength(3);
  });

  it('a slow RCI is UPSTREAM_TIMEOUT', async () => {
    gw.sim.setLatency({ fixedMs: 1_000 });
    const result = await gw.query(UserWithRoles, { id: JOHN });
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_TIMEOUT');
  });
});

describe('an RCI that answers nonsense', () => {
  // A real HTTP server that speaks broken RCI: a user without its required surname, and non-JSON.
  const broken = useGatewayOver((req, res) => {
    if (req.url?.startsWith('/RI/rci/users/')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: JOHN, firstName: 'John' }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>');
    }
  });
  const ask = (query: string) => broken.query(query);

  it('a malformed object is a clear UPSTREAM_ERROR naming the problem', async () => {
    const result = await ask(`{ user(id: "${JOHN}") { firstName } }`);
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
    expect(result.errors?.[0].message).toMatch(/malformed User: surname/);
  });

  it('a body that is not JSON is an UPSTREAM_ERROR', async () => {
    const result = await ask(`{ roles { nodes { name } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('UPSTREAM_ERROR');
    expect(result.errors?.[0].message).toMatch(/not JSON/);
  });
});

describe('unexpected failures stay masked', () => {
  it('an RCI that cannot be reached at all is UPSTREAM_UNAVAILABLE without its address', async () => {
    const client = new RciClient({ baseUrl: 'http://127.0.0.1:9/RI/rci', retries: 0 });
    const gateway = createGateway({ rci: client });
    const response = await gateway.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ user(id: "${JOHN}") { firstName } }` }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expectClean(body.errors[0]);
    await client.close();
  });
});

describe('calls waiting for a connection', () => {
  // One connection, RCI answering each call in 200 ms, a 300 ms call timeout: four calls in one request
  // wait for each other (800 ms in all), but none of them takes longer than its timeout once sent.
  const narrow = useGateway({
    client: { connections: 1, timeoutMs: 300, retries: 0 },
    simulator: { latency: { fixedMs: 200 } },
  });

  it('are not timed out for the time they wait', async () => {
    const result = await narrow.query(`{
      a: user(id: "E936C474B22311D38FBE0090279A922E") { firstName }
      b: role(id: "2CADB6A137124F13BC68938E2B5FEFC1") { name }
      c: skill(id: "175A098FEDDB41EB8839AACBAB26A0B6") { name }
      d: queue(id: "B8F0CA9CFC0411D3A2230050DA29E0F4") { name }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      a: { firstName: 'John' },
      b: { name: 'CC Agent' },
      c: { name: 'English' },
      d: { name: 'Sales' },
    });
  });
});
