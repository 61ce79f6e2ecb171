/** The simulator's public option and handle types (exported from `index.ts`). */

export interface SimulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /**
   * The data set. The documentation's examples are always loaded; `scale` adds a generated, consistent
   * data set of about 5 × scale users (see the README), drawn from `seed`.
   * @default { scale: 0, seed: 1 }
   */
  data?: { scale?: number; seed?: number };
  /** Status of a successful PUT or DELETE (the doc says both "201" and "204 No Content"). @default 204 */
  writeStatus?: 201 | 204;
  /**
   * Answer `DELETE /users/{u}/userGroups/{g}` with 200 and `{"message": "The user has been removed
   * properly from user group."}` as documented; false answers it like every other DELETE.
   * @default true
   */
  userGroupRemovalMessage?: boolean;
  /** Require HTTP Basic credentials; read-only users get 403 on POST, PUT and DELETE. @default undefined (no auth) */
  auth?: { users: { username: string; password: string; readOnly?: boolean }[] };
  /** Delay every answer by `fixedMs` plus a random share of `jitterMs`. @default undefined (no delay) */
  latency?: { fixedMs: number; jitterMs?: number };
  /** Failure injection rules; the first rule that applies to a request wins. @default [] */
  faults?: FaultRule[];
  /** Largest accepted request body; a larger one answers 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** Record every request in `RunningSimulator.requests`. @default true */
  requestLog?: boolean;
}

export interface FaultRule {
  /** HTTP method the rule applies to, e.g. `'POST'`. @default any */
  method?: string;
  /**
   * Path below `/RI/rci` (without the query) the rule applies to: a string is a prefix of whole
   * segments (`'/users'` matches `/users` and `/users/…`, not `/userGroups`), a RegExp is tested.
   * @default any
   */
  path?: RegExp | string;
  /** Share of matching requests that fail, 0..1. @default 1 */
  rate?: number;
  /** Answer this status (with a text/plain body) instead of handling the request. Give this, `drop` or `answerBytes`. */
  status?: number;
  /** Destroy the connection without answering: `before` handling, or `after` applying the change. Give this, `status` or `answerBytes`. */
  drop?: 'before' | 'after';
  /**
   * Answer 200 `application/json` with a JSON array of user summaries about this many bytes long, instead of
   * handling the request: written in chunks without a `Content-Length`, only as fast as the client reads, and
   * never held whole. The request log records `bytesWritten`. Give this, `status` or `drop`.
   */
  answerBytes?: number;
  /**
   * Hold the request this long (after any `latency`) before the rule's `status`, `drop` or `answerBytes`, or
   * before handling it normally when the rule gives none of them.
   */
  delayMs?: number;
  /** Stop after this many injections. @default unlimited */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  /** Path below `/RI/rci`, as sent (not URL-decoded), without the query; the full path when outside it. */
  path: string;
  /** Raw query string, without `?`. */
  query: string;
  authorization?: string;
  contentType?: string;
  accept?: string;
  /** W3C trace context the caller sent, if any. */
  traceparent?: string;
  /** The request body as text; absent when empty. */
  body?: string;
  /** Status answered; absent while in flight or when the connection was dropped. */
  status?: number;
  /** Milliseconds the latency knob and a fault's `delayMs` held the answer back; absent when neither did. */
  delayMs?: number;
  /**
   * For an `answerBytes` answer: the body bytes handed to the connection so far. Below the size asked (and
   * `status` absent) when the client closed the connection before reading it all.
   */
  bytesWritten?: number;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:PORT/RI/rci`. */
  url: string;
  /** Every request, appended in arrival order (the same array for the simulator's lifetime). */
  requests: LoggedRequest[];
  clearRequests(): void;
  setFaults(rules: FaultRule[]): void;
  setLatency(latency: { fixedMs: number; jitterMs?: number } | undefined): void;
  /** Restores the initial data set (same ids). */
  reset(): void;
  close(): Promise<void>;
}
