import { RciError } from './errors.js';
import type { BreakerState, RciMethod, RciObserver } from './observer.js';
import type { Answer, FailureKind, TransportFailure } from './transport.js';
import type { Lifetime } from './lifetime.js';

/**
 * What an RCI call's attempt came to, and whether it is tried again. The rules: a 2xx is the result; any
 * other status or a failure of the wire becomes an `RciError` a client can act on; GET, PUT and DELETE are
 * idempotent and repeated after a 5xx, a 429 or a connection that failed or broke; a POST never is, since a
 * POST whose answer was lost may have created the object already. A call that timed out is never repeated,
 * whatever its method: RCI may still be working on it, and a repeat would only add to its load.
 */

/** A call's result: RCI's status and body. */
export interface Result {
  status: number;
  text: string;
}

/** A failed attempt: the error, and whether repeating the call is safe and useful. */
export interface Failure {
  error: RciError;
  retryable: boolean;
  /** The wait RCI asked for (a 429's `Retry-After`), in milliseconds. */
  retryAfterMs?: number;
}

export type Outcome = Result | Failure;

export interface RetryPolicyOptions {
  /** Retries of an idempotent call. */
  retries: number;
  /** Longest `Retry-After` of a 429 waited for before a retry; a longer one fails the call at once. */
  maxRetryAfterMs: number;
  /** Longest answer read (the transport's cap), in bytes: named in the error of a longer one. */
  maxResponseBytes: number;
}

/** A call that can say what it is, e.g. `GET /users/{id}`, when an error names it. */
export interface NamedCall {
  operation(): string;
}

export class RetryPolicy {
  constructor(private readonly options: RetryPolicyOptions) {}

  /** The outcome of an attempt RCI answered. `call` names itself in errors (its name built only for them). */
  answered(method: RciMethod, answer: Answer, call: NamedCall): Outcome {
    const status = answer.statusCode;
    // A read longer than the cap fails, unread and not repeated: it would be as long again. A write's
    // status says what happened whatever its body (a POST's cut id is then unreadable, and said to be).
    if (answer.truncated && status < 300 && method === 'GET') {
      return { error: tooLong(status, call.operation(), this.options.maxResponseBytes), retryable: false };
    }
    if (status < 300) return { status, text: answer.text };
    if (status === 429) return this.rateLimited(method, answer.retryAfter, call.operation());
    // A 5xx means RCI did not do the work; only idempotent calls are repeated even so.
    return { error: statusError(status, answer.text, call.operation()), retryable: method !== 'POST' && status >= 500 };
  }

  /** The outcome of an attempt that got no answer. */
  unanswered(method: RciMethod, failure: TransportFailure, call: NamedCall): Failure {
    if (failure.kind === 'cancelled') return cancelled();
    return {
      error: transportError(failure, method, call.operation()),
      retryable: method !== 'POST' && failure.kind !== 'timeout',
    };
  }

  /** How long to wait before attempt `attempt + 1` after this failure; undefined when there is none. */
  retryDelayMs(failure: Failure, attempt: number): number | undefined {
    if (!failure.retryable || attempt >= this.options.retries) return undefined;
    return failure.retryAfterMs ?? backoffMs(attempt);
  }

  /**
   * 429: RCI did not do the work and says when to come back. An idempotent call waits that long and
   * tries again, unless the wait is longer than a caller should be kept waiting; a POST is never repeated.
   */
  private rateLimited(method: RciMethod, header: string | undefined, operation: string): Failure {
    const waitMs = retryAfterMs(header);
    const error = new RciError(
      'UPSTREAM_UNAVAILABLE',
      waitMs === undefined
        ? 'RCI refused the call: too many requests'
        : `RCI refused the call: too many requests; it asked to wait ${Math.ceil(waitMs / 1000)} s`,
      { status: 429, operation, ...(waitMs === undefined ? {} : { retryAfterSeconds: Math.ceil(waitMs / 1000) }) },
    );
    if (method === 'POST' || (waitMs !== undefined && waitMs > this.options.maxRetryAfterMs)) {
      return { error, retryable: false };
    }
    return { error, retryable: true, retryAfterMs: waitMs };
  }
}

/**
 * Whether a failed DELETE in fact succeeded: repeated after an answer was lost, it finds nothing because
 * the earlier one got through. `unknown` is the error of an earlier attempt whose outcome is unknown.
 */
export function deletedBefore(method: RciMethod, unknown: RciError | undefined, error: RciError): boolean {
  return method === 'DELETE' && unknown !== undefined && error.code === 'NOT_FOUND';
}

function tooLong(status: number, operation: string, maxResponseBytes: number): RciError {
  return new RciError(
    'UPSTREAM_ERROR',
    `RCI answered more than ${maxResponseBytes} bytes (RCI_MAX_RESPONSE_BYTES); the answer was not read`,
    { status, operation, maxResponseBytes },
  );
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

function transportError(failure: TransportFailure, method: RciMethod, operation: string): RciError {
  const details = { operation };
  if (failure.kind === 'timeout') {
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
  if (method !== 'GET' && failure.kind === 'broken') {
    return new RciError(
      'UPSTREAM_OUTCOME_UNKNOWN',
      'The connection to RCI broke after the write was sent: it may or may not have been applied. Check before repeating it.',
      details,
    );
  }
  return new RciError('UPSTREAM_UNAVAILABLE', 'RCI could not be reached', details);
}

/**
 * What an attempt tells about RCI itself: it answered (any status below 500: RCI is serving, even when it
 * refuses), it is `down` (a 5xx, no connection, a broken connection, no answer within the call's timeout),
 * or nothing (the caller went away, or its request ran out of time first).
 */
export type Health = 'up' | 'down' | 'unknown';

export function answerHealth(status: number): Health {
  return status >= 500 ? 'down' : 'up';
}

export function failureHealth(kind: FailureKind): Health {
  return kind === 'cancelled' ? 'unknown' : 'down';
}

export interface BreakerOptions {
  /** Consecutive `down` attempts that open the breaker; 0 never opens it. */
  failures: number;
  /** How long it stays open, refusing every call, before probes are let through; in milliseconds. */
  coolDownMs: number;
  /** Probe calls let through after the cool-down: the breaker closes once that many have succeeded. */
  probes: number;
  /** Told about every change of state and every refused call. */
  observer?: Pick<RciObserver, 'breakerChanged' | 'breakerRefused'>;
}

/** A call the breaker let through: its health is reported back with `record`. */
export interface BreakerPass {
  /** The breaker's state change it was let through after: results older than the last change count for nothing. */
  readonly epoch: number;
  readonly probe: boolean;
  /** Its place in the order attempts were sent since that change (not for probes). */
  readonly sent: number;
}

/**
 * The circuit breaker in front of RCI. While RCI is known to be down, a call waiting out its connection
 * attempt, timeout and retries only keeps a caller waiting and adds to the load RCI faces as it comes back:
 * after `failures` consecutive attempts, in the order they were sent, found RCI down, the breaker opens and
 * every call is refused at once, unsent; after `coolDownMs` it half-opens and lets `probes` calls through (any method: a write that
 * is let through runs the same risk as any write), refusing the others. One probe finding RCI down opens
 * it again for another cool-down; all of them succeeding closes it. Nothing runs on a timer: the cool-down
 * is looked at when a call or the readiness check asks.
 */
export class CircuitBreaker {
  private current: BreakerState = 'closed';
  private epoch = 0;
  private downInARow = 0;
  private openedAt = 0;
  /** Probes let through and not yet answered, and probes that succeeded, since the breaker half-opened. */
  private probesOut = 0;
  private probesPassed = 0;
  /**
   * While closed, attempts are counted in the order they were sent, not the order they ended: calls sent
   * together end in any order, and a few failing fast (a dropped connection, a 503 from a proxy) end
   * before the others of the same wave succeed, which in the order of their ends would look like RCI down.
   * `nextSent` numbers the next attempt let through; attempts before `counted` are counted; the others
   * that ended wait in `ended` for those sent before them.
   */
  private nextSent = 0;
  private counted = 0;
  private readonly ended = new Map<number, Health>();

  constructor(private readonly options: BreakerOptions) {}

  get state(): BreakerState {
    if (this.current === 'open' && performance.now() - this.openedAt >= this.options.coolDownMs) {
      this.change('half-open');
    }
    return this.current;
  }

  /** Whether a call would be let through now (reserving nothing): checked before it waits for a connection. */
  allows(method: RciMethod): boolean {
    if (this.state === 'closed' || this.probeFree()) return true;
    this.options.observer?.breakerRefused?.({ method });
    return false;
  }

  /** Lets a call through as it is about to be sent (as a probe while half-open); undefined refuses it. */
  pass(method: RciMethod): BreakerPass | undefined {
    if (this.state === 'closed') return { epoch: this.epoch, probe: false, sent: this.nextSent++ };
    if (this.probeFree()) {
      this.probesOut++;
      return { epoch: this.epoch, probe: true, sent: -1 };
    }
    this.options.observer?.breakerRefused?.({ method });
    return undefined;
  }

  /** What the call let through found. */
  record(pass: BreakerPass, health: Health): void {
    if (pass.epoch !== this.epoch || this.options.failures === 0) return;
    if (pass.probe) {
      this.probesOut--;
      if (health === 'down') this.open();
      else if (health === 'up' && ++this.probesPassed >= this.options.probes) this.change('closed');
      return;
    }
    if (pass.sent !== this.counted) {
      this.ended.set(pass.sent, health);
      return;
    }
    this.count(health);
    for (let next = this.ended.get(this.counted); next !== undefined; next = this.ended.get(this.counted)) {
      this.ended.delete(this.counted);
      this.count(next);
    }
  }

  /** Counts the next attempt in the order they were sent. */
  private count(health: Health): void {
    this.counted++;
    if (health === 'up') this.downInARow = 0;
    else if (health === 'down' && ++this.downInARow >= this.options.failures) this.open();
  }

  private probeFree(): boolean {
    return this.current === 'half-open' && this.probesOut + this.probesPassed < this.options.probes;
  }

  private open(): void {
    this.openedAt = performance.now();
    this.change('open');
  }

  private change(state: BreakerState): void {
    this.current = state;
    this.epoch++;
    this.downInARow = 0;
    this.probesOut = 0;
    this.probesPassed = 0;
    this.nextSent = 0;
    this.counted = 0;
    this.ended.clear();
    this.options.observer?.breakerChanged?.(state);
  }
}

/** The breaker refused the call: RCI was found down, and nothing was sent, a write included. */
export function refused(operation: string, state: BreakerState): Failure {
  return {
    error: new RciError(
      'UPSTREAM_UNAVAILABLE',
      'RCI is failing: the gateway does not call it for a while (circuit breaker open); nothing was sent',
      { operation, circuitBreaker: state },
    ),
    retryable: false,
  };
}

/** The caller's request went away: nothing more is sent for it. */
export function cancelled(): Failure {
  return { error: new RciError('CLIENT_CLOSED_REQUEST', 'The request was cancelled by the client'), retryable: false };
}

/** The caller's request used up its calls. */
export function overBudget(limit: number): Failure {
  return {
    error: new RciError(
      'QUERY_TOO_COMPLEX',
      `This request needs more than ${limit} RCI calls; ask for fewer objects at once`,
    ),
    retryable: false,
  };
}

/**
 * The caller's rate limit has no turn for the call within the wait it allows: nothing was sent, so even
 * a write is known not to have happened. `retryAfterMs` is when the caller's bucket holds it again.
 */
export function rateLimited(retryAfterMs: number, limit: { ratePerSecond: number; burst: number }): RciError {
  const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new RciError(
    'RATE_LIMITED',
    `Too many RCI calls from this caller (at most ${limit.ratePerSecond} per second, ${limit.burst} at once); nothing was sent: retry after ${retryAfterSeconds} s`,
    { retryAfterSeconds },
  );
}

/**
 * The caller's request ran out of time (its deadline, `REQUEST_TIMEOUT_MS`) before this call was sent: it
 * never will be, so even a write is known not to have happened.
 */
export function outOfTime(operation: string, requestTimeoutMs: number): Failure {
  return {
    error: new RciError(
      'UPSTREAM_TIMEOUT',
      `The request ran out of time (${requestTimeoutMs} ms) before this RCI call was sent; nothing was sent`,
      { operation, requestTimeoutMs },
    ),
    retryable: false,
  };
}

/**
 * The caller's request ran out of time while RCI had this call: it was cut. A read is a timeout; a write
 * may or may not have been applied.
 */
export function cutAtDeadline(method: RciMethod, operation: string, requestTimeoutMs: number): Failure {
  const details = { operation, requestTimeoutMs };
  return {
    error:
      method === 'GET'
        ? new RciError(
            'UPSTREAM_TIMEOUT',
            `The request ran out of time (${requestTimeoutMs} ms) while RCI had not answered`,
            details,
          )
        : new RciError(
            'UPSTREAM_OUTCOME_UNKNOWN',
            `The request ran out of time (${requestTimeoutMs} ms) while RCI had not answered: the write may or may not have been applied`,
            { ...details, timeout: true },
          ),
    retryable: false,
  };
}

/**
 * The error a call ends with. A write one of whose attempts may have been applied (its answer was lost)
 * stays `UPSTREAM_OUTCOME_UNKNOWN` when a later attempt failed without an answer that settles it: a 5xx,
 * a 429, no connection, no time left.
 */
export function finalError(unknown: RciError | undefined, last: RciError): RciError {
  return unknown && UNSETTLED.has(last.code) ? unknown : last;
}

const UNSETTLED = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'CLIENT_CLOSED_REQUEST', 'QUERY_TOO_COMPLEX']);

/** No connection came free in time. Nothing was sent, so even a write is known not to have happened. */
export function noConnection(operation: string): Failure {
  return {
    error: new RciError('UPSTREAM_TIMEOUT', 'No RCI connection came free in time; nothing was sent', {
      operation,
      queued: true,
    }),
    retryable: false,
  };
}

function backoffMs(attempt: number): number {
  return 25 * 2 ** attempt + Math.random() * 25;
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Waits `ms`, or less when `lifetime` ends; leaves no timer or listener behind either way. */
export async function pause(ms: number, lifetime?: Lifetime): Promise<void> {
  if (lifetime?.ended) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      lifetime?.off(listening);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const listening = lifetime?.on({ lifetimeEnded: done });
  });
}
