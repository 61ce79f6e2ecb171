import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { serve, type Served } from '../support/http.js';
import type { Json } from '../support/json.js';

// Request bodies are bounded (MAX_REQUEST_BYTES): a body with a Content-Length by that header, before any
// of it is read; a chunked one (no Content-Length) as it is read. Sent over a real port, since what
// arrives with a Content-Length is Node's HTTP parser's doing.

const LIMIT = 4096;
let gw: TestGateway;
let served: Served;
beforeAll(async () => {
  gw = await startGateway({ simulator: { data: { scale: 20, seed: 3 } }, maxRequestBytes: LIMIT });
  served = await serve(gw.yoga.requestListener);
});
afterAll(async () => {
  await served.close();
  await gw.close();
});
beforeEach(() => gw.sim.clearRequests());

/** A query for skills whose body is `bytes` long (the padding is an unused variable). */
function bodyOf(bytes: number): string {
  const base = JSON.stringify({ query: '{ skills(first: 2) { nodes { name } } }', variables: { pad: '' } });
  return base.replace('"pad":""', `"pad":"${'x'.repeat(bytes - base.length)}"`);
}

interface Answer {
  status: number;
  body: { data?: Json; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs `body` in pieces of 1000 bytes, with a Content-Length or (`chunked`) without one. */
function post(body: string, framing: 'length' | 'chunked'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (framing === 'length') headers['content-length'] = String(Buffer.byteLength(body));
    else headers['transfer-encoding'] = 'chunked';
    const req = httpRequest(`${served.origin}/graphql`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) as Answer['body'] }));
    });
    req.on('error', reject);
    for (let i = 0; i < body.length; i += 1000) req.write(body.slice(i, i + 1000));
    req.end();
  });
}

describe.each(['length', 'chunked'] as const)('a body sent with framing %s', (framing) => {
  it('of exactly the limit is answered', async () => {
    const answer = await post(bodyOf(LIMIT), framing);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toMatchObject({ skills: { nodes: [{ name: expect.any(String) }, expect.anything()] } });
  });

  it('one byte over the limit is refused with 413, naming the limit, and nothing reaches RCI', async () => {
    const answer = await post(bodyOf(LIMIT + 1), framing);
    expect(answer.status).toBe(413);
    expect(answer.body.errors).toEqual([
      {
        message: `The request body is larger than ${LIMIT} bytes`,
        extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit: LIMIT },
      },
    ]);
    expect(gw.calls()).toEqual([]);
  });

  it('far over the limit is refused the same way', async () => {
    const answer = await post(bodyOf(10 * LIMIT), framing);
    expect(answer.status).toBe(413);
    expect(answer.body.errors?.[0].extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(gw.calls()).toEqual([]);
  });
});

it('a Content-Length that is not a number of bytes is refused with 400, naming the header', async () => {
  const response = await gw.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': '12, 12' },
    body: bodyOf(200),
  });
  expect(response.status).toBe(400);
  const body = (await response.json()) as Answer['body'];
  expect(body.errors?.[0].message).toBe("The Content-Length header is not a number of bytes: '12, 12'");
  expect(gw.calls()).toEqual([]);
});
