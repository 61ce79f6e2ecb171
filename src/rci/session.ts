import { readTags, writeTags, type ReadTarget, type WriteTarget } from './cache/invalidation.js';
import type { CacheMode, CallerScope } from './cache/index.js';
import type { CallerContext, RciClient, RciTarget } from './client.js';
import { invalidId, rejectedWith, RciError } from './errors.js';
import {
  canonicalId,
  collectionSpec,
  memberships,
  type CollectionSpec,
  type IdFormat,
  type MembershipName,
  type MembershipSide,
  type ResourceName,
} from './resources.js';
import { parseList, parseObject, type RciObject } from './schemas.js';

/**
 * The RCI in the catalogue's terms, as one caller sees it: each operation builds its URL from the
 * catalogue (ids checked against their format and encoded here, so nothing malformed reaches RCI),
 * reads through the shared cache where that is safe, invalidates what a write can have changed, and
 * parses the answer. Every call carries the caller's `Authorization` and stops when the caller's
 * request goes away.
 */

/** Which side of a membership, from the owner's point of view: `a` is users→roles etc. */
export type MembershipSideName = 'a' | 'b';

export interface ListQuery {
  /** Searchable field → pattern (or flag/timestamp text). */
  search?: Record<string, string>;
  /** `sort` values, e.g. `['-firstName', 'surname']`. */
  sort?: string[];
  /** BCP 47 locale for the sort collation. */
  sortLocale?: string;
  offset?: number;
  limit?: number;
}

/** A segment of a path: fixed, or an id checked against its format (`what` names it in errors). */
type PathPart = string | { id: string; format: IdFormat; what: string };

/** How a caller's writes invalidate the cache; shared by its session and the session's cached view. */
interface Invalidations {
  /** While held (a bulk mutation runs): the tags its writes bumped, invalidated once at the release. */
  held?: Set<string>;
}

export class RciSession {
  constructor(
    private readonly client: RciClient,
    private readonly caller: CallerContext,
    /** Whether reads may be answered by the shared cache; only the loaders' view says yes. */
    private readonly cached = false,
    private readonly invalidations: Invalidations = {},
  ) {}

  private scope?: CallerScope;

  /**
   * The same caller, reading through the shared answer cache. Only the loaders read this way: a read
   * that feeds a write (the GET of a partial update, a check before a write) uses the session itself
   * and always asks RCI, so a stale copy can never be merged into a PUT.
   */
  throughCache(): RciSession {
    return new RciSession(this.client, this.caller, true, this.invalidations);
  }

  /**
   * Holds back the cache invalidations of this caller's writes until the returned release, which makes
   * them at once, one per tag: a bulk of 200 writes to users' skills invalidates `userSkills` once, not
   * 200 times. Until then this caller's reads bypass the cache (its own writes are not reflected there
   * yet); other callers may still be answered what RCI held before. A hold inside a hold is released
   * by the outer one.
   */
  holdInvalidations(): () => Promise<void> {
    if (this.invalidations.held) return () => Promise.resolve();
    const held = new Set<string>();
    this.invalidations.held = held;
    return async () => {
      if (this.invalidations.held === held) this.invalidations.held = undefined;
      if (held.size > 0) await this.client.cache?.invalidate([...held].sort());
    };
  }

  /**
   * The same caller with `calls` turns of its rate limit in hand, for a write of several calls: taken
   * before the first is sent, so the write is sent whole or not at all (`RATE_LIMITED`, nothing sent).
   */
  async reserve(calls: number): Promise<RciSession> {
    const caller = await this.client.reserve(this.caller, calls);
    return caller === this.caller ? this : new RciSession(this.client, caller, this.cached, this.invalidations);
  }

  /** GET of one object; `null` when RCI answers 404. */
  get(name: ResourceName, id: string, parentId?: string): Promise<RciObject | null> {
    return rejecting(() => {
      const target = this.target([...this.base(name, parentId), this.idPart(name, id)]);
      return this.getJson(target, { collection: name }, (json) => parseObject(collectionSpec(name).record, json), true);
    });
  }

  /** GET of a collection; items are summaries when the catalogue says so. */
  list(name: ResourceName, query?: ListQuery, parentId?: string): Promise<RciObject[]> {
    return rejecting(() => {
      const spec = collectionSpec(name);
      const target = this.target(this.base(name, parentId), queryParams(spec, query));
      return this.getJson(target, { collection: name }, (json) =>
        parseList(spec.record, json, spec.list.summary ? 'summary' : 'full'),
      );
    });
  }

  /** `GET /customIvrs/{id}/currentSourceCodeVersion`; `null` when there is none. */
  async currentSourceCode(customIvrId: string): Promise<RciObject | null> {
    const target = this.target(['customIvrs', this.idPart('customIvrs', customIvrId), 'currentSourceCodeVersion']);
    return this.getJson(target, { currentSourceCodeOf: 'customIvrs' }, (json) => parseObject('sourceCode', json), true);
  }

  /** The members on one side of a membership, e.g. the roles of a user. */
  members(
    membership: MembershipName,
    side: MembershipSideName,
    ownerId: string,
    query?: ListQuery,
  ): Promise<RciObject[]> {
    return rejecting(() => {
      const s: MembershipSide = memberships[membership][side];
      const target = this.target(
        [collectionSpec(s.owner).segment, this.idPart(s.owner, ownerId), s.segment],
        queryParams(s, query),
      );
      return this.getJson(target, { membership }, (json) =>
        parseList(collectionSpec(s.member).record, json, s.list.summary ? 'summary' : 'full'),
      );
    });
  }

  /** POST of a new object; answers its id. */
  async create(name: ResourceName, body: Record<string, unknown>, parentId?: string): Promise<string> {
    const target = this.target(this.base(name, parentId));
    return this.write({ collection: name }, () => this.postForId(target, body));
  }

  /** PUT of a whole object (RCI replaces it: whatever the body leaves out is cleared). */
  async replace(name: ResourceName, id: string, body: Record<string, unknown>, parentId?: string): Promise<void> {
    const target = this.target([...this.base(name, parentId), this.idPart(name, id)]);
    await this.write({ collection: name }, () => this.client.send(this.caller, 'PUT', target, body));
  }

  async delete(name: ResourceName, id: string, parentId?: string): Promise<void> {
    const target = this.target([...this.base(name, parentId), this.idPart(name, id)]);
    await this.write({ collection: name }, () => this.client.send(this.caller, 'DELETE', target));
  }

  /** Adds a member on one side of a membership (`POST /users/{u}/roles {"id": r}`). */
  async addMember(membership: MembershipName, side: MembershipSideName, ownerId: string, memberId: string) {
    const s: MembershipSide = memberships[membership][side];
    const member = canonicalId(collectionSpec(s.member).idFormat, memberId);
    if (member === null) throw invalidId(noun(s.member), memberId);
    const target = this.target([collectionSpec(s.owner).segment, this.idPart(s.owner, ownerId), s.segment]);
    await this.write({ membership }, () => this.postForId(target, { id: member }));
  }

  async removeMember(membership: MembershipName, side: MembershipSideName, ownerId: string, memberId: string) {
    const s: MembershipSide = memberships[membership][side];
    const target = this.target([
      collectionSpec(s.owner).segment,
      this.idPart(s.owner, ownerId),
      s.segment,
      this.idPart(s.member, memberId),
    ]);
    await this.write({ membership }, () => this.client.send(this.caller, 'DELETE', target));
  }

  /** The path of a collection, below its parent object for a nested one. */
  private base(name: ResourceName, parentId: string | undefined): PathPart[] {
    const spec = collectionSpec(name);
    if (!spec.parent) return [spec.segment];
    if (parentId === undefined) throw new Error(`${name} needs a parent id`);
    const parent = collectionSpec(spec.parent);
    return [parent.segment, { id: parentId, format: parent.idFormat, what: noun(spec.parent) }, spec.segment];
  }

  private idPart(name: ResourceName, id: string): PathPart {
    return { id, format: collectionSpec(name).idFormat, what: noun(name) };
  }

  /**
   * The path of an operation below the base. Every id passes `canonicalId` and `encodeURIComponent`.
   * Built as a string, not parsed as a URL: the segments are the catalogue's own or encoded ids whose
   * format rules out `.` and `..`, so a URL parser would change nothing, and would cost a parse per call.
   */
  private target(parts: readonly PathPart[], query?: URLSearchParams): RciTarget {
    let path = this.client.base.pathname;
    let template = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        path += `/${part}`;
        template += `/${part}`;
        continue;
      }
      const id = canonicalId(part.format, part.id);
      if (id === null) throw invalidId(part.what, part.id);
      // A GUID's canonical form is hex, nothing to encode. An IANA name keeps its slashes
      // (`Europe/Helsinki`): servers commonly refuse an encoded slash in a path, and the format check
      // above has already ruled out empty, `.` and `..` segments.
      path += part.format === 'guid' ? `/${id}` : `/${id.split('/').map(encodeURIComponent).join('/')}`;
      template += '/{id}';
    }
    return { path, query: query?.size ? query.toString() : '', template };
  }

  /**
   * Runs a write, then drops every cached answer it can have changed, for every caller — also when
   * the write failed: a lost answer may hide a write that happened. While invalidations are held, the
   * tags are kept for the release instead.
   */
  private async write<T>(target: WriteTarget, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } finally {
      const held = this.invalidations.held;
      if (held) for (const tag of writeTags(target)) held.add(tag);
      else await this.client.cache?.invalidate(writeTags(target));
    }
  }

  /**
   * The answer of a GET, parsed as JSON and then by `parse`, in one step after the answer comes. With
   * `nullOn404`, a 404 answers `null`: the object does not exist, which is an answer, not an error.
   */
  private getJson<T>(target: RciTarget, read: ReadTarget, parse: (json: unknown) => T): Promise<T>;
  private getJson<T>(
    target: RciTarget,
    read: ReadTarget,
    parse: (json: unknown) => T,
    nullOn404: true,
  ): Promise<T | null>;
  private getJson<T>(
    target: RciTarget,
    read: ReadTarget,
    parse: (json: unknown) => T,
    nullOn404?: true,
  ): Promise<T | null> {
    return this.getText(target, read).then((text) => parse(parseJson(text)), nullOn404 ? notFoundAsNull : undefined);
  }

  /**
   * The answer text of a GET, through the shared cache when this view reads through it. Not an async
   * function, nor are the layers below it down to the wire: a cold page makes hundreds of these reads.
   */
  private getText(target: RciTarget, read: ReadTarget): Promise<string> {
    const cache = this.client.cache;
    if (!cache || !this.cached || this.invalidations.held) {
      this.caller.reads?.noteUntracked();
      return this.client.send(this.caller, 'GET', target).then(textOf);
    }
    const mode: CacheMode = this.caller.fresh ? 'refresh' : 'cached';
    this.scope ??= { identity: this.caller.authorization ?? this.client.serviceIdentity };
    const observer = this.client.observer;
    return cache.read(
      this.scope,
      cacheUrl(target),
      readTags(read),
      mode,
      (shared) =>
        shared
          ? this.client.sendShared(this.caller, target, shared)
          : this.client.send(this.caller, 'GET', target).then(textOf),
      this.caller.reads,
      observer?.cacheLookup && ((result) => observer.cacheLookup!({ template: target.template, result })),
    );
  }

  private async postForId(target: RciTarget, body: Record<string, unknown>): Promise<string> {
    const { status, text } = await this.client.send(this.caller, 'POST', target, body);
    const id = canonicalId('guid', text.trim());
    if (id === null) {
      // RCI said yes: the write happened, only its id is unreadable. Any other code would invite a
      // client to repeat the POST and create a second object.
      throw new RciError(
        'UPSTREAM_OUTCOME_UNKNOWN',
        `RCI accepted the write (status ${status}) but did not answer a readable id: check before repeating it`,
        { status, operation: `POST ${this.client.describe(target.path)}` },
      );
    }
    return id;
  }
}

/** The query string of a list read; `undefined` when it has none (most reads: no parameters object is built). */
function queryParams(
  spec: { list: CollectionSpec['list'] },
  query: ListQuery | undefined,
): URLSearchParams | undefined {
  if (!query || !hasParameters(query)) return undefined;
  const params = new URLSearchParams();
  for (const [field, value] of Object.entries(query.search ?? {})) {
    if (!(field in spec.list.search)) throw new RciError('BAD_USER_INPUT', `'${field}' is not searchable here`);
    params.append(field, value);
  }
  if (query.sort?.length) {
    params.set('sort', [...query.sort, ...(query.sortLocale ? [`LOCALE-${query.sortLocale}`] : [])].join(','));
  }
  if (spec.list.paged) {
    if (query.offset !== undefined) params.set('offset', String(query.offset));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
  }
  return params;
}

/**
 * What `run` answers, or a promise rejected with what it throws: the reads are not async functions (a
 * cold page makes hundreds, and an async frame each costs it measurably), yet a malformed id must fail
 * its own read as a rejection, never the batch of reads it was sent with.
 */
function rejecting<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return rejectedWith(error);
  }
}

/** Whether a list read sends parameters: any of them set. */
export function hasParameters(query: ListQuery): boolean {
  for (const parameter in query) if (query[parameter as keyof ListQuery] !== undefined) return true;
  return false;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RciError('UPSTREAM_ERROR', 'RCI answered a body that is not JSON');
  }
}

/** A 404 of a by-id read: the object does not exist, which is an answer, not an error. */
function notFoundAsNull(error: unknown): null {
  if (error instanceof RciError && error.code === 'NOT_FOUND') return null;
  throw error;
}

function textOf(result: { text: string }): string {
  return result.text;
}

/** The cache's view of a target: path and query, parameters in a stable order. */
function cacheUrl(target: RciTarget): string {
  if (!target.query) return target.path;
  const params = new URLSearchParams(target.query);
  params.sort();
  return `${target.path}?${params.toString()}`;
}

/** The RCI's noun for a collection's objects in error messages, e.g. `user`. */
function noun(name: ResourceName): string {
  return collectionSpec(name).record;
}
