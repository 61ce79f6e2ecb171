import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const intFrom = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const decimalFrom = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number, e.g. 50 or 0.5')
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/**
 * The environment the gateway reads, one property per variable: `rciTimeoutMs` is read from
 * `RCI_TIMEOUT_MS` (the property name in CONSTANT_CASE). A new variable is one property here.
 */
const configSchema = z
  .object({
    /** Base URL of the RCI, e.g. `https://rci.example.com/RI/rci`. Absent: the embedded simulator is started. */
    rciUrl: z
      .url('must be an absolute http(s) URL')
      .refine((v) => /^https?:\/\//.test(v), 'must be an http or https URL')
      .refine((v) => !/^https?:\/\/[^/]*@/.test(v), 'must not carry credentials: use RCI_USERNAME and RCI_PASSWORD')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    /** Port the gateway listens on. @default 4000 */
    port: intFrom(0, 65535).default(4000),
    /** Host the gateway listens on. @default '0.0.0.0' */
    host: z.string().min(1).default('0.0.0.0'),
    /** Timeout of each RCI call, in milliseconds. @default 10000 */
    rciTimeoutMs: intFrom(1, 600_000).default(10_000),
    /** Maximum number of concurrent connections to the RCI. @default 512 */
    rciConnections: intFrom(1, 1024).default(512),
    /** How many times an idempotent RCI call is retried after a 5xx or a connection error. @default 2 */
    rciRetries: intFrom(0, 10).default(2),
    /**
     * Longest time one GraphQL request may take on RCI, in milliseconds: beyond it the request's RCI calls are
     * cut or not sent, and the fields still waiting for them fail with UPSTREAM_TIMEOUT. @default 30000
     */
    requestTimeoutMs: intFrom(1, 3_600_000).default(30_000),
    /**
     * Consecutive RCI calls found failing (5xx, no connection, broken connection, timeout) that open the circuit
     * breaker; 0 turns it off. @default 10
     */
    rciBreakerFailures: intFrom(0, 100_000).default(10),
    /** How long the open breaker refuses every RCI call before probes are let through, in milliseconds. @default 5000 */
    rciBreakerCooldownMs: intFrom(1, 3_600_000).default(5_000),
    /** Probe calls let through after the cool-down; the breaker closes when they all succeed. @default 3 */
    rciBreakerProbes: intFrom(1, 1_000).default(3),
    /** Longest RCI answer read, in bytes; a longer one fails its field with UPSTREAM_ERROR. @default 8388608 */
    rciMaxResponseBytes: intFrom(1024, 2 ** 31 - 1).default(8 * 2 ** 20),
    /** Most RCI calls one GraphQL request may make. @default 5000 */
    rciMaxCallsPerRequest: intFrom(1, 1_000_000).default(5000),
    /** How long an RCI answer is reused (per caller, dropped by writes), in milliseconds; 0 = no cache. @default 5000 */
    rciCacheTtlMs: intFrom(0, 3_600_000).default(5000),
    /** Most bytes the in-memory answer cache keeps (LRU). @default 67108864 */
    rciCacheMaxBytes: intFrom(0, 2 ** 40).default(64 * 2 ** 20),
    /** Whole query answers kept per caller in front of execution (within the RCI cache's TTL). @default true */
    responseCache: flag.default(true),
    /** Most bytes the in-memory response cache keeps (LRU); `RESPONSE_CACHE=false` switches it off. @default 67108864 */
    responseCacheMaxBytes: intFrom(1, 2 ** 40).default(64 * 2 ** 20),
    /** Redis shared by every gateway process for the answer cache; absent: the cache is in memory. */
    redisUrl: z
      .string()
      .refine((v) => /^rediss?:\/\/[^\s]+$/.test(v), 'must be a redis:// or rediss:// URL')
      .optional(),
    /** RCI calls per caller per second (retries included), shared by every process with Redis; 0 = no limit. @default 0 */
    rciRateLimit: decimalFrom(0, 1_000_000).default(0),
    /** RCI calls a caller may make at once after a quiet spell; at least 2 (a partial update's GET and PUT). @default the larger of 2 and `rciRateLimit` rounded up */
    rciRateBurst: intFrom(2, 10_000_000).optional(),
    /** Longest an RCI call waits for its turn under the rate limit before it fails with RATE_LIMITED, in milliseconds. @default 1000 */
    rciRateWaitMs: intFrom(0, 60_000).default(1000),
    /** Highest estimated cost (result objects + RCI calls) of one operation; 0 turns the estimate off. @default 20000 */
    maxQueryCost: intFrom(0, 1_000_000_000).default(20_000),
    /** Assumed length of a list RCI does not page, for the cost estimate. @default 10 */
    assumedListSize: intFrom(1, 100_000).default(10),
    /** Most result objects one request may produce while it runs. @default 50000 */
    maxResultObjects: intFrom(1, 100_000_000).default(50_000),
    /** Most lexical tokens in one GraphQL document. @default 20000 */
    maxQueryTokens: intFrom(100, 10_000_000).default(20_000),
    /** Largest request body read, in bytes; a longer one is refused (413) before it is parsed. @default 25000000 */
    maxRequestBytes: intFrom(1024, 2 ** 31).default(25_000_000),
    /** Most items one bulk mutation accepts; more is refused before any RCI call. @default 500 */
    maxBulkItems: intFrom(1, 100_000).default(500),
    /** Items of one bulk mutation in progress at once (per request). @default 32 */
    bulkConcurrency: intFrom(1, 1024).default(32),
    /** Service credentials, used only for callers that send no `Authorization` header. */
    rciUsername: z.string().min(1).optional(),
    /** The service credentials' password; set together with `rciUsername`. */
    rciPassword: z.string().min(1).optional(),
    /** Origins browsers may call the gateway from; `*` for any. @default ['*'] */
    corsOrigins: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .refine(
              (o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o),
              'each origin must be * or scheme://host[:port]',
            ),
        ),
      )
      .default(['*']),
    /** `production` forbids the embedded simulator. @default 'development' */
    nodeEnv: z.string().default('development'),
    /** Least severe log level written. @default 'info' */
    logLevel: z.enum(LOG_LEVELS).default('info'),
    /** Whether `/metrics` is served. @default true */
    metrics: flag.default(true),
    /** Serve `/metrics` on this port instead of the gateway's. @default undefined (the gateway's port) */
    metricsPort: intFrom(0, 65535).optional(),
    /**
     * Most distinct operation names used as metric labels besides the trusted documents' (callers choose
     * the names of arbitrary documents); later names are labelled `other`. @default 100
     */
    metricsOperationNames: intFrom(0, 10_000).default(100),
    /** OTLP/HTTP endpoint traces are exported to (`/v1/traces` is appended). @default undefined (no tracing) */
    otelExporterOtlpEndpoint: z
      .url('must be an absolute http(s) URL')
      .refine((v) => /^https?:\/\//.test(v), 'must be an http or https URL')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    /** `service.name` of the exported spans. @default 'rci-graphql-gateway' */
    otelServiceName: z.string().min(1).default('rci-graphql-gateway'),
    /** How long in-flight requests may run after SIGTERM/SIGINT, in milliseconds. @default 10000 */
    shutdownTimeoutMs: intFrom(0, 600_000).default(10_000),
    /** How long each readiness check may take, in milliseconds. @default 2000 */
    readinessTimeoutMs: intFrom(1, 60_000).default(2_000),
    /** Path of the trusted-documents manifest (hash → document). @default undefined (any document) */
    persistedDocuments: z.string().min(1).optional(),
    /** With a manifest: also run documents that are not in it. @default false */
    allowArbitraryDocuments: flag.default(false),
  })
  // The simulator accepts every write and answers invented data: a deployment must never fall back to it.
  .refine((e) => e.rciUrl !== undefined || e.nodeEnv !== 'production', {
    error:
      'must be set when NODE_ENV=production (the embedded RCI simulator is for local use only: set RCI_URL to your RCI, e.g. https://rci.example.com/RI/rci)',
    path: ['rciUrl'],
  })
  // With service credentials an anonymous caller acts as the service account; with any origin allowed,
  // every web page a browser on the network opens could send mutations as that account.
  .refine((e) => e.rciUsername === undefined || !e.corsOrigins.includes('*'), {
    error:
      'must list the allowed origins (not *) when RCI_USERNAME/RCI_PASSWORD are set: with service credentials, any web page could act as the service account',
    path: ['corsOrigins'],
  })
  .refine((e) => (e.rciUsername === undefined) === (e.rciPassword === undefined), {
    error: 'RCI_USERNAME and RCI_PASSWORD must be set together',
    path: ['rciPassword'],
  });

/**
 * The gateway's configuration, read once from the environment at start-up. A bad value stops the
 * process with a message naming the variable.
 */
export type GatewayConfig = z.output<typeof configSchema>;

/** `rciTimeoutMs` → `RCI_TIMEOUT_MS`. */
const variableName = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export class ConfigError extends Error {}

/** Parses the environment. Empty variables count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const present: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[variableName(key)];
    if (value !== undefined && value !== '') present[key] = value;
  }
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    // Name the variable and the rule, never the value: it may be a password.
    const problems = parsed.error.issues.map(
      (i) => `${i.path.length ? variableName(String(i.path[0])) : 'environment'}: ${i.message}`,
    );
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
