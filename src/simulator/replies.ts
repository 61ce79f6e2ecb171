/**
 * The answers the simulator sends, as plain values: handlers return a `Reply` (or throw an `RciError`)
 * and only the server writes to the socket, which is what lets a fault rule drop a connection after a
 * change was applied.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const TEXT = 'text/plain; charset=utf-8';

/** An error answer: RCI answers errors as short text/plain messages. */
export class RciError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const textReply = (status: number, message: string, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': TEXT, ...headers },
  body: message,
});

export const jsonReply = (value: unknown, status = 200): Reply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

/** POST answers the new object's id as a bare `text/html` body. */
export const createdReply = (id: string): Reply => ({
  status: 201,
  headers: { 'content-type': 'text/html' },
  body: id,
});

export const emptyReply = (status: number): Reply => ({ status, headers: {}, body: '' });

// The exact texts of RCI's (Jersey's) standard answers.
export const notFound = (): RciError => new RciError(404, 'HTTP 404 Not Found');
export const invalidGuid = (id: string): RciError => new RciError(400, `Invalid GUID: '${id}'`);
export const badRequest = (message: string): RciError => new RciError(400, message);
