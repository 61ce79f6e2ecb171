import { z } from 'zod';

/**
 * The gateway's configuration, read once from the environment at start-up. A bad value stops the
 * process with a message naming the variable.
 */
export interface GatewayConfig {
  /** Base URL of the RCI, e.g. `https://rci.example.com/RI/rci`. Absent: the embedded simulator is started. */
  rciUrl?: string;
  /** Port the gateway listens on. @default 4000 */
  port: number;
  /** Host the gateway listens on. @default '0.0.0.0' */
  host: string;
  /** Timeout of each RCI call, in milliseconds. @default 10000 */
  rciTimeoutMs: number;
  /** Maximum number of concurrent connections to the RCI. @default 32 */
  rciConnections: number;
  /** How many times an idempotent RCI call is retried after a 5xx or a connection error. @default 2 */
  rciRetries: number;
  /** Service credentials, used only for callers that send no `Authorization` header. */
  rciUsername?: string;
  rciPassword?: string;
  /** Most RCI calls one GraphQL request may make. @default 5000 */
  rciMaxCallsPerRequest: number;
  /** Origins browsers may call the gateway from; `*` for any. @default ['*'] */
  corsOrigins: string[];
  /** `production` forbids the embedded simulator. @default 'development' */
  nodeEnv: string;
  /** Least severe log level written. @default 'info' */
  logLevel: LogLevel;
  /** Whether `/metrics` is served. @default true */
  metrics: boolean;
  /** Serve `/metrics` on this port instead of the gateway's. @default undefined (the gateway's port) */
  metricsPort?: number;
  /** OTLP/HTTP endpoint traces are exported to (`/v1/traces` is appended). @default undefined (no tracing) */
  otlpEndpoint?: string;
  /** `service.name` of the exported spans. @default 'rci-graphql-gateway' */
  serviceName: string;
  /** How long in-flight requests may run after SIGTERM/SIGINT, in milliseconds. @default 10000 */
  shutdownTimeoutMs: number;
  /** How long each readiness check may take, in milliseconds. @default 2000 */
  readinessTimeoutMs: number;
  /** Path of the trusted-documents manifest (hash → document). @default undefined (any document) */
  persistedDocuments?: string;
  /** With a manifest: also run documents that are not in it. @default false */
  allowArbitraryDocuments: boolean;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const intFrom = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const flag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const envSchema = z
  .object({
    RCI_URL: z
      .string()
      .url('must be an absolute http(s) URL')
      .refine((v) => /^https?:\/\//.test(v), 'must be an http or https URL')
      .refine((v) => !/^https?:\/\/[^/]*@/.test(v), 'must not carry credentials: use RCI_USERNAME and RCI_PASSWORD')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    PORT: intFrom(0, 65535).default(4000),
    HOST: z.string().min(1).default('0.0.0.0'),
    RCI_TIMEOUT_MS: intFrom(1, 600_000).default(10_000),
    RCI_CONNECTIONS: intFrom(1, 1024).default(32),
    RCI_RETRIES: intFrom(0, 10).default(2),
    RCI_MAX_CALLS_PER_REQUEST: intFrom(1, 1_000_000).default(5000),
    RCI_USERNAME: z.string().min(1).optional(),
    RCI_PASSWORD: z.string().min(1).optional(),
    CORS_ORIGINS: z
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
    NODE_ENV: z.string().default('development'),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    METRICS: flag.default(true),
    METRICS_PORT: intFrom(0, 65535).optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: z
      .string()
      .url('must be an absolute http(s) URL')
      .refine((v) => /^https?:\/\//.test(v), 'must be an http or https URL')
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    OTEL_SERVICE_NAME: z.string().min(1).default('rci-graphql-gateway'),
    SHUTDOWN_TIMEOUT_MS: intFrom(0, 600_000).default(10_000),
    READINESS_TIMEOUT_MS: intFrom(1, 60_000).default(2_000),
    PERSISTED_DOCUMENTS: z.string().min(1).optional(),
    ALLOW_ARBITRARY_DOCUMENTS: flag.default(false),
  })
  // The simulator accepts every write and answers invented data: a deployment must never fall back to it.
  .refine((e) => e.RCI_URL !== undefined || e.NODE_ENV !== 'production', {
    message:
      'must be set when NODE_ENV=production (the embedded RCI simulator is for local use only: set RCI_URL to your RCI, e.g. https://rci.example.com/RI/rci)',
    path: ['RCI_URL'],
  })
  // With service credentials an anonymous caller acts as the service account; with any origin allowed,
  // every web page a browser on the network opens could send mutations as that account.
  .refine((e) => e.RCI_USERNAME === undefined || !e.CORS_ORIGINS.includes('*'), {
    message:
      'must list the allowed origins (not *) when RCI_USERNAME/RCI_PASSWORD are set: with service credentials, any web page could act as the service account',
    path: ['CORS_ORIGINS'],
  })
  .refine((e) => (e.RCI_USERNAME === undefined) === (e.RCI_PASSWORD === undefined), {
    message: 'RCI_USERNAME and RCI_PASSWORD must be set together',
    path: ['RCI_PASSWORD'],
  });

export class ConfigError extends Error {}

/** Parses the environment. Empty variables count as unset. */
export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    // Name the variable and the rule, never the value: it may be a password.
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    rciUrl: e.RCI_URL,
    port: e.PORT,
    host: e.HOST,
    rciTimeoutMs: e.RCI_TIMEOUT_MS,
    rciConnections: e.RCI_CONNECTIONS,
    rciRetries: e.RCI_RETRIES,
    rciUsername: e.RCI_USERNAME,
    rciPassword: e.RCI_PASSWORD,
    rciMaxCallsPerRequest: e.RCI_MAX_CALLS_PER_REQUEST,
    corsOrigins: e.CORS_ORIGINS,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    metrics: e.METRICS,
    metricsPort: e.METRICS_PORT,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: e.OTEL_SERVICE_NAME,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    readinessTimeoutMs: e.READINESS_TIMEOUT_MS,
    persistedDocuments: e.PERSISTED_DOCUMENTS,
    allowArbitraryDocuments: e.ALLOW_ARBITRARY_DOCUMENTS,
  };
}
