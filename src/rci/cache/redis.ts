import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { sharedCallerSecret } from '../callerKey.js';
import { connectRedis, RedisRecovery } from '../redisLink.js';
import type { CacheLookup, CacheStore, CacheStoreObserver, StoreCommand } from './store.js';

/** Redis keys of the cache; entries are `rci:cache:e:<caller hash>:<url>`. */
const PREFIX = 'rci:cache:';
const GENERATIONS = `${PREFIX}generations`;
/** A generation every lookup reads besides its tags': bumping it drops every entry at once. */
const EVERY_ENTRY = '*';

/** Tags never bumped have no field: they are at generation 0. */
const joined = (generations: (string | null)[]) => generations.map((g) => g ?? '0').join(',');

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  url: string;
  /** Called once each time Redis stops being used (and once when it is used again). @default console.warn */
  warn?: (message: string) => void;
  /** How long one Redis command may take before the cache gives up on it and asks RCI. @default 250 */
  commandTimeoutMs?: number;
  /** How often Redis is tried again in the background while it is not used. @default 1000 */
  probeIntervalMs?: number;
  /** Told of failed commands and of Redis being used or not (metrics). */
  observer?: CacheStoreObserver;
}

/** A random generation rather than a counter: if Redis loses the generations, no tag comes back to an old value. */
const newGeneration = () => randomBytes(9).toString('base64url');

/**
 * Cached answers in Redis, shared by every gateway process using the same Redis: entries, the tag
 * generations (so a write through one process is seen by the next read of every other) and the secret
 * that keys caller hashes (so every process computes the same hash for the same caller).
 *
 * Redis is an optimisation, never a dependency. It is *used* only while it is connected, answers, and
 * holds every invalidation this process made; otherwise every lookup answers "cannot say" and the
 * gateway reads from RCI:
 * - **A breaker.** The first command that fails or times out stops its use at once: a hung Redis costs a
 *   request at most one command timeout, not one per read. Commands are never queued for later.
 * - **Pending invalidations.** A write whose invalidation Redis did not acknowledge leaves its tags
 *   pending, and while any are pending (or in flight) no entry is answered from Redis: entries older than
 *   the write would be stale.
 * - **Coming back.** In the background (on reconnection, and every `probeIntervalMs` while connected),
 *   Redis is tried again: the pending invalidations are written first, and, since other processes may
 *   have written during the same outage without reaching Redis, every older entry is dropped with them
 *   (the `*` generation). Only then is Redis used again.
 * The warning is logged once per outage.
 */
export class RedisStore implements CacheStore {
  private readonly redis: Redis;
  private readonly warn: (message: string) => void;
  private readonly observer?: CacheStoreObserver;
  /** The shared secret, read again each time Redis is used again (a Redis restarted empty makes a new one). */
  private key?: string;
  /** Connected, answering, and every invalidation written when it was last tried. */
  private inUse = false;
  /** Tags bumped by writes whose invalidation Redis has not acknowledged. */
  private readonly pending = new Set<string>();
  /** Invalidations sent and not answered yet. */
  private flushing = 0;
  /** Redis was not used for a while: on its return every entry is dropped. */
  private outage = false;
  /** Why Redis is not used, for readiness. */
  private problem = 'Redis does not answer';
  private closed = false;
  private readonly recovery: RedisRecovery;

  constructor(options: RedisStoreOptions) {
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.observer = options.observer;
    this.recovery = new RedisRecovery(() => this.recover(), options.probeIntervalMs ?? 1000);
    this.redis = connectRedis(options.url, options.commandTimeoutMs);
    // ioredis reports every failed reconnection; one line per outage is enough, and the message of
    // an ioredis error never contains the URL's password.
    this.redis.on('error', () => this.stopUsing('Redis does not answer'));
    this.redis.on('close', () => this.stopUsing('Redis does not answer'));
    this.redis.on('ready', () => void this.recovery.tryNow());
  }

  secret(): string | undefined {
    return this.serving() ? this.key : undefined;
  }

  async lookup(key: string, tags: readonly string[], entry = true): Promise<CacheLookup | undefined> {
    if (!entry) {
      const generations = await this.generations(tags);
      return generations === undefined ? undefined : { generations };
    }
    if (!this.serving()) return undefined;
    try {
      const results = await this.redis
        .multi()
        .get(key)
        .pttl(key)
        .hmget(GENERATIONS, EVERY_ENTRY, ...tags)
        .exec();
      if (!results) throw new Error('Redis transaction failed');
      for (const [error] of results) if (error) throw error;
      // An invalidation started or failed while this lookup was out: what it read may predate a write.
      if (!this.serving()) return undefined;
      const value = results[0][1] as string | null;
      const generations = joined(results[2][1] as (string | null)[]);
      if (value === null) return { generations };
      const newline = value.indexOf('\n');
      // PTTL counts on Redis' clock, so processes whose clocks differ agree on what is left.
      const expiresAt = Date.now() + Math.max(0, results[1][1] as number);
      return {
        generations,
        entry: { generations: value.slice(0, newline), text: value.slice(newline + 1), expiresAt },
      };
    } catch (error) {
      this.failed('lookup', error);
      return undefined;
    }
  }

  async generations(tags: readonly string[]): Promise<string | undefined> {
    if (!this.serving()) return undefined;
    try {
      const generations = joined(await this.redis.hmget(GENERATIONS, EVERY_ENTRY, ...tags));
      return this.serving() ? generations : undefined;
    } catch (error) {
      this.failed('lookup', error);
      return undefined;
    }
  }

  save(key: string, generations: string, text: string, ttlMs: number): void {
    if (!this.serving()) return;
    this.redis.set(key, `${generations}\n${text}`, 'PX', ttlMs).catch((error: unknown) => this.failed('save', error));
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    for (const tag of tags) this.pending.add(tag);
    // Not in use: the tags stay pending and are written before Redis is used again.
    if (!this.inUse) return;
    const sent = [...this.pending];
    this.pending.clear();
    this.flushing++;
    try {
      const generation = newGeneration();
      await this.redis.hset(GENERATIONS, Object.fromEntries(sent.map((t) => [t, generation])));
    } catch (error) {
      for (const tag of sent) this.pending.add(tag);
      this.failed('invalidate', error);
    } finally {
      this.flushing--;
    }
  }

  async unavailability(): Promise<string | undefined> {
    if (!this.inUse) return this.problem;
    try {
      if ((await this.redis.ping()) === 'PONG') return undefined;
      throw new Error('unexpected answer to PING');
    } catch (error) {
      this.failed('ping', error);
      return this.problem;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.redis.removeAllListeners('error');
    this.redis.on('error', () => {});
    await this.recovery.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Entries may be answered: Redis is in use and no invalidation of this process is pending or in flight. */
  private serving(): boolean {
    return this.inUse && this.pending.size === 0 && this.flushing === 0;
  }

  private failed(command: StoreCommand, error: unknown): void {
    const timedOut = error instanceof Error && error.message === 'Command timed out';
    this.observer?.storeFailed?.({ command, kind: timedOut ? 'timeout' : 'error' });
    // Redis answered with an error (`OOM …`, `READONLY …`): its first word names the kind, which is safe
    // to show; anything else (a timeout, no connection) is silence.
    const reply = error instanceof Error && error.name === 'ReplyError' ? /^[A-Z]+/.exec(error.message) : null;
    this.stopUsing(reply ? `Redis refuses commands (${reply[0]})` : 'Redis does not answer');
  }

  private stopUsing(problem: string): void {
    if (this.closed) return;
    this.problem = problem;
    this.outage = true;
    if (this.inUse) {
      this.inUse = false;
      this.observer?.storeInUse?.(false);
    }
    if (this.recovery.lost()) {
      this.warn('RCI cache: Redis is unavailable; reading from RCI without the shared cache until it is back');
    }
  }

  /** One attempt to use Redis again: the secret, the pending invalidations, then use. */
  private async recover(): Promise<void> {
    if (this.closed || this.inUse || this.redis.status !== 'ready') return;
    try {
      const secret = await sharedCallerSecret(this.redis);
      // Invalidations made meanwhile may arrive while these are written: loop until none is left.
      while (this.pending.size > 0 || this.outage) {
        const sent = [...this.pending];
        const everything = this.outage;
        this.pending.clear();
        this.outage = false;
        const generation = newGeneration();
        const fields = Object.fromEntries(sent.map((t) => [t, generation]));
        if (everything) fields[EVERY_ENTRY] = generation;
        try {
          await this.redis.hset(GENERATIONS, fields);
        } catch (error) {
          for (const tag of sent) this.pending.add(tag);
          if (everything) this.outage = true;
          throw error;
        }
      }
      if (this.closed || this.redis.status !== 'ready') return;
      this.key = secret;
      this.inUse = true;
      this.observer?.storeInUse?.(true);
      if (this.recovery.regained()) this.warn('RCI cache: Redis is reachable again; answers are cached again');
    } catch (error) {
      this.failed('probe', error);
    }
  }
}
