import { RciError } from '../rci/errors.js';

/** The logger interface Yoga takes. */
export interface GatewayLogger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** Where log lines go; tests collect them. */
export type LogSink = (level: 'debug' | 'info' | 'warn' | 'error', line: string) => void;

const consoleSink: LogSink = (level, line) => {
  if (level === 'debug' && process.env.DEBUG !== '1') return;
  (level === 'error' ? console.error : level === 'warn' ? console.warn : console.log)(line);
};

// RCI answers that are the caller's business (their id, their credentials), not the operator's.
const CALLER_CODES = new Set([
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CLIENT_CLOSED_REQUEST',
  'QUERY_TOO_COMPLEX',
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
export function createLogger(sink: LogSink = consoleSink): GatewayLogger {
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
    debug: (...args) => sink('debug', line(args)),
    info: (...args) => sink('info', line(args)),
    warn: (...args) => sink('warn', line(args)),
    error: (...args) => {
      const rci = args.map(rciErrorIn).find((e) => e !== undefined);
      sink(rci && CALLER_CODES.has(rci.code) ? 'debug' : rci ? 'warn' : 'error', line(args));
    },
  };
}
