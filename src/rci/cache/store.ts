/**
 * Where cached answers live: process memory or Redis. A store keeps, per key, the answer's text
 * and the generations of its tags when it was read (see invalidation.ts); it never sees credentials
 * (keys carry a keyed hash of the caller's identity) and never decides what is fresh: the caches do.
 * Both caches use it: RCI answers (index.ts) and whole GraphQL responses (responses.ts), under the
 * same secret and the same tag generations, so one write drops both.
 */
export interface CacheLookup {
  /** The answer stored under the key, if any, the generations it was stored under, and when it expires. */
  entry?: { generations: string; text: string; expiresAt: number };
  /** The current generations of the tags asked for, one string to compare and store. */
  generations: string;
}

/** The store commands a shared store reports failures of (`probe`: trying a hung or failed Redis again). */
export type StoreCommand = 'lookup' | 'save' | 'invalidate' | 'ping' | 'probe';

/** What a shared store (Redis) reports, for metrics. The in-memory store never fails and reports nothing. */
export interface CacheStoreObserver {
  /** A command failed: no answer within the command timeout, or an error (not connected, refused, …). */
  storeFailed?(failure: { command: StoreCommand; kind: 'timeout' | 'error' }): void;
  /** The store is used again (`true`), or no longer (`false`: every read goes to RCI meanwhile). */
  storeInUse?(inUse: boolean): void;
}

export interface CacheStore {
  /** The secret that makes caller hashes unguessable; `undefined` while the store cannot be used. */
  secret(): string | undefined;
  /**
   * `undefined` when the store cannot answer now (Redis down): the caller reads from RCI. The memory store
   * answers at once, not with a promise: a cold page looks up hundreds of answers. With `entry` false,
   * only the generations are read (a read that asks RCI afresh and stores its answer needs no entry).
   */
  lookup(
    key: string,
    tags: readonly string[],
    entry?: boolean,
  ): CacheLookup | undefined | Promise<CacheLookup | undefined>;
  /** The current generations of the tags, as `lookup` answers them; `undefined` when it cannot answer now. */
  generations(tags: readonly string[]): Promise<string | undefined>;
  save(key: string, generations: string, text: string, ttlMs: number): void;
  /** Bumps the generation of every tag, for every caller and every process sharing the store. */
  invalidate(tags: readonly string[]): Promise<void>;
  /** Why the store is not used now (for readiness), or `undefined` when it is and answers. */
  unavailability(): Promise<string | undefined>;
  close(): Promise<void>;
}
