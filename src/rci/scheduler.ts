import type { Lifetime, LifetimeListener, Listening } from './lifetime.js';
import type { RciObserver } from './observer.js';

/**
 * Fair sharing of the RCI connections. At most `slots` calls run at once; when all slots are busy,
 * waiting calls are served in turns, not first come, first served: round-robin across callers (a
 * credential: one user, or the service account for anonymous callers), and within a caller round-robin
 * across its requests. A request that queued thousands of calls then delays another request's call by
 * at most about one call per waiting request, and a caller with many requests at once delays another
 * caller by about one call, not one per request.
 *
 * A call several requests wait for (an identical GET they share, sharing.ts) is listed in the queue of
 * each of them and sent at the first of their turns: none waits in another request's turn, and a request
 * that stops waiting for it no longer gives it a turn.
 *
 * The connections below (connections.ts) seldom queue on their own: this scheduler hands them no
 * more calls than there are connections.
 */

/** What a waiting call is told: its turn came (the slot is its), or why it was given up before it was sent. */
export interface Grantee {
  granted(): void;
  notGranted(reason: 'cancelled' | 'timeout'): void;
}

/** Whose turn a call of one request takes: its caller's (the credential, '' for none) and the request's. */
export interface RequestTurn {
  readonly caller: string;
  /** The request (any object that stands for it). */
  readonly request: object;
}

/**
 * The requests of one caller waiting for one call they share. While the call waits for a connection it
 * is listed in each one's queue; a request that joins later is listed from then on, one that leaves is
 * skipped when its turn comes.
 */
export class SharedTurn {
  /**
   * Each waiting request, with how many times it waits (one request may read the same URL twice): the
   * first in fields of its own, others in a map made only when a second request joins, which most calls
   * never see.
   */
  private only?: object;
  private onlyTimes = 0;
  private others?: Map<object, number>;
  /** Set while the call waits for a connection: it is listed in the queue of each request that joins. */
  private waiter?: Waiter;

  constructor(readonly caller: string) {}

  join(request: object): void {
    let times = this.others?.get(request);
    if (times !== undefined) {
      this.others!.set(request, times + 1);
    } else if (this.only === undefined || this.only === request) {
      this.only = request;
      times = this.onlyTimes++;
    } else {
      this.others ??= new Map<object, number>();
      this.others.set(request, 1);
      times = 0;
    }
    if (times === 0) this.waiter?.listIn(request);
  }

  leave(request: object): void {
    if (this.only === request) {
      if (--this.onlyTimes === 0) this.only = undefined;
      return;
    }
    const times = this.others?.get(request) ?? 0;
    if (times <= 1) this.others?.delete(request);
    else this.others!.set(request, times - 1);
  }

  has(request: object): boolean {
    return this.only === request || (this.others?.has(request) ?? false);
  }

  private requests(): object[] {
    const all = this.others ? [...this.others.keys()] : [];
    if (this.only !== undefined) all.unshift(this.only);
    return all;
  }

  /** Lists the waiting call under every request now waiting for it, and under those that join later. */
  listIn(waiter: Waiter): void {
    this.waiter = waiter;
    for (const request of this.requests()) waiter.listIn(request);
  }

  /** The call no longer waits for a connection. */
  unlisted(): void {
    this.waiter = undefined;
  }
}

export type Turn = RequestTurn | SharedTurn;

/**
 * A call waiting for a connection, listed in the queue of each request waiting for it. One object per
 * waiting call, its own listener and timer callback: a cold page queues hundreds of calls at once.
 */
class Waiter implements LifetimeListener {
  /** Set once the waiter left the queues (started or given up), so it is skipped where still listed. */
  done = false;
  private timer?: NodeJS.Timeout;
  private listening?: Listening;

  constructor(
    private readonly scheduler: RciScheduler,
    private readonly turn: Turn,
    private readonly lifetime: Lifetime | undefined,
    private readonly grantee: Grantee,
  ) {}

  /** Starts waiting, bounded by `maxWaitMs` and the lifetime. */
  wait(maxWaitMs: number | undefined): void {
    this.listening = this.lifetime?.on(this);
    if (maxWaitMs !== undefined) this.timer = setTimeout(waitedTooLong, maxWaitMs, this);
    if (this.turn instanceof SharedTurn) this.turn.listIn(this);
    else this.listIn(this.turn.request);
  }

  /** Lists the call in the queue of `request`. */
  listIn(request: object): void {
    this.scheduler.list(this, this.turn.caller, request);
  }

  /** Whether the request whose queue lists the waiter still waits for it. */
  waitedForBy(request: object): boolean {
    return !(this.turn instanceof SharedTurn) || this.turn.has(request);
  }

  /** Its turn came: the slot is its. */
  start(): void {
    this.leave();
    this.grantee.granted();
  }

  /** Its request went away. */
  lifetimeEnded(): void {
    this.giveUp('cancelled');
  }

  giveUp(reason: 'cancelled' | 'timeout'): void {
    if (this.done) return;
    // Left in its queues and skipped when its turn comes: removing it here would cost a scan.
    this.leave();
    this.grantee.notGranted(reason);
  }

  private leave(): void {
    this.done = true;
    if (this.timer) clearTimeout(this.timer);
    this.lifetime?.off(this.listening);
    if (this.turn instanceof SharedTurn) this.turn.unlisted();
    this.scheduler.left();
  }
}

function waitedTooLong(waiter: Waiter): void {
  waiter.giveUp('timeout');
}

/** The waiting calls of one caller, per request, and the order its requests are next served in. */
interface CallerQueues {
  readonly caller: string;
  readonly queues: Map<object, Waiter[]>;
  readonly turn: object[];
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
  /** Set while `next` starts waiting calls. */
  private starting = false;
  /** Callers with waiting calls. */
  private readonly callers = new Map<string, CallerQueues>();
  /** Callers with waiting calls, in the order they are next served. */
  private readonly turn: CallerQueues[] = [];
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
   * Takes a slot for one call: at once (answers true) when one is free and no call waits; otherwise
   * answers false, and `grantee` is told once the call's turn comes, or, with no slot taken, when
   * `lifetime` ends or `maxWaitMs` passes first (at once when `lifetime` has ended already). Every slot
   * taken is given back with `release`.
   *
   * Not a wrapper around the call, and no promise: a cold page makes hundreds of calls at once, and a
   * promise and its reactions for each cost it measurably.
   */
  acquire(turn: Turn, grantee: Grantee, lifetime?: Lifetime, maxWaitMs?: number): boolean {
    if (lifetime?.ended) {
      grantee.notGranted('cancelled');
      return false;
    }
    if (this.running < this.slots && this.waiting === 0) {
      this.running++;
      return true;
    }
    const waiter = new Waiter(this, turn, lifetime, grantee);
    this.setWaiting(this.waiting + 1);
    waiter.wait(maxWaitMs);
    return false;
  }

  /** Gives back a slot `acquire` took: the call it was taken for has settled. */
  release(): void {
    this.running--;
    // Within `next`, which goes on while slots are free: a call it starts that settles at once (out of
    // time) gives its slot back here, and must not start the next one from deeper in the stack.
    if (!this.starting) this.next();
  }

  /** A waiter left the queues: started (its slot taken) or given up. */
  left(): void {
    this.setWaiting(this.waiting - 1);
  }

  /** Adds a waiting call to the queue of one request. */
  list(waiter: Waiter, caller: string, request: object): void {
    let callerQueues = this.callers.get(caller);
    if (!callerQueues) {
      callerQueues = { caller, queues: new Map(), turn: [] };
      this.callers.set(caller, callerQueues);
      this.turn.push(callerQueues);
    }
    let queue = callerQueues.queues.get(request);
    if (!queue) {
      queue = [];
      callerQueues.queues.set(request, queue);
      callerQueues.turn.push(request);
    }
    queue.push(waiter);
  }

  /** Starts the next waiting call of the next caller in turn, while slots are free. */
  private next(): void {
    this.starting = true;
    try {
      while (this.running < this.slots && this.turn.length > 0) {
        const callerQueues = this.turn.shift()!;
        const waiter = this.nextOf(callerQueues);
        if (callerQueues.turn.length > 0) this.turn.push(callerQueues);
        else this.callers.delete(callerQueues.caller);
        if (waiter) {
          this.running++;
          waiter.start();
        }
      }
    } finally {
      this.starting = false;
    }
  }

  /** The next waiting call of a caller: from its next request in turn that still has one. */
  private nextOf(callerQueues: CallerQueues): Waiter | undefined {
    while (callerQueues.turn.length > 0) {
      const request = callerQueues.turn.shift()!;
      const queue = callerQueues.queues.get(request)!;
      let waiter = queue.shift();
      while (waiter && (waiter.done || !waiter.waitedForBy(request))) waiter = queue.shift();
      if (queue.length > 0) callerQueues.turn.push(request);
      else callerQueues.queues.delete(request);
      if (waiter) return waiter;
    }
    return undefined;
  }

  private setWaiting(waiting: number): void {
    if (waiting === this.waiting) return;
    this.waiting = waiting;
    this.observer?.queueLength?.(waiting);
  }
}
