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
  /** Maximum number of concurrent connections to the RCI. @default 128 */
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
  /** How long an RCI answer is reused (per caller, dropped by writes), in milliseconds; 0 = no cache. @default 5000 */
  rciCacheTtlMs: number;
  /** Most bytes the in-memory answer cache keeps (LRU). @default 67108864 */
  rciCacheMaxBytes: number;
  /** Redis shared by every gateway process for the answer cache; absent: the cache is in memory. */
  redisUrl?: string;
}

const intFrom = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

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
    RCI_CONNECTIONS: intFrom(1, 1024).default(128),
    RCI_RETRIES: intFrom(0, 10).default(2),
    RCI_MAX_CALLS_PER_REQUEST: intFrom(1, 1_000_000).default(5000),
    RCI_CACHE_TTL_MS: intFrom(0, 3_600_000).default(5000),
    RCI_CACHE_MAX_BYTES: intFrom(0, 2 ** 40).default(64 * 2 ** 20),
    REDIS_URL: z
      .string()
      .refine((v) => /^rediss?:\/\/[^\s]+$/.test(v), 'must be a redis:// or rediss:// URL')
      .optional(),
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
    rciCacheTtlMs: e.RCI_CACHE_TTL_MS,
    rciCacheMaxBytes: e.RCI_CACHE_MAX_BYTES,
    redisUrl: e.REDIS_URL,
  };
}
