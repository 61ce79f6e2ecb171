import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RciClient } from '../../src/rci/client.js';
import { RciCache } from '../../src/rci/cache/index.js';
import { Readiness, rciReadiness, redisReadiness } from '../../src/server/health.js';
import { createLogger, createPino, pinoSink } from '../../src/server/logging.js';
import { createGateway } from '../../src/server/yoga.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { startRedis } from '../support/redis.js';

// What operators and load balancers see: JSON log lines with the request id, /health and /readiness.
const SECRET = 'correct-horse-battery-staple';
const AUTH = `Basic ${Buffer.from(`alice:${SECRET}`).toString('base64')}`;
const JOHN = 'E936C474B22311D38FBE0090279A922E';

let sim: RunningSimulator;
let rci: RciClient;
let readiness: Readiness;
let yoga: ReturnType<typeof createGateway>;
const output: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, auth: { users: [{ username: 'alice', password: SECRET }] } });
  rci = new RciClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 0 });
  readiness = new Readiness({ checks: [rciReadiness(rci)], timeoutMs: 300 });
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger(pinoSink(createPino({ level: 'debug', destination })));
  yoga = createGateway({ rci, readiness, logger });
});
afterAll(async () => {
  await rci.close();
  await sim.close();
});
beforeEach(() => {
  output.length = 0;
  sim.setFaults([]);
  sim.setLatency(undefined);
});

const post = (query: string, headers: Record<string, string> = {}) =>
  yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });

describe('log lines', () => {
  it('are JSON with the request id the caller sent, which is echoed, and carry no credential or stack', async () => {
    sim.setFaults([{ method: 'GET', path: /\/roles$/, status: 500 }]);
    const response = await post(`query Roles { user(id: "${JOHN}") { roles { name } } }`, {
      authorization: AUTH,
      'x-request-id': 'req-42.abc',
    });
    expect(response.headers.get('x-request-id')).toBe('req-42.abc');
    await post(`{ user(id: "${JOHN}") { firstName } }`, { authorization: 'Basic d3Jvbmc6c2VjcmV0' });

    const lines = output.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(typeof line.level).toBe('string');
      expect(typeof line.time).toBe('number');
    }
    const request = lines.find((l) => l.requestId === 'req-42.abc');
    expect(request).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Roles',
      errorCodes: ['UPSTREAM_UNAVAILABLE'],
    });
    expect(lines.some((l) => l.level === 'warn' && /UPSTREAM_UNAVAILABLE/.test(String(l.msg)))).toBe(true);

    const all = output.join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(AUTH.slice(6));
    expect(all).not.toContain('d3Jvbmc6c2VjcmV0');
    expect(all).not.toMatch(/authorization/i);
    expect(all).not.toMatch(/\\n\s+at |"stack"/);
    expect(all).not.toContain(sim.url);
  });

  it('make up a request id when the caller sends none or an unusable one', async () => {
    const none = await post(`{ user(id: "${JOHN}") { firstName } }`, { authorization: AUTH });
    const odd = await post(`{ user(id: "${JOHN}") { firstName } }`, {
      authorization: AUTH,
      'x-request-id': 'a b\u00e9"}{',
    });
    const ids = [none.headers.get('x-request-id'), odd.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const logged = output.map((line) => (JSON.parse(line) as { requestId?: string }).requestId);
    expect(logged).toEqual(expect.arrayContaining(ids));
  });
});

describe('/health and /readiness', () => {
  it('/health answers 200 while the process runs, whatever RCI does', async () => {
    sim.setFaults([{ status: 503 }]);
    const response = await yoga.fetch('http://gateway.test/health');
    expect(response.status).toBe(200);
  });

  // RCI goes down, hangs, and comes back: readiness follows, naming the reason but never RCI's address.
  it('/readiness turns 503 while RCI is down or slow, and back to 200', async () => {
    const ready = async () => {
      const response = await yoga.fetch('http://gateway.test/readiness');
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });

    sim.setFaults([{ status: 503 }]);
    expect(await ready()).toEqual({
      status: 503,
      body: { status: 'unavailable', failures: { rci: 'RCI answered status 503' } },
    });

    sim.setFaults([]);
    sim.setLatency({ fixedMs: 1_000 });
    expect(await ready()).toEqual({
      status: 503,
      body: { status: 'unavailable', failures: { rci: 'no answer within 300 ms' } },
    });

    sim.setLatency(undefined);
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    expect(JSON.stringify(output)).not.toContain(sim.url);
  });

  it('/readiness is 503 when RCI cannot be reached at all', async () => {
    const gone = new RciClient({ baseUrl: 'http://127.0.0.1:9/RI/rci', retries: 0 });
    const gateway = createGateway({
      rci: gone,
      readiness: new Readiness({ checks: [rciReadiness(gone)], timeoutMs: 500 }),
      logger: createLogger(() => {}),
    });
    const response = await gateway.fetch('http://gateway.test/readiness');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', failures: { rci: 'could not be reached' } });
    await gone.close();
  });

  // Redis is an optimisation: its outage is reported, but a replica without it still serves, so it stays
  // in rotation; only RCI (or shutdown) takes it out.
  it('/readiness names a configured Redis that is down but stays 200; RCI down still makes it 503', async () => {
    const redis = await startRedis();
    const cache = new RciCache({ ttlMs: 5_000, redisUrl: redis.url, warn: () => {} });
    const cached = new RciClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 0, cache });
    const gateway = createGateway({
      rci: cached,
      readiness: new Readiness({ checks: [rciReadiness(cached), redisReadiness(cache)], timeoutMs: 2_000 }),
      logger: createLogger(() => {}),
    });
    const ready = async () => {
      const response = await gateway.fetch('http://gateway.test/readiness');
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    // As a load balancer does: ask until the body says what is expected (Redis connects in the background).
    const readyWithin = async (ms: number, expected: Record<string, unknown>) => {
      const deadline = Date.now() + ms;
      let last = await ready();
      while (JSON.stringify(last.body) !== JSON.stringify(expected) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        last = await ready();
      }
      return last;
    };
    try {
      expect(await readyWithin(5_000, { status: 'ready' })).toEqual({ status: 200, body: { status: 'ready' } });

      await redis.stop();
      const degraded = { status: 'ready', degraded: { redis: 'Redis does not answer' } };
      expect(await ready()).toEqual({ status: 200, body: degraded });
      const answer = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: AUTH },
        body: JSON.stringify({ query: `{ user(id: "${JOHN}") { firstName } }` }),
      });
      expect(await answer.json()).toEqual({ data: { user: { firstName: 'John' } } });

      sim.setFaults([{ status: 503 }]);
      expect(await ready()).toEqual({
        status: 503,
        body: {
          status: 'unavailable',
          failures: { rci: 'RCI answered status 503' },
          degraded: { redis: 'Redis does not answer' },
        },
      });
      sim.setFaults([]);

      await redis.start();
      expect(await readyWithin(15_000, { status: 'ready' })).toEqual({ status: 200, body: { status: 'ready' } });
    } finally {
      await cached.close();
      await cache.close();
      await redis.stop();
    }
  });

  it('/readiness turns 503 once shutdown begins', async () => {
    const draining = new Readiness({ checks: [rciReadiness(rci)] });
    const gateway = createGateway({ rci, readiness: draining, logger: createLogger(() => {}) });
    expect((await gateway.fetch('http://gateway.test/readiness')).status).toBe(200);
    draining.markShuttingDown();
    const response = await gateway.fetch('http://gateway.test/readiness');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'unavailable',
      failures: { shutdown: 'the gateway is shutting down' },
    });
  });
});
