/**
 * What the RCI client reports while it works. Metrics, traces and logs subscribe to these events; the
 * client knows none of them, so `rci/` stays free of any exporter and can be tested alone.
 *
 * Every event names the RCI operation by its resource *template* (`/users/{id}/roles`), never a
 * concrete path: ids would make metric labels unbounded and could identify people.
 */

export type RciMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One attempt of one RCI call, as it is about to be sent. */
export interface RciCallStart {
  method: RciMethod;
  /** The path below the RCI base with every id replaced by `{id}`, e.g. `/users/{id}/roles`. */
  template: string;
  /** 0 for the first attempt, 1 for the first retry, … */
  attempt: number;
}

/** How one attempt ended. */
export interface RciCallOutcome {
  /** The HTTP status RCI answered; absent when no answer arrived (timeout, broken connection). */
  status?: number;
  /** The gateway's error code when the attempt failed (`UPSTREAM_TIMEOUT`, `NOT_FOUND`, …). */
  code?: string;
  durationMs: number;
}

/** What an observer hands back for one attempt: headers to send with it and a callback for its end. */
export interface RciCallTrace {
  /** Extra request headers, e.g. W3C `traceparent`. */
  headers?: Record<string, string>;
  end(outcome: RciCallOutcome): void;
}

export type RciCacheResult = 'hit' | 'miss' | 'shared' | 'bypass';

/** The circuit breaker's states: calls flow, calls are refused, a few probe calls are let through. */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface RciObserver {
  /** An attempt is about to be sent; a trace handed back is ended when the attempt ends. */
  callStarted?(call: RciCallStart): RciCallTrace | void;
  /**
   * An attempt ended (after its trace, if any). For observers that keep nothing per attempt (metrics):
   * nothing is built for them per call.
   */
  callEnded?(call: RciCallStart, outcome: RciCallOutcome): void;
  /** A failed idempotent call is being repeated. */
  retried?(call: { method: RciMethod; template: string }): void;
  /** A GET was answered from the cache (`hit`), sent (`miss`), joined an identical call in flight
   * (`shared`), or sent because the caller asked for fresh data (`bypass`). */
  cacheLookup?(lookup: { template: string; result: RciCacheResult }): void;
  /**
   * Calls the caller's rate limit made wait for their turn (`delayed`) or refused (`refused`, never
   * sent). Says nothing of the caller.
   */
  rateLimited?(limited: { outcome: 'delayed' | 'refused'; calls: number }): void;
  /** How many calls are waiting for a free RCI connection, each time that number changes. */
  queueLength?(waiting: number): void;
  /** The circuit breaker changed state. */
  breakerChanged?(state: BreakerState): void;
  /** A call was refused by the circuit breaker, without being sent. */
  breakerRefused?(call: { method: RciMethod }): void;
}
