import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CacheStoreObserver } from '../rci/cache/index.js';
import type { RciObserver } from '../rci/observer.js';

/**
 * Prometheus metrics: Yoga's GraphQL metrics (`graphql_envelop_*`, `graphql_yoga_http_duration`) from
 * @graphql-yoga/plugin-prometheus, plus the gateway's own: errors by `extensions.code`, requests in flight,
 * RCI calls, retries, cache lookups and queue length fed by the RCI client's observer events, and Redis
 * failures fed by the cache.
 * Every label has a bounded set of values: operation names, codes, methods, resource templates (never
 * ids), status classes.
 */

/** Buckets for RCI calls and GraphQL operations, in seconds: 5 ms to 10 s. */
const BUCKETS: [number, ...number[]] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface GatewayMetrics {
  /** Everything exported at `/metrics`. */
  registry: Registry;
  /** Subscribe the RCI client with this (`new RciClient({ observer })`). */
  observer: RciObserver;
  /** Subscribe the answer cache with this (`new RciCache({ observer })`): Redis failures and use. */
  cacheObserver: CacheStoreObserver;
  /** The Yoga plugins; `endpoint` is where they serve the metrics, `false` for nowhere. */
  plugins(endpoint: string | false): Plugin[];
}

/** 200 → `2xx`; no answer at all (timeout, broken connection) → `none`. */
function statusClass(status: number | undefined): string {
  return status === undefined ? 'none' : `${Math.floor(status / 100)}xx`;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  const rciDuration = new Histogram({
    name: 'rci_call_duration_seconds',
    help: 'Duration of each RCI call attempt, by method, resource template and status class',
    labelNames: ['method', 'resource', 'status_class'],
    buckets: BUCKETS,
    registers: [registry],
  });
  const rciRetries = new Counter({
    name: 'rci_call_retries_total',
    help: 'Repeated idempotent RCI calls, by method and resource template',
    labelNames: ['method', 'resource'],
    registers: [registry],
  });
  const cacheLookups = new Counter({
    name: 'rci_cache_lookups_total',
    help: 'RCI answer cache lookups by resource template and result (hit, miss, shared, bypass)',
    labelNames: ['resource', 'result'],
    registers: [registry],
  });
  const queueLength = new Gauge({
    name: 'rci_queue_length',
    help: 'RCI calls waiting for a free connection',
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'graphql_gateway_requests_in_flight',
    help: 'HTTP requests being answered right now',
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_gateway_errors_total',
    help: 'GraphQL errors answered, by operation name and extensions.code',
    labelNames: ['operation_name', 'code'],
    registers: [registry],
  });
  const redisFailures = new Counter({
    name: 'rci_cache_redis_failures_total',
    help: 'Failed Redis commands of the answer cache, by command (lookup, save, invalidate, ping, probe) and kind (timeout, error)',
    labelNames: ['command', 'kind'],
    registers: [registry],
  });
  const redisInUse = new Gauge({
    name: 'rci_cache_redis_in_use',
    help: '1 while the answer cache uses Redis; 0 while it reads from RCI without it (or has no Redis)',
    registers: [registry],
  });
  const cacheObserver: CacheStoreObserver = {
    storeFailed: ({ command, kind }) => redisFailures.inc({ command, kind }),
    storeInUse: (inUse) => redisInUse.set(inUse ? 1 : 0),
  };

  const observer: RciObserver = {
    callStarted: ({ method, template }) => ({
      end: ({ status, durationMs }) =>
        rciDuration.observe({ method, resource: template, status_class: statusClass(status) }, durationMs / 1000),
    }),
    retried: ({ method, template }) => rciRetries.inc({ method, resource: template }),
    cacheLookup: ({ template, result }) => cacheLookups.inc({ resource: template, result }),
    queueLength: (waiting) => queueLength.set(waiting),
  };

  const gatewayPlugin = (): Plugin => {
    const names = new WeakMap<Request, string>();
    const counted = new WeakSet<Request>();
    return {
      onRequest({ request }) {
        inFlight.inc();
        counted.add(request);
      },
      onParams({ request, params }) {
        if (params.operationName) names.set(request, params.operationName);
      },
      // Validation sees the document before execution does; a document refused there is still named.
      onValidate({ context, params }) {
        const request = (context as { request?: Request }).request;
        const name = getOperationAST(params.documentAST as DocumentNode)?.name?.value;
        if (request && name) names.set(request, name);
      },
      onExecute({ args }) {
        const request = (args.contextValue as { request?: Request }).request;
        const name = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined)?.name
          ?.value;
        if (request && name) names.set(request, name);
      },
      onResultProcess({ request, result }) {
        for (const r of Array.isArray(result) ? result : [result]) {
          for (const error of (r as { errors?: readonly unknown[] }).errors ?? []) {
            const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
            errors.inc({
              operation_name: names.get(request) ?? 'Anonymous',
              code: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
            });
          }
        }
      },
      onResponse({ request }) {
        if (counted.delete(request)) inFlight.dec();
      },
    };
  };

  return {
    registry,
    observer,
    cacheObserver,
    plugins: (endpoint) => [
      usePrometheus({
        registry,
        endpoint,
        // The full URL would make one series per query string; the error path one per field.
        labels: { url: false, path: false },
        metrics: {
          graphql_envelop_request: true,
          graphql_envelop_request_duration: BUCKETS,
          graphql_envelop_error_result: true,
          graphql_envelop_phase_parse: true,
          graphql_envelop_phase_validate: true,
          graphql_envelop_phase_context: true,
          graphql_envelop_phase_execute: true,
          graphql_yoga_http_duration: true,
        },
      }),
      gatewayPlugin(),
    ],
  };
}

/** Serves the metrics on a port of their own (`METRICS_PORT`), e.g. one only the scraper can reach. */
export async function serveMetrics(
  registry: Registry,
  port: number,
  host: string,
): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}
