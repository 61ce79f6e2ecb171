import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CacheLookup, CacheStore } from './store.js';

/** Redis keys of the cache; entries are `rci:cache:e:<caller hash>:<url>`. */
const PREFIX = 'rci:cache:';
const GENERATIONS = `${PREFIX}generations`;
const SECRET = `${PREFIX}secret`;

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  url: string;
  /** Called once each time Redis becomes unavailable (and once when it is back). @default console.warn */
  warn?: (message: string) => void;
  /** How long one Redis command may take before the cache gives up on it and asks RCI. @default 250 */
  commandTimeoutMs?: number;
}

/**
 * Cached answers in Redis, shared by every gateway process using the same Redis: entries, the tag
 * generations (so a write through one process is seen by the next read of every other) and the secret
 * that keys caller hashes (so every process computes the same hash for the same caller).
 *
 * Redis is an optimisation, never a dependency: while it is unreachable every lookup answers "cannot
 * say" and the gateway reads from RCI; commands are never queued for later (a request must not wait
 * for Redis), ioredis keeps reconnecting in the background, and the warning is logged once per outage.
 * Invalidations that could not be written are kept and written first when Redis is back, so entries
 * stored before the outage cannot be answered after a write made during it.
 */
export class RedisStore implements CacheStore {
  private readonly redis: Redis;
  private readonly warn: (message: string) => void;
  private key?: string;
  private down = false;
  private readonly pending = new Set<string>();

  constructor(options: RedisStoreOptions) {
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.redis = new Redis(options.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(100 * times, 2000),
      lazyConnect: false,
    });
    // ioredis reports every failed reconnection; one line per outage is enough, and the message of
    // an ioredis error never contains the URL's password.
    this.redis.on('error', () => this.unavailable());
    this.redis.on('close', () => {
      this.key = undefined;
      this.unavailable();
    });
    this.redis.on('ready', () => void this.connected());
  }

  secret(): string | undefined {
    return this.key;
  }

  async lookup(key: string, tags: readonly string[]): Promise<CacheLookup | undefined> {
    if (this.key === undefined) return undefined;
    try {
      const results = await this.redis
        .multi()
        .get(key)
        .hmget(GENERATIONS, ...tags)
        .exec();
      if (!results || results.some(([error]) => error)) throw new Error('Redis transaction failed');
      const value = results[0][1] as string | null;
      const generations = (results[1][1] as (string | null)[]).map((g) => g ?? '0').join(',');
      if (value === null) return { generations };
      const newline = value.indexOf('\n');
      return { generations, entry: { generations: value.slice(0, newline), text: value.slice(newline + 1) } };
    } catch {
      this.unavailable();
      return undefined;
    }
  }

  save(key: string, generations: string, text: string, ttlMs: number): void {
    if (this.key === undefined) return;
    this.redis.set(key, `${generations}\n${text}`, 'PX', ttlMs).catch(() => this.unavailable());
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    for (const tag of tags) this.pending.add(tag);
    if (this.key === undefined) return;
    await this.flush();
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.redis.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.redis.removeAllListeners('error');
    this.redis.on('error', () => {});
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const tags = [...this.pending];
    this.pending.clear();
    // A random generation rather than a counter: if Redis ever loses the generations (a restart
    // without persistence), no tag can come back to a value that old entries were stored under.
    const generation = randomBytes(9).toString('base64url');
    try {
      await this.redis.hset(GENERATIONS, Object.fromEntries(tags.map((t) => [t, generation])));
    } catch {
      for (const tag of tags) this.pending.add(tag);
      this.unavailable();
    }
  }

  private async connected(): Promise<void> {
    try {
      await this.redis.set(SECRET, randomBytes(32).toString('hex'), 'NX');
      const secret = await this.redis.get(SECRET);
      if (!secret) throw new Error('no secret');
      this.key = secret;
      await this.flush();
      if (this.down) this.warn('RCI cache: Redis is reachable again; answers are cached again');
      this.down = false;
    } catch {
      this.unavailable();
    }
  }

  private unavailable(): void {
    if (this.down) return;
    this.down = true;
    this.warn('RCI cache: Redis is unavailable; reading from RCI without the shared cache until it is back');
  }
}
