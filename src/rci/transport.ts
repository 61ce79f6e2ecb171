import { errors as undiciErrors, request } from 'undici';
import { Connections, type Connection, type ConnectionHandler } from './connections.js';
import type { Lifetime, LifetimeListener, Listening } from './lifetime.js';
import type { RciMethod } from './observer.js';

/**
 * The wire under the RCI client: its connections (connections.ts) and one HTTP exchange at a time, each bounded
 * by a timeout and given up when the caller's request goes away. It knows HTTP, not RCI: it answers
 * statuses without judging them (policy.ts does), and tells only how an exchange without an answer failed.
 */

export interface TransportOptions {
  /** Scheme, host and port of the RCI. */
  origin: string;
  /** Connections of the pool. */
  connections: number;
  /** Timeout of one exchange, in milliseconds, unless the exchange is given a shorter one. */
  timeoutMs: number;
  /** Longest answer body read, in bytes: the exchange is ended as soon as an answer is known to be longer. */
  maxResponseBytes: number;
}

/** One request, as it goes on the wire. */
export interface Exchange {
  method: RciMethod;
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What RCI answered: its status, its body as text, and a 429's `Retry-After`. */
export interface Answer {
  statusCode: number;
  text: string;
  retryAfter?: string;
  /**
   * The body was longer than `maxResponseBytes`: `text` holds at most its first `maxResponseBytes`, the rest
   * was never read, and the connection was closed.
   */
  truncated?: boolean;
}

/** Told how one exchange ended: once, by one of its methods. */
export interface ExchangeSink {
  answered(answer: Answer): void;
  failed(failure: TransportFailure): void;
}

/** How an exchange ended without an answer. */
export type FailureKind =
  /** Nothing reached RCI: the connection could not be made. */
  | 'not-sent'
  /** RCI did not answer in time; the request may have reached it. */
  | 'timeout'
  /** The connection broke; the request may have reached RCI. */
  | 'broken'
  /** The caller's request went away. */
  | 'cancelled';

export class TransportFailure extends Error {
  override readonly name = 'TransportFailure';
  constructor(
    readonly kind: FailureKind,
    options?: ErrorOptions,
  ) {
    super(`RCI exchange failed: ${kind}`, options);
  }
}

export class RciTransport {
  private readonly origin: string;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly connections: Connections;

  constructor(options: TransportOptions) {
    this.origin = options.origin;
    this.timeoutMs = options.timeoutMs;
    this.maxResponseBytes = options.maxResponseBytes;
    this.connections = new Connections(options.origin, options.connections, {
      keepAliveTimeout: 10_000,
      // Each exchange's own timer bounds it whole, from dispatch to the last byte. undici's header and
      // body timers start later, so they could never fire first; off, they cost no timer work per
      // request and per chunk.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  /**
   * Sends one request and tells `sink` its answer, whatever its status, or, when no answer came, a
   * `TransportFailure`: after the timeout (the pool's, or `timeoutMs` when given), when `lifetime` ends, or
   * when the connection failed. `sink` is told once, maybe before this returns (a lifetime already ended),
   * and from within undici's callbacks: it must not throw.
   *
   * A sink, not a promise: a cold page makes hundreds of exchanges at once, and a promise each, with its
   * reactions, is garbage the collector copies for as long as the exchange is on the wire.
   */
  send(exchange: Exchange, sink: ExchangeSink, lifetime?: Lifetime, timeoutMs = this.timeoutMs): void {
    // One timer per exchange, cleared when it ends: cheaper on this hot path than AbortSignal.timeout +
    // AbortSignal.any, whose combined signals Node keeps alive as long as the caller's signal.
    const handler = new ExchangeHandler(timeoutMs, this.maxResponseBytes, lifetime, this.connections, sink);
    const { method, path, headers, body } = exchange;
    try {
      this.connections.dispatch({ path, method, headers, body }, handler);
    } catch (error) {
      handler.refused(error as Error);
    }
  }

  /** A plain GET that answers only the status (the body is discarded); rejects when RCI cannot be reached. */
  async probe(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
    const connection = this.connections.take();
    try {
      const response = await request(new URL(path, this.origin), { headers, signal, dispatcher: connection.client });
      await response.body.dump();
      return response.statusCode;
    } finally {
      this.connections.release(connection);
    }
  }

  async close(): Promise<void> {
    await this.connections.close();
  }
}

/**
 * One exchange's answer, collected straight from undici's dispatcher: no response stream, no body mixin,
 * just the chunks of a small JSON answer joined once. Aborting settles the exchange at once, also while
 * it still waits for a connection; undici drops it when its turn comes. An answer longer than the cap is
 * never held whole: once it is known to be longer (its `Content-Length`, or the bytes read so far), the
 * exchange settles with what was read and the connection is closed, so RCI stops sending the rest.
 *
 * It implements undici's handler callbacks of raw headers (`onHeaders`), not those of parsed ones
 * (`onResponseStart`): undici would wrap a handler of the latter in one more object per request and
 * parse every header of every answer into an object, where only two headers are ever read.
 */
class ExchangeHandler implements ConnectionHandler, LifetimeListener {
  private settled = false;
  /** The connection it is sent on, once it is. */
  connection?: Connection;
  /** Whether undici has ended the request (answered, failed or aborted it): its connection is given back then. */
  private ended = false;
  private abortRequest?: (error: Error) => void;
  private statusCode = 0;
  private retryAfter?: string;
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private readonly timer: NodeJS.Timeout;
  private listening?: Listening;

  constructor(
    timeoutMs: number,
    private readonly maxBytes: number,
    private readonly lifetime: Lifetime | undefined,
    private readonly connections: Connections,
    private readonly sink: ExchangeSink,
  ) {
    this.timer = setTimeout(timedOut, timeoutMs, this);
    if (lifetime?.ended) this.abort('cancelled');
    else this.listening = lifetime?.on(this);
  }

  /** The caller's request went away. */
  lifetimeEnded(): void {
    this.abort('cancelled');
  }

  abort(kind: 'timeout' | 'cancelled'): void {
    if (!this.settle()) return;
    this.abortRequest?.(new undiciErrors.RequestAbortedError());
    this.sink.failed(new TransportFailure(kind));
  }

  onConnect(abort: (error: Error) => void): void {
    if (this.settled) abort(new undiciErrors.RequestAbortedError());
    else this.abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.statusCode = statusCode;
    // Names and values alternate. Only a 429's `Retry-After` and the `Content-Length` are read; every
    // other header is of no use to the gateway.
    let length: Buffer | undefined;
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i];
      if (name.length === CONTENT_LENGTH.length && headerIs(name, CONTENT_LENGTH)) {
        length = rawHeaders[i + 1];
      } else if (statusCode === 429 && name.length === RETRY_AFTER.length && headerIs(name, RETRY_AFTER)) {
        // The last one, as a repeated header is read.
        this.retryAfter = rawHeaders[i + 1].toString('latin1');
      }
    }
    if (length && Number(length.toString('latin1')) > this.maxBytes) this.truncate();
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return true;
    this.bytes += chunk.length;
    if (this.bytes <= this.maxBytes) {
      this.chunks.push(chunk);
    } else {
      this.chunks.push(chunk.subarray(0, chunk.length - (this.bytes - this.maxBytes)));
      this.truncate();
    }
    return true;
  }

  onComplete(): void {
    this.end();
    if (!this.settle()) return;
    this.sink.answered({ statusCode: this.statusCode, text: this.text(), retryAfter: this.retryAfter });
  }

  /** Also when undici refused the request before starting it, and when the request was aborted. */
  onError(error: Error): void {
    this.failed(error);
  }

  get givenUp(): boolean {
    return this.settled;
  }

  refused(error: Error): void {
    this.failed(error);
  }

  private failed(error: Error): void {
    this.end();
    if (!this.settle()) return;
    this.sink.failed(new TransportFailure(failureKind(error), { cause: error }));
  }

  /** undici has ended the request: its connection takes others now. */
  private end(): void {
    if (this.ended || !this.connection) return;
    this.ended = true;
    this.connections.release(this.connection);
  }

  /** Settles with the beginning of an answer longer than the cap, and closes the connection it comes on. */
  private truncate(): void {
    if (!this.settle()) return;
    const answer = { statusCode: this.statusCode, text: this.text(), retryAfter: this.retryAfter, truncated: true };
    this.abortRequest?.(new undiciErrors.RequestAbortedError());
    this.sink.answered(answer);
  }

  private text(): string {
    return this.chunks.length === 1 ? this.chunks[0].toString('utf8') : Buffer.concat(this.chunks).toString('utf8');
  }

  /** Marks the exchange ended and releases its timer and listener; false when it had ended already. */
  private settle(): boolean {
    if (this.settled) return false;
    this.settled = true;
    clearTimeout(this.timer);
    this.lifetime?.off(this.listening);
    return true;
  }
}

const CONTENT_LENGTH = Buffer.from('content-length');
const RETRY_AFTER = Buffer.from('retry-after');

/** Whether a raw header name is `lowercase` (header names are case-insensitive ASCII). */
function headerIs(name: Buffer, lowercase: Buffer): boolean {
  for (let i = 0; i < lowercase.length; i++) {
    // ASCII letters differ from their lowercase by the 0x20 bit; '-' already has it set.
    if ((name[i] | 0x20) !== lowercase[i]) return false;
  }
  return true;
}

function timedOut(handler: ExchangeHandler): void {
  handler.abort('timeout');
}

/** Errors undici raises before the request was written: nothing reached RCI. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function failureKind(error: Error): FailureKind {
  const code = (error as { code?: string }).code;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  const causeCode = (error as { cause?: { code?: string } }).cause?.code;
  const notSent =
    NOT_SENT_CODES.has(code ?? '') ||
    NOT_SENT_CODES.has(causeCode ?? '') ||
    error instanceof undiciErrors.ConnectTimeoutError;
  return notSent ? 'not-sent' : 'broken';
}
