import type { RciCache } from './cache/index.js';
import type { CallerScope } from './callerKey.js';
import type { ReadRecord } from './cache/reads.js';
import { rejectedWith, type RciError } from './errors.js';
import { lifetimeOf, type Lifetime } from './lifetime.js';
import type { BreakerState, RciCallStart, RciCallTrace, RciMethod, RciObserver } from './observer.js';
import {
  answerHealth,
  cancelled,
  CircuitBreaker,
  cutAtDeadline,
  deletedBefore,
  failureHealth,
  finalError,
  noConnection,
  outOfTime,
  overBudget,
  pause,
  rateLimited,
  refused,
  RetryPolicy,
  type BreakerPass,
  type Failure,
  type Health,
  type NamedCall,
  type Outcome,
  type Result,
} from './policy.js';
import type { RateLimiter } from './rateLimit.js';
import { RciScheduler, type Grantee, type Turn } from './scheduler.js';
import { RciSession } from './session.js';
import { SharedCalls, type LateErrors, type SharedRead } from './sharing.js';
import { RciTransport, type Answer, type ExchangeSink, type TransportFailure } from './transport.js';

/**
 * The one HTTP client of the RCI. It forwards the caller's credentials, counts the caller's calls
 * against its budget and its rate limit (rateLimit.ts), shares the connections fairly across callers and
 * requests (scheduler.ts) and identical GETs in flight across requests (sharing.ts), sends over the
 * transport (transport.ts), retries as the policy says (policy.ts), and tells its observer about every
 * attempt. What is called is the session's business (session.ts).
 */

export interface RciClientOptions {
  /** Base URL of the RCI, e.g. `http://127.0.0.1:8080/RI/rci`. */
  baseUrl: string;
  /** Timeout of one call (each attempt), in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Maximum concurrent connections. @default 512 */
  connections?: number;
  /** Retries of idempotent calls after a 5xx or connection error. @default 2 */
  retries?: number;
  /**
   * Longest RCI answer read, in bytes: a longer one is not read further (its connection is closed), and a
   * read fails with UPSTREAM_ERROR. @default 8388608 (8 MiB)
   */
  maxResponseBytes?: number;
  /**
   * Longest time one caller's request may take on RCI, from `forCaller` on, in milliseconds: beyond it no
   * call of the request is sent or waited for, and its calls still on the wire are cut.
   * @default 30000
   */
  requestTimeoutMs?: number;
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
  /**
   * The circuit breaker: after `failures` consecutive attempts, in the order they were sent, found RCI down
   * (a 5xx, no connection, a broken connection, a call's own timeout), calls are refused at once, unsent,
   * for `coolDownMs`; then `probes` calls are let through, and the breaker closes when they all succeed (one
   * failing opens it again).
   * `failures: 0` turns it off.
   * @default { failures: 10, coolDownMs: 5000, probes: 3 }
   */
  breaker?: { failures?: number; coolDownMs?: number; probes?: number };
  /** Told about the client's work: every attempt and retry, calls waiting for a connection. @default none */
  observer?: RciObserver;
  /** The answer cache shared across requests (and processes, with Redis). @default undefined (no cache) */
  cache?: RciCache;
  /** Per-caller rate limit on RCI calls (retries included). @default undefined (no limit) */
  rateLimit?: RateLimiter;
}

/** Per-caller facts every call carries. */
export interface CallerContext {
  /** The caller's `Authorization` header, forwarded unchanged. */
  authorization?: string;
  /** Aborted when the caller's request goes away. */
  signal?: AbortSignal;
  /**
   * How long the request's calls may go on: its signal's, set by `forCaller`; a shared call's own
   * (sharing.ts). Without it, the signal's.
   */
  lifetime?: Lifetime;
  /** How many more RCI calls (retries included) this caller's request may make. */
  budget?: CallBudget;
  /** The caller sent `Cache-Control: no-cache`: every read goes to RCI (and refreshes the cache). */
  fresh?: boolean;
  /** Turns already taken from the caller's rate limit for a write of several calls (see `reserve`). */
  prepaid?: { remaining: number };
  /** When the caller's request runs out of time, on the `performance.now()` clock. */
  deadline?: number;
  /**
   * The turn its calls wait in for a connection: its caller's and its request's, or for a shared call
   * the turns of every request waiting for it (scheduler.ts).
   */
  turn?: Turn;
  /** Where the request's reads note what they depended on, for the response cache. */
  reads?: ReadRecord;
}

/** The RCI calls (retries included) a request may still make. */
export interface CallBudget {
  /** The request's limit, named in its error. */
  readonly limit: number;
  /** Counts one call; false, counting nothing, when none is left. */
  take(): boolean;
  /** Gives back the call last counted: it was not sent after all. */
  giveBack(): void;
}

/** What is called: a path below the base and its query, and its resource template (ids replaced by `{id}`) for observers. */
export interface RciTarget {
  /** The path from the root of the RCI's host, ids encoded, e.g. `/RI/rci/users/0A1B…/roles`. */
  path: string;
  /** The query string, without `?`; '' when there is none. */
  query: string;
  template: string;
}

/** Counts kept for benchmarks and diagnostics. */
export interface RciClientStats {
  calls: number;
  retries: number;
}

/**
 * Told the end of a call: its result, or its final error, once (see `RciClient.sendTo`). Told from within
 * the transport's callbacks: it must not throw.
 */
export interface CallSink {
  delivered(result: Result): void;
  failedWith(error: unknown): void;
}

export class RciClient {
  readonly stats: RciClientStats = { calls: 0, retries: 0 };
  /** Base URL of the RCI, without a trailing slash. */
  readonly base: URL;
  readonly observer?: RciObserver;
  readonly cache?: RciCache;
  readonly rateLimit?: RateLimiter;
  private readonly transport: RciTransport;
  private readonly policy: RetryPolicy;
  private readonly scheduler: RciScheduler;
  private readonly breaker: CircuitBreaker;
  private readonly timeoutMs: number;
  private readonly requestTimeoutMs: number;
  private readonly serviceAuthorization?: string;
  private readonly maxCallsPerRequest: number;
  /** Each caller's name for the rate limit, hashed once per request. */
  private readonly scopes = new WeakMap<CallerContext, CallerScope>();
  private readonly sharedCalls = new SharedCalls<RciTarget>();

  constructor(options: RciClientOptions) {
    this.observer = options.observer;
    this.cache = options.cache?.enabled ? options.cache : undefined;
    this.rateLimit = options.rateLimit;
    this.base = new URL(options.baseUrl.replace(/\/+$/, ''));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxCallsPerRequest = options.maxCallsPerRequest ?? 5000;
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.policy = new RetryPolicy({
      retries: options.retries ?? 2,
      maxRetryAfterMs: (options.maxRetryAfterSeconds ?? 10) * 1000,
      maxResponseBytes,
    });
    this.breaker = new CircuitBreaker({
      failures: options.breaker?.failures ?? 10,
      coolDownMs: options.breaker?.coolDownMs ?? 5000,
      probes: options.breaker?.probes ?? 3,
      observer: options.observer,
    });
    const connections = options.connections ?? 512;
    // Calls wait in the scheduler, where they are served fairly across requests; the connections are
    // never handed more calls than there are of them, so their own first-come queue stays (nearly) empty.
    this.scheduler = new RciScheduler({ slots: connections, observer: options.observer });
    this.transport = new RciTransport({
      origin: this.base.origin,
      connections,
      timeoutMs: this.timeoutMs,
      maxResponseBytes,
    });
    if (options.serviceCredentials) {
      const { username, password } = options.serviceCredentials;
      this.serviceAuthorization = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
    }
  }

  /** The circuit breaker's state: `open` while calls are refused without being sent. */
  get breakerState(): BreakerState {
    return this.breaker.state;
  }

  /** Calls waiting for a free RCI connection. */
  get queueLength(): number {
    return this.scheduler.queueLength;
  }

  /** The credential of callers without their own `Authorization` ('' when there is none). */
  get serviceIdentity(): string {
    return this.serviceAuthorization ?? '';
  }

  /** A view of the client bound to one caller's credentials, request lifetime, deadline, call budget and turn. */
  forCaller(caller: Omit<CallerContext, 'budget' | 'deadline' | 'turn'>): RciSession {
    const context: CallerContext = {
      ...caller,
      lifetime: lifetimeOf(caller),
      budget: requestBudget(this.maxCallsPerRequest),
      // A point in time, not a timer: each call bounds its own waits by what is left of it.
      deadline: performance.now() + this.requestTimeoutMs,
    };
    // Callers take turns by credential; the context stands for the request within its caller's turn.
    context.turn = { caller: caller.authorization ?? this.serviceIdentity, request: context };
    return new RciSession(this, context);
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  /**
   * Takes `calls` turns from the caller's rate limit at once, before a write of several calls (a partial
   * update's GET and PUT) sends its first: the write is then sent whole, or, when the turns do not come
   * within the limit's wait, fails with `RATE_LIMITED` before anything is sent. Answers the caller with
   * the turns in hand; their first attempts use them. Without a rate limit, the caller unchanged.
   */
  async reserve(caller: CallerContext, calls: number): Promise<CallerContext> {
    if (!this.rateLimit) return caller;
    if (lifetimeOf(caller)?.ended) throw cancelled().error;
    const refused = await this.takeTurns(caller, calls);
    if (refused) throw refused.error;
    return { ...caller, prepaid: { remaining: calls } };
  }

  /**
   * One cheap GET (the time zones: a handful of objects) that tells whether RCI is serving: resolves with
   * its status, rejects when RCI cannot be reached before `signal` aborts. Sent with the service
   * credentials when set; without them a 401 still proves RCI answers.
   */
  probe(signal: AbortSignal): Promise<number> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.serviceAuthorization) headers.authorization = this.serviceAuthorization;
    return this.transport.probe(`${this.base.pathname}/timeZones`, headers, signal);
  }

  /** The operation as shown in errors: path below the base, no host, no query string. */
  describe(path: string): string {
    return decodeURIComponent(path.slice(this.base.pathname.length)) || '/';
  }

  /**
   * A GET that identical GETs of the same caller (equal `read.key`) share while it is in flight. The call
   * is owned by no request (sharing.ts): `caller` waits for it with its own budget, cancellation, deadline
   * and queue turn, and the call goes on while any request still waits for it. `read.joined` tells, once
   * this returns, whether an identical call was already in flight.
   */
  sendShared(caller: CallerContext, target: RciTarget, read: SharedRead): Promise<string> {
    return this.sharedCalls.read(caller, read, target, this.sendSharedGet, this.lateErrors);
  }

  /** The shared calls' own GET: one function for all of them, not a closure per call. */
  private readonly sendSharedGet = (shared: CallerContext, target: RciTarget, sink: CallSink) =>
    this.sendTo(shared, 'GET', target, sink);

  /** The errors of a request that runs out of time before, or while, it waits for a shared GET. */
  private readonly lateErrors: LateErrors<RciTarget> = {
    beforeJoining: (target) => outOfTime(`GET ${this.describe(target.path)}`, this.requestTimeoutMs).error,
    whileWaiting: (target) => cutAtDeadline('GET', `GET ${this.describe(target.path)}`, this.requestTimeoutMs).error,
  };

  /**
   * One RCI call with timeout, cancellation, retries and error classification. Not an async function: a
   * cold page makes hundreds of calls, nearly all answered by their first attempt, and an async frame
   * per call and per attempt costs it measurably; only a call that failed once goes on in `retry`.
   */
  send(caller: CallerContext, method: RciMethod, target: RciTarget, body?: unknown): Promise<Result> {
    let first: Outcome | Promise<Outcome> | undefined;
    let call: Call;
    try {
      call = this.call(caller, method, target, body);
      first = this.attempt(call);
    } catch (error) {
      return rejectedWith(error);
    }
    // The first attempt's own promise goes on into the retries by itself (`Call.settle`).
    if (first === call.firstAttempt) return first as Promise<Result>;
    if (first instanceof Promise)
      return first.then((outcome) => ('text' in outcome ? outcome : this.retry(call, outcome)));
    first = first!;
    return 'text' in first ? Promise.resolve(first) : this.retry(call, first);
  }

  /**
   * As `send`, telling `sink` instead of answering a promise: a shared GET (sharing.ts) is told its
   * result straight from the transport's callback, with no promise of the call's own between.
   */
  sendTo(caller: CallerContext, method: RciMethod, target: RciTarget, sink: CallSink): void {
    if (this.rateLimit) {
      // Its turn may come later from the rate limit: the call then goes the way of `send`.
      this.send(caller, method, target).then(
        (result) => sink.delivered(result),
        (error: unknown) => sink.failedWith(error),
      );
      return;
    }
    let first: Outcome | Promise<Outcome> | undefined;
    let call: Call;
    try {
      call = this.call(caller, method, target, undefined, sink);
      first = this.attempt(call);
    } catch (error) {
      sink.failedWith(error);
      return;
    }
    // Undefined: the call tells the sink itself once its first attempt is scheduled (`Call.settle`).
    if (first === undefined) return;
    if (first instanceof Promise) {
      first.then(
        (outcome) => ('text' in outcome ? sink.delivered(outcome) : call.retryInto(outcome, sink)),
        (error: unknown) => sink.failedWith(error),
      );
    } else if ('text' in first) sink.delivered(first);
    else call.retryInto(first, sink);
  }

  private call(caller: CallerContext, method: RciMethod, target: RciTarget, body?: unknown, sink?: CallSink): Call {
    const headers: Record<string, string> = {
      accept: method === 'POST' ? 'text/html, application/json;q=0.9' : 'application/json',
    };
    const authorization = caller.authorization ?? this.serviceAuthorization;
    if (authorization) headers.authorization = authorization;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Call(this, caller, method, target, headers, payload, sink);
  }

  /**
   * @internal For `Call` too. The rest of a call whose attempt failed: retried as the policy says, or
   * failed with its final error.
   */
  async retry(call: Call, failed: Failure): Promise<Result> {
    const { method, target, caller } = call;
    let outcome: Outcome = failed;
    let previous: RciError | undefined;
    // An earlier attempt of a write whose answer was lost: the write may have been applied.
    let unknown: RciError | undefined;
    while (!('text' in outcome)) {
      // A retry the rate limit refused was never sent: the call failed as the attempt before it did.
      if (previous && outcome.error.code === 'RATE_LIMITED') throw finalError(unknown, previous);
      if (deletedBefore(method, unknown, outcome.error)) return { status: 204, text: '' };
      const delayMs = this.policy.retryDelayMs(outcome, call.attempt);
      if (delayMs === undefined) throw finalError(unknown, outcome.error);
      previous = outcome.error;
      if (outcome.error.code === 'UPSTREAM_OUTCOME_UNKNOWN') unknown = outcome.error;
      this.stats.retries++;
      this.observer?.retried?.({ method, template: target.template });
      // Never past the deadline: the next attempt then fails at once.
      await pause(Math.min(delayMs, timeLeft(caller)), lifetimeOf(caller));
      call.attempt++;
      // Past the first attempt, every attempt answers its outcome (`Call.next`).
      outcome = (await this.attempt(call))!;
    }
    return outcome;
  }

  /**
   * One attempt: counted against the caller's budget, given its turn by the caller's rate limit, then
   * sent once the scheduler grants a connection. An attempt that fails before it waits for anything
   * answers at once; the others answer a promise.
   */
  private attempt(call: Call): Outcome | Promise<Outcome> | undefined {
    const { caller } = call;
    if (lifetimeOf(caller)?.ended) return cancelled();
    if (timeLeft(caller) <= 0) return outOfTime(call.operation(), this.requestTimeoutMs);
    // Refused at once, not after waiting for a connection; checked again when one is granted.
    if (!this.breaker.allows(call.method)) return refused(call.operation(), this.breaker.state);
    if (caller.budget && !caller.budget.take()) return overBudget(caller.budget.limit);
    if (this.rateLimit) {
      // A reserved write's calls use the turns taken for them; a retry is a call of its own.
      const { prepaid } = caller;
      if (call.attempt === 0 && prepaid && prepaid.remaining > 0) prepaid.remaining--;
      else return this.attemptInTurn(call);
    }
    return this.scheduled(call);
  }

  /** An attempt that first takes its turn from the caller's rate limit. */
  private async attemptInTurn(call: Call): Promise<Outcome> {
    const denied = await this.takeTurns(call.caller, 1);
    // A call with a sink never takes this way (`sendTo`): the outcome is there.
    return denied ?? this.scheduled(call)!;
  }

  /**
   * An attempt sent once the scheduler grants it a connection: its outcome comes by the call's own
   * promise (see `Call`), settled from the scheduler's and the transport's callbacks; a first attempt
   * whose call has a sink answers undefined, and its call tells the sink.
   */
  private scheduled(call: Call): Outcome | Promise<Outcome> | undefined {
    const { caller } = call;
    // Waiting for a connection is bounded too, more loosely: a few call timeouts, and the deadline (what
    // is left of it after any wait for the rate limit).
    const left = timeLeft(caller);
    if (left <= 0) return outOfTime(call.operation(), this.requestTimeoutMs);
    const maxWaitMs = Math.min(this.timeoutMs * QUEUE_TIMEOUTS, left);
    call.waitEndsAtDeadline = maxWaitMs === left;
    const outcome = call.next();
    const turn = caller.turn ?? { caller: caller.authorization ?? this.serviceIdentity, request: caller };
    if (this.scheduler.acquire(turn, call, lifetimeOf(caller), maxWaitMs)) this.exchange(call);
    return outcome;
  }

  /**
   * @internal For `Call`: the scheduler gave up the call's wait for a connection, when its request went
   * away or it waited too long. Nothing was sent.
   */
  notScheduled(call: Call, reason: 'cancelled' | 'timeout'): void {
    if (reason === 'cancelled') call.settle(cancelled());
    else if (call.waitEndsAtDeadline) call.settle(outOfTime(call.operation(), this.requestTimeoutMs));
    else call.settle(noConnection(call.operation()));
  }

  /**
   * `calls` turns from the caller's rate limit, waited for when the bucket grants them later; a failure
   * (nothing sent) when it refuses them or the caller's request goes away meanwhile.
   */
  private async takeTurns(caller: CallerContext, calls: number): Promise<Failure | undefined> {
    const limit = this.rateLimit!;
    let scope = this.scopes.get(caller);
    if (!scope) {
      scope = { identity: caller.authorization ?? this.serviceAuthorization ?? '' };
      this.scopes.set(caller, scope);
    }
    const grant = await limit.take(scope, calls);
    if (!grant.granted) {
      this.observer?.rateLimited?.({ outcome: 'refused', calls });
      return { error: rateLimited(grant.retryAfterMs, limit), retryable: false };
    }
    if (grant.waitMs > 0) {
      this.observer?.rateLimited?.({ outcome: 'delayed', calls });
      await pause(grant.waitMs, lifetimeOf(caller));
    }
    return lifetimeOf(caller)?.ended ? cancelled() : undefined;
  }

  /**
   * @internal For `Call`. One request and its answer, on a connection the scheduler granted; the
   * connection is given back when it settles, whatever happens. The call's promise settles with the
   * outcome, or rejects with a failure of the gateway's own (an observer's).
   */
  exchange(call: Call): void {
    const { caller, method, target, headers, payload } = call;
    let pass: BreakerPass | undefined;
    try {
      const left = timeLeft(caller);
      if (left <= 0) {
        this.scheduler.release();
        call.settle(outOfTime(call.operation(), this.requestTimeoutMs));
        return;
      }
      pass = this.breaker.pass(method);
      if (!pass) {
        // Not sent: not one of the request's calls.
        caller.budget?.giveBack();
        this.scheduler.release();
        call.settle(refused(call.operation(), this.breaker.state));
        return;
      }
      // A call never outlives its request: with less time left than a call's timeout, it is cut at the deadline.
      call.cutAtDeadlineMs = left < this.timeoutMs ? left : undefined;
      this.stats.calls++;
      const observer = this.observer;
      // Everything after the pass is recorded: the breaker counts attempts in the order they were sent,
      // and one never recorded (an observer that throws) would stop it counting any later one.
      const start = observer && { method, template: target.template, attempt: call.attempt };
      call.start = start;
      const trace = start && observer.callStarted?.(start);
      call.trace = trace;
      call.started = performance.now();
      call.pass = pass;
    } catch (error) {
      if (pass) this.breaker.record(pass, 'unknown');
      this.scheduler.release();
      call.fail(error);
      return;
    }
    this.transport.send(
      {
        method,
        path: target.query ? `${target.path}?${target.query}` : target.path,
        // The observer's headers (`traceparent`) never replace the gateway's own.
        headers: call.trace?.headers ? { ...call.trace.headers, ...headers } : headers,
        body: payload,
      },
      call,
      lifetimeOf(caller),
      call.cutAtDeadlineMs,
    );
  }

  /**
   * @internal For `Call`. The outcome of an exchange: RCI's `answer`, or the transport's `failure`; the
   * connection is given back. Never throws: it is told from within the transport's callbacks.
   */
  exchanged(call: Call, answer: Answer | undefined, failure: TransportFailure | undefined): void {
    const pass = call.pass!;
    let recorded = false;
    let outcome: Outcome;
    try {
      const { caller, method } = call;
      let status: number | undefined;
      let health: Health;
      if (answer) {
        status = answer.statusCode;
        outcome = this.policy.answered(method, answer, call);
        health = answerHealth(status);
      } else if (lifetimeOf(caller)?.ended) {
        outcome = cancelled();
        health = 'unknown';
      } else if (failure!.kind === 'timeout' && call.cutAtDeadlineMs !== undefined) {
        // The request's deadline, not RCI's slowness, ended it.
        outcome = cutAtDeadline(method, call.operation(), this.requestTimeoutMs);
        health = 'unknown';
      } else {
        outcome = this.policy.unanswered(method, failure!, call);
        health = failureHealth(failure!.kind);
      }
      this.breaker.record(pass, health);
      recorded = true;
      const { start } = call;
      if (start) {
        const ended = {
          status,
          code: 'error' in outcome ? outcome.error.code : undefined,
          durationMs: performance.now() - call.started,
        };
        call.trace?.end(ended);
        this.observer?.callEnded?.(start, ended);
      }
    } catch (error) {
      // Whatever failed before the breaker heard of the attempt, it hears of it: see `exchange`.
      if (!recorded) this.breaker.record(pass, 'unknown');
      this.scheduler.release();
      call.fail(error);
      return;
    }
    this.scheduler.release();
    call.settle(outcome);
  }
}

/**
 * One RCI call, carried through its attempts. Each attempt has one promise, its outcome's (`next`), and
 * the call itself is what the scheduler and the transport tell (`Grantee`, `ExchangeSink`): no promise
 * and no closures per step, for the hundreds of calls a cold page has in flight, which the collector
 * would otherwise copy for as long as they wait.
 */
class Call implements NamedCall, Grantee, ExchangeSink {
  /** 0 for the first attempt. */
  attempt = 0;
  /** The attempt on the wire: as its observer was told of it, its trace, when it was sent, and its cut. */
  start?: RciCallStart;
  trace?: RciCallTrace | void;
  started = 0;
  cutAtDeadlineMs?: number;
  /** The breaker's pass of the attempt on the wire. */
  pass?: BreakerPass;
  /** The attempt's wait for a connection ends when the request's deadline comes (not after a few timeouts). */
  waitEndsAtDeadline = false;
  /**
   * The first attempt's promise, when it was scheduled: fulfilled only with a result, since a failure
   * goes on into the call's retries (`settle`), and so the call's own answer, with no reaction between.
   */
  firstAttempt?: Promise<Outcome>;
  private resolve?: (outcome: Outcome | Promise<Result>) => void;
  private reject?: (error: unknown) => void;

  constructor(
    private readonly client: RciClient,
    readonly caller: CallerContext,
    readonly method: RciMethod,
    readonly target: RciTarget,
    readonly headers: Record<string, string>,
    readonly payload: string | undefined,
    /** Told the call's end, when it has one (`sendTo`); otherwise its first attempt's promise answers it. */
    private readonly sink?: CallSink,
  ) {}

  /** The call as errors name it, e.g. `GET /users/{id}`: built only when an error needs it. */
  operation(): string {
    return `${this.method} ${this.client.describe(this.target.path)}`;
  }

  /** The outcome of the attempt about to be scheduled; none for a first attempt whose call tells a sink. */
  next(): Promise<Outcome> | undefined {
    if (this.attempt === 0 && this.sink) return undefined;
    const outcome = new Promise<Outcome>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (this.attempt === 0) this.firstAttempt = outcome;
    return outcome;
  }

  settle(outcome: Outcome): void {
    if (this.attempt > 0) this.resolve!(outcome);
    else if (!this.sink) this.resolve!('text' in outcome ? outcome : this.client.retry(this, outcome));
    else if ('text' in outcome) this.sink.delivered(outcome);
    else this.retryInto(outcome, this.sink);
  }

  fail(error: unknown): void {
    if (this.attempt === 0 && this.sink) this.sink.failedWith(error);
    else this.reject!(error);
  }

  /** The rest of the call after a failed first attempt, its end told to `sink`. */
  retryInto(failed: Failure, sink: CallSink): void {
    this.client.retry(this, failed).then(
      (result) => sink.delivered(result),
      (error: unknown) => sink.failedWith(error),
    );
  }

  granted(): void {
    this.client.exchange(this);
  }

  notGranted(reason: 'cancelled' | 'timeout'): void {
    this.client.notScheduled(this, reason);
  }

  answered(answer: Answer): void {
    this.client.exchanged(this, answer, undefined);
  }

  failed(failure: TransportFailure): void {
    this.client.exchanged(this, undefined, failure);
  }
}

/**
 * The largest documented answer is a page of 501 users (500 and one more to tell whether there is a next
 * page) with every property at its documented maximum length: 1.0 MiB when every character is ASCII,
 * 2.8 MiB when each takes 3 bytes of UTF-8, 5.6 MiB if RCI escaped each as `\uXXXX`. 8 MiB holds that last
 * case with room to spare, and ordinary pages (0.15 MiB for 501 users like the doc's example) fifty times over.
 */
const DEFAULT_MAX_RESPONSE_BYTES = 8 * 2 ** 20;

/** How many call timeouts a call may wait for a free connection before it fails as a timeout. */
const QUEUE_TIMEOUTS = 3;

/** Milliseconds left before the caller's request runs out of time; Infinity without a deadline. */
function timeLeft(caller: CallerContext): number {
  return caller.deadline === undefined ? Infinity : caller.deadline - performance.now();
}

function requestBudget(limit: number): CallBudget {
  let remaining = limit;
  return {
    limit,
    take() {
      if (remaining <= 0) return false;
      remaining--;
      return true;
    },
    giveBack() {
      remaining++;
    },
  };
}
