import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '../../src/server/yoga.js';
import { rest, startGateway, type TestGateway } from '../support/gateway.js';

// A page on another site can make a browser send "simple" requests to the gateway without a CORS
// preflight: a GET (an <img>, a link) or a form POST (urlencoded, multipart, text/plain), with the
// user's cookies. The gateway refuses them unless they carry a header no such request can set.

let gw: TestGateway;
let userId: string;
beforeAll(async () => {
  gw = await startGateway({ simulator: { data: { scale: 20, seed: 3 } } });
  userId = (await rest<{ id: string }[]>(gw, '/users?limit=1'))[0].id;
});
afterAll(() => gw.close());
beforeEach(() => gw.sim.clearRequests());

const QUERY = '{ users(first: 2) { nodes { rciId firstName } } }';
const crossSite = { origin: 'https://evil.example', accept: 'application/graphql-response+json' };
const url = (params: Record<string, string>) => `http://gateway.test/graphql?${new URLSearchParams(params)}`;

async function expectRefused(response: Response) {
  expect(response.status).toBe(403);
  const body = (await response.json()) as { errors: { message: string }[] };
  expect(body.errors[0].message).toBe('Required CSRF header(s) not present');
  expect(gw.calls()).toEqual([]);
}

describe('cross-site simple requests are refused before anything reaches RCI', () => {
  it('GET without the CSRF header', async () => {
    await expectRefused(await gw.yoga.fetch(url({ query: QUERY }), { headers: crossSite }));
  });

  it('POST application/x-www-form-urlencoded (an HTML form)', async () => {
    const body = new URLSearchParams({ query: QUERY }).toString();
    const headers = { ...crossSite, 'content-type': 'application/x-www-form-urlencoded' };
    await expectRefused(await gw.yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers, body }));
  });

  it('POST multipart/form-data (an HTML form with enctype multipart)', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: QUERY }));
    form.set('map', '{}');
    await expectRefused(
      await gw.yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers: crossSite, body: form }),
    );
  });

  it('POST text/plain carrying JSON (enctype text/plain)', async () => {
    const headers = { ...crossSite, 'content-type': 'text/plain' };
    const body = JSON.stringify({ query: QUERY });
    await expectRefused(await gw.yoga.fetch('http://gateway.test/graphql', { method: 'POST', headers, body }));
  });
});

describe('what clients send is answered', () => {
  it('a GET query with the CSRF header', async () => {
    const response = await gw.yoga.fetch(url({ query: QUERY }), {
      headers: { [CSRF_HEADER]: '1', accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { users: { nodes: unknown[] } } };
    expect(body.data.users.nodes).toHaveLength(2);
    expect(gw.calls()).toHaveLength(1);
  });

  it('a POST application/json (browsers preflight it) needs no CSRF header', async () => {
    const response = await gw.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(200);
    expect(gw.calls()).toHaveLength(1);
  });
});

describe('GET never runs a mutation', () => {
  it('a GET mutation is 405, even with the CSRF header, and RCI sees no write', async () => {
    const mutation = `mutation { deleteUser(input: { id: "${userId}" }) { deletedId } }`;
    const response = await gw.yoga.fetch(url({ query: mutation }), {
      headers: { [CSRF_HEADER]: '1', accept: 'application/json' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0].message).toMatch(/mutation operation from a POST request/);
    expect(gw.calls()).toEqual([]);
    await rest(gw, `/users/${userId}`); // still there
  });

  it('a GET naming a mutation by operationName in a mixed document is 405 too', async () => {
    const document = `query Q { __typename } mutation M { deleteUser(input: { id: "${userId}" }) { deletedId } }`;
    const response = await gw.yoga.fetch(url({ query: document, operationName: 'M' }), {
      headers: { [CSRF_HEADER]: '1', accept: 'application/json' },
    });
    expect(response.status).toBe(405);
    expect(gw.calls()).toEqual([]);
  });
});

describe('CORS', () => {
  it('answers a preflight for any origin by default, without inviting credentials', async () => {
    const response = await gw.yoga.fetch('http://gateway.test/graphql', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(response.headers.get('access-control-allow-origin')).toMatch(/^(\*|https:\/\/app\.example)$/);
    expect(response.headers.get('access-control-allow-credentials')).not.toBe('true');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('allows only the configured origins when CORS origins are set', async () => {
    const { createGateway } = await import('../../src/server/yoga.js');
    const yoga = createGateway({ rci: gw.rci, corsOrigins: ['https://app.example.com'] });
    const preflight = (origin: string) =>
      yoga.fetch('http://gateway.test/graphql', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    expect((await preflight('https://app.example.com')).headers.get('access-control-allow-origin')).toBe(
      'https://app.example.com',
    );
    // Another origin is not granted: the browser compares the answered origin with its own and refuses.
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).not.toBe(
      'https://evil.example',
    );
  });
});
