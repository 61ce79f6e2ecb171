// Content negotiation: JSON answers, XML refused with 406, JSON bodies required with 415 otherwise.
import { describe, expect, it } from 'vitest';
import { ids } from '../../src/simulator/data/examples.js';
import { GUID, useSimulator } from './support.js';

const rci = useSimulator();
const john = `/users/${ids.johnFox}`;

describe('Accept', () => {
  it('answers JSON for Accept: application/json', async () => {
    const answer = await rci.get(john, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/json');
    expect(answer.json()).toMatchObject({ id: ids.johnFox, firstName: 'John', surname: 'Fox' });
  });

  it.each(['*/*', 'application/*', 'application/json; charset=utf-8', 'application/xml;q=0.9, application/json', ''])(
    'answers JSON for Accept %j',
    async (accept) => {
      const answer = await rci.get('/roles', { headers: { accept } });
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('application/json');
      expect(Array.isArray(answer.json())).toBe(true);
    },
  );

  it('answers JSON when no Accept header is sent', async () => {
    // undici always sends an Accept header unless told otherwise; node:http sends none.
    const { request } = await import('node:http');
    const { status, type, body } = await new Promise<{ status: number; type: string; body: string }>(
      (resolve, reject) => {
        const req = request(`${rci.sim.url}/skills`, (res) => {
          let body = '';
          res
            .setEncoding('utf8')
            .on('data', (c) => (body += c))
            .on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'] ?? '', body }));
        });
        req.on('error', reject).end();
      },
    );
    expect(status).toBe(200);
    expect(type).toBe('application/json');
    expect(JSON.parse(body)).toHaveLength(3);
  });

  it.each(['application/xml', 'text/xml', 'application/json;q=0, application/xml', 'text/html'])(
    'answers a GET with 406 and a text/plain message for Accept %j',
    async (accept) => {
      const answer = await rci.get(john, { headers: { accept } });
      expect(answer.status).toBe(406);
      expect(answer.type).toBe('text/plain');
      expect(answer.text).toContain('406 Not Acceptable');
      expect(answer.text).toContain('application/json');
    },
  );

  it('says that XML is not supported', async () => {
    const answer = await rci.get('/queues', { headers: { accept: 'application/xml' } });
    expect(answer.text).toMatch(/XML is not supported/);
  });

  it('refuses a POST that accepts only XML, without creating anything', async () => {
    const before = (await rci.json('/roles')).length;
    const answer = await rci.post('/roles', { name: 'XML role' }, { headers: { accept: 'application/xml' } });
    expect(answer.status).toBe(406);
    expect((await rci.json('/roles')).length).toBe(before);
  });
});

describe('POST', () => {
  it('answers 201 with the new id as a text/html body of 32 uppercase hex characters', async () => {
    const answer = await rci.post('/skills', { name: 'Swedish', description: 'Swedish language skill' });
    expect(answer.status).toBe(201);
    expect(answer.type).toBe('text/html');
    expect(answer.text).toMatch(GUID);
    expect(await rci.json(`/skills/${answer.text}`)).toEqual({
      id: answer.text,
      name: 'Swedish',
      description: 'Swedish language skill',
    });
  });

  it('also answers a client that accepts JSON only', async () => {
    const answer = await rci.post(
      '/skills',
      { name: 'Danish', description: 'Danish language skill' },
      { headers: { accept: 'application/json' } },
    );
    expect(answer.status).toBe(201);
    expect(answer.text).toMatch(GUID);
  });

  it.each([
    ['application/xml', '<skill><name>x</name></skill>'],
    ['text/plain', '{"name":"x","description":"y"}'],
    ['application/x-www-form-urlencoded', 'name=x&description=y'],
  ])('answers 415 naming application/json for Content-Type %s', async (contentType, raw) => {
    const answer = await rci.call('POST', '/skills', { raw, headers: { 'content-type': contentType } });
    expect(answer.status).toBe(415);
    expect(answer.type).toBe('text/plain');
    expect(answer.text).toContain('application/json');
  });

  it('answers 415 without a Content-Type', async () => {
    const answer = await rci.call('POST', '/skills', {
      raw: '{"name":"x","description":"y"}',
      headers: { 'content-type': '' },
    });
    expect(answer.status).toBe(415);
  });

  it('accepts application/json with a charset', async () => {
    const answer = await rci.call('POST', '/skills', {
      raw: JSON.stringify({ name: 'Norwegian', description: 'Norwegian language skill' }),
      headers: { 'content-type': 'application/json; charset=UTF-8' },
    });
    expect(answer.status).toBe(201);
  });
});

describe('PUT', () => {
  it('needs Content-Type: application/json too', async () => {
    const answer = await rci.call('PUT', `/skills/${ids.english}`, {
      raw: '<skill/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(answer.status).toBe(415);
    expect((await rci.json(`/skills/${ids.english}`)).name).toBe('English');
  });
});
