import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { Plugin } from 'graphql-yoga';
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { RciError } from '../rci/errors.js';
import { isAsyncIterable, tapParts } from './incremental.js';
import { errorCodes, operationNaming } from './operations.js';
import { responseCacheOutcome } from './responseCache.js';

/** The logger interface Yoga takes. */
export interface GatewayLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  /** One structured line, e.g. a request's outcome. */
  event?: LogSink;
}

/** Where log lines go; tests collect them. `fields` are structured facts (request id, status, …). */
export type LogSink = (
  level: 'debug' | 'info' | 'warn' | 'error',
  line: string,
  fields?: Record<string, unknown>,
) => void;

export interface PinoOptions {
  /** Least severe level written. @default 'info' */
  level?: string;
  /** Where JSON lines go. @default stdout: human-readable when it is a terminal, JSON lines otherwise */
  destination?: Writable;
}

/**
 * The process's pino logger: one JSON object per line (time, level, msg and fields), or coloured lines
 * when stdout is a terminal. Errors are reduced to type, message and code: a stack trace never reaches a log.
 */
export function createPino(options: PinoOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: undefined,
    // `"level":"info"` rather than pino's numbers: what log tools and people search for.
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: {
      err: (error: unknown) =>
        error instanceof Error
          ? { type: error.name, message: error.message, code: (error as { code?: unknown }).code }
          : { message: String(error) },
    },
    // Belt and braces: no code logs headers, but a credential must never get out if one ever does.
    redact: { paths: ['authorization', '*.authorization', 'headers.authorization', 'password'], censor: '[redacted]' },
  };
  if (options.destination) return pino(settings, options.destination);
  // A synchronous pretty stream (not a worker-thread transport), so lines are never lost at exit.
  if (process.stdout.isTTY) return pino(settings, pretty({ colorize: true, sync: true, ignore: 'pid,hostname' }));
  return pino(settings);
}

/** A sink writing through a pino logger, so Yoga's own lines are JSON lines too. */
export function pinoSink(logger: Logger): LogSink {
  return (level, line, fields) => logger[level](fields ?? {}, line);
}

// RCI answers that are the caller's business (their id, their credentials), not the operator's.
const CALLER_CODES = new Set([
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CLIENT_CLOSED_REQUEST',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
]);

/** The RCI failure behind an error, also when GraphQL execution wrapped it. */
function rciErrorIn(value: unknown): RciError | undefined {
  for (let v = value, depth = 0; v instanceof Error && depth < 5; depth++) {
    if (v instanceof RciError) return v;
    v = (v as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * One line per event, never a stack trace, a header or a credential: RCI failures are logged by code,
 * message and operation (a path below the RCI base, without host or query); other errors by name and
 * message. Failures a caller caused are debug lines; those of RCI itself are warnings.
 */
export function createLogger(sink: LogSink = pinoSink(createPino())): GatewayLogger {
  const line = (args: unknown[]) =>
    args
      .map((raw) => {
        const arg = rciErrorIn(raw) ?? raw;
        if (arg instanceof RciError) {
          const operation = typeof arg.details.operation === 'string' ? ` (${arg.details.operation})` : '';
          return `RCI ${arg.code}: ${arg.message}${operation}`;
        }
        if (arg instanceof Error) {
          const original = (arg as { originalError?: unknown }).originalError;
          return original instanceof Error
            ? `${arg.name}: ${arg.message} (${original.name})`
            : `${arg.name}: ${arg.message}`;
        }
        return typeof arg === 'string' ? arg : JSON.stringify(arg);
      })
      .join(' ');
  return {
    event: sink,
    debug: (...args) => sink('debug', line(args)),
    info: (...args) => sink('info', line(args)),
    warn: (...args) => sink('warn', line(args)),
    error: (...args) => {
      const rci = args.map(rciErrorIn).find((e) => e !== undefined);
      sink(rci && CALLER_CODES.has(rci.code) ? 'debug' : rci ? 'warn' : 'error', line(args));
    },
  };
}

/** The request id of each request, as taken from `x-request-id` or made up. */
const requestIds = new WeakMap<Request, string>();

// Ids are echoed and logged: only short, plain tokens from callers, anything else is replaced.
const ACCEPTABLE_ID = /^[\w.:@-]{1,128}$/;
const QUIET_PATHS = new Set(['/health', '/readiness', '/metrics']);

/**
 * One line per request with its id (the caller's `x-request-id` when it is a plain token, else a new
 * UUID, echoed in the answer), method, path, status, duration, operation name and error codes. An
 * incremental response (`@defer`, `@stream`) is one line too, written after its last part.
 * Probes of `/health`, `/readiness` and `/metrics` are debug lines.
 */
export function useRequestLog(logger: GatewayLogger): Plugin {
  const started = new WeakMap<Request, number>();
  const operations = new WeakMap<Request, string>();
  const codes = new WeakMap<Request, string[]>();
  /** Incremental responses being sent: settled after their last part (true), or when they stopped before it. */
  const streams = new WeakMap<Request, Promise<boolean>>();
  const log = (request: Request, requestId: string, status: number, completed = true) => {
    const path = new URL(request.url, 'http://gateway').pathname;
    const fields: Record<string, unknown> = {
      requestId,
      method: request.method,
      path,
      status,
      durationMs: Math.round((performance.now() - (started.get(request) ?? performance.now())) * 10) / 10,
    };
    const operation = operations.get(request);
    if (operation) fields.operationName = operation;
    const errorCodes = codes.get(request);
    if (errorCodes) fields.errorCodes = [...new Set(errorCodes)];
    const cached = responseCacheOutcome(request);
    if (cached) fields.responseCache = cached;
    // The client went away before the last part: what it was sent is not the whole answer.
    if (!completed) fields.incomplete = true;
    const level = QUIET_PATHS.has(path) ? 'debug' : 'info';
    const line = `${request.method} ${path} ${status}`;
    if (logger.event) logger.event(level, line, fields);
    else logger[level](line);
  };
  return {
    onRequest({ request }) {
      const given = request.headers.get('x-request-id');
      requestIds.set(request, given && ACCEPTABLE_ID.test(given) ? given : randomUUID());
      started.set(request, performance.now());
    },
    ...operationNaming((request, name) => operations.set(request, name)),
    onResultProcess(payload) {
      const { request, result } = payload;
      const found: string[] = [];
      const collect = (part: unknown) => {
        found.push(...errorCodes(part));
        if (found.length) codes.set(request, found);
      };
      if (!isAsyncIterable(result)) {
        collect(result);
        return;
      }
      // An incremental response is logged once, when its last part is out (or the client went away),
      // with the error codes of every part.
      let ended!: (completed: boolean) => void;
      streams.set(request, new Promise<boolean>((resolve) => (ended = resolve)));
      payload.setResult(tapParts(result, collect, ended));
    },
    onResponse({ request, response }) {
      const requestId = requestIds.get(request);
      if (!requestId) return;
      response.headers.set('x-request-id', requestId);
      const stream = streams.get(request);
      if (stream) void stream.then((completed) => log(request, requestId, response.status, completed));
      else log(request, requestId, response.status);
    },
  };
}
