import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/server/yoga.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { serve, type Served } from '../support/http.js';

// graphql-http's GraphQL-over-HTTP audit suite against the gateway on a real port, one test per audit.
// The suite acts as a client that follows this server's one documented rule beyond the spec: a GET
// carries the CSRF header (see csrf.test.ts). Without it, exactly the three MAY-level GET audits that
// expect 200 get 403 instead; the last test pins that down.

let gw: TestGateway;
let server: Served;
beforeAll(async () => {
  gw = await startGateway();
  server = await serve(gw.yoga.requestListener);
});
afterAll(async () => {
  await server.close();
  await gw.close();
});

const fetchWithCsrfHeaderOnGet: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  if ((init.method ?? 'GET').toUpperCase() === 'GET') headers.set(CSRF_HEADER, '1');
  return fetch(input, { ...init, headers });
};

// The audits are listed before the server exists; each reads the URL when it runs.
const audits = serverAudits({ url: () => `${server.origin}/graphql`, fetchFn: fetchWithCsrfHeaderOnGet });

describe('GraphQL-over-HTTP server audits (graphql-http)', () => {
  for (const audit of audits) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(result.status, 'reason' in result ? result.reason : undefined).toBe('ok');
    });
  }
});

describe('the same audits as a client that never sends the CSRF header', () => {
  it('fail only where a GET must be answered 200 (MAY-level), each with 403', async () => {
    const failed: string[] = [];
    for (const audit of serverAudits({ url: `${server.origin}/graphql` })) {
      const result = await audit.fn();
      if (result.status === 'ok') continue;
      failed.push(`${result.status} ${audit.id}`);
      expect((result as { response: Response }).response.status).toBe(403);
    }
    expect(failed).toEqual(['notice 5A70', 'notice D6D5', 'notice 6A70']);
  });
});
