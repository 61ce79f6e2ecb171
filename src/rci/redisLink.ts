import { Redis } from 'ioredis';

/**
 * Redis as its users here (the answer cache's store, the rate limit) reach it: an optimisation, never a
 * dependency. A command that cannot be sent at once, or gets no answer in time, fails at once; the
 * connection is made again in the background; and the user tries to use Redis again after an outage.
 */

/**
 * A connection on which a command fails rather than waits: no offline queue, no repeat, at most
 * `commandTimeoutMs` for an answer; reconnecting in the background, ever more slowly up to every 2 s.
 */
export function connectRedis(url: string, commandTimeoutMs = 250): Redis {
  return new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  });
}

/**
 * Getting back to Redis after an outage, for the answer cache's store and the rate limit alike: attempts
 * run one at a time, in the background, every `intervalMs` from the outage's start until one succeeds
 * (and whenever the owner asks, e.g. on reconnection), and an outage is reported once when it starts
 * and once when it ends, however many commands fail meanwhile.
 */
export class RedisRecovery {
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private reported = false;

  constructor(
    /** One attempt to use Redis again; it tells `regained()` when it succeeds. */
    private readonly attempt: () => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  /** Redis cannot be used: attempts start. True when this outage has not been reported yet. */
  lost(): boolean {
    this.timer ??= setInterval(() => void this.tryNow(), this.intervalMs).unref();
    const news = !this.reported;
    this.reported = true;
    return news;
  }

  /** An attempt now, or the one already running. */
  tryNow(): Promise<void> {
    this.running ??= this.attempt().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Redis is used again: attempts stop. True when the outage it ends was reported. */
  regained(): boolean {
    this.stopAttempts();
    const reported = this.reported;
    this.reported = false;
    return reported;
  }

  /** No attempt any more, once the running one is over. */
  async close(): Promise<void> {
    this.stopAttempts();
    await this.running;
  }

  private stopAttempts(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
