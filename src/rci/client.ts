import { setMaxListeners } from 'node:events';
import { Agent, errors as undiciErrors, request, type Dispatcher } from 'undici';
import { readTags, writeTags, type ReadTarget, type WriteTarget } from './cache/invalidation.js';
import type { CacheMode, CallerScope, RciCache } from './cache/index.js';
import { invalidId, RciError } from './errors.js';
import type { RciObserver } from './observer.js';
import {
  canonicalId,
  memberships,
  resources,
  type CollectionSpec,
  type IdFormat,
  type MembershipName,
  type MembershipSide,
  type ResourceName,
} from './resources.js';
import { RciScheduler, SchedulerAbort } from './scheduler.js';
import { parseList, parseObject, type RciObject } from './schemas.js';

/**
 * The one HTTP client of the RCI. It builds every URL (ids checked against their format and encoded
 * here, so nothing malformed reaches RCI), forwards the caller's credentials, bounds every call with a
 * timeout tied to the caller's request, shares the connections fairly across requests (scheduler.ts),
 * retries what is safe to retry, and classifies failures.
 */

export interface RciClientOptions {
  /** Base URL of the RCI, e.g. `http://127.0.0.1:8080/RI/rci`. */
  baseUrl: string;
  /** Timeout of one call (each attempt), in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Maximum concurrent connections. @default 128 */
  connections?: number;
  /** Retries of idempotent calls after a 5xx or connection error. @default 2 */
  retries?: number;
  /** Service credentials used when a caller sends no `Authorization`. */
  serviceCredentials?: { username: string; password: string };
  /** Most RCI calls (retries included) one caller's request may make. @default 5000 */
  maxCallsPerRequest?: number;
  /**
   * Longest `Retry-After` (in seconds) of a 429 answer that an idempotent call waits for before its
   * retry; a longer one fails the call at once.
   * @default 10
   */
  maxRetryAfterSeconds?: number;
  /** Told about the client's work: every attempt and retry, calls waiting for a connection. @default none */
  observer?: RciObserver;
  /** The answer cache shared across requests (and processes, with Redis). @default undefined (no cache) */
  cache?: RciCache;
}

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

/** Per-caller facts every call carries. */
export interface CallerContext {
  /** The caller's `Authorization` header, forwarded unchanged. */
  authorization?: string;
  /** Aborted when the caller's request goes away. */
  signal?: AbortSignal;
  /** How many more RCI calls (retries included) this caller's request may make. */
  budget?: { limit: number; remaining: number };
  /** The caller sent `Cache-Control: no-cache`: every read goes to RCI (and refreshes the cache). */
  fresh?: boolean;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type PathPart = string | { id: string; format: IdFormat; what: string };

/** Counts kept for benchmarks and diagnostics. */
export interface RciClientStats {
  calls: number;
  retries: number;
}

export class RciClient {
  readonly stats: RciClientStats = { calls: 0, retries: 0 };
  private readonly base: URL;
  private readonly dispatcher: Dispatcher;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly serviceAuthorization?: string;
  private readonly maxCallsPerRequest: number;
  private readonly maxRetryAfterMs: number;
  private readonly scheduler: RciScheduler;
  readonly observer?: RciObserver;
  readonly cache?: RciCache;
  /** The resource template of each URL `url()` built, so events never carry a concrete id. */
  private readonly templates = new WeakMap<URL, string>();

  constructor(options: RciClientOptions) {
    this.observer = options.observer;
    this.cache = options.cache?.enabled ? options.cache : undefined;
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    this.maxCallsPerRequest = options.maxCallsPerRequest ?? 5000;
    this.maxRetryAfterMs = (options.maxRetryAfterSeconds ?? 10) * 1000;
    const connections = options.connections ?? 128;
    // Calls wait in the scheduler, where they are served fairly across requests; undici is never
    // handed more calls than it has connections, so its own first-come queue stays empty.
    this.scheduler = new RciScheduler({ slots: connections, observer: options.observer });
    this.dispatcher = new Agent({
      connections,
      keepAliveTimeout: 10_000,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    if (options.serviceCredentials) {
      const { username, password } = options.serviceCredentials;
      this.serviceAuthorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
  }

  /** Calls waiting for a free RCI connection. */
  get queueLength(): number {
    return this.scheduler.queueLength;
  }

  /** A view of the client bound to one caller's credentials, request lifetime and call budget. */
  forCaller(caller: Omit<CallerContext, 'budget'>): RciSession {
    const limit = this.maxCallsPerRequest;
    // Each waiting or running call listens on the request's signal for as long as it lasts (and no
    // longer): hundreds at once are expected, not a leak.
    if (caller.signal) setMaxListeners(0, caller.signal);
    return new RciSession(this, { ...caller, budget: { limit, remaining: limit } });
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }

  /**
   * One cheap GET (the time zones: a handful of objects) that tells whether RCI is serving: resolves with
   * its status, rejects when RCI cannot be reached before `signal` aborts. Sent with the service
   * credentials when set; without them a 401 still proves RCI answers.
   */
  async probe(signal: AbortSignal): Promise<number> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.serviceAuthorization) headers.authorization = this.serviceAuthorization;
    const response = await request(this.url(['timeZones']), { headers, signal, dispatcher: this.dispatcher });
    await response.body.dump();
    return response.statusCode;
  }

  /** Builds the URL of a path below the base. Every id passes `canonicalId` and `encodeURIComponent`. */
  url(parts: readonly PathPart[], query?: URLSearchParams): URL {
    const segments = parts.map((part) => {
      if (typeof part === 'string') return part;
      const id = canonicalId(part.format, part.id);
      if (id === null) throw invalidId(part.what, part.id);
      // An IANA name keeps its slashes (`Europe/Helsinki`): servers commonly refuse an encoded slash in
      // a path, and the format check above has already ruled out empty, `.` and `..` segments.
      return id.split('/').map(encodeURIComponent).join('/');
    });
    const url = new URL(`${this.base.pathname}/${segments.join('/')}`, this.base);
    if (query && [...query.keys()].length > 0) url.search = query.toString();
    this.templates.set(url, `/${parts.map((part) => (typeof part === 'string' ? part : '{id}')).join('/')}`);
    return url;
  }

  /** One RCI call with timeout, cancellation, retries and error classification. */
  async send(
    caller: CallerContext,
    method: Method,
    url: URL,
    body?: unknown,
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = {
      accept: method === 'POST' ? 'text/html, application/json;q=0.9' : 'application/json',
    };
    const authorization = caller.authorization ?? this.serviceAuthorization;
    if (authorization) headers.authorization = authorization;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    const template = this.template(url);

    let previous: RciError | undefined;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.attempt({ caller, method, url, headers, payload, template, attempt });
      if ('text' in outcome) return outcome;
      // A DELETE repeated after its answer was lost finds nothing: the first one got through.
      if (method === 'DELETE' && previous?.code === 'UPSTREAM_OUTCOME_UNKNOWN' && outcome.error.code === 'NOT_FOUND') {
        return { status: 204, text: '' };
      }
      if (!outcome.retryable || attempt >= this.retries) throw outcome.error;
      previous = outcome.error;
      this.stats.retries++;
      this.observer?.retried?.({ method, template });
      await pause(outcome.retryAfterMs ?? backoffMs(attempt), caller.signal);
    }
  }

  private async attempt(call: Call): Promise<Attempt> {
    const { caller, method, url } = call;
    if (caller.signal?.aborted) return { error: cancelled(), retryable: false };
    if (caller.budget) {
      if (caller.budget.remaining <= 0) {
        return {
          error: new RciError(
            'QUERY_TOO_COMPLEX',
            `This request needs more than ${caller.budget.limit} RCI calls; ask for fewer objects at once`,
          ),
          retryable: false,
        };
      }
      caller.budget.remaining--;
    }
    try {
      // The caller object is the request: its calls take turns with other requests' calls.
      return await this.scheduler.run(
        caller,
        () => this.exchange(call),
        caller.signal,
        // Waiting for a connection is bounded too, more loosely: a few call timeouts.
        this.timeoutMs * QUEUE_TIMEOUTS,
      );
    } catch (error) {
      if (!(error instanceof SchedulerAbort)) throw error;
      if (error.reason === 'cancelled') return { error: cancelled(), retryable: false };
      // Nothing was sent, so even a write is known not to have happened.
      return {
        error: new RciError('UPSTREAM_TIMEOUT', 'No RCI connection came free in time; nothing was sent', {
          operation: this.operation(method, url),
          queued: true,
        }),
        retryable: false,
      };
    }
  }

  /** One request and its answer, on a connection the scheduler granted. */
  private async exchange(call: Call): Promise<Attempt> {
    const { caller, method, url, headers, payload } = call;
    // One timer per attempt, cleared when it ends, and one abort listener per caller's request for all
    // its calls: cheaper on this hot path than AbortSignal.timeout + AbortSignal.any, whose combined
    // signals Node keeps alive as long as the caller's signal.
    const handler = new CallHandler();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      handler.abort();
    }, this.timeoutMs);
    const active = activeCalls(caller);
    active?.add(handler);
    this.stats.calls++;
    const trace = this.observer?.callStarted?.({ method, template: call.template, attempt: call.attempt });
    const started = performance.now();
    const end = (status: number | undefined, code?: string) =>
      trace?.end({ status, code, durationMs: performance.now() - started });
    try {
      this.dispatcher.dispatch(
        {
          origin: this.base.origin,
          path: url.pathname + url.search,
          method,
          // The observer's headers (`traceparent`) never replace the gateway's own.
          headers: trace?.headers ? { ...trace.headers, ...headers } : headers,
          body: payload,
        },
        handler,
      );
      const response = await handler.done;
      const text = response.text;
      if (response.statusCode < 300) {
        end(response.statusCode);
        return { status: response.statusCode, text };
      }
      if (response.statusCode === 429) {
        const limited = this.rateLimited(method, response.retryAfter, this.operation(method, url));
        end(429, 'error' in limited ? limited.error.code : undefined);
        return limited;
      }
      const error = statusError(response.statusCode, text, this.operation(method, url));
      end(response.statusCode, error.code);
      // A 5xx means RCI did not do the work; only idempotent calls are repeated even so.
      return { error, retryable: method !== 'POST' && response.statusCode >= 500 };
    } catch (error) {
      if (caller.signal?.aborted) {
        end(undefined, 'CLIENT_CLOSED_REQUEST');
        return { error: cancelled(), retryable: false };
      }
      const failure = transportError(error, timedOut || isUndiciTimeout(error), method, this.operation(method, url));
      end(undefined, failure.code);
      // GET, PUT and DELETE are idempotent: repeating them cannot duplicate anything. POST never is:
      // a POST whose answer was lost may have created the object already.
      return { error: failure, retryable: method !== 'POST' && failure.code !== 'UPSTREAM_TIMEOUT' };
    } finally {
      clearTimeout(timer);
      active?.delete(handler);
    }
  }

  /**
   * 429: RCI did not do the work and says when to come back. An idempotent call waits that long and
   * tries again, unless the wait is longer than a caller should be kept waiting; a POST is never repeated.
   */
  private rateLimited(method: Method, header: string | string[] | undefined, operation: string): Attempt {
    const waitMs = retryAfterMs(Array.isArray(header) ? header[0] : header);
    const error = new RciError(
      'UPSTREAM_UNAVAILABLE',
      waitMs === undefined
        ? 'RCI refused the call: too many requests'
        : `RCI refused the call: too many requests; it asked to wait ${Math.ceil(waitMs / 1000)} s`,
      { status: 429, operation, ...(waitMs === undefined ? {} : { retryAfterSeconds: Math.ceil(waitMs / 1000) }) },
    );
    if (method === 'POST' || (waitMs !== undefined && waitMs > this.maxRetryAfterMs)) {
      return { error, retryable: false };
    }
    return { error, retryable: true, retryAfterMs: waitMs };
  }

  /** The credential of callers without their own `Authorization` ('' when there is none). */
  get serviceIdentity(): string {
    return this.serviceAuthorization ?? '';
  }

  /** The resource template of a URL that `url()` built, ids replaced by `{id}`: what observers are told. */
  template(url: URL): string {
    return this.templates.get(url) ?? '/{other}';
  }

  /** A call as errors name it, e.g. `GET /users/{id}`: built only when an error needs it. */
  private operation(method: Method, url: URL): string {
    return `${method} ${this.describe(url)}`;
  }

  /** The operation as shown in errors: path below the base, no host, no query string. */
  describe(url: URL): string {
    return decodeURIComponent(url.pathname.slice(this.base.pathname.length)) || '/';
  }
}

/** One attempt of one RCI call: everything `attempt` and `exchange` need, built once per call. */
interface Call {
  caller: CallerContext;
  method: Method;
  url: URL;
  headers: Record<string, string>;
  payload: string | undefined;
  /** The resource template, for observers. */
  template: string;
  /** 0 for the first attempt. */
  attempt: number;
}

type Attempt =
  | { status: number; text: string }
  | { error: RciError; retryable: boolean; /** Wait asked for by RCI (429 `Retry-After`). */ retryAfterMs?: number };

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** What one call answered: its status, its body as text, and a 429's `Retry-After`. */
interface CallAnswer {
  statusCode: number;
  text: string;
  retryAfter?: string;
}

/**
 * The calls in flight of one caller's request, all aborted by one listener when the request goes away.
 * The listener is added with the first call of a burst and removed with its last, so nothing stays
 * attached to a long-lived signal between bursts.
 */
class ActiveCalls {
  private readonly calls = new Set<CallHandler>();
  private readonly abortAll = () => this.calls.forEach((call) => call.abort());

  constructor(private readonly signal: AbortSignal) {}

  add(call: CallHandler): void {
    if (this.calls.size === 0) this.signal.addEventListener('abort', this.abortAll, { once: true });
    this.calls.add(call);
  }

  delete(call: CallHandler): void {
    if (this.calls.delete(call) && this.calls.size === 0) this.signal.removeEventListener('abort', this.abortAll);
  }
}

const inFlight = new WeakMap<AbortSignal, ActiveCalls>();

function activeCalls(caller: CallerContext): ActiveCalls | undefined {
  const signal = caller.signal;
  if (!signal) return undefined;
  let calls = inFlight.get(signal);
  if (!calls) {
    calls = new ActiveCalls(signal);
    inFlight.set(signal, calls);
  }
  return calls;
}

/**
 * One call's answer, collected straight from undici's dispatcher: no response stream, no body mixin,
 * just the chunks of a small JSON answer joined once. Aborting settles the call at once, also while
 * it still waits for a connection; undici drops it when its turn comes.
 */
class CallHandler implements Dispatcher.DispatchHandler {
  readonly done: Promise<CallAnswer>;
  private resolve!: (answer: CallAnswer) => void;
  private reject!: (error: Error) => void;
  private settled = false;
  private cancel?: (reason?: Error) => void;
  private statusCode = 0;
  private retryAfter?: string;
  private readonly chunks: Buffer[] = [];

  constructor() {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  abort(): void {
    if (this.settled) return;
    this.settled = true;
    const reason = new undiciErrors.RequestAbortedError();
    this.reject(reason);
    this.cancel?.(reason);
  }

  onConnect(abort: (reason?: Error) => void): void {
    if (this.settled) abort(new undiciErrors.RequestAbortedError());
    else this.cancel = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.statusCode = statusCode;
    // Only a 429's `Retry-After` is read; every other header is of no use to the gateway.
    if (statusCode === 429) {
      for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
        if (rawHeaders[i].toString('latin1').toLowerCase() === 'retry-after')
          this.retryAfter = rawHeaders[i + 1].toString('latin1');
      }
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    const text =
      this.chunks.length === 1 ? this.chunks[0].toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
    this.resolve({ statusCode: this.statusCode, text, retryAfter: this.retryAfter });
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}

function statusError(status: number, text: string, operation: string): RciError {
  const rciMessage = text.trim().slice(0, 500);
  const details = { status, operation };
  switch (status) {
    case 400:
      return new RciError('BAD_USER_INPUT', rciMessage || 'RCI rejected the request', details);
    case 401:
      return new RciError('UNAUTHENTICATED', 'RCI did not accept the credentials', details);
    case 403:
      return new RciError('FORBIDDEN', 'RCI refused the operation for these credentials', details);
    case 404:
      return new RciError('NOT_FOUND', `Not found: ${operation}`, details);
  }
  if (status >= 500) return new RciError('UPSTREAM_UNAVAILABLE', `RCI failed with status ${status}`, details);
  return new RciError('UPSTREAM_ERROR', `RCI answered status ${status} to ${operation}`, details);
}

/** Errors thrown by undici before the request was written: nothing reached RCI. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** How many call timeouts a call may wait for a free connection before it fails as a timeout. */
const QUEUE_TIMEOUTS = 3;

function isUndiciTimeout(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

function transportError(error: unknown, timedOut: boolean, method: Method, operation: string): RciError {
  const details = { operation };
  if (timedOut) {
    return method === 'GET'
      ? new RciError('UPSTREAM_TIMEOUT', 'RCI did not answer in time', details)
      : new RciError(
          'UPSTREAM_OUTCOME_UNKNOWN',
          'RCI did not answer in time: the write may or may not have been applied',
          {
            ...details,
            timeout: true,
          },
        );
  }
  const code = (error as { code?: string; cause?: { code?: string } }).code;
  const causeCode = (error as { cause?: { code?: string } }).cause?.code;
  const notSent = NOT_SENT_CODES.has(code ?? '') || NOT_SENT_CODES.has(causeCode ?? '');
  if (method !== 'GET' && !notSent && !(error instanceof undiciErrors.ConnectTimeoutError)) {
    return new RciError(
      'UPSTREAM_OUTCOME_UNKNOWN',
      'The connection to RCI broke after the write was sent: it may or may not have been applied. Check before repeating it.',
      details,
    );
  }
  return new RciError('UPSTREAM_UNAVAILABLE', 'RCI could not be reached', details);
}

function cancelled(): RciError {
  return new RciError('CLIENT_CLOSED_REQUEST', 'The request was cancelled by the client');
}

function backoffMs(attempt: number): number {
  return 25 * 2 ** attempt + Math.random() * 25;
}

/** Waits `ms`, or less when the caller goes away; leaves no timer or listener behind either way. */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

const collection = (name: ResourceName): CollectionSpec => resources[name];

function queryParams(spec: { list: CollectionSpec['list'] }, query: ListQuery | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (!query) return params;
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
 * The client as one caller sees it: every call carries that caller's `Authorization` and stops when
 * that caller's request goes away. Operations are expressed in the catalogue's terms.
 */
export class RciSession {
  constructor(
    private readonly client: RciClient,
    private readonly caller: CallerContext,
    /** Whether reads may be answered by the shared cache; only the loaders' view says yes. */
    private readonly cached = false,
  ) {}

  private scope?: CallerScope;

  /**
   * The same caller, reading through the shared answer cache. Only the loaders read this way: a read
   * that feeds a write (the GET of a partial update, a check before a write) uses the session itself
   * and always asks RCI, so a stale copy can never be merged into a PUT.
   */
  throughCache(): RciSession {
    return new RciSession(this.client, this.caller, true);
  }

  private base(name: ResourceName, parentId: string | undefined): PathPart[] {
    const spec = collection(name);
    if (!spec.parent) return [spec.segment];
    if (parentId === undefined) throw new Error(`${name} needs a parent id`);
    const parent = collection(spec.parent);
    return [parent.segment, { id: parentId, format: parent.idFormat, what: noun(spec.parent) }, spec.segment];
  }

  private idPart(name: ResourceName, id: string): PathPart {
    return { id, format: collection(name).idFormat, what: noun(name) };
  }

  /** GET of one object; `null` when RCI answers 404. */
  async get(name: ResourceName, id: string, parentId?: string): Promise<RciObject | null> {
    const url = this.client.url([...this.base(name, parentId), this.idPart(name, id)]);
    const json = await this.getJson(url, true, { collection: name });
    return json === NOT_FOUND ? null : parseObject(collection(name).record, json);
  }

  /** GET of a collection; items are summaries when the catalogue says so. */
  async list(name: ResourceName, query?: ListQuery, parentId?: string): Promise<RciObject[]> {
    const spec = collection(name);
    const url = this.client.url(this.base(name, parentId), queryParams(spec, query));
    const json = await this.getJson(url, false, { collection: name });
    return parseList(spec.record, json, spec.list.summary ? 'summary' : 'full');
  }

  /** `GET /customIvrs/{id}/currentSourceCodeVersion`; `null` when there is none. */
  async currentSourceCode(customIvrId: string): Promise<RciObject | null> {
    const url = this.client.url(['customIvrs', this.idPart('customIvrs', customIvrId), 'currentSourceCodeVersion']);
    const json = await this.getJson(url, true, { currentSourceCodeOf: 'customIvrs' });
    return json === NOT_FOUND ? null : parseObject('sourceCode', json);
  }

  /** The members on one side of a membership, e.g. the roles of a user. */
  async members(membership: MembershipName, side: MembershipSideName, ownerId: string, query?: ListQuery) {
    const s: MembershipSide = memberships[membership][side];
    const url = this.client.url(
      [collection(s.owner).segment, this.idPart(s.owner, ownerId), s.segment],
      queryParams(s, query),
    );
    const json = await this.getJson(url, false, { membership });
    return parseList(collection(s.member).record, json, s.list.summary ? 'summary' : 'full');
  }

  /** POST of a new object; answers its id. */
  async create(name: ResourceName, body: Record<string, unknown>, parentId?: string): Promise<string> {
    const url = this.client.url(this.base(name, parentId));
    return this.write({ collection: name }, () => this.postForId(url, body));
  }

  /** PUT of a whole object (RCI replaces it: whatever the body leaves out is cleared). */
  async replace(name: ResourceName, id: string, body: Record<string, unknown>, parentId?: string): Promise<void> {
    const url = this.client.url([...this.base(name, parentId), this.idPart(name, id)]);
    await this.write({ collection: name }, () => this.client.send(this.caller, 'PUT', url, body));
  }

  async delete(name: ResourceName, id: string, parentId?: string): Promise<void> {
    const url = this.client.url([...this.base(name, parentId), this.idPart(name, id)]);
    await this.write({ collection: name }, () => this.client.send(this.caller, 'DELETE', url));
  }

  /** Adds a member on one side of a membership (`POST /users/{u}/roles {"id": r}`). */
  async addMember(membership: MembershipName, side: MembershipSideName, ownerId: string, memberId: string) {
    const s: MembershipSide = memberships[membership][side];
    const member = canonicalId(collection(s.member).idFormat, memberId);
    if (member === null) throw invalidId(noun(s.member), memberId);
    const url = this.client.url([collection(s.owner).segment, this.idPart(s.owner, ownerId), s.segment]);
    await this.write({ membership }, () => this.postForId(url, { id: member }));
  }

  async removeMember(membership: MembershipName, side: MembershipSideName, ownerId: string, memberId: string) {
    const s: MembershipSide = memberships[membership][side];
    const url = this.client.url([
      collection(s.owner).segment,
      this.idPart(s.owner, ownerId),
      s.segment,
      this.idPart(s.member, memberId),
    ]);
    await this.write({ membership }, () => this.client.send(this.caller, 'DELETE', url));
  }

  /**
   * Runs a write, then drops every cached answer it can have changed, for every caller — also when
   * the write failed: a lost answer may hide a write that happened.
   */
  private async write<T>(target: WriteTarget, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } finally {
      await this.client.cache?.invalidate(writeTags(target));
    }
  }

  private async getJson(url: URL, nullOn404: boolean, target: ReadTarget): Promise<unknown> {
    try {
      const text = await this.getText(url, target);
      try {
        return JSON.parse(text);
      } catch {
        throw new RciError('UPSTREAM_ERROR', 'RCI answered a body that is not JSON');
      }
    } catch (error) {
      if (nullOn404 && error instanceof RciError && error.code === 'NOT_FOUND') return NOT_FOUND;
      throw error;
    }
  }

  private async getText(url: URL, target: ReadTarget): Promise<string> {
    const fetch = async () => (await this.client.send(this.caller, 'GET', url)).text;
    const cache = this.client.cache;
    if (!cache || !this.cached) return fetch();
    const mode: CacheMode = this.caller.fresh ? 'refresh' : 'cached';
    this.scope ??= { identity: this.caller.authorization ?? this.client.serviceIdentity };
    const { text, result } = await cache.read(this.scope, cacheUrl(url), readTags(target), mode, fetch);
    this.client.observer?.cacheLookup?.({ template: this.client.template(url), result });
    return text;
  }

  private async postForId(url: URL, body: Record<string, unknown>): Promise<string> {
    const { status, text } = await this.client.send(this.caller, 'POST', url, body);
    const id = canonicalId('guid', text.trim());
    if (id === null) {
      // RCI said yes: the write happened, only its id is unreadable. Any other code would invite a
      // client to repeat the POST and create a second object.
      throw new RciError(
        'UPSTREAM_OUTCOME_UNKNOWN',
        `RCI accepted the write (status ${status}) but did not answer a readable id: check before repeating it`,
        { status, operation: `POST ${this.client.describe(url)}` },
      );
    }
    return id;
  }
}

const NOT_FOUND = Symbol('not found');

/** The cache's view of a URL: path and query, parameters in a stable order. */
function cacheUrl(url: URL): string {
  if (!url.search) return url.pathname;
  const params = new URLSearchParams(url.search);
  params.sort();
  return `${url.pathname}?${params.toString()}`;
}

/** The RCI's noun for a collection's objects in error messages, e.g. `user`. */
function noun(name: ResourceName): string {
  return collection(name).record;
}
