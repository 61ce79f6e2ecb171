import type { RciObserver } from '../rci/observer.js';

/** One observer that tells several (metrics and traces); their headers are merged, a later one winning a clash. */
export function combineObservers(...observers: (RciObserver | undefined)[]): RciObserver {
  const all = observers.filter((o): o is RciObserver => o !== undefined);
  // One observer needs no merging: its own functions are called on every RCI call.
  if (all.length === 1) return all[0];
  return {
    callStarted(call) {
      const traces = all.map((o) => o.callStarted?.(call)).filter((t) => t !== undefined && t !== null);
      const headers = Object.assign({}, ...traces.map((t) => t?.headers ?? {})) as Record<string, string>;
      return { headers, end: (outcome) => traces.forEach((t) => t?.end(outcome)) };
    },
    callEnded: (call, outcome) => all.forEach((o) => o.callEnded?.(call, outcome)),
    retried: (call) => all.forEach((o) => o.retried?.(call)),
    cacheLookup: (lookup) => all.forEach((o) => o.cacheLookup?.(lookup)),
    rateLimited: (limited) => all.forEach((o) => o.rateLimited?.(limited)),
    queueLength: (waiting) => all.forEach((o) => o.queueLength?.(waiting)),
    breakerChanged: (state) => all.forEach((o) => o.breakerChanged?.(state)),
    breakerRefused: (call) => all.forEach((o) => o.breakerRefused?.(call)),
  };
}
