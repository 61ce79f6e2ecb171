import type { RciClient } from './rci/client.js';
import { RciLoaders } from './rci/loaders.js';

/**
 * What every resolver of one request sees: the RCI as this caller (their `Authorization`, their
 * request's lifetime) and this request's loaders. Built anew for every request, never shared.
 */
export interface GatewayContext {
  loaders: RciLoaders;
  /** Cancels this request's RCI calls, running and to come: the gateway cut the request short. */
  stopRci(): void;
}

export function createContext(client: RciClient, request: Request): GatewayContext {
  const stop = new AbortController();
  const session = client.forCaller({
    authorization: request.headers.get('authorization') ?? undefined,
    // The server adapter's request signal is a lazy stand-in whose `aborted` flag never flips;
    // a native signal that follows it reports the client going away reliably.
    signal: AbortSignal.any([request.signal, stop.signal]),
    // A client asking for fresh data gets it from RCI, and the cache is refreshed with it.
    fresh: /(^|,)\s*no-cache\s*(,|$)/i.test(request.headers.get('cache-control') ?? ''),
  });
  return { loaders: new RciLoaders(session), stopRci: () => stop.abort() };
}
