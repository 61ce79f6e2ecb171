import { ReadRecord } from './rci/cache/reads.js';
import type { RciClient } from './rci/client.js';
import { RciLoaders } from './rci/loaders.js';

/** How bulk mutations run (schema/bulk.ts). */
export interface BulkLimits {
  /** Most items one bulk mutation accepts; more is refused before any RCI call. @default 500 */
  maxItems: number;
  /** Items of one bulk mutation in progress at once, so that one request cannot take every RCI connection. @default 32 */
  concurrency: number;
}

export const DEFAULT_BULK_LIMITS: BulkLimits = { maxItems: 500, concurrency: 32 };

/**
 * What every resolver of one request sees: the RCI as this caller (their `Authorization`, their
 * request's lifetime) and this request's loaders. Built anew for every request, never shared.
 */
export interface GatewayContext {
  loaders: RciLoaders;
  bulk: BulkLimits;
  /** What this request's RCI reads depended on (tags, generations, expiry), for the response cache. */
  reads: ReadRecord;
  /** Cancels this request's RCI calls, running and to come: the gateway cut the request short. */
  stopRci(): void;
  /**
   * How many more objects this request's lists may read the fields of ahead (schema/readAhead.ts): at
   * most as many as the request may answer, so a document that multiplies is still stopped by that
   * bound before it has read much, not after reading everything ahead.
   */
  readAhead: { objects: number };
}

/** The caller sent `Cache-Control: no-cache`: it gets fresh data from RCI, and the caches are refreshed with it. */
export function asksForFreshData(request: Request): boolean {
  return /(^|,)\s*no-cache\s*(,|$)/i.test(request.headers.get('cache-control') ?? '');
}

/** `maxResultObjects`: the most result objects the request may answer (0: its lists read nothing ahead). */
export function createContext(
  client: RciClient,
  request: Request,
  bulk: BulkLimits = DEFAULT_BULK_LIMITS,
  maxResultObjects = 0,
): GatewayContext {
  const stop = new AbortController();
  const reads = new ReadRecord();
  const session = client.forCaller({
    authorization: request.headers.get('authorization') ?? undefined,
    // The server adapter's request signal is a lazy stand-in whose `aborted` flag never flips;
    // a native signal that follows it reports the client going away reliably.
    signal: AbortSignal.any([request.signal, stop.signal]),
    fresh: asksForFreshData(request),
    reads,
  });
  return {
    loaders: new RciLoaders(session),
    bulk,
    reads,
    stopRci: () => stop.abort(),
    readAhead: { objects: maxResultObjects },
  };
}
