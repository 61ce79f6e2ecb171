import type { CallerContext } from './client.js';

/**
 * How long the work of RCI calls may go on. A request's lifetime ends when its client goes away (its
 * `AbortSignal` aborts); a shared call's (sharing.ts) ends when no request waits for it any more. Calls
 * that wait for a connection (scheduler.ts), are on the wire (transport.ts) or pause before a retry
 * (policy.ts) listen to it and stop when it ends.
 *
 * Why not an `AbortController` per shared call and an `abort` listener per call: a cold roster makes
 * about 360 calls, and Node's `AbortSignal`s and `EventTarget` listeners cost it measurably more CPU and
 * garbage than a list of listener objects. A request's signal is listened to once, whatever number of its
 * calls are under way.
 */

/** Told once when a lifetime it listens to ends; which one, for a listener of several. */
export interface LifetimeListener {
  lifetimeEnded(lifetime: Lifetime): void;
}

/** A listener's place in a lifetime's list, handed back by `on` and taken by `off`. */
export class Listening {
  /** @internal The lifetime's list. */
  previous?: Listening;
  /** @internal */
  next?: Listening;
  /** @internal Set while in the list. */
  linked = true;

  constructor(readonly listener: LifetimeListener) {}
}

export class Lifetime {
  private done = false;
  /**
   * The listeners, newest first, in a list of their own: a request's lifetime has a listener per call it
   * waits for, hundreds on a cold page, and adding or removing one must cost no hashing and no resizing.
   */
  private first?: Listening;
  private count = 0;

  /** The lifetime of the work of one caller's request: it ends when `signal` aborts. */
  static of(signal: AbortSignal): Lifetime {
    let lifetime = bySignal.get(signal);
    if (!lifetime) {
      const created = new Lifetime();
      lifetime = created;
      bySignal.set(signal, created);
      if (signal.aborted) created.end();
      else signal.addEventListener('abort', () => created.end(), { once: true });
    }
    return lifetime;
  }

  get ended(): boolean {
    return this.done;
  }

  /** How many listeners wait for its end: none once its calls are over (tests check that). */
  get listening(): number {
    return this.count;
  }

  /**
   * Tells `listener` once when the lifetime ends; never, once `off` took its place back. Answers
   * `undefined` when the lifetime has ended already (the listener is not told).
   */
  on(listener: LifetimeListener): Listening | undefined {
    if (this.done) return undefined;
    const listening = new Listening(listener);
    listening.next = this.first;
    if (this.first) this.first.previous = listening;
    this.first = listening;
    this.count++;
    return listening;
  }

  off(listening: Listening | undefined): void {
    if (!listening?.linked) return;
    listening.linked = false;
    if (listening.previous) listening.previous.next = listening.next;
    else this.first = listening.next;
    if (listening.next) listening.next.previous = listening.previous;
    listening.previous = listening.next = undefined;
    this.count--;
  }

  /** Ends the lifetime: every listener still listening is told once. */
  end(): void {
    if (this.done) return;
    this.done = true;
    let listening = this.first;
    this.first = undefined;
    this.count = 0;
    const listeners: LifetimeListener[] = [];
    for (; listening; listening = listening.next) {
      listening.linked = false;
      listeners.push(listening.listener);
    }
    for (const listener of listeners) listener.lifetimeEnded(this);
  }
}

const bySignal = new WeakMap<AbortSignal, Lifetime>();

/** When the caller's calls must stop: its own lifetime, or its signal's. */
export function lifetimeOf(caller: CallerContext): Lifetime | undefined {
  return caller.lifetime ?? (caller.signal && Lifetime.of(caller.signal));
}
