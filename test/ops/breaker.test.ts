import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RciClient, type RciClientOptions } from '../../src/rci/client.js';
import { Readiness, rciReadiness } from '../../src/server/health.js';
import { createLogger } from '../../src/server/logging.js';
import { createMetrics, type GatewayMetrics } from '../../src/server/metrics.js';
import { createGateway } from '../../src/server/yoga.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { useSimulator } from '../support/simulator.js';
import type { Json } from '../support/json.js';

// The RCI circuit breaker, seen by a client and an operator: after consecutive failures, calls fail at
// once with UPSTREAM_UNAVAILABLE and nothing reaches RCI (the simulator's log stays empty), /readiness
// says so, /metrics counts it; after the cool-down a few probes decide whether it closes.

const sim = useSimulator();

interface Gateway {
  rci: RciClient;
  metrics: GatewayMetrics;
  query(document: string): Promise<{ data?: Json; errors?: { path?: unknown[]; extensions?: Json }[] }>;
  ready(): Promise<{ status: number; body: Json }>;
  metric(name: string, labels: Record<string, string>): Promise<number>;
}

/** A gateway with metrics and readiness over the shared simulator, for one `describe` block. */
function useGateway(client: Partial<RciClientOptions>): Gateway {
  let rci: RciClient;
  let metrics: GatewayMetrics;
  let yoga: ReturnType<typeof createGateway>;
  beforeAll(() => {
    metrics = createMetrics();
    rci = new RciClient({ baseUrl: sim.url, timeoutMs: 5_000, observer: metrics.observer, ...client });
    const readiness = new Readiness({ checks: [rciReadiness(rci)], timeoutMs: 2_000 });
    yoga = createGateway({ rci, metrics, readiness, logger: createLogger(() => {}) });
  });
  afterAll(() => rci.close());
  return {
    get rci() {
      return rci;
    },
    get metrics() {
      return metrics;
    },
    async query(document) {
      const response = await yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document }),
      });
      return (await response.json()) as Awaited<ReturnType<Gateway['query']>>;
    },
    async ready() {
      const response = await yoga.fetch('http://gateway.test/readiness');
      return { status: response.status, body: await response.json() };
    },
    async metric(name, labels) {
      const text = await (await yoga.fetch('http://gateway.test/metrics')).text();
      const wanted = Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      const line = text.split('\n').find((l) => l.startsWith(`${name}{${wanted}} `));
      return line ? Number(line.split(' ')[1]) : 0;
    },
  };
}

const calls = () => sim.requests.map((r) => `${r.method} ${r.path}`);
const codes = (result: Awaited<ReturnType<Gateway['query']>>) => result.errors?.map((e) => e.extensions?.code);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a breaker that opens after 5 failures in a row (cool-down longer than the tests)', () => {
  const gw = useGateway({ retries: 2, breaker: { failures: 5, coolDownMs: 600_000 } });

  it('opens on the 5th failed attempt; then refuses reads and writes at once without sending them', async () => {
    sim.setFaults([{ method: 'GET', path: '/skills', status: 503 }]);
    const skills = '{ skills(first: 1) { nodes { name } } }';
    expect(codes(await gw.query(skills))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(calls()).toHaveLength(3);
    expect(gw.rci.breakerState).toBe('closed');
    // Two more attempts fail and open it: the third retry of this request is refused unsent.
    const opening = await gw.query(skills);
    expect(opening.errors?.[0].extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', circuitBreaker: 'open' });
    expect(calls()).toHaveLength(5);
    expect(gw.rci.breakerState).toBe('open');

    // RCI is back, but the breaker is open: nothing is sent, every field fails at once.
    sim.setFaults([]);
    sim.clearRequests();
    const read = await gw.query('{ skills(first: 1) { nodes { name } } users(first: 1) { nodes { email } } }');
    expect(read.data).toEqual({ skills: null, users: null });
    expect(read.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', circuitBreaker: 'open' }),
      expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', circuitBreaker: 'open' }),
    ]);
    const write = await gw.query('mutation { createRole(input: { name: "Not now" }) { roleId } }');
    expect(codes(write)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(calls()).toEqual([]);

    expect(await gw.ready()).toEqual({
      status: 503,
      body: { status: 'unavailable', failures: { rci: 'circuit breaker open: RCI calls are refused' } },
    });
    // The readiness check sent nothing either.
    expect(calls()).toEqual([]);
    expect(await gw.metric('rci_breaker_transitions_total', { state: 'open' })).toBe(1);
    expect(await gw.metric('rci_breaker_refused_calls_total', { method: 'GET' })).toBe(3);
    expect(await gw.metric('rci_breaker_refused_calls_total', { method: 'POST' })).toBe(1);
  });
});

describe('a breaker after its cool-down', () => {
  const coolDownMs = 500;
  const gw = useGateway({ retries: 0, breaker: { failures: 2, coolDownMs, probes: 2 } });
  const skills = '{ skills(first: 1) { nodes { name } } }';

  async function open(): Promise<void> {
    sim.setFaults([{ method: 'GET', path: '/skills', status: 503 }]);
    await gw.query(skills);
    await gw.query(skills);
    expect(gw.rci.breakerState).toBe('open');
    sim.setFaults([]);
    sim.clearRequests();
  }

  it('half-opens, lets 2 probes through, refusing other calls meanwhile, and closes when they succeed', async () => {
    await open();
    await sleep(coolDownMs + 50);
    expect(gw.rci.breakerState).toBe('half-open');

    // The first probe.
    expect(codes(await gw.query(skills))).toBeUndefined();
    expect(calls()).toEqual(['GET /skills']);
    expect(gw.rci.breakerState).toBe('half-open');
    // One probe left for two calls: one is sent, the other refused.
    sim.clearRequests();
    const both = await gw.query('{ skills(first: 1) { nodes { name } } roles(first: 1) { nodes { name } } }');
    expect(calls()).toHaveLength(1);
    expect(both.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', circuitBreaker: 'half-open' }),
    ]);
    expect(gw.rci.breakerState).toBe('closed');

    // Closed: every call flows again.
    sim.clearRequests();
    const after = await gw.query('{ skills(first: 1) { nodes { name } } roles(first: 1) { nodes { name } } }');
    expect(after.errors).toBeUndefined();
    expect(calls()).toHaveLength(2);
    expect((await gw.ready()).status).toBe(200);
    for (const state of ['open', 'half-open', 'closed']) {
      expect(await gw.metric('rci_breaker_transitions_total', { state })).toBe(1);
    }
  });

  it('opens again for another cool-down when a probe fails', async () => {
    await open();
    await sleep(coolDownMs + 50);
    sim.setFaults([{ method: 'GET', path: '/skills', status: 503 }]);
    expect(codes(await gw.query(skills))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(calls()).toEqual(['GET /skills']);
    expect(gw.rci.breakerState).toBe('open');
    sim.setFaults([]);
    expect(codes(await gw.query(skills))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(calls()).toEqual(['GET /skills']);
  });
});

describe('a write the breaker refuses on its retry', () => {
  const gw = useGateway({ retries: 2, breaker: { failures: 1, coolDownMs: 600_000 } });

  it('is not sent again, and stays UPSTREAM_OUTCOME_UNKNOWN: the first attempt may have been applied', async () => {
    const skill = '175A098FEDDB41EB8839AACBAB26A0B6';
    sim.setFaults([{ method: 'PUT', path: `/skills/${skill}`, drop: 'after', times: 1 }]);
    const result = await gw.query(`mutation { updateSkill(input: { id: "${skill}", name: "Maybe" }) { skillId } }`);
    expect(codes(result)).toEqual(['UPSTREAM_OUTCOME_UNKNOWN']);
    expect(calls()).toEqual([`GET /skills/${skill}`, `PUT /skills/${skill}`]);
  });
});

describe('a breaker counting attempts in the order they were sent', () => {
  // A page's calls are sent together and end in any order: some failing fast (a proxy's 503) end before
  // the slow successes sent between them. Counted as they end, eight fast failures would open a breaker
  // of five; counted as they were sent, no five in a row failed.
  let own: RunningSimulator;
  let ids: string[];
  const failing = (positions: number[]) => positions.map((i) => ids[i]);

  beforeAll(async () => {
    own = await startSimulator({ port: 0, data: { scale: 5, seed: 1 } });
    const users = (await (await fetch(`${own.url}/users?limit=12`)).json()) as { id: string }[];
    ids = users.map((u) => u.id);
    expect(ids).toHaveLength(12);
  });
  afterAll(() => own.close());

  async function wave(failed: string[]) {
    own.setFaults([
      { method: 'GET', path: new RegExp(`^/users/(${failed.join('|')})$`), status: 503 },
      { method: 'GET', path: /^\/users\/[0-9A-F]{32}$/, delayMs: 100 },
    ]);
    const rci = new RciClient({ baseUrl: own.url, retries: 0, breaker: { failures: 5, coolDownMs: 600_000 } });
    try {
      const yoga = createGateway({ rci, logger: createLogger(() => {}) });
      const document = `{ ${ids.map((id, i) => `u${i}: user(id: "${id}") { firstName }`).join(' ')} }`;
      const response = await yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: document }),
      });
      const result = (await response.json()) as { errors?: { extensions?: Json }[] };
      return { state: rci.breakerState, errors: result.errors ?? [] };
    } finally {
      await rci.close();
    }
  }

  it('stays closed when the fast failures were sent between slow successes', async () => {
    const { state, errors } = await wave(failing([0, 1, 2, 3, 5, 6, 7, 8]));
    expect(errors).toHaveLength(8);
    expect(errors.every((e) => e.extensions?.code === 'UPSTREAM_UNAVAILABLE' && e.extensions?.status === 503)).toBe(
      true,
    );
    expect(state).toBe('closed');
  });

  it('opens when five attempts sent one after another failed, whatever ended first', async () => {
    const { state } = await wave(failing([2, 3, 4, 5, 6]));
    expect(state).toBe('open');
  });
});

describe('a breaker whose observer failed on one attempt', () => {
  let thrown = false;
  const gw = useGateway({
    retries: 0,
    breaker: { failures: 3, coolDownMs: 600_000 },
    observer: {
      callStarted: () => {
        if (thrown) return;
        thrown = true;
        throw new Error('observer failed');
      },
    },
  });

  it('still counts the attempts sent after it, and opens when three of them find RCI down', async () => {
    sim.setFaults([{ method: 'GET', path: '/skills', status: 503 }]);
    const skills = '{ skills(first: 1) { nodes { name } } }';
    await gw.query(skills);
    expect(thrown).toBe(true);
    for (let i = 0; i < 3; i++) expect(codes(await gw.query(skills))).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(gw.rci.breakerState).toBe('open');
  });
});
