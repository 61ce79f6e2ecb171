import type { CallerContext } from './client.js';

/**
 * How long the work of RCI calls may go on. A request's lifetime ends when its client goes away (its
 * `AbortSignal` aborts); a shared call's (sharing.ts) ends when no request waits for it any more. Calls
 * that wait for a connection (scheduler.ts), are on the wire (transport.ts) or pause before a retry
 * (policy.ts) listen to it and stop when it ends.
 *
 * Why not an `AbortController` per shared call and an `abort` listener per call: a cold roster makes
 * about 360 calls, and Node's `AbortSignal`s and `EventTarget` listeners cost it measurably more CPU and
 * garbage than a set of functions. A request's signal is listened to once, whatever number of its calls
 * are under way.
 */
export class Lifetime {
  private done = false;
  private readonly listeners = new Set<() => void>();

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
    return this.listeners.size;
  }

  /** Calls `listener` once when the lifetime ends; never, once `off` removed it. */
  on(listener: () => void): void {
    if (!this.done) this.listeners.add(listener);
  }

  off(listener: () => void): void {
    this.listeners.delete(listener);
  }

  /** Ends the lifetime: every listener still added is called once. */
  end(): void {
    if (this.done) return;
    this.done = true;
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }
}

const bySignal = new WeakMap<AbortSignal, Lifetime>();

/** When the caller's calls must stop: its own lifetime, or its signal's. */
export function lifetimeOf(caller: CallerContext): Lifetime | undefined {
  return caller.lifetime ?? (caller.signal && Lifetime.of(caller.signal));
}
