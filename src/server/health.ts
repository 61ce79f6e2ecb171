import type { Plugin } from 'graphql-yoga';
import type { RciCache } from '../rci/cache/index.js';
import type { RciClient } from '../rci/client.js';

/**
 * `/health` answers 200 while the process runs (Yoga's own endpoint); `/readiness` answers 200 only while
 * every dependency answers and the process is not shutting down, so a load balancer stops sending it
 * traffic before it goes away and while RCI is down. An optional check (Redis, an optimisation) is
 * reported in the body when it fails but never makes the gateway unready: every replica would leave
 * rotation at once over a cache it can serve without.
 */

/** One thing the gateway depends on, or (`optional`) only reports. */
export interface ReadinessCheck {
  /** Shown in the answer, e.g. `rci` or `redis`. */
  name: string;
  /** A failure is reported under `degraded` and the answer stays 200. @default false */
  optional?: boolean;
  /** Resolves when the dependency answers; rejects with a reason (never a URL or credential) otherwise. */
  check(signal: AbortSignal): Promise<void>;
}

export interface ReadinessOptions {
  checks: ReadinessCheck[];
  /** How long each check may take, in milliseconds. @default 2000 */
  timeoutMs?: number;
}

export interface ReadinessReport {
  ready: boolean;
  /** Check name → why it failed; `shutdown` while the process is shutting down. */
  failures: Record<string, string>;
  /** Optional check name → why it failed. */
  degraded: Record<string, string>;
}

export class Readiness {
  private shuttingDown = false;
  private readonly checks: ReadinessCheck[];
  private readonly timeoutMs: number;

  constructor(options: ReadinessOptions) {
    this.checks = [...options.checks];
    this.timeoutMs = options.timeoutMs ?? 2000;
  }

  /** From now on the gateway reports itself not ready: it is draining. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  /** Runs every check at once, each bounded by the timeout. */
  async report(): Promise<ReadinessReport> {
    const failures: Record<string, string> = {};
    const degraded: Record<string, string> = {};
    if (this.shuttingDown) failures.shutdown = 'the gateway is shutting down';
    await Promise.all(
      this.checks.map(async (readiness) => {
        const { name } = readiness;
        const signal = AbortSignal.timeout(this.timeoutMs);
        try {
          await readiness.check(signal);
        } catch (error) {
          (readiness.optional ? degraded : failures)[name] = signal.aborted
            ? `no answer within ${this.timeoutMs} ms`
            : error instanceof ReadinessError
              ? error.message
              : 'could not be reached';
        }
      }),
    );
    return { ready: Object.keys(failures).length === 0, failures, degraded };
  }

  /**
   * Serves `/readiness`: 200 `{"status":"ready"}`, or 503 with each failure's reason; either with
   * `degraded` naming the optional checks that failed. The request's path is compared, nothing more:
   * Yoga's `useReadinessCheck` also tests every other request's URL against a `URLPattern`, about 3 %
   * of the CPU of a repeat answered from the response cache.
   */
  plugin(endpoint = '/readiness'): Plugin {
    return {
      onRequest: (request) => {
        const { url, fetchAPI } = request;
        if (url.pathname !== endpoint) return;
        return this.report().then(
          ({ ready, failures, degraded }) => {
            const body = ready ? { status: 'ready' } : { status: 'unavailable', failures };
            request.endResponse(
              new fetchAPI.Response(JSON.stringify(Object.keys(degraded).length ? { ...body, degraded } : body), {
                status: ready ? 200 : 503,
                headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
              }),
            );
          },
          (error: unknown) => {
            request.endResponse(
              new fetchAPI.Response(error instanceof Error ? error.message : null, {
                status: 503,
                headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
              }),
            );
          },
        );
      },
    };
  }
}

/** A failure whose message is safe to show in the readiness answer. */
export class ReadinessError extends Error {}

/**
 * RCI is ready when a cheap GET gets any answer below 500 (a 401 without service credentials included),
 * and not while the client's circuit breaker is open: calls are refused then, whatever a probe would say.
 */
export function rciReadiness(rci: RciClient): ReadinessCheck {
  return {
    name: 'rci',
    async check(signal) {
      if (rci.breakerState === 'open') throw new ReadinessError('circuit breaker open: RCI calls are refused');
      const status = await rci.probe(signal);
      if (status >= 500) throw new ReadinessError(`RCI answered status ${status}`);
    },
  };
}

/**
 * Redis is used and answers PING. Optional: requests are answered without it (from RCI, uncached), so
 * its outage is reported where the operator looks, without taking the replica out of rotation. While the
 * cache does not use Redis, nothing is asked of it here either (a hung Redis would cost every probe).
 */
export function redisReadiness(cache: RciCache): ReadinessCheck {
  return {
    name: 'redis',
    optional: true,
    async check() {
      const problem = await cache.unavailability();
      if (problem !== undefined) throw new ReadinessError(problem);
    },
  };
}
