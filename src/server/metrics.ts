import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCounter,
  createHistogram,
  createSummary,
  usePrometheus,
  type FillLabelsFnParams,
} from '@graphql-yoga/plugin-prometheus';
import { getOperationAST, Kind, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Gauge, Registry } from 'prom-client';
import type { CacheStoreObserver } from '../rci/cache/index.js';
import type { RciObserver } from '../rci/observer.js';
import { isAsyncIterable, tapParts } from './incremental.js';
import { errorCodes, operationNaming } from './operations.js';
import { responseCacheOutcome } from './responseCache.js';
import { TalliedCounter, TalliedHistogram } from './tallies.js';

/**
 * Prometheus metrics: Yoga's GraphQL metrics (`graphql_envelop_*`, `graphql_yoga_http_duration`) from
 * @graphql-yoga/plugin-prometheus, plus the gateway's own: errors by `extensions.code`, requests in flight,
 * RCI calls, retries, cache lookups, rate-limited calls, queue length and the circuit breaker fed by the RCI
 * client's observer events, and Redis failures fed by the cache.
 *
 * Every label has a fixed, bounded set of values, whatever callers send: operation names are the trusted
 * documents' names plus the first `operationNames` other names seen, then `other` (a caller chooses the
 * name of an arbitrary document); codes are the gateway's own plus a few more, then `other`; methods,
 * operation types, phases, resource templates (never ids), status classes and results are fixed sets.
 * Each of the plugin's metrics is configured here with its label function, so none of its defaults (the
 * request's `operationName` as sent, the full URL, an error's path) becomes a label.
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

export interface MetricsOptions {
  /** Most distinct operation names (besides the trusted documents') used as label values. @default 100 */
  operationNames?: number;
  /** The trusted documents' operation names: always labels of their own. @default none */
  trustedOperationNames?: Iterable<string>;
}

/** The label value of every name beyond the bound. */
export const OTHER = 'other';
/** The label value of an operation without a name, or of a request whose document was never parsed. */
const ANONYMOUS = 'Anonymous';
/** Longer names are `other` too: N names of unbounded length would bound nothing. */
const MAX_NAME_LENGTH = 100;

/** The values one label may take: a fixed set, plus the first `limit` others seen, then `other`. */
class BoundedValues {
  private readonly seen = new Set<string>();
  constructor(
    private readonly fixed: ReadonlySet<string>,
    private readonly limit: number,
  ) {}

  of(value: string): string {
    if (this.fixed.has(value) || this.seen.has(value)) return value;
    if (this.seen.size >= this.limit || value.length > MAX_NAME_LENGTH) return OTHER;
    this.seen.add(value);
    return value;
  }
}

/** The codes the gateway answers (`extensions.code`); a handful of others may appear before `other`. */
const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_OUTCOME_UNKNOWN',
  'UPSTREAM_ERROR',
  'CLIENT_CLOSED_REQUEST',
  'QUERY_TOO_COMPLEX',
  'NOT_ACCEPTABLE',
  'RATE_LIMITED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_ONLY',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
]);

/** The names of the operations in trusted documents (for `trustedOperationNames`). */
export function operationNamesIn(documents: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const document of documents) {
    let definitions;
    try {
      definitions = parse(document).definitions;
    } catch {
      continue; // a document that does not parse never runs, so it names nothing
    }
    for (const definition of definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return [...names];
}

/** 200 → `2xx`; no answer at all (timeout, broken connection) → `none`; nonsense → `other`. */
function statusClass(status: number | undefined): string {
  if (status === undefined) return 'none';
  return status >= 100 && status < 600 ? STATUS_CLASSES[Math.floor(status / 100)] : OTHER;
}

const STATUS_CLASSES = ['', '1xx', '2xx', '3xx', '4xx', '5xx'];

type HttpLabelParams = FillLabelsFnParams & { request: Request; response: Response };

export function createMetrics(options: MetricsOptions = {}): GatewayMetrics {
  const registry = new Registry();
  const operationNames = new BoundedValues(
    new Set([ANONYMOUS, OTHER, ...(options.trustedOperationNames ?? [])]),
    options.operationNames ?? 100,
  );
  const codes = new BoundedValues(KNOWN_CODES, 20);
  /** The operation a request runs, named from its document (never the `operationName` as sent). */
  const operationLabels = (params: FillLabelsFnParams) => {
    const { document } = params;
    const operation = document && (getOperationAST(document, params.operationName) ?? getOperationAST(document));
    return {
      operationName: operationNames.of(operation?.name?.value ?? ANONYMOUS),
      operationType: operation?.operation ?? 'unknown',
    };
  };
  const operationHistogram = <Phase extends string>(name: string, help: string, phases: [Phase, ...Phase[]]) =>
    createHistogram<Phase, 'operationName' | 'operationType'>({
      registry,
      histogram: { name, help, labelNames: ['operationName', 'operationType'], buckets: BUCKETS },
      fillLabelsFn: operationLabels,
      phases,
    });
  /** A counter of the plugin's, labelled by the operation and by each `extra` label, read from the same event. */
  const operationCounter = <Phase extends string, Extra extends string = never>(
    name: string,
    help: string,
    phases: [Phase, ...Phase[]],
    extra = {} as Record<Extra, (params: FillLabelsFnParams) => string>,
  ) => {
    const extraLabels = Object.keys(extra) as Extra[];
    return createCounter<Phase, 'operationName' | 'operationType' | Extra>({
      registry,
      counter: { name, help, labelNames: ['operationName', 'operationType', ...extraLabels] },
      fillLabelsFn: (params: FillLabelsFnParams) => {
        const labels: Record<string, string> = operationLabels(params);
        for (const label of extraLabels) labels[label] = extra[label](params);
        return labels;
      },
      phases,
    });
  };

  // The gateway's own metrics, all in the one registry.
  const counter = <Label extends string>(name: string, help: string, labelNames: readonly Label[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });
  const rciDuration = new TalliedHistogram(
    registry,
    'rci_call_duration_seconds',
    'Duration of each RCI call attempt, by method, resource template and status class',
    ['method', 'resource', 'status_class'],
    BUCKETS,
  );
  const rciRetries = counter(
    'rci_call_retries_total',
    'Repeated idempotent RCI calls, by method and resource template',
    ['method', 'resource'],
  );
  const cacheLookups = new TalliedCounter(
    registry,
    'rci_cache_lookups_total',
    'RCI answer cache lookups by resource template and result (hit, miss, shared, bypass)',
    ['resource', 'result'],
  );
  const rateLimited = counter(
    'rci_rate_limited_calls_total',
    'RCI calls a caller\'s rate limit delayed (outcome "delayed") or refused, never sending them (outcome "refused")',
    ['outcome'],
  );
  const responseLookups = counter(
    'graphql_response_cache_lookups_total',
    'Response cache lookups by result (hit, shared, miss, bypass)',
    ['result'],
  );
  // Read when scraped: the scheduler reports every change, twice per queued call.
  let waitingCalls = 0;
  new Gauge({
    name: 'rci_queue_length',
    help: 'RCI calls waiting for a free connection',
    registers: [registry],
    collect() {
      this.set(waitingCalls);
    },
  });
  const breakerChanges = counter(
    'rci_breaker_transitions_total',
    'Changes of state of the RCI circuit breaker, by the state entered (open, half-open, closed)',
    ['state'],
  );
  const breakerRefused = counter(
    'rci_breaker_refused_calls_total',
    'RCI calls refused without being sent while the circuit breaker was open, by method',
    ['method'],
  );
  const inFlight = gauge('graphql_gateway_requests_in_flight', 'HTTP requests being answered right now');
  const errors = counter(
    'graphql_gateway_errors_total',
    'GraphQL errors answered, by operation name and extensions.code',
    ['operation_name', 'code'],
  );
  const redisFailures = counter(
    'rci_cache_redis_failures_total',
    'Failed Redis commands of the answer cache, by command (lookup, save, invalidate, ping, probe) and kind (timeout, error)',
    ['command', 'kind'],
  );
  const redisInUse = gauge(
    'rci_cache_redis_in_use',
    '1 while the answer cache uses Redis; 0 while it reads from RCI without it (or has no Redis)',
  );
  const cacheObserver: CacheStoreObserver = {
    storeFailed: ({ command, kind }) => redisFailures.inc({ command, kind }),
    storeInUse: (inUse) => redisInUse.set(inUse ? 1 : 0),
  };

  const observer: RciObserver = {
    callEnded: ({ method, template }, { status, durationMs }) =>
      rciDuration.observe(method, template, statusClass(status), durationMs / 1000),
    retried: ({ method, template }) => rciRetries.inc({ method, resource: template }),
    cacheLookup: ({ template, result }) => cacheLookups.add(template, result),
    rateLimited: ({ outcome, calls }) => rateLimited.inc({ outcome }, calls),
    queueLength: (waiting) => {
      waitingCalls = waiting;
    },
    breakerChanged: (state) => breakerChanges.inc({ state }),
    breakerRefused: ({ method }) => breakerRefused.inc({ method }),
  };

  const gatewayPlugin = (): Plugin => {
    const names = new WeakMap<Request, string>();
    const counted = new WeakSet<Request>();
    const streaming = new WeakSet<Request>();
    return {
      onRequest({ request }) {
        inFlight.inc();
        counted.add(request);
      },
      ...operationNaming((request, name) => names.set(request, operationNames.of(name))),
      onResultProcess(payload) {
        const { request, result } = payload;
        const count = (part: unknown) => {
          for (const code of errorCodes(part)) {
            errors.inc({ operation_name: names.get(request) ?? ANONYMOUS, code: codes.of(code) });
          }
        };
        if (!isAsyncIterable(result)) {
          count(result);
          return;
        }
        // An incremental response is one request in flight until its last part is out (or the
        // client went away); the errors of every part are counted.
        streaming.add(request);
        payload.setResult(
          tapParts(result, count, () => {
            if (counted.delete(request)) inFlight.dec();
          }),
        );
      },
      onResponse({ request }) {
        // A streamed request was looked up too (and never kept): its lookup counts like any other.
        const cached = responseCacheOutcome(request);
        if (cached) responseLookups.inc({ result: cached });
        if (streaming.has(request)) return;
        if (counted.delete(request)) inFlight.dec();
      },
    };
  };

  // The plugin's metrics, each with its own label function: the defaults would label with the
  // `operationName` the caller sent (any string), the full URL and the path of each error.
  const yogaMetrics = () => ({
    graphql_envelop_request: operationCounter(
      'graphql_envelop_request',
      'Counts the amount of GraphQL requests executed through Envelop',
      ['execute', 'subscribe'],
    ),
    graphql_envelop_request_duration: operationHistogram(
      'graphql_envelop_request_duration',
      'Time spent on running the GraphQL operation from parse to execute',
      ['execute', 'subscribe'],
    ),
    graphql_envelop_request_time_summary: createSummary<'execute' | 'subscribe', 'operationName' | 'operationType'>({
      registry,
      summary: {
        name: 'graphql_envelop_request_time_summary',
        help: 'Summary to measure the time to complete GraphQL operations',
        labelNames: ['operationName', 'operationType'],
      },
      fillLabelsFn: operationLabels,
      phases: ['execute', 'subscribe'],
    }),
    graphql_envelop_phase_parse: operationHistogram(
      'graphql_envelop_phase_parse',
      'Time spent on running GraphQL "parse" function',
      ['parse'],
    ),
    graphql_envelop_phase_validate: operationHistogram(
      'graphql_envelop_phase_validate',
      'Time spent on running GraphQL "validate" function',
      ['validate'],
    ),
    graphql_envelop_phase_context: operationHistogram(
      'graphql_envelop_phase_context',
      'Time spent on building the GraphQL context',
      ['context'],
    ),
    graphql_envelop_phase_execute: operationHistogram(
      'graphql_envelop_phase_execute',
      'Time spent on running the GraphQL "execute" function',
      ['execute'],
    ),
    graphql_envelop_phase_subscribe: operationHistogram(
      'graphql_envelop_phase_subscribe',
      'Time spent on running the GraphQL "subscribe" function',
      ['subscribe'],
    ),
    graphql_envelop_error_result: operationCounter(
      'graphql_envelop_error_result',
      'Counts the amount of errors reported from all phases',
      ['parse', 'validate', 'context', 'execute', 'subscribe'],
      { phase: (params) => params.errorPhase ?? 'unknown' },
    ),
    // The schema's own type and field names: a fixed set.
    graphql_envelop_deprecated_field: operationCounter(
      'graphql_envelop_deprecated_field',
      'Counts the amount of deprecated fields used in selection sets',
      ['parse'],
      {
        fieldName: (params) => params.deprecationInfo?.fieldName ?? '',
        typeName: (params) => params.deprecationInfo?.typeName ?? '',
      },
    ),
    graphql_envelop_schema_change: true,
    graphql_envelop_execute_resolver: false,
    // Only GET and POST reach the parser, whose result this is observed after.
    graphql_yoga_http_duration: createHistogram<
      'request',
      'operationName' | 'operationType' | 'method' | 'statusCode',
      HttpLabelParams
    >({
      registry,
      histogram: {
        name: 'graphql_yoga_http_duration',
        help: 'Time spent on HTTP connection',
        labelNames: ['operationName', 'operationType', 'method', 'statusCode'],
        buckets: BUCKETS,
      },
      fillLabelsFn: (params: HttpLabelParams) => ({
        ...operationLabels(params),
        method: params.request.method === 'GET' || params.request.method === 'POST' ? params.request.method : OTHER,
        statusCode: params.response.status,
      }),
      phases: ['request'],
    }),
  });

  return {
    registry,
    observer,
    cacheObserver,
    plugins: (endpoint) => [
      usePrometheus({ registry, endpoint, labels: { url: false, path: false }, metrics: yogaMetrics() }),
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
