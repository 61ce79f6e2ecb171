import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { callerHash, sharedCallerSecret, type CallerScope } from './callerKey.js';
import { connectRedis, RedisRecovery } from './redisLink.js';

/**
 * Per-caller rate limits on RCI calls: one token bucket per caller, holding up to `burst` calls and
 * refilled at `ratePerSecond`. A call that finds the bucket empty may reserve a later turn, up to
 * `maxWaitMs` ahead, and waits for it; beyond that it is refused and told when to come back.
 *
 * With Redis, every gateway process takes from the same buckets (an atomic script on Redis's clock), so
 * a caller's limit holds across the fleet. Without it, or while Redis is unavailable, each process
 * keeps its own buckets: the limit then holds per process. Redis is never a reason to fail or delay a
 * call beyond one command timeout: the first command that fails stops its use, and it is tried again in
 * the background.
 *
 * Buckets are keyed by the caller's keyed hash (callerKey.ts), never by a credential.
 */

export interface RateLimitOptions {
  /** Calls per caller per second: the rate the bucket refills at. */
  ratePerSecond: number;
  /**
   * Calls a caller may make at once after a quiet spell: the bucket's size. At least 2: a partial update
   * takes its GET's and its PUT's turns together.
   * @default the larger of 2 and `ratePerSecond` rounded up
   */
  burst?: number;
  /** Longest a call waits for its turn before it is refused. @default 1000 */
  maxWaitMs?: number;
  /** Redis shared by every gateway process; absent: each process limits on its own. */
  redisUrl?: string;
  /** Told once each time Redis stops being used, and once when it is used again. @default console.warn */
  warn?: (message: string) => void;
  /** Told when Redis is first used. @default nothing */
  info?: (message: string) => void;
  /** How long one Redis command may take before the process decides alone. @default 250 */
  commandTimeoutMs?: number;
  /** How often Redis is tried again in the background while it is not used. @default 1000 */
  probeIntervalMs?: number;
}

/** What a request for calls got: a wait before they may be sent, or a refusal and when to come back. */
export type Grant = { granted: true; waitMs: number } | { granted: false; retryAfterMs: number };

/** Keys of the buckets in Redis: `rci:rate:<caller hash>`, each expiring when its bucket is full again. */
const PREFIX = 'rci:rate:';

/** Past this many per-process buckets, those that are full again are dropped (they hold nothing). */
const LOCAL_SWEEP_SIZE = 10_000;

/**
 * A bucket is one number: the time it is full again (`fullAt`; earlier than now, it is full). Taking n
 * calls moves it n intervals later. A call may go once `fullAt` is at most `burst` intervals ahead of
 * now: `burst` calls go at once, then one per interval. A request that would have to wait is granted
 * with that wait when it is at most `maxWait`, and refused otherwise (taking nothing); requests are
 * decided in order. Answers: the wait (≥ 0) of a granted request, minus the wait of a refused one.
 * Times are in microseconds. `TAKE_SCRIPT` is the same function, run atomically by Redis.
 */
export function takeFromBucket(
  fullAt: number,
  now: number,
  counts: readonly number[],
  bucket: { intervalUs: number; burst: number; maxWaitUs: number },
): { fullAt: number; answers: number[] } {
  let full = Math.max(fullAt, now);
  const answers = counts.map((count) => {
    const later = full + count * bucket.intervalUs;
    // Written so that a full bucket asked for its whole burst waits exactly 0: (now + b·i) − b·i − now
    // need not be 0 in floating point, and with no wait allowed a tiny positive error refused the call.
    const wait = full - now + (count - bucket.burst) * bucket.intervalUs;
    if (wait > bucket.maxWaitUs) return -wait;
    full = later;
    return Math.max(wait, 0);
  });
  return { fullAt: full, answers };
}

/**
 * KEYS[1]: the caller's bucket. ARGV: microseconds per call, burst, longest wait (µs), then the calls of
 * each request in arrival order. Redis's own clock, so every process measures alike; the new `fullAt`
 * is rounded up (never a call more than the rate) and kept until the bucket is full again.
 */
const TAKE_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local full = tonumber(redis.call('GET', KEYS[1]) or '0')
if full < now then full = now end
local answers = {}
for i = 4, #ARGV do
  local later = full + tonumber(ARGV[i]) * interval
  local wait = full - now + (tonumber(ARGV[i]) - burst) * interval
  if wait > maxWait then
    answers[#answers + 1] = -wait
  else
    full = later
    answers[#answers + 1] = math.max(wait, 0)
  end
end
full = math.ceil(full)
redis.call('SET', KEYS[1], string.format('%.0f', full), 'PX', math.ceil((full - now) / 1000) + 1)
return answers
`;
const TAKE_SHA = createHash('sha1').update(TAKE_SCRIPT).digest('hex');

/** Requests of one caller made in the same tick, sent to Redis as one script call. */
interface Batch {
  scopes: CallerScope[];
  counts: number[];
  settle: ((grant: Grant) => void)[];
}

export class RateLimiter {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly maxWaitMs: number;
  private readonly bucket: { intervalUs: number; burst: number; maxWaitUs: number };
  /** Per-process buckets, keyed by hashes under a secret of this process. */
  private readonly local = new Map<string, number>();
  private readonly localSecret = randomBytes(32).toString('hex');
  private readonly redis?: Redis;
  private readonly warn: (message: string) => void;
  private readonly info: (message: string) => void;
  /** The secret shared with the cache and every process, while Redis is used. */
  private secret?: string;
  private queued = new Map<string, Batch>();
  /** Redis has been used at least once. */
  private used = false;
  private closed = false;
  private readonly recovery: RedisRecovery;

  constructor(options: RateLimitOptions) {
    this.ratePerSecond = options.ratePerSecond;
    this.burst = options.burst ?? Math.max(2, Math.ceil(this.ratePerSecond));
    this.maxWaitMs = options.maxWaitMs ?? 1000;
    this.bucket = { intervalUs: 1e6 / this.ratePerSecond, burst: this.burst, maxWaitUs: this.maxWaitMs * 1000 };
    this.warn = options.warn ?? ((message) => console.warn(message));
    this.info = options.info ?? (() => {});
    this.recovery = new RedisRecovery(() => this.recover(), options.probeIntervalMs ?? 1000);
    if (options.redisUrl) {
      this.redis = connectRedis(options.redisUrl, options.commandTimeoutMs);
      // The message of an ioredis error never contains the URL's password; one warning per outage.
      this.redis.on('error', () => this.stopUsing());
      this.redis.on('close', () => this.stopUsing());
      this.redis.on('ready', () => void this.recovery.tryNow());
    }
  }

  /**
   * Takes `calls` calls from the caller's bucket, all or none: granted with the wait before they may be
   * sent (0 when the bucket holds them), or refused with the wait after which it would.
   */
  take(caller: CallerScope, calls: number): Promise<Grant> {
    if (this.secret === undefined) return Promise.resolve(this.takeLocally(caller, calls));
    const hash = callerHash(caller, this.secret);
    return new Promise((resolve) => {
      if (this.queued.size === 0) queueMicrotask(() => this.flush());
      let batch = this.queued.get(hash);
      if (!batch) {
        batch = { scopes: [], counts: [], settle: [] };
        this.queued.set(hash, batch);
      }
      batch.scopes.push(caller);
      batch.counts.push(calls);
      batch.settle.push(resolve);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.redis) return;
    this.redis.removeAllListeners('error');
    this.redis.on('error', () => {});
    await this.recovery.close();
    await this.redis.quit().catch(() => this.redis?.disconnect());
  }

  private flush(): void {
    const batches = this.queued;
    this.queued = new Map();
    for (const [hash, batch] of batches) void this.takeShared(hash, batch);
  }

  private async takeShared(hash: string, batch: Batch): Promise<void> {
    let answers: number[];
    try {
      answers = await this.runScript(`${PREFIX}${hash}`, batch.counts);
    } catch {
      this.stopUsing();
      // Redis did not answer (it may still have counted these calls): this process decides alone.
      batch.settle.forEach((settle, i) => settle(this.takeLocally(batch.scopes[i], batch.counts[i])));
      return;
    }
    batch.settle.forEach((settle, i) => settle(toGrant(answers[i])));
  }

  private async runScript(key: string, counts: readonly number[]): Promise<number[]> {
    const redis = this.redis!;
    const args = [this.bucket.intervalUs, this.burst, this.bucket.maxWaitUs, ...counts];
    let reply: unknown;
    try {
      reply = await redis.evalsha(TAKE_SHA, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      reply = await redis.eval(TAKE_SCRIPT, 1, key, ...args);
    }
    if (!Array.isArray(reply) || reply.length !== counts.length || !reply.every((a) => typeof a === 'number')) {
      throw new Error('unexpected answer to the rate-limit script');
    }
    return reply;
  }

  private takeLocally(caller: CallerScope, calls: number): Grant {
    const hash = callerHash(caller, this.localSecret);
    const now = performance.now() * 1000;
    const { fullAt, answers } = takeFromBucket(this.local.get(hash) ?? 0, now, [calls], this.bucket);
    if (!this.local.has(hash) && this.local.size >= LOCAL_SWEEP_SIZE) {
      for (const [key, full] of this.local) if (full <= now) this.local.delete(key);
    }
    this.local.set(hash, fullAt);
    return toGrant(answers[0]);
  }

  private stopUsing(): void {
    if (this.closed) return;
    this.secret = undefined;
    if (this.recovery.lost()) {
      this.warn('RCI rate limit: Redis is unavailable; each process limits its callers on its own until it is back');
    }
  }

  /** One attempt to use Redis again: the shared secret, then use. */
  private async recover(): Promise<void> {
    const redis = this.redis!;
    if (this.closed || this.secret !== undefined || redis.status !== 'ready') return;
    try {
      const secret = await sharedCallerSecret(redis);
      if (this.closed || redis.status !== 'ready') return;
      this.secret = secret;
      if (this.recovery.regained()) this.warn('RCI rate limit: Redis is reachable again; the limit is shared again');
      else if (!this.used) this.info('RCI rate limit: shared by every process through Redis');
      this.used = true;
    } catch {
      this.stopUsing();
    }
  }
}

/** A bucket's answer as a grant, in milliseconds. */
function toGrant(answer: number): Grant {
  return answer >= 0 ? { granted: true, waitMs: answer / 1000 } : { granted: false, retryAfterMs: -answer / 1000 };
}
