import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CacheLookup, CacheStore } from './store.js';

interface Entry {
  generations: string;
  text: string;
  expiresAt: number;
}

/** Cached answers in this process's memory: bounded in bytes, least recently used first out. */
export class MemoryStore implements CacheStore {
  private readonly entries: LRUCache<string, Entry>;
  private readonly generationOf: Map<string, number>;
  /**
   * The generations string of each tag list looked up since the last invalidation: a cold page looks up
   * hundreds of answers under a handful of tag lists (`readTags` hands out one array per kind of read),
   * and would otherwise build the same string hundreds of times. Weak: the response cache asks with lists
   * of its own. Replaced by every invalidation, here or in the store sharing this one's generations.
   */
  private readonly currentOf: { tags: WeakMap<readonly string[], string> };
  // A fresh secret per process: the in-memory cache never outlives it, and nothing outside it
  // needs to recompute a caller's hash.
  private readonly key: string;

  /**
   * `sharing`: another store whose secret and tag generations this one uses, so that one write drops
   * the entries of both (the response cache's entries beside the RCI answers, each bounded on its own).
   */
  constructor(maxBytes: number, sharing?: MemoryStore) {
    this.generationOf = sharing?.generationOf ?? new Map<string, number>();
    this.currentOf = sharing?.currentOf ?? { tags: new WeakMap() };
    this.key = sharing?.key ?? randomBytes(32).toString('hex');
    this.entries = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      // JavaScript strings take two bytes per character; 64 bytes of bookkeeping per entry.
      sizeCalculation: (entry, key) => (entry.text.length + entry.generations.length + key.length) * 2 + 64,
    });
  }

  secret(): string {
    return this.key;
  }

  lookup(key: string, tags: readonly string[], entry = true): CacheLookup {
    return { entry: entry ? this.entries.get(key) : undefined, generations: this.current(tags) };
  }

  generations(tags: readonly string[]): Promise<string> {
    return Promise.resolve(this.current(tags));
  }

  save(key: string, generations: string, text: string, ttlMs: number): void {
    this.entries.set(key, { generations, text, expiresAt: Date.now() + ttlMs }, { ttl: ttlMs });
  }

  invalidate(tags: readonly string[]): Promise<void> {
    for (const tag of tags) this.generationOf.set(tag, (this.generationOf.get(tag) ?? 0) + 1);
    this.currentOf.tags = new WeakMap();
    return Promise.resolve();
  }

  unavailability(): Promise<string | undefined> {
    return Promise.resolve(undefined);
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }

  private current(tags: readonly string[]): string {
    let current = this.currentOf.tags.get(tags);
    if (current === undefined) {
      current = tags.map((t) => this.generationOf.get(t) ?? 0).join(',');
      this.currentOf.tags.set(tags, current);
    }
    return current;
  }
}
