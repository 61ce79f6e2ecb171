import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { RequestListener } from 'node:http';
import { print, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { BulkLimits } from '../../src/context.js';
import { RciCache, type RciCacheOptions } from '../../src/rci/cache/index.js';
import { ResponseCache, type ResponseCacheOptions } from '../../src/rci/cache/responses.js';
import { RciClient, type RciClientOptions } from '../../src/rci/client.js';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { createLogger, type GatewayLogger } from '../../src/server/logging.js';
import type { QueryLimits } from '../../src/server/limits.js';
import { createMetrics, type GatewayMetrics } from '../../src/server/metrics.js';
import { createGateway } from '../../src/server/yoga.js';
import { serve, type Served } from './http.js';
import type { Json } from './json.js';

/** A gateway over a simulator running as a real HTTP server on an ephemeral port. */
export interface TestGateway {
  sim: RunningSimulator;
  rci: RciClient;
  /** The gateway's answer cache, when it has one. */
  cache?: RciCache;
  /** The gateway's metrics, when asked for. */
  metrics?: GatewayMetrics;
  yoga: ReturnType<typeof createGateway>;
  /** Runs a GraphQL document through `yoga.fetch`, as a client would. */
  query<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables> | string,
    variables?: TVariables,
    headers?: Record<string, string>,
  ): Promise<ExecutionResult<TResult> & { status: number }>;
  /** The RCI calls the simulator saw since the last `sim.clearRequests()`, as `METHOD /path?query`. */
  calls(): string[];
  close(): Promise<void>;
}

export async function startGateway(
  options: {
    simulator?: SimulatorOptions;
    client?: Partial<RciClientOptions>;
    /** An answer cache for the gateway (none by default, so call counts are per request). */
    cache?: RciCacheOptions;
    /** A response cache over the answer cache (none by default; needs `cache`). */
    responseCache?: ResponseCacheOptions;
    /** Prometheus metrics (served at `/metrics`), e.g. to count executions. */
    metrics?: boolean;
    /** Where log lines go. @default nowhere */
    logger?: GatewayLogger;
    /** Another gateway's simulator: several gateways over one RCI (not closed with this gateway). */
    over?: RunningSimulator;
    limits?: Partial<QueryLimits>;
    bulk?: Partial<BulkLimits>;
    maxRequestBytes?: number;
  } = {},
): Promise<TestGateway> {
  const sim = options.over ?? (await startSimulator({ port: 0, ...options.simulator }));
  const cache = options.cache ? new RciCache(options.cache) : undefined;
  const responseCache = cache && options.responseCache ? new ResponseCache(cache, options.responseCache) : undefined;
  const metrics = options.metrics ? createMetrics() : undefined;
  const rci = new RciClient({
    baseUrl: sim.url,
    timeoutMs: 5_000,
    cache,
    observer: metrics?.observer,
    ...options.client,
  });
  // Log lines are asserted where they matter (logging-and-cancellation.test.ts); elsewhere they are noise.
  const yoga = createGateway({
    rci,
    logger: options.logger ?? createLogger(() => {}),
    limits: options.limits,
    bulk: options.bulk,
    responseCache,
    metrics,
    maxRequestBytes: options.maxRequestBytes,
  });
  return {
    sim,
    rci,
    cache,
    metrics,
    yoga,
    async query(document, variables, headers = {}) {
      const response = await yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: typeof document === 'string' ? document : print(document), variables }),
      });
      return { status: response.status, ...((await response.json()) as ExecutionResult<Json>) };
    },
    calls: () => sim.requests.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`),
    async close() {
      await rci.close();
      await cache?.close();
      if (!options.over) await sim.close();
    },
  };
}

/**
 * A gateway for the tests of one file or `describe` block: started before them, closed after them.
 * Before each test the simulator's request log is cleared (and, with `reset`, its data restored).
 */
export function useGateway(options: Parameters<typeof startGateway>[0] & { reset?: boolean } = {}): TestGateway {
  let current: TestGateway | undefined;
  beforeAll(async () => {
    current = await startGateway(options);
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    if (options.reset) current?.sim.reset();
    current?.sim.clearRequests();
  });
  const started = () => {
    if (!current) throw new Error('the gateway starts in beforeAll');
    return current;
  };
  return {
    get sim() {
      return started().sim;
    },
    get rci() {
      return started().rci;
    },
    get cache() {
      return started().cache;
    },
    get metrics() {
      return started().metrics;
    },
    get yoga() {
      return started().yoga;
    },
    query: (document, variables, headers) => started().query(document, variables, headers),
    calls: () => started().calls(),
    close: () => started().close(),
  };
}

/** Reads the simulator directly over REST (as Json RCI client would), to compare the graph with RCI itself. */
export async function rest<T = Json>(gw: TestGateway, path: string): Promise<T> {
  const response = await fetch(`${gw.sim.url}${path}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** The statuses RCI may answer a successful PUT or DELETE with: the doc says both 204 and "201 (No Content)". */
export const WRITE_STATUSES = [204, 201] as const;

/**
 * A gateway over a hand-written RCI: a real HTTP server answering what the simulator never would (a
 * malformed object, a property a newer RCI might add). Started before the block's tests, closed after.
 */
export function useGatewayOver(handler: RequestListener) {
  let served: Served | undefined;
  let rci: RciClient | undefined;
  let yoga: ReturnType<typeof createGateway> | undefined;
  beforeAll(async () => {
    served = await serve(handler);
    rci = new RciClient({ baseUrl: `${served.origin}/RI/rci`, retries: 0 });
    yoga = createGateway({ rci, logger: createLogger(() => {}) });
  });
  afterAll(async () => {
    await rci?.close();
    await served?.close();
  });
  return {
    async query(query: string): Promise<ExecutionResult> {
      const response = await yoga!.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as ExecutionResult;
    },
  };
}
