import { callerHash, type CallerScope } from '../callerKey.js';
import type { RciCacheResult } from '../observer.js';
import type { SharedRead } from '../sharing.js';
import { MemoryStore } from './memory.js';
import type { ReadRecord } from './reads.js';
import { RedisStore } from './redis.js';
import type { CacheLookup, CacheStore, CacheStoreObserver } from './store.js';

export type { CacheStoreObserver } from './store.js';

/**
 * The RCI answer cache shared by every request of this process (and, with Redis, of every process):
 * the answers of GETs, kept for a short TTL, scoped per caller by construction, dropped by writes.
 *
 * - **Scope.** A key is a keyed hash (HMAC-SHA-256 with a secret of the store) of the caller's
 *   identity — the forwarded `Authorization`, the service credentials, or none — followed by the
 *   normalised URL. Two credentials never share an entry, and no key or value holds a credential in
 *   readable or guessable form.
 * - **Freshness.** An entry is answered only while its TTL runs and while none of its tags has been
 *   bumped by a write since it was read (invalidation.ts), for any caller. With Redis, nothing is
 *   answered from it while a write's invalidation could not be written there (redis.ts).
 * - **In-flight sharing.** Identical GETs of one caller at the same generations share one RCI call,
 *   across requests; the call belongs to none of them (sharing.ts).
 */
export interface RciCacheOptions {
  /** How long an answer is reused, in milliseconds; 0 turns the cache off. @default 5000 */
  ttlMs?: number;
  /** Most bytes the in-memory store keeps (LRU). Ignored with Redis. @default 67108864 (64 MiB) */
  maxBytes?: number;
  /** Redis URL: entries and invalidations shared by every gateway process. @default undefined (memory) */
  redisUrl?: string;
  /** Where a Redis outage is reported (once per outage). @default console.warn */
  warn?: (message: string) => void;
  /** Told of failed Redis commands and of Redis being used or not (metrics). @default undefined */
  observer?: CacheStoreObserver;
  /** How long one Redis command may take before Redis stops being used (see redis.ts). @default 250 */
  redisCommandTimeoutMs?: number;
}

export type { CallerScope } from '../callerKey.js';

/** How a read may use the cache. */
export type CacheMode =
  /** Answer from the cache when it can (or join an identical call in flight). */
  | 'cached'
  /** Ask RCI, then store the answer for later reads (`Cache-Control: no-cache`). */
  | 'refresh';

export class RciCache {
  readonly ttlMs: number;
  private readonly store: CacheStore;

  constructor(options: RciCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.store = options.redisUrl
      ? new RedisStore({
          url: options.redisUrl,
          warn: options.warn,
          observer: options.observer,
          commandTimeoutMs: options.redisCommandTimeoutMs,
        })
      : new MemoryStore(options.maxBytes ?? 64 * 2 ** 20);
  }

  /**
   * True while the store is used (Redis connected, answering, every invalidation written); while false,
   * every read goes to RCI.
   */
  get available(): boolean {
    return this.store.secret() !== undefined;
  }

  /** False when `RCI_CACHE_TTL_MS=0`: reads go straight to RCI and writes invalidate nothing. */
  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /**
   * The answer text of a GET: from the cache, or from `fetch`, whose answer is then stored. When the
   * store can say what the answer depends on, `fetch` is handed what identifies identical calls, so
   * that an identical call in flight is joined (`shared`) rather than made again. A failed fetch is
   * never stored. `observe` is told how the read was answered, as soon as that is known.
   */
  read(
    caller: CallerScope,
    url: string,
    tags: readonly string[],
    mode: CacheMode,
    fetch: (shared?: SharedRead) => Promise<string>,
    record?: ReadRecord,
    observe?: (result: RciCacheResult) => void,
  ): Promise<string> {
    const hash = this.callerKey(caller);
    if (hash === undefined) return this.readPast(fetch, mode, record, observe);
    const key = `rci:cache:e:${hash}:${url}`;
    // A refresh replaces the entry whatever it holds: only the generations it is stored under are read.
    const lookup = this.store.lookup(key, tags, mode === 'cached');
    // Only Redis answers a promise; the memory store's answer is used in the same turn.
    if (lookup instanceof Promise) {
      return lookup.then((found) =>
        found
          ? this.answer(found, key, tags, mode, fetch, record, observe)
          : this.readPast(fetch, mode, record, observe),
      );
    }
    return lookup
      ? this.answer(lookup, key, tags, mode, fetch, record, observe)
      : this.readPast(fetch, mode, record, observe);
  }

  /** A read the store cannot answer (Redis down): straight from RCI, not stored. */
  private readPast(
    fetch: () => Promise<string>,
    mode: CacheMode,
    record: ReadRecord | undefined,
    observe: ((result: RciCacheResult) => void) | undefined,
  ): Promise<string> {
    record?.noteUntracked();
    observe?.(mode === 'cached' ? 'miss' : 'bypass');
    return fetch();
  }

  private answer(
    { entry, generations }: CacheLookup,
    key: string,
    tags: readonly string[],
    mode: CacheMode,
    fetch: (shared?: SharedRead) => Promise<string>,
    record: ReadRecord | undefined,
    observe: ((result: RciCacheResult) => void) | undefined,
  ): Promise<string> {
    if (mode === 'cached' && entry && entry.generations === generations) {
      record?.note(tags, generations, entry.expiresAt);
      observe?.('hit');
      return Promise.resolve(entry.text);
    }
    // Noted before the call, so a failed read (a 404 answered as null) counts too.
    record?.note(tags, generations, Date.now() + this.ttlMs);
    // A fresh read asks RCI itself; later reads may join it.
    const fill = new Fill(this.store, key, generations, this.ttlMs, mode === 'cached');
    const text = fetch(fill);
    observe?.(fill.joined ? 'shared' : mode === 'cached' ? 'miss' : 'bypass');
    return text;
  }

  /** Drops, for every caller, every answer carrying one of the tags (see invalidation.ts). */
  invalidate(tags: readonly string[]): Promise<void> {
    return this.store.invalidate(tags);
  }

  /** For readiness: why the store is not used now, or `undefined` when it is and answers a PING. */
  unavailability(): Promise<string | undefined> {
    return this.store.unavailability();
  }

  /** For shutdown: closes the Redis connection (or empties the memory store). */
  close(): Promise<void> {
    return this.store.close();
  }

  /**
   * A store for the entries of another layer (whole responses, responses.ts) under this cache's secret
   * and tag generations, so that the writes that drop RCI answers drop them too: in memory, a store of
   * its own size; with Redis, the same Redis.
   */
  storeFor(maxBytes: number): CacheStore {
    return this.store instanceof MemoryStore ? new MemoryStore(maxBytes, this.store) : this.store;
  }

  /**
   * The caller's part of every key (also of the response cache's), computed once per caller (and again
   * if the secret changes); `undefined` while the store cannot be used.
   */
  callerKey(caller: CallerScope): string | undefined {
    const secret = this.store.secret();
    return secret === undefined ? undefined : callerHash(caller, secret);
  }
}

/** A read sent to RCI, which stores its answer once RCI gave it: what identical reads in flight join. */
class Fill implements SharedRead {
  /** An entry read before a write is never joined after it: the generations are part of the key. */
  readonly key: string;
  joined?: boolean;

  constructor(
    private readonly store: CacheStore,
    private readonly entryKey: string,
    private readonly generations: string,
    private readonly ttlMs: number,
    readonly join: boolean,
  ) {
    this.key = `${generations}|${entryKey}`;
  }

  answered(text: string): void {
    this.store.save(this.entryKey, this.generations, text, this.ttlMs);
  }
}
