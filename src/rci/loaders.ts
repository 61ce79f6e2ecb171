import DataLoader from 'dataloader';
import { hasParameters, type ListQuery, type MembershipSideName, type RciSession } from './session.js';
import { invalidId, rejectedWith } from './errors.js';
import { canonicalId, collectionSpec, resources, type MembershipName, type ResourceName } from './resources.js';
import type { RciObject } from './schemas.js';

/**
 * The DataLoaders of one request (one caller): every by-id GET and every sub-collection GET goes
 * through them, so one GraphQL request never sends the same RCI GET twice, and concurrent loads of
 * one tick go out together. They are built per request from the catalogue and never shared: their
 * cache holds what this caller's credentials were allowed to read.
 *
 * RCI has no multi-id endpoint, so a batch is a set of concurrent GETs, bounded by the client's pool.
 */
export class RciLoaders {
  private readonly byId = new Map<ResourceName, RequestLoader<RciObject | null>>();
  /** Looked up by name, not by a key string built per read: a cold page reads hundreds of lists. */
  private readonly lists = new Map<ResourceName, RequestLoader<RciObject[]>>();
  private readonly memberLists = new Map<MembershipName, Partial<Record<MembershipSideName, ListLoader>>>();
  private currentSource?: RequestLoader<RciObject | null>;
  /** The value of every load fulfilled so far, by the promise answered for it (see `settledValue`). */
  private readonly fulfilled = new Map<Promise<unknown>, unknown>();
  /** The loaders' reads go through the shared answer cache; `session` itself (used by writes) never does. */
  private readonly reads: RciSession;

  constructor(readonly session: RciSession) {
    this.reads = session.throughCache();
  }

  /**
   * One object by id (and, for nested collections, its parent's id); `null` when RCI has none.
   * Ids are checked and canonicalised first, so `e936…` and `E936…` share one GET and a malformed id
   * is refused without a call: the promise rejects, it never throws.
   */
  load(name: ResourceName, id: string, parentId?: string): Promise<RciObject | null> {
    let key: string;
    try {
      key = this.key(name, id, parentId);
    } catch (error) {
      return rejectedWith(error);
    }
    return this.objectLoader(name).load(key);
  }

  /** A whole collection (or one page of it). Full objects prime the by-id cache. */
  list(name: ResourceName, query: ListQuery = {}, parentId?: string): Promise<RciObject[]> {
    let loader = this.lists.get(name);
    if (!loader) {
      const primes = !collectionSpec(name).list.summary;
      loader = new RequestLoader(this.fulfilled, (key) => {
        const { owner, query: q } = fromListKey(key);
        const items = this.reads.list(name, q, owner);
        if (!primes) return items;
        return items.then((full) => {
          for (const item of full) if (item.id) this.prime(name, item, owner);
          return full;
        });
      });
      this.lists.set(name, loader);
    }
    return loader.load(listKey(parentId, query));
  }

  /** The members on one side of a membership (summaries). */
  members(
    membership: MembershipName,
    side: MembershipSideName,
    ownerId: string,
    query: ListQuery = {},
  ): Promise<RciObject[]> {
    let sides = this.memberLists.get(membership);
    if (!sides) {
      sides = {};
      this.memberLists.set(membership, sides);
    }
    const loader = (sides[side] ??= new RequestLoader(this.fulfilled, (key) => {
      const { owner, query: q } = fromListKey(key);
      return this.reads.members(membership, side, owner!, q);
    }));
    return loader.load(listKey(ownerId, query));
  }

  /** The current source code version of a custom IVR. */
  currentSourceCode(customIvrId: string): Promise<RciObject | null> {
    this.currentSource ??= new RequestLoader(this.fulfilled, (id) => this.reads.currentSourceCode(id));
    return this.currentSource.load(customIvrId);
  }

  /**
   * Seeds the by-id cache with an object already read in full. An object whose id is not one (RCI
   * answered it so; it is read leniently, as it came) is not seeded: no load could ask for it, and
   * refusing it here would fail the whole list that carries it.
   */
  prime(name: ResourceName, object: RciObject, parentId?: string): void {
    if (!object.id) return;
    let key: string;
    try {
      key = this.key(name, String(object.id), parentId);
    } catch {
      return;
    }
    this.objectLoader(name).prime(key, object);
  }

  /**
   * The value `promise` (answered by one of these loaders) was fulfilled with, or `PENDING` while it has
   * not been (or it failed). A field whose read is done answers at once, without a promise step of its
   * own and of the executor's for it: see schema/readAhead.ts, which reads a page's fields ahead.
   */
  settledValue<T>(promise: Promise<T>): T | typeof PENDING {
    return this.fulfilled.has(promise) ? (this.fulfilled.get(promise) as T) : PENDING;
  }

  /**
   * Forgets everything read so far. Called after every write: a write can change objects, lists and
   * both sides of memberships, and the rest of the request (the payload, later fields) must show
   * the new state. Writes are few, so re-reading is cheaper than being clever here.
   */
  invalidateAll(): void {
    for (const loader of this.byId.values()) loader.clearAll();
    for (const loader of this.lists.values()) loader.clearAll();
    for (const sides of this.memberLists.values()) for (const loader of Object.values(sides)) loader.clearAll();
    this.currentSource?.clearAll();
    this.fulfilled.clear();
  }

  private key(name: ResourceName, id: string, parentId?: string): string {
    const spec = resources[name];
    const canonical = canonicalId(spec.idFormat, id);
    if (canonical === null) throw invalidId(spec.record, id);
    if (!('parent' in spec)) return canonical;
    const parent = resources[spec.parent];
    const parentKey = parentId === undefined ? null : canonicalId(parent.idFormat, parentId);
    if (parentKey === null) throw invalidId(parent.record, parentId ?? '');
    return `${parentKey}/${canonical}`;
  }

  private objectLoader(name: ResourceName): RequestLoader<RciObject | null> {
    let loader = this.byId.get(name);
    if (!loader) {
      const nested = 'parent' in resources[name];
      loader = new RequestLoader(this.fulfilled, (key) => {
        // Nested keys are `parentId/id`; GUIDs never contain '/', and time zones have no children.
        if (!nested) return this.reads.get(name, key);
        const slash = key.indexOf('/');
        return this.reads.get(name, key.slice(slash + 1), key.slice(0, slash));
      });
      this.byId.set(name, loader);
    }
    return loader;
  }
}

type ListLoader = RequestLoader<RciObject[]>;

/** What `settledValue` answers for a load not fulfilled (yet). */
export const PENDING: unique symbol = Symbol('pending');

/**
 * A DataLoader whose cache is looked at first: a key loaded before answers the very promise it was
 * answered before. DataLoader itself answers a cache hit with a new promise, settled when its next batch
 * goes out, per hit: a page's user skills load their skill hundreds of times, a few dozen distinct ones.
 * Primed values wait as they are until asked for: a page lists hundreds of objects in full (its users,
 * their skills), and few are ever asked for again by id.
 */
class RequestLoader<V> {
  /** DataLoader's cache: the promise answered for each key asked for. */
  private readonly loaded = new Map<string, Promise<V>>();
  /** Values primed and not asked for yet. */
  private readonly primed = new Map<string, V>();
  private readonly loader: DataLoader<string, V>;

  /**
   * `fetch` reads one key; `fulfilled` is told the value of each promise answered, once it is known (by
   * the promise, so that a field holding it can answer at once).
   */
  constructor(
    private readonly fulfilled: Map<Promise<unknown>, unknown>,
    fetch: (key: string) => Promise<V>,
  ) {
    this.loader = new DataLoader((keys) => this.settle(keys, fetch), { cacheMap: this.loaded });
  }

  load(key: string): Promise<V> {
    const loaded = this.loaded.get(key);
    if (loaded) return loaded;
    if (this.primed.has(key)) {
      const value = this.primed.get(key) as V;
      const answered = Promise.resolve(value);
      this.fulfilled.set(answered, value);
      this.primed.delete(key);
      this.loaded.set(key, answered);
      return answered;
    }
    return this.loader.load(key);
  }

  /** Seeds the cache with `value` under `key`, in place of anything loaded before. */
  prime(key: string, value: V): void {
    this.loaded.delete(key);
    this.primed.set(key, value);
  }

  clearAll(): void {
    this.loader.clearAll();
    this.primed.clear();
  }

  /**
   * Runs one fetch per key concurrently, each key settling as soon as its own fetch does: RCI has no
   * multi-id endpoint, so a batch is only calls sent together, and one slow call must not hold back the
   * others (a streamed list sends each item when its own reads are done). DataLoader resolves each key
   * with the promise given for it, so the key follows that promise; a failed fetch rejects its key alone.
   */
  private settle(keys: readonly string[], fetch: (key: string) => Promise<V>): Promise<(V | Error)[]> {
    const settling = keys.map((key) => {
      // The promise DataLoader answered for this key, taken now: by the time the fetch is done, a write
      // may have cleared the key and a later load been answered another promise, for a fresh read.
      const answered = this.loaded.get(key);
      const promise = fetch(key);
      // Handled here too, so a rejection that happens before DataLoader takes the promise over is never
      // unhandled.
      promise.then((value) => answered && this.fulfilled.set(answered, value), ignore);
      return promise;
    });
    return Promise.resolve(settling as unknown as (V | Error)[]);
  }
}

function ignore(): void {}

/**
 * The key of a list read: its owner's id alone when it has no parameters (the common case, one per object
 * on a page: no JSON to write and read back), otherwise the owner and the parameters as JSON.
 */
function listKey(owner: string | undefined, query: ListQuery): string {
  if (hasParameters(query)) return JSON.stringify({ o: owner, q: query });
  return owner === undefined ? '' : `/${owner}`;
}

/** The query of a list read without parameters (nearly every one): one object for all, never changed. */
const NO_QUERY: ListQuery = Object.freeze({});

function fromListKey(key: string): { owner?: string; query: ListQuery } {
  if (key === '') return { query: NO_QUERY };
  if (key[0] === '/') return { owner: key.slice(1), query: NO_QUERY };
  const { o, q } = JSON.parse(key) as { o?: string; q: ListQuery };
  return { owner: o, query: q };
}
