// Bad requests never crash the simulator: unknown paths 404, wrong methods 405, bodies over the limit 413,
// garbage on the socket and clients that vanish mid-request leave it answering.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator } from './support.js';

const rci = useSimulator();
const small = useSimulator({ maxBodyBytes: 100 });

async function stillAnswers(): Promise<void> {
  expect((await rci.get(`/users/${ids.johnFox}`)).status).toBe(200);
}

describe('unknown paths', () => {
  it.each([
    '/nothing',
    '/users/extra/segments/here/too',
    `/users/${ids.johnFox}/unknownThings`,
    `/customIvrs/${ids.menuIvr}/currentSourceCodeVersion/more`,
    '',
    '/',
    '/users/',
    '//users',
  ])('answer 404 text/plain for %j', async (path) => {
    const answer = await rci.get(path);
    expect(answer.status).toBe(404);
    expect(answer.type).toBe('text/plain');
    expect(answer.text).toBe('HTTP 404 Not Found');
  });

  it('answer 404 outside the base path /RI/rci', async () => {
    const origin = new URL(rci.sim.url).origin;
    for (const path of ['/', '/users', '/RI/rcix/users', '/ri/rci/users']) {
      const answer = await fetch(`${origin}${path}`);
      expect(answer.status).toBe(404);
      await answer.text();
    }
  });
});

describe('wrong methods', () => {
  it.each([
    ['PATCH', '/users', 'GET, POST'],
    ['PUT', '/users', 'GET, POST'],
    ['POST', `/users/${ids.johnFox}`, 'GET, PUT, DELETE'],
    ['DELETE', '/timeZones/Europe/Helsinki', 'GET'],
    ['POST', '/replyTemplates', 'GET'],
    ['PUT', `/users/${ids.johnFox}/certificates/${ids.certificateJohnFox}`, 'GET, DELETE'],
    ['PUT', `/users/${ids.johnFox}/roles/${ids.ccAgentRole}`, 'GET, DELETE'],
    ['HEAD', '/users', 'GET, POST'],
    ['OPTIONS', '/users', 'GET, POST'],
  ])('answer 405 with an Allow header: %s %s', async (method, path, allow) => {
    const answer = await rci.call(
      method,
      path,
      method === 'PATCH' || method === 'PUT' || method === 'POST' ? { body: {} } : {},
    );
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allow);
  });
});

describe('bodies over the limit', () => {
  it('answer 413 at the default limit of 1 MiB, and the server keeps answering', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(1024 * 1024), description: 'd' });
    const answer = await rci.call('POST', '/skills', { raw: huge, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(413);
    expect(answer.type).toBe('text/plain');
    expect((await rci.json('/skills?name=x*')).length).toBe(0);
    await stillAnswers();
  });

  it('answer 413 at a configured limit, also when the body is streamed without a length', async () => {
    const body = JSON.stringify({ name: 'y'.repeat(200), description: 'd' });
    expect(
      (await small.call('POST', '/skills', { raw: body, headers: { 'content-type': 'application/json' } })).status,
    ).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, 50)));
        controller.enqueue(new TextEncoder().encode(body.slice(50)));
        controller.close();
      },
    });
    const streamed = await fetch(`${small.sim.url}/skills`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    await streamed.text();
    expect((await small.post('/skills', { name: 'fits', description: 'd' })).status).toBe(201);
  });
});

describe('garbage', () => {
  function raw(data: string): Promise<string> {
    const { hostname, port } = new URL(rci.sim.url);
    return new Promise((resolve) => {
      const socket = connect(Number(port), hostname, () => socket.end(data));
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', () => resolve(received));
    });
  }

  it('a request line that is not HTTP gets 400 and the server keeps answering', async () => {
    expect(await raw('THIS IS NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    await stillAnswers();
  });

  it('malformed percent-escapes and odd paths are answered, not thrown', async () => {
    expect((await rci.get('/users/%E0%A4%A')).text).toBe("Invalid GUID: '%E0%A4%A'");
    expect((await rci.get('/timeZones/%ZZ')).status).toBe(404);
    expect((await rci.get(`/users?firstName=%ZZ`)).status).toBe(200);
    expect((await rci.get(`/users/${'A'.repeat(5000)}`)).status).toBe(400);
    await stillAnswers();
  });

  it('a client that sends half a body and goes away does not take the server down', async () => {
    const { hostname, port } = new URL(rci.sim.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.write(
          'POST /RI/rci/skills HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"na',
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
    });
    await stillAnswers();
  });

  it('deeply nested or huge JSON values are refused with 400', async () => {
    const nested = '['.repeat(5000) + ']'.repeat(5000);
    expect(
      (await rci.call('POST', '/roles', { raw: nested, headers: { 'content-type': 'application/json' } })).status,
    ).toBe(400);
    expect((await rci.post('/roles', { name: { deep: [1, 2, 3] } })).status).toBe(400);
    await stillAnswers();
  });
});
