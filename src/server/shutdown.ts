import type { Server } from 'node:http';
import type { Readiness } from './health.js';

/** Something to close after the listener has drained, e.g. the RCI connection pool or Redis. */
export interface Closable {
  name: string;
  close(): Promise<void>;
}

export interface ShutdownOptions {
  server: Server;
  readiness?: Readiness;
  /** How long in-flight requests may still run, in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** Closed one after another, in this order, once the listener is closed. */
  resources: Closable[];
  /** Reports each step. @default nothing */
  log?: (message: string) => void;
}

/**
 * The shutdown sequence: readiness turns 503, the listener stops accepting connections, requests in
 * flight finish (for at most `timeoutMs`, then their connections are cut), and the resources close in
 * order. Resolves when all is closed; a resource that fails to close is reported and the rest still close.
 */
export async function shutDown(options: ShutdownOptions): Promise<void> {
  const { server, log = () => {} } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  options.readiness?.markShuttingDown();
  log(`shutting down: waiting up to ${timeoutMs} ms for requests in flight`);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // close() keeps keep-alive connections that are busy; once their request is answered they idle, and
  // are closed here instead of waiting for their keep-alive timeout.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs)));
  const expired = await Promise.race([closed.then(() => false), timedOut]);
  clearInterval(sweep);
  clearTimeout(timer);
  if (expired) {
    log('shutdown timeout reached: closing the remaining connections');
    server.closeAllConnections();
    await closed;
  }
  for (const resource of options.resources) {
    try {
      await resource.close();
    } catch (error) {
      log(`closing ${resource.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  log('shut down');
}
