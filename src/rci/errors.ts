/**
 * Failures of RCI calls, classified for clients. This module knows no GraphQL: the server turns an
 * `RciError` into a GraphQL error whose `extensions.code` is `code`. Messages never contain the RCI
 * host, credentials or stack traces, so they are safe to show to any caller.
 */
export type RciErrorCode =
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  /** A write was sent but the connection broke before RCI answered: it may or may not have happened. */
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  /** RCI answered something this gateway cannot read (a malformed body, an unexpected status). */
  | 'UPSTREAM_ERROR'
  /** The caller's request went away; nothing is answered to anyone. */
  | 'CLIENT_CLOSED_REQUEST'
  /** One request would need more RCI calls than a request may make. */
  | 'QUERY_TOO_COMPLEX'
  /** The caller made more RCI calls than its rate limit allows; nothing was sent. */
  | 'RATE_LIMITED';

export class RciError extends Error {
  override readonly name = 'RciError';
  constructor(
    readonly code: RciErrorCode,
    message: string,
    /** Safe metadata for `extensions`: the HTTP status RCI answered, the operation, an input path. */
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** The error for a value that is not a valid id, raised before anything is sent to RCI. */
export function invalidId(what: string, value: string): RciError {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return new RciError('BAD_USER_INPUT', `Invalid ${what} id: '${shown}'`, { invalidId: shown });
}

/**
 * A promise rejected with `thrown`: an Error as it is, anything else wrapped in one. For failures that
 * must reach a caller as a rejection, never as a throw: a read that fails before it is sent (the hot read
 * path is not made of async functions), a list item that failed.
 */
export function rejectedWith(thrown: unknown): Promise<never> {
  return Promise.reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
}
