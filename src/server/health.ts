import { useReadinessCheck, type Plugin } from 'graphql-yoga';
import type { RciCache } from '../rci/cache/index.js';
import type { RciClient } from '../rci/client.js';

/**
 * `/health` answers 200 while the process runs (Yoga's own endpoint); `/readiness` answers 200 only while
 * every dependency answers and the process is not shutting down, so a load balancer stops sending it
 * traffic before it goes away and while RCI (or Redis) is down.
 */

/** One dependency the gateway cannot serve without. */
export interface ReadinessCheck {
  /** Shown in the 503 answer, e.g. `rci` or `redis`. */
  name: string;
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
    if (this.shuttingDown) failures.shutdown = 'the gateway is shutting down';
    await Promise.all(
      this.checks.map(async (readiness) => {
        const { name } = readiness;
        const signal = AbortSignal.timeout(this.timeoutMs);
        try {
          await readiness.check(signal);
        } catch (error) {
          failures[name] = signal.aborted
            ? `no answer within ${this.timeoutMs} ms`
            : error instanceof ReadinessError
              ? error.message
              : 'could not be reached';
        }
      }),
    );
    return { ready: Object.keys(failures).length === 0, failures };
  }

  /** Serves `/readiness`: 200 `{"status":"ready"}`, or 503 with each failure's reason. */
  plugin(endpoint = '/readiness'): Plugin {
    return useReadinessCheck({
      endpoint,
      check: async ({ fetchAPI }) => {
        const { ready, failures } = await this.report();
        return new fetchAPI.Response(
          JSON.stringify(ready ? { status: 'ready' } : { status: 'unavailable', failures }),
          {
            status: ready ? 200 : 503,
            headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
          },
        );
      },
    });
  }
}

/** A failure whose message is safe to show in the readiness answer. */
export class ReadinessError extends Error {}

/** RCI is ready when a cheap GET gets any answer below 500 (a 401 without service credentials included). */
export function rciReadiness(rci: RciClient): ReadinessCheck {
  return {
    name: 'rci',
    async check(signal) {
      const status = await rci.probe(signal);
      if (status >= 500) throw new ReadinessError(`RCI answered status ${status}`);
    },
  };
}

/**
 * Redis answers PING. Requests are still answered while it is down (from RCI, uncached), but a configured
 * dependency that does not answer is what readiness reports, so the operator sees it where they look.
 */
export function redisReadiness(cache: RciCache): ReadinessCheck {
  return {
    name: 'redis',
    async check() {
      if (!(await cache.ping())) throw new ReadinessError('Redis does not answer');
    },
  };
}
