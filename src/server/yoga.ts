import { createHash } from 'node:crypto';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createYoga, envelop, maskError, useSchema, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { createContext, DEFAULT_BULK_LIMITS, type BulkLimits, type GatewayContext } from '../context.js';
import type { RciClient } from '../rci/client.js';
import type { Readiness } from './health.js';
import { useRequestBodyLimit } from './bodyLimit.js';
import { DEFAULT_LIMITS, useQueryLimits, type QueryLimits } from './limits.js';
import { createLogger, useRequestLog, type GatewayLogger } from './logging.js';
import type { GatewayMetrics } from './metrics.js';
import { usePersistedDocuments, type PersistedDocumentsOptions } from './persisted.js';
import { useResponseCaching } from './responseCache.js';
import type { GatewayTracing } from './tracing.js';
import type { ResponseCache } from '../rci/cache/responses.js';
import { RciError } from '../rci/errors.js';
import { schema } from '../schema/index.js';
import { InputValidationError } from '../schema/inputErrors.js';
import { isAsyncIterable, mapErrors, useIncrementalNegotiation, useStreamingMutations } from './incremental.js';

/** The query GraphiQL opens with: one request across the graph. */
export const DEFAULT_QUERY = `# One request, many RCI calls batched behind it: queues, their agents' details, roles and skills.
query QueuesAndAgents {
  queues(first: 5) {
    nodes {
      name
      type
      addresses
      queueGroups { name }
      extensions { name }
    }
  }
  users(first: 10) {
    nodes {
      firstName
      surname
      email
      timeZone { name }
      roles { name }
      skills { level skill { name } }
      userGroups { name }
    }
  }
}
`;

export interface YogaOptions {
  /** The RCI client (one per process: it owns the connection pool). */
  rci: RciClient;
  /** Path of the GraphQL endpoint. @default '/graphql' */
  graphqlEndpoint?: string;
  /** Where log lines go. @default one line per event on the console */
  logger?: GatewayLogger;
  /** Origins browsers may call the gateway from. @default ['*'] (any origin) */
  corsOrigins?: string[];
  /** Limits on what one request may ask for and produce; each one left out keeps its default. @default DEFAULT_LIMITS */
  limits?: Partial<QueryLimits>;
  /** Prometheus metrics; `metricsEndpoint` says where they are served. @default undefined (none) */
  metrics?: GatewayMetrics;
  /** Path of the metrics on this server, `false` when they are served elsewhere. @default '/metrics' */
  metricsEndpoint?: string | false;
  /** OpenTelemetry spans per operation. @default undefined (no tracing) */
  tracing?: GatewayTracing;
  /** What `/readiness` checks. @default undefined (no `/readiness` endpoint) */
  readiness?: Readiness;
  /** Trusted documents: only these run (unless arbitrary ones are allowed). @default undefined (any document) */
  persistedDocuments?: PersistedDocumentsOptions;
  /** Bulk mutations: most items, items in progress at once; each one left out keeps its default. @default DEFAULT_BULK_LIMITS */
  bulk?: Partial<BulkLimits>;
  /** Whole query answers per caller, in front of execution. @default undefined (every request executes) */
  responseCache?: ResponseCache;
  /** Largest request body read, in bytes. @default DEFAULT_MAX_REQUEST_BYTES (25 MB) */
  maxRequestBytes?: number;
}

/**
 * Turns RCI failures into client errors with `extensions.code`; everything else stays masked. Never
 * shows stacks or original errors, whatever NODE_ENV says.
 */
function maskGatewayError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof RciError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, ...original.details },
    });
  }
  return maskError(error, message, false);
}

/** The message of every masked error (Yoga's own default). */
const MASKED_MESSAGE = 'Unexpected error.';

/**
 * The errors as clients see them, in every result and in every part of an incremental response:
 * - one GraphQL error per invalid input field: a mutation throws a single InputValidationError carrying
 *   every problem of its input, and each becomes an error with code BAD_USER_INPUT and the field's input
 *   path in `extensions.field`;
 * - RCI failures with their `extensions.code`, anything else masked.
 * Yoga masks only top-level errors, and a deferred fragment's or a streamed item's errors are inside
 * `incremental`; this plugin runs first, so every later plugin (logs, metrics, traces) sees the errors
 * the client gets.
 */
function useGatewayErrors(logger: GatewayLogger): Plugin {
  const expand = (error: GraphQLError): GraphQLError[] => {
    const validation =
      error instanceof InputValidationError
        ? error
        : error.originalError instanceof InputValidationError
          ? error.originalError
          : undefined;
    if (!validation) return [error];
    return validation.issues.map((issue) => {
      const field = issue.path.join('.');
      return new GraphQLError(`${field}: ${issue.message}`, {
        nodes: error.nodes,
        path: error.path,
        extensions: { code: 'BAD_USER_INPUT', field },
      });
    });
  };
  const clientErrors = (errors: readonly GraphQLError[]) =>
    errors.flatMap(expand).map((error) => {
      const masked = maskGatewayError(error, MASKED_MESSAGE) as GraphQLError;
      // As Yoga does: what the client is not shown is logged (RCI failures by code, never a stack).
      if (masked !== error) logger.error(error);
      return masked;
    });
  const handle = ({ result, setResult }: { result: object; setResult: (result: ExecutionResult) => void }) => {
    const mapped = mapErrors(result, clientErrors);
    if (mapped !== result) setResult(mapped);
  };
  return {
    onExecute: () => ({
      onExecuteDone: (payload) => {
        if (isAsyncIterable(payload.result)) return { onNext: handle };
        handle(payload);
        return undefined;
      },
    }),
  };
}

/**
 * The plugins that change the schema the gateway serves: `@defer` and `@stream` add their directives
 * (and are answered as `multipart/mixed` or, when the client asks, as server-sent events).
 */
const schemaPlugins = (): Plugin[] => [useDeferStream(), useStreamingMutations()];

/** The schema as the gateway serves it; schema.graphql is its print. */
export function servedSchema(): GraphQLSchema {
  return envelop({ plugins: [useSchema(schema), ...schemaPlugins()] })().schema as GraphQLSchema;
}

/** The header a GET (or any non-preflighted) request must carry; its value does not matter. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/**
 * What decides whether a request may run at all: its limits and the trusted documents. The response cache
 * answers before they are checked, so its keys include this: processes that share one Redis but decide
 * differently (a rolling release that tightens them) never answer each other's kept answers.
 */
function policyOf(options: YogaOptions, limits: QueryLimits, bulk: BulkLimits): string {
  const documents = options.persistedDocuments;
  const policy = JSON.stringify({
    limits,
    bulk,
    documents: documents && [...documents.manifest.keys()].sort(),
    arbitraryDocuments: documents?.allowArbitraryDocuments ?? false,
  });
  // Hashed once: every request's key includes it, and a manifest may hold thousands of documents.
  return createHash('sha256').update(policy).digest('base64url');
}

/** Creates the gateway's Yoga instance. It listens on nothing: see main.ts, or call `yoga.fetch` in tests. */
export function createGateway(options: YogaOptions): YogaServerInstance<Record<string, unknown>, GatewayContext> {
  const logger = options.logger ?? createLogger();
  const bulk: BulkLimits = { ...DEFAULT_BULK_LIMITS, ...options.bulk };
  const limits: QueryLimits = { ...DEFAULT_LIMITS, ...options.limits };
  // Order matters: answers leave the response cache (a 304, an ETag) before the request log and the
  // metrics see them; the request log sees every request first; trusted documents decide before parsing.
  const operations: Plugin[] = [
    useResponseCaching({
      cache: options.responseCache,
      serviceIdentity: options.rci.serviceIdentity,
      policy: policyOf(options, limits, bulk),
    }),
    useRequestLog(logger),
    ...(options.metrics?.plugins(options.metricsEndpoint ?? '/metrics') ?? []),
    ...(options.tracing ? [options.tracing.plugin] : []),
    ...(options.readiness ? [options.readiness.plugin()] : []),
    ...(options.persistedDocuments ? [usePersistedDocuments(options.persistedDocuments)] : []),
  ];
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    context: ({ request }) => createContext(options.rci, request, bulk, limits.maxResultObjects),
    maskedErrors: { maskError: maskGatewayError, errorMessage: MASKED_MESSAGE },
    graphiql: {
      title: 'RCI GraphQL gateway',
      defaultQuery: DEFAULT_QUERY,
      // GraphiQL passes the CSRF check whatever method or content type it uses.
      additionalHeaders: { [CSRF_HEADER]: 'graphiql' },
    },
    // GraphiQL's assets are inlined: it works on machines without internet access.
    renderGraphiQL,
    landingPage: false,
    // Enforced by useRequestBodyLimit instead (see bodyLimit.ts for why).
    maxRequestBodySize: false,
    // Callers authenticate with an Authorization header, never cookies: browsers are not asked to send
    // credentials cross-origin, and the allowed origins are configurable.
    cors: {
      origin: options.corsOrigins ?? ['*'],
      credentials: false,
      allowedHeaders: ['content-type', 'authorization', CSRF_HEADER, 'x-request-id', 'traceparent', 'tracestate'],
      exposedHeaders: ['x-request-id'],
      maxAge: 600,
    },
    // A browser sends "simple" requests (GET, or a form POST) cross-site without a CORS preflight; they must
    // carry a header no form can set. JSON POSTs are preflighted, so ordinary clients need nothing more.
    // Yoga itself refuses mutations over GET (405).
    plugins: [
      // First: every plugin after it sees the errors as the client gets them.
      useGatewayErrors(logger),
      useRequestBodyLimit(options.maxRequestBytes),
      ...operations,
      // Before the limits: an operation that could not be sent is not estimated, let alone run.
      useIncrementalNegotiation(),
      useQueryLimits(limits),
      useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
      ...schemaPlugins(),
    ],
    // `/health`: the process is alive (Yoga answers it before anything else runs).
    healthCheckEndpoint: '/health',
    logging: logger,
  });
}
