// Test knobs: added latency, failure injection (status or dropped connection, by rate, method and path),
// the request log, and reset().
import { describe, expect, it } from 'vitest';
import { ids } from '../../src/simulator/data/examples.js';
import { startSimulator } from '../../src/simulator/index.js';
import { call, useSimulator } from './support.js';

const rci = useSimulator();

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

describe('latency', () => {
  // How long the knob held an answer back is read from the request log: an upper bound on elapsed time
  // would measure the machine's load, not the simulator. Elapsed time is only checked from below.
  const lastDelay = () => rci.sim.requests.at(-1)?.delayMs;

  it('is off by default, delays every answer when set, and can be turned off again', async () => {
    await rci.get('/roles');
    expect(lastDelay()).toBeUndefined();
    rci.sim.setLatency({ fixedMs: 250 });
    try {
      expect(await timed(() => rci.get('/roles'))).toBeGreaterThanOrEqual(245);
      expect(lastDelay()).toBe(250);
      expect(await timed(() => rci.post('/roles', { name: 'Slow' }))).toBeGreaterThanOrEqual(245);
      expect(lastDelay()).toBe(250);
    } finally {
      rci.sim.setLatency(undefined);
    }
    await rci.get('/roles');
    expect(lastDelay()).toBeUndefined();
  });

  it('adds up to jitterMs on top of fixedMs, varying between requests', async () => {
    const sim = await startSimulator({ latency: { fixedMs: 20, jitterMs: 80 } });
    try {
      const times: number[] = [];
      for (let i = 0; i < 8; i++) times.push(await timed(() => call(sim.url, 'GET', '/roles')));
      for (const t of times) expect(t).toBeGreaterThanOrEqual(19);
      const delays = sim.requests.map((r) => r.delayMs ?? -1);
      expect(delays).toHaveLength(8);
      for (const d of delays) expect(d >= 20 && d < 100).toBe(true);
      expect(Math.max(...delays) - Math.min(...delays)).toBeGreaterThan(10);
    } finally {
      await sim.close();
    }
  });
});

describe('faults', () => {
  it('answer a status instead of handling, for the matching method and path only, as many times as asked', async () => {
    rci.sim.setFaults([{ method: 'post', path: '/roles', status: 503, times: 2 }]);
    try {
      const before = (await rci.json('/roles')).length;
      const first = await rci.post('/roles', { name: 'Faulty' });
      expect(first.status).toBe(503);
      expect(first.type).toBe('text/plain');
      expect((await rci.post(`/users/${ids.johnFox}/roles`, { id: ids.ccAgentRole })).status).toBe(201); // other path
      expect((await rci.get('/roles')).status).toBe(200); // other method
      expect((await rci.post('/roles', { name: 'Faulty' })).status).toBe(503);
      expect((await rci.json('/roles')).length).toBe(before);
      expect((await rci.post('/roles', { name: 'Faulty' })).status).toBe(201); // times exhausted
    } finally {
      rci.sim.setFaults([]);
    }
  });

  it('match paths by whole segments or by RegExp', async () => {
    rci.sim.setFaults([
      { path: '/user', status: 500 },
      { path: /^\/queues\/[^/]+\/extensions$/, status: 502 },
    ]);
    try {
      expect((await rci.get('/users')).status).toBe(200);
      expect((await rci.get(`/queues/${ids.helpdeskQueue}/extensions`)).status).toBe(502);
      expect((await rci.get(`/queues/${ids.helpdeskQueue}`)).status).toBe(200);
    } finally {
      rci.sim.setFaults([]);
    }
  });

  it('hit about `rate` of the matching requests (seeded, so the same every run)', async () => {
    rci.sim.setFaults([{ path: '/skills', rate: 0.3, status: 500 }]);
    try {
      let failed = 0;
      for (let i = 0; i < 100; i++) if ((await rci.get('/skills')).status === 500) failed++;
      expect(failed).toBeGreaterThan(15);
      expect(failed).toBeLessThan(45);
    } finally {
      rci.sim.setFaults([]);
    }
    rci.sim.setFaults([{ path: '/skills', rate: 0, status: 500 }]);
    for (let i = 0; i < 20; i++) expect((await rci.get('/skills')).status).toBe(200);
    rci.sim.setFaults([]);
  });

  it('drop the connection before handling: the client fails and nothing changes', async () => {
    rci.sim.setFaults([{ method: 'POST', path: '/skills', drop: 'before', times: 1 }]);
    await expect(rci.post('/skills', { name: 'Dropped', description: 'd' })).rejects.toThrow();
    expect(await rci.json('/skills?name=Dropped')).toEqual([]);
    expect(rci.sim.requests.at(-2)?.status).toBeUndefined();
  });

  it('drop the connection after applying the change: the client fails but the change is made', async () => {
    rci.sim.setFaults([{ method: 'POST', path: '/skills', drop: 'after', times: 1 }]);
    await expect(rci.post('/skills', { name: 'Applied', description: 'd' })).rejects.toThrow();
    expect(await rci.json('/skills?name=Applied')).toHaveLength(1);
  });

  it('hold a request for delayMs, then handle it normally or apply the rule', async () => {
    rci.sim.setFaults([
      { method: 'GET', path: '/skills', delayMs: 250, times: 1 },
      { method: 'GET', path: '/roles', delayMs: 250, status: 503, times: 1 },
    ]);
    try {
      let answer: Awaited<ReturnType<typeof rci.get>> | undefined;
      expect(await timed(async () => (answer = await rci.get('/skills')))).toBeGreaterThanOrEqual(245);
      expect(answer?.status).toBe(200);
      expect(rci.sim.requests.at(-1)?.delayMs).toBe(250);
      expect(await timed(async () => (answer = await rci.get('/roles')))).toBeGreaterThanOrEqual(245);
      expect(answer?.status).toBe(503);
      expect(rci.sim.requests.at(-1)?.delayMs).toBe(250);
      expect((await rci.get('/roles')).status).toBe(200);
      expect(rci.sim.requests.at(-1)?.delayMs).toBeUndefined();
    } finally {
      rci.sim.setFaults([]);
    }
  });

  it('answer a large JSON list of user summaries, of exactly answerBytes bytes, and log what was written', async () => {
    rci.sim.setFaults([{ method: 'GET', path: '/users', answerBytes: 300_000, times: 1 }]);
    try {
      rci.sim.clearRequests();
      const answer = await rci.get('/users');
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('application/json');
      expect(answer.headers.get('content-length')).toBeNull();
      expect(Buffer.byteLength(answer.text)).toBe(300_000);
      const users = answer.json<{ id: string; firstName: string }[]>();
      expect(users.length).toBeGreaterThan(3000);
      expect(users[0]).toEqual({ id: ids.johnFox, firstName: 'John', surname: 'Doe' });
      expect(rci.sim.requests[0]).toMatchObject({ status: 200, bytesWritten: 300_000 });
    } finally {
      rci.sim.setFaults([]);
    }
  });

  it('stop writing a large answer when the client goes away, and log how far it got', async () => {
    const total = 64 * 2 ** 20;
    rci.sim.setFaults([{ method: 'GET', path: '/users', answerBytes: total, times: 1 }]);
    try {
      rci.sim.clearRequests();
      const response = await fetch(`${rci.sim.url}/users`);
      const reader = response.body!.getReader();
      await reader.read();
      await reader.cancel();
      // Written only as fast as the client read: a few chunks and the sockets' buffers, never finished.
      expect(rci.sim.requests[0].bytesWritten).toBeGreaterThan(0);
      expect(rci.sim.requests[0].bytesWritten).toBeLessThan(total / 4);
      expect(rci.sim.requests[0].status).toBeUndefined();
    } finally {
      rci.sim.setFaults([]);
    }
  });

  it('are refused when they say neither or several of status, drop and answerBytes, or a rate outside 0..1', () => {
    expect(() => rci.sim.setFaults([{ path: '/users' }])).toThrow();
    expect(() => rci.sim.setFaults([{ status: 500, drop: 'before' }])).toThrow();
    expect(() => rci.sim.setFaults([{ status: 500, answerBytes: 1000 }])).toThrow();
    expect(() => rci.sim.setFaults([{ status: 500, rate: 1.5 }])).toThrow();
    expect(() => rci.sim.setFaults([{ delayMs: -1 }])).toThrow();
  });

  it('come from the options too', async () => {
    const sim = await startSimulator({ faults: [{ method: 'GET', status: 429 }] });
    try {
      expect((await call(sim.url, 'GET', '/users')).status).toBe(429);
      expect((await call(sim.url, 'POST', '/roles', { body: { name: 'ok' } })).status).toBe(201);
    } finally {
      await sim.close();
    }
  });
});

describe('the request log', () => {
  it('records each request in arrival order with method, path, query, headers, body and status', async () => {
    rci.sim.clearRequests();
    expect(rci.sim.requests).toEqual([]);
    await rci.get('/users?firstName=J*&limit=5', { headers: { authorization: 'Basic eDp5' } });
    await rci.post('/roles', { name: 'Logged' });
    await rci.get('/timeZones/Europe%2FHelsinki');
    await rci.get('/nothing');
    expect(rci.sim.requests).toEqual([
      {
        method: 'GET',
        path: '/users',
        query: 'firstName=J*&limit=5',
        authorization: 'Basic eDp5',
        accept: 'application/json',
        status: 200,
      },
      {
        method: 'POST',
        path: '/roles',
        query: '',
        accept: 'text/html',
        contentType: 'application/json',
        body: '{"name":"Logged"}',
        status: 201,
      },
      { method: 'GET', path: '/timeZones/Europe%2FHelsinki', query: '', accept: 'application/json', status: 200 },
      { method: 'GET', path: '/nothing', query: '', accept: 'application/json', status: 404 },
    ]);
  });

  it('keeps the same array across clearRequests()', async () => {
    const log = rci.sim.requests;
    rci.sim.clearRequests();
    await rci.get('/roles');
    expect(log).toBe(rci.sim.requests);
    expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /roles']);
  });

  it('can be turned off', async () => {
    const sim = await startSimulator({ requestLog: false });
    try {
      await call(sim.url, 'GET', '/users');
      expect(sim.requests).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});

describe('reset()', () => {
  it('restores the initial data set with the same ids', async () => {
    const sim = await startSimulator({ data: { scale: 5 } });
    try {
      const initialUsers = (await call(sim.url, 'GET', '/users?limit=1000')).json();
      const created = (await call(sim.url, 'POST', '/roles', { body: { name: 'Gone after reset' } })).text;
      await call(sim.url, 'DELETE', `/users/${ids.johnFox}`);
      await call(sim.url, 'PUT', `/skills/${ids.english}`, { body: { name: 'Changed', description: 'Changed' } });
      sim.reset();
      expect((await call(sim.url, 'GET', '/users?limit=1000')).json()).toEqual(initialUsers);
      expect((await call(sim.url, 'GET', `/roles/${created}`)).status).toBe(404);
      expect((await call(sim.url, 'GET', `/users/${ids.johnFox}/roles`)).json()).toHaveLength(3);
      expect((await call(sim.url, 'GET', `/skills/${ids.english}`)).json().name).toBe('English');
      // New ids start over too, so a run after reset() is reproducible.
      expect((await call(sim.url, 'POST', '/roles', { body: { name: 'Again' } })).text).toBe(created);
    } finally {
      await sim.close();
    }
  });
});
