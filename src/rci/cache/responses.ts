import { createHash } from 'node:crypto';
import type { CallerScope, RciCache } from './index.js';
import type { ReadRecord } from './reads.js';
import type { CacheStore } from './store.js';

/**
 * Whole responses of read-only requests, in front of execution: one caller's repeat of a request is
 * answered with the bytes its first answer was sent with. It stands on the RCI answer cache (index.ts)
 * and shares its store, secret and invalidation rules:
 *
 * - **Scope.** A key is the caller's keyed hash (exactly the RCI cache's, `RciCache.callerKey`) and a
 *   hash of the request (document, operation name, variables, …); an answer that depends on no caller
 *   (introspection) may be kept for everyone instead.
 * - **Tags.** A response carries the tags of every RCI read its execution made (ReadRecord: from RCI
 *   or from the answer cache alike) and the generations they were read at; it is answered only while
 *   none of them has been bumped since, so a write drops it exactly when it drops those RCI answers.
 * - **Lifetime.** No longer than the oldest RCI answer it was built from, nor than the RCI cache's TTL.
 * - **In-flight sharing.** Identical requests of one caller share one execution, when its response can
 *   be stored (see `begin`).
 *
 * It knows nothing of GraphQL or HTTP: the gateway decides what may be cached (server/responseCache.ts).
 */

/** A response as it was sent: its body, its content type and its validator. */
export interface CachedResponse {
  /** Text when it is stored; UTF-8 bytes when it is answered from the cache (encoded once per entry). */
  body: string | Uint8Array<ArrayBuffer>;
  contentType: string;
  /** A strong HTTP validator of the body, quoted. */
  etag: string;
}

export interface ResponseCacheOptions {
  /** Most bytes the in-memory store keeps (LRU); with Redis, entries live there. @default 67108864 (64 MiB) */
  maxBytes?: number;
}

/** Whose entry: one caller's, or everyone's (an answer no caller's credentials can change). */
export type ResponseScope = CallerScope | 'everyone';

export class ResponseCache {
  private readonly store: CacheStore;
  private readonly flights = new Map<string, Promise<CachedResponse | undefined>>();
  /** Entries read back, per entry object: the in-memory store hands out the same one until it drops it. */
  private readonly unpacked = new WeakMap<object, Unpacked>();

  constructor(
    private readonly cache: RciCache,
    options: ResponseCacheOptions = {},
  ) {
    this.store = cache.storeFor(options.maxBytes ?? 64 * 2 ** 20);
  }

  /** The key of a request (`material`: all it asks for) in a scope; `undefined` while the store cannot be used. */
  key(scope: ResponseScope, material: string): string | undefined {
    const who = scope === 'everyone' ? '*' : this.cache.callerKey(scope);
    if (who === undefined) return undefined;
    return `rci:cache:r:${who}:${createHash('sha256').update(material).digest('base64url')}`;
  }

  /** The stored response, if none of the tags it was built from has been bumped since. */
  async get(key: string): Promise<CachedResponse | undefined> {
    const found = await this.store.lookup(key, []);
    const entry = found?.entry;
    if (!entry) return undefined;
    let unpacked = this.unpacked.get(entry);
    if (!unpacked) this.unpacked.set(entry, (unpacked = unpack(entry.text)));
    const { tags, response } = unpacked;
    const generations = await this.store.generations(tags);
    return generations === entry.generations ? response : undefined;
  }

  /**
   * Stores a response built from the reads in `record`, unless one of them is untracked, expired, or
   * was invalidated after it was read (the response could then hold what a write changed). Answers
   * whether it was stored.
   */
  async save(key: string, record: ReadRecord, response: CachedResponse & { body: string }): Promise<boolean> {
    const body = response.body;
    if (!record.tracked) return false;
    const ttlMs = Math.floor(Math.min(record.expiresAt - Date.now(), this.cache.ttlMs));
    if (ttlMs <= 0) return false;
    const tags = record.tags();
    const reads = [...record.reads()];
    // The generations stored are read first, each read's after: a write between them shows as a
    // changed read, and one after both leaves an entry that is stale from the start.
    const [current, ...now] = await Promise.all([
      this.store.generations(tags),
      ...reads.map(([readTags]) => this.store.generations(readTags)),
    ]);
    if (current === undefined || reads.some(([, seen], i) => now[i] !== seen)) return false;
    this.store.save(key, current, pack(tags, response, body), ttlMs);
    return true;
  }

  /** The execution in flight for an identical request of the same scope, if any: its stored response. */
  inFlight(key: string): Promise<CachedResponse | undefined> | undefined {
    return this.flights.get(key);
  }

  /**
   * Registers an execution others may join; they get what is passed to the returned function: the
   * response if it was stored (so it was fresh when it ended, after they arrived), or `undefined`
   * (errors, a write meanwhile, a client gone), and then execute on their own.
   */
  begin(key: string): (stored: CachedResponse | undefined) => void {
    let settle!: (stored: CachedResponse | undefined) => void;
    const flight = new Promise<CachedResponse | undefined>((resolve) => (settle = resolve));
    this.flights.set(key, flight);
    return (stored) => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      settle(stored);
    };
  }
}

const utf8 = new TextEncoder();

interface Unpacked {
  tags: string[];
  response: CachedResponse;
}

/** Tags, validator and content type on the first three lines (none holds a newline), then the body. */
function pack(tags: readonly string[], response: CachedResponse, body: string): string {
  return `${tags.join(',')}\n${response.etag}\n${response.contentType}\n${body}`;
}

function unpack(text: string): Unpacked {
  const first = text.indexOf('\n');
  const second = text.indexOf('\n', first + 1);
  const third = text.indexOf('\n', second + 1);
  return {
    tags: first === 0 ? [] : text.slice(0, first).split(','),
    response: {
      etag: text.slice(first + 1, second),
      contentType: text.slice(second + 1, third),
      // Sent as bytes: no encoding (and no length count) of the text for each answer.
      body: utf8.encode(text.slice(third + 1)),
    },
  };
}
