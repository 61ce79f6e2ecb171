import type { RciObserver } from './observer.js';

/**
 * Fair sharing of the RCI connections across requests. At most `slots` calls run at once; when all
 * slots are busy, waiting calls are served round-robin across their owners (one owner per GraphQL
 * request), not first come, first served. A request that queued thousands of calls then delays
 * another request's call by at most one call per waiting request, instead of by all of its own.
 *
 * The pool below (undici) never queues on its own: this scheduler hands it no more calls than it
 * has connections.
 */

/** Why a waiting call was given up before it was sent. */
export class SchedulerAbort extends Error {
  override readonly name = 'SchedulerAbort';
  constructor(readonly reason: 'cancelled' | 'timeout') {
    super(reason === 'cancelled' ? 'cancelled while waiting for an RCI connection' : 'no RCI connection came free');
  }
}

interface Waiter {
  start(): void;
  /** Set once the waiter left the queue (started or given up), so it is skipped if still listed. */
  done: boolean;
}

export interface SchedulerOptions {
  /** Calls allowed to run at once (the pool's connections). */
  slots: number;
  /** Told how many calls are waiting each time that number changes. */
  observer?: Pick<RciObserver, 'queueLength'>;
}

export class RciScheduler {
  private running = 0;
  private waiting = 0;
  /** Waiting calls per owner, in arrival order. */
  private readonly queues = new Map<object, Waiter[]>();
  /** Owners with waiting calls, in the order they are next served. */
  private readonly turn: object[] = [];
  private readonly slots: number;
  private readonly observer?: Pick<RciObserver, 'queueLength'>;

  constructor(options: SchedulerOptions) {
    this.slots = options.slots;
    this.observer = options.observer;
  }

  /** Calls waiting for a free slot. */
  get queueLength(): number {
    return this.waiting;
  }

  /**
   * Runs `task` once a slot is free, and frees the slot when it settles. Rejects with a
   * `SchedulerAbort` (and never runs `task`) when `signal` aborts or `maxWaitMs` passes first.
   */
  async run<T>(owner: object, task: () => Promise<T>, signal?: AbortSignal, maxWaitMs?: number): Promise<T> {
    if (signal?.aborted) throw new SchedulerAbort('cancelled');
    if (this.running < this.slots && this.waiting === 0) {
      this.running++;
    } else {
      await this.wait(owner, signal, maxWaitMs);
    }
    try {
      return await task();
    } finally {
      this.running--;
      this.next();
    }
  }

  private wait(owner: object, signal: AbortSignal | undefined, maxWaitMs: number | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const cleanUp = () => {
        waiter.done = true;
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.setWaiting(this.waiting - 1);
      };
      const giveUp = (reason: 'cancelled' | 'timeout') => {
        if (waiter.done) return;
        // Left in its queue and skipped when its turn comes: removing it here would cost a scan.
        cleanUp();
        reject(new SchedulerAbort(reason));
      };
      const onAbort = () => giveUp('cancelled');
      const waiter: Waiter = {
        done: false,
        start: () => {
          cleanUp();
          this.running++;
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (maxWaitMs !== undefined) timer = setTimeout(() => giveUp('timeout'), maxWaitMs);
      let queue = this.queues.get(owner);
      if (!queue) {
        queue = [];
        this.queues.set(owner, queue);
        this.turn.push(owner);
      }
      queue.push(waiter);
      this.setWaiting(this.waiting + 1);
    });
  }

  /** Starts the next waiting call of the next owner in turn, while slots are free. */
  private next(): void {
    while (this.running < this.slots && this.turn.length > 0) {
      const owner = this.turn.shift()!;
      const queue = this.queues.get(owner)!;
      let waiter = queue.shift();
      while (waiter?.done) waiter = queue.shift();
      if (queue.length > 0) this.turn.push(owner);
      else this.queues.delete(owner);
      waiter?.start();
    }
  }

  private setWaiting(waiting: number): void {
    if (waiting === this.waiting) return;
    this.waiting = waiting;
    this.observer?.queueLength?.(waiting);
  }
}
