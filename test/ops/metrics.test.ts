import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RciCache } from '../../src/rci/cache/index.js';
import { RciClient } from '../../src/rci/client.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/server/logging.js';
import { createMetrics, operationNamesIn, serveMetrics, type GatewayMetrics } from '../../src/server/metrics.js';
import { createGateway } from '../../src/server/yoga.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

// What an operator scrapes at /metrics: GraphQL operations, errors by code, RCI calls by resource
// template and status class, retries, cache counters, in-flight requests.
let sim: RunningSimulator;
let rci: RciClient;
let metrics: GatewayMetrics;
let yoga: ReturnType<typeof createGateway>;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, data: { scale: 20, seed: 3 } });
  metrics = createMetrics();
  rci = new RciClient({ baseUrl: sim.url, timeoutMs: 5_000, observer: metrics.observer });
  yoga = createGateway({ rci, metrics, logger: createLogger(() => {}) });
});
afterAll(async () => {
  await rci.close();
  await sim.close();
});
beforeEach(() => {
  sim.clearRequests();
  sim.setFaults([]);
  sim.setLatency(undefined);
  metrics.registry.resetMetrics();
});

const ROSTER = `query Roster($first: Int!) {
  users(first: $first) { nodes { rciId firstName email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } }
}`;

async function query(document: string, variables?: Record<string, unknown>) {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document, variables }),
  });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
}

async function scrape(): Promise<string> {
  const response = await yoga.fetch('http://gateway.test/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one series, e.g. `rci_call_duration_seconds_count{method="GET",…}`; undefined when absent. */
function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(/,(?=[a-zA-Z_]+=")/).filter(Boolean);
    if (wanted.every((w) => present.includes(w)) && present.length === wanted.length) return Number(match[3]);
  }
  return undefined;
}

/** The sum of every series of `name` whose labels include `labels`. */
function total(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(/,(?=[a-zA-Z_]+=")/).filter(Boolean);
    if (wanted.every((w) => present.includes(w))) sum += Number(match[3]);
  }
  return sum;
}

/** RCI calls the simulator saw for one method and resource template. */
function callsTo(method: string, template: RegExp): number {
  return sim.requests.filter((r) => r.method === method && template.test(r.path)).length;
}

describe('/metrics after a roster query', () => {
  it('counts the operation by name, and every RCI call by method, resource template and status class', async () => {
    const result = await query(ROSTER, { first: 10 });
    expect(result.errors).toBeUndefined();
    // The roster's users come complete in the list answer (email through `sort`): one lookup by id
    // shows the `/users/{id}` template too.
    const roster = result.data as { users: { nodes: { rciId: string }[] } };
    const lookup = await query(`{ user(id: "${roster.users.nodes[0].rciId}") { email } }`);
    expect(lookup.errors).toBeUndefined();
    const text = await scrape();

    expect(value(text, 'graphql_envelop_request', { operationName: 'Roster', operationType: 'query' })).toBe(1);
    expect(
      value(text, 'graphql_envelop_request_duration_count', { operationName: 'Roster', operationType: 'query' }),
    ).toBe(1);
    expect(text).toMatch(/^graphql_yoga_http_duration_bucket\{/m);

    // Each template's count equals what the simulator saw; no series names a concrete id.
    const templates: [string, RegExp][] = [
      ['/users', /^\/users$/],
      ['/users/{id}', /^\/users\/[0-9A-F]{32}$/],
      ['/users/{id}/roles', /^\/users\/[0-9A-F]{32}\/roles$/],
      ['/users/{id}/skills', /^\/users\/[0-9A-F]{32}\/skills$/],
      ['/users/{id}/userGroups', /^\/users\/[0-9A-F]{32}\/userGroups$/],
      ['/skills/{id}', /^\/skills\/[0-9A-F]{32}$/],
      ['/timeZones/{id}', /^\/timeZones\/.+$/],
    ];
    let counted = 0;
    for (const [template, path] of templates) {
      const expected = callsTo('GET', path);
      expect(expected, template).toBeGreaterThan(0);
      expect(
        value(text, 'rci_call_duration_seconds_count', { method: 'GET', resource: template, status_class: '2xx' }),
        template,
      ).toBe(expected);
      counted += expected;
    }
    expect(counted).toBe(sim.requests.length);
    expect(text).not.toMatch(/[0-9A-F]{32}/);
    expect(text).not.toMatch(/Europe\/|America\//);

    // A histogram as Prometheus reads one: buckets cumulative by `le`, `+Inf` equal to the count, and a sum
    // that the simulator's answers fit in.
    expect(text).toMatch(/^# TYPE rci_call_duration_seconds histogram$/m);
    const series = { method: 'GET', resource: '/users/{id}/roles', status_class: '2xx' };
    const buckets = text
      .split('\n')
      .filter(
        (line) => line.startsWith('rci_call_duration_seconds_bucket{') && line.includes('resource="/users/{id}/roles"'),
      )
      .map((line) => {
        const [, le, count] = /le="([^"]+)".* (\S+)$/.exec(line)!;
        return { le: le === '+Inf' ? Infinity : Number(le), count: Number(count) };
      });
    expect(buckets.map((b) => b.le)).toEqual([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, Infinity]);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i].count).toBeGreaterThanOrEqual(buckets[i - 1].count);
    const count = value(text, 'rci_call_duration_seconds_count', series)!;
    expect(buckets.at(-1)!.count).toBe(count);
    const sum = value(text, 'rci_call_duration_seconds_sum', series)!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(count * 10);

    // Cache counters are exported (this gateway has no cache; see below); nothing was retried.
    expect(text).toMatch(/^# TYPE rci_cache_lookups_total counter$/m);
    expect(text).toMatch(/^# TYPE rci_call_retries_total counter$/m);
    expect(text).toMatch(/^rci_queue_length 0$/m);
  });

  it('counts errors by extensions.code and operation name, retries, and 5xx answers', async () => {
    sim.setFaults([{ method: 'GET', path: /^\/users\/[0-9A-F]{32}$/, status: 503, times: 1 }]);
    const result = await query(`query OneUser { user(id: "E936C474B22311D38FBE0090279A922E") { firstName } }`);
    expect(result.errors).toBeUndefined();
    await query(`query BadId { user(id: "not an id") { firstName } }`);
    await query(`query Broken { noSuchField }`);
    const text = await scrape();

    expect(value(text, 'rci_call_retries_total', { method: 'GET', resource: '/users/{id}' })).toBe(1);
    expect(
      value(text, 'rci_call_duration_seconds_count', { method: 'GET', resource: '/users/{id}', status_class: '5xx' }),
    ).toBe(1);
    expect(
      value(text, 'rci_call_duration_seconds_count', { method: 'GET', resource: '/users/{id}', status_class: '2xx' }),
    ).toBe(1);
    expect(value(text, 'graphql_gateway_errors_total', { operation_name: 'BadId', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(
      value(text, 'graphql_gateway_errors_total', { operation_name: 'Broken', code: 'GRAPHQL_VALIDATION_FAILED' }),
    ).toBe(1);
    expect(value(text, 'graphql_gateway_errors_total', { operation_name: 'OneUser', code: 'BAD_USER_INPUT' })).toBe(
      undefined,
    );
  });

  it('counts cache lookups: a cold roster misses once per RCI call, a warm repeat hits as often and calls nothing', async () => {
    const cache = new RciCache({ ttlMs: 60_000 });
    const cached = new RciClient({ baseUrl: sim.url, timeoutMs: 5_000, observer: metrics.observer, cache });
    const gateway = createGateway({ rci: cached, metrics, logger: createLogger(() => {}) });
    const run = async () => {
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ROSTER, variables: { first: 5 } }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    };
    try {
      await run();
      const cold = await scrape();
      const calls = sim.requests.length;
      expect(calls).toBeGreaterThan(0);
      expect(total(cold, 'rci_cache_lookups_total', { result: 'miss' })).toBe(calls);
      expect(total(cold, 'rci_cache_lookups_total', { result: 'hit' })).toBe(0);
      expect(value(cold, 'rci_cache_lookups_total', { resource: '/users/{id}/roles', result: 'miss' })).toBe(
        callsTo('GET', /^\/users\/[0-9A-F]{32}\/roles$/),
      );

      await run();
      const warm = await scrape();
      expect(sim.requests.length).toBe(calls);
      expect(total(warm, 'rci_cache_lookups_total', { result: 'hit' })).toBe(calls);
      expect(total(warm, 'rci_cache_lookups_total', { result: 'miss' })).toBe(calls);
    } finally {
      await cached.close();
      await cache.close();
    }
  });

  it('shows the requests in flight', async () => {
    sim.setLatency({ fixedMs: 400 });
    const pending = query(ROSTER, { first: 2 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const during = await scrape();
    await pending;
    const after = await scrape();
    expect(value(during, 'graphql_gateway_requests_in_flight', {})).toBe(1);
    expect(value(after, 'graphql_gateway_requests_in_flight', {})).toBe(0);
  });
});

describe('rci_queue_length', () => {
  it('is the number of RCI calls waiting for a connection when scraped', async () => {
    // Two connections and slow answers: most relation calls of the roster wait.
    const narrow = new RciClient({ baseUrl: sim.url, connections: 2, timeoutMs: 5_000, observer: metrics.observer });
    const gateway = createGateway({ rci: narrow, metrics, logger: createLogger(() => {}) });
    try {
      // Long enough that no call ends between reading the queue and scraping it.
      sim.setLatency({ fixedMs: 600 });
      const pending = gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: ROSTER, variables: { first: 2 } }),
      });
      await expect.poll(() => narrow.queueLength, { interval: 5, timeout: 5_000 }).toBeGreaterThan(1);
      const waiting = narrow.queueLength;
      const during = await (await gateway.fetch('http://gateway.test/metrics')).text();
      expect(value(during, 'rci_queue_length', {})).toBe(waiting);
      await (await pending).text();
      const after = await (await gateway.fetch('http://gateway.test/metrics')).text();
      expect(value(after, 'rci_queue_length', {})).toBe(0);
    } finally {
      await narrow.close();
    }
  });
});

describe('metrics switched off or on their own port', () => {
  it('are not served by the gateway when their endpoint is elsewhere, and are served on the other port', async () => {
    const elsewhere = createMetrics();
    const client = new RciClient({ baseUrl: sim.url, observer: elsewhere.observer });
    const gateway = createGateway({
      rci: client,
      metrics: elsewhere,
      metricsEndpoint: false,
      logger: createLogger(() => {}),
    });
    const { server, port } = await serveMetrics(elsewhere.registry, 0, '127.0.0.1');
    try {
      const answer = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ user(id: "E936C474B22311D38FBE0090279A922E") { firstName } }' }),
      });
      expect(answer.status).toBe(200);
      expect((await gateway.fetch('http://gateway.test/metrics')).status).toBe(404);
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(
        value(text, 'rci_call_duration_seconds_count', { method: 'GET', resource: '/users/{id}', status_class: '2xx' }),
      ).toBe(1);
    } finally {
      server.close();
      await client.close();
    }
  });

  it('are not served at all without metrics', async () => {
    const client = new RciClient({ baseUrl: sim.url });
    const gateway = createGateway({ rci: client, logger: createLogger(() => {}) });
    expect((await gateway.fetch('http://gateway.test/metrics')).status).toBe(404);
    await client.close();
  });
});

describe('label values', () => {
  /** Every value each label takes in a scrape, e.g. `operationName` → {Roster, other}. */
  function labelValues(text: string): Map<string, Set<string>> {
    const values = new Map<string, Set<string>>();
    for (const line of text.split('\n')) {
      const labels = /^[a-zA-Z_:][\w:]*\{(.*)\} \S+$/.exec(line)?.[1];
      for (const [, name, v] of (labels ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
        if (!values.has(name)) values.set(name, new Set());
        values.get(name)!.add(v);
      }
    }
    return values;
  }

  // 2,500 callers each naming their operation differently: the first N names are labels, the rest are
  // `other`, and the trusted documents' names always keep theirs. The scrape stops growing.
  it('take at most the first N operation names, then `other`, whatever 2,500 distinct names callers send', async () => {
    const bounded = createMetrics({ operationNames: 10, trustedOperationNames: ['Trusted'] });
    const client = new RciClient({ baseUrl: sim.url, observer: bounded.observer });
    const gateway = createGateway({ rci: client, metrics: bounded, logger: createLogger(() => {}) });
    // Each name is answered; some also fail in validation and while running (no RCI call: the id is invalid).
    const send = async (name: string, failing = true) => {
      const queries = [`query ${name} { __typename }`];
      if (failing)
        queries.push(`query ${name} { noSuchField }`, `query ${name} { user(id: "not an id") { firstName } }`);
      for (const query of queries) {
        const response = await gateway.fetch('http://gateway.test/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        expect(response.status).toBeLessThan(500);
        await response.text();
      }
    };
    const scrapeBounded = async () => (await gateway.fetch('http://gateway.test/metrics')).text();
    try {
      const first = Array.from({ length: 10 }, (_, i) => `Caller${i}`);
      for (const name of [...first, 'Caller10', 'Trusted']) await send(name);
      const early = await scrapeBounded();
      const expected = new Set([...first, 'other', 'Trusted']);
      expect(labelValues(early).get('operationName')).toEqual(expected);
      expect(labelValues(early).get('operation_name')).toEqual(expected);

      for (let i = 11; i < 2_500; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, 2_500 - i) }, (_, j) => send(`Caller${i + j}`, (i + j) % 100 === 0)),
        );
      }
      await send('Trusted');
      const late = await scrapeBounded();
      const values = labelValues(late);
      expect(values.get('operationName')).toEqual(expected);
      expect(values.get('operation_name')).toEqual(expected);
      // The same series as after 12 names, only their values have grown.
      expect(late.split('\n').length).toBe(early.split('\n').length);
      // Caller10 executed twice (its validation failure never executes), Caller11 … Caller2499 once
      // each, and each hundredth of them once more.
      expect(value(late, 'graphql_envelop_request', { operationName: 'other', operationType: 'query' })).toBe(
        2_490 + 1 + 24,
      );
      // No label anywhere carries a caller's name beyond the first ten, nor anything unbounded.
      expect(late).not.toMatch(/Caller(1[0-9]|[2-9][0-9]|[0-9]{3,})"/);
      for (const [label, set] of values) {
        if (label === 'le' || label === 'quantile') continue;
        expect(set.size, label).toBeLessThanOrEqual(expected.size);
      }
    } finally {
      await client.close();
    }
  }, 120_000);

  it('take the trusted documents’ operation names from the manifest’s documents', () => {
    const manifest = ['query Roster { __typename }', 'mutation Rename { __typename } query Check { __typename }'];
    expect(operationNamesIn([...manifest, '{ __typename }', 'not a document'])).toEqual(['Roster', 'Rename', 'Check']);
  });

  it('N is METRICS_OPERATION_NAMES, 100 by default', () => {
    expect(loadConfig({}).metricsOperationNames).toBe(100);
    expect(loadConfig({ METRICS_OPERATION_NAMES: '7' }).metricsOperationNames).toBe(7);
    expect(() => loadConfig({ METRICS_OPERATION_NAMES: 'many' })).toThrow(/METRICS_OPERATION_NAMES/);
  });
});
