import type { CallBudget, CallerContext, CallSink } from './client.js';
import type { Result } from './policy.js';
import { RciError } from './errors.js';
import { Lifetime, lifetimeOf, type LifetimeListener, type Listening } from './lifetime.js';
import { cancelled, overBudget } from './policy.js';
import { SharedTurn, type RequestTurn } from './scheduler.js';

/**
 * Identical GETs of one caller in flight at once, shared by the requests that make them. A shared call
 * is owned by no request: it runs with a lifetime of its own, never with one request's signal, budget or
 * queue turn, and it is given up only when no request waits for it any more.
 *
 * - **Cancellation.** A request that goes away (its client left, or a limit stopped it) stops waiting,
 *   alone, with its own `CLIENT_CLOSED_REQUEST`; the call goes on for the others. When the last one
 *   leaves, the call is cancelled (unsent if it still waited for a connection).
 * - **Deadline.** A request that runs out of time (`REQUEST_TIMEOUT_MS`) stops waiting, alone, with its
 *   own `UPSTREAM_TIMEOUT`; the call has no deadline of its own but its timeout per attempt.
 * - **Budget.** Each waiting request is charged as if it made the call itself: one call when it joins
 *   (the attempt under way, or the first), and one for each later attempt (a retry) made while it waits.
 *   A request out of calls stops waiting with its own `QUERY_TOO_COMPLEX`; the others are not charged
 *   for it and the call goes on for them.
 * - **Queue turn.** While the call waits for a connection it is listed in the queue of every request
 *   waiting for it, and sent at the first of their turns (scheduler.ts).
 * - **Outcome.** RCI's answer, or the call's own failure once its retries are spent (a 5xx, a timeout,
 *   an unreadable answer), reaches every request still waiting, each as an error object of its own.
 */

/** A read that may share its call. */
export interface SharedRead {
  /** Equal for identical calls: one caller, one URL, one state of what the answer depends on. */
  readonly key: string;
  /** Join an identical call in flight; false starts a new one (which later reads then join). */
  readonly join: boolean;
  /** Set when the read is handed over: whether it joined an identical call already in flight. */
  joined?: boolean;
  /** Told the answer of a call this read started, once, also when this read no longer waits for it. */
  answered?(text: string): void;
}

/**
 * The errors of a request that runs out of time before, or while, it waits for a shared call; `about` is
 * what the call is (the client's target), so that one set of functions serves every call.
 */
export interface LateErrors<About> {
  /** Out of time before it joined: nothing was sent for it. */
  beforeJoining(about: About): RciError;
  /** Out of time while it waited. */
  whileWaiting(about: About): RciError;
}

/** Sends a shared call with the call's own context; the call is told its end (see `CallSink`). */
export type SharedSend<About> = (context: CallerContext, about: About, sink: CallSink) => void;

export class SharedCalls<About> {
  private readonly flights = new Map<string, SharedCall<About>>();

  /**
   * The answer text of a GET for `caller`: from an identical call in flight, or from a new one that
   * `send` makes with the shared call's own context. Rejects with `caller`'s own error when it stops
   * waiting (cancelled, out of calls, out of time), or with the call's failure. Sets `read.joined`.
   */
  read(
    caller: CallerContext,
    read: SharedRead,
    about: About,
    send: SharedSend<About>,
    late: LateErrors<About>,
  ): Promise<string> {
    const current = read.join ? this.flights.get(read.key) : undefined;
    read.joined = current !== undefined;
    if (current) return current.join(caller);
    const call = new SharedCall(caller, about, late, this.flights, read.key);
    // Joined before it starts: the first attempt is charged to this request, and listed in its queue.
    const answer = call.join(caller);
    if (call.waiting > 0) {
      this.flights.set(read.key, call);
      call.start(send, read);
    }
    return answer;
  }
}

/** One request waiting for a shared call, until the call ends, its request goes away or its deadline comes. */
class Waiting implements LifetimeListener {
  /** The attempts it has been charged for, counted from 1. */
  paidFor: number;
  /** Where it is in its call's list of waiting requests; -1 once it left. */
  index = -1;
  readonly turn: RequestTurn;
  private readonly lifetime?: Lifetime;
  private readonly deadline?: Deadline;
  private ofLifetime?: Listening;
  private ofDeadline?: Listening;

  constructor(
    private readonly call: SharedCall<unknown>,
    readonly caller: CallerContext,
    readonly resolve: (text: string) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.turn = turnOf(caller);
    this.paidFor = Math.max(1, call.attempts);
    this.lifetime = lifetimeOf(caller);
    if (caller.deadline !== undefined) this.deadline = deadlineOf(caller, caller.deadline);
  }

  /** Listens to its request's lifetime and deadline; false when the deadline has passed already. */
  listen(): boolean {
    if (this.deadline) {
      this.ofDeadline = this.deadline.on(this);
      if (!this.ofDeadline) return false;
    }
    this.ofLifetime = this.lifetime?.on(this);
    return true;
  }

  /** Its request went away, or its deadline came. */
  lifetimeEnded(ended: Lifetime): void {
    this.call.leave(this, ended === this.lifetime ? cancelled().error : this.call.lateError());
  }

  /** No longer listens to its request. */
  forget(): void {
    this.lifetime?.off(this.ofLifetime);
    this.deadline?.off(this.ofDeadline);
  }
}

/** One GET shared by the requests waiting for it; its context is the one it is sent with. */
class SharedCall<About> implements CallBudget, CallSink {
  readonly limit: number;
  private readonly lifetime = new Lifetime();
  /** The requests of one caller that asked for the same answer at once: one, mostly. */
  private waiters: Waiting[] = [];
  private readonly turn: SharedTurn;
  private readonly context: CallerContext;
  /** Attempts started (each took one call of the budget). */
  attempts = 0;
  /** Ended, or given up: no later read joins it. */
  private closed = false;

  constructor(
    first: CallerContext,
    private readonly about: About,
    private readonly late: LateErrors<About>,
    /** The calls in flight, which this one leaves once no request waits any more, or once it has ended. */
    private readonly flights: Map<string, SharedCall<About>>,
    private readonly key: string,
  ) {
    const firstTurn = turnOf(first);
    this.turn = new SharedTurn(firstTurn.caller);
    this.limit = first.budget?.limit ?? Infinity;
    this.context = {
      authorization: first.authorization,
      lifetime: this.lifetime,
      budget: this,
      turn: this.turn,
    };
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** The error of a request whose deadline came while it waited. */
  lateError(): RciError {
    return this.late.whileWaiting(this.about);
  }

  /** `caller` waits for the call, charged for the attempt under way (or the first). */
  join(caller: CallerContext): Promise<string> {
    const lifetime = lifetimeOf(caller);
    if (lifetime?.ended) return Promise.reject(cancelled().error);
    const left = caller.deadline === undefined ? Infinity : caller.deadline - performance.now();
    if (left <= 0) return Promise.reject(this.late.beforeJoining(this.about));
    if (caller.budget && !caller.budget.take()) return Promise.reject(overBudget(caller.budget.limit).error);
    return new Promise<string>((resolve, reject) => {
      const waiting = new Waiting(this, caller, resolve, reject);
      if (!waiting.listen()) {
        // Its deadline came a moment before its clock said so: as if it had run out of time before.
        waiting.forget();
        caller.budget?.giveBack();
        reject(this.late.beforeJoining(this.about));
        return;
      }
      waiting.index = this.waiters.push(waiting) - 1;
      this.turn.join(waiting.turn.request);
    });
  }

  /** The read that started the call: told its answer. */
  private read?: SharedRead;

  start(send: SharedSend<About>, read: SharedRead): void {
    this.read = read;
    send(this.context, this.about, this);
  }

  delivered({ text }: Result): void {
    this.end();
    this.read?.answered?.(text);
    for (const waiting of this.release()) waiting.resolve(text);
  }

  failedWith(error: unknown): void {
    this.end();
    for (const waiting of this.release()) waiting.reject(ownCopy(error));
  }

  /**
   * The budget of the shared call, asked once per attempt: charges each waiting request that has not
   * paid for this attempt; those out of calls stop waiting. False when nobody waits any more.
   */
  take(): boolean {
    this.attempts++;
    // Backwards: a request out of calls leaves the list meanwhile, replaced by one already charged.
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiting = this.waiters[i];
      if (waiting.paidFor >= this.attempts) continue;
      const budget = waiting.caller.budget;
      if (budget && !budget.take()) this.leave(waiting, overBudget(budget.limit).error);
      else waiting.paidFor = this.attempts;
    }
    return this.waiters.length > 0;
  }

  /** The attempt just counted was not sent after all: each request that paid for it is given it back. */
  giveBack(): void {
    for (const waiting of this.waiters) {
      if (waiting.paidFor < this.attempts) continue;
      waiting.caller.budget?.giveBack();
      waiting.paidFor--;
    }
    this.attempts--;
  }

  /** One request stops waiting, with its own error; the last one to go cancels the call. */
  leave(waiting: Waiting, error: RciError): void {
    // Taken out by moving the last one into its place: thousands of requests of one caller (anonymous
    // browsers behind the service credentials) may wait for one call, and leave it together.
    const { index } = waiting;
    if (index < 0 || this.waiters[index] !== waiting) return;
    const last = this.waiters.pop()!;
    if (last !== waiting) {
      this.waiters[index] = last;
      last.index = index;
    }
    waiting.index = -1;
    this.forget(waiting);
    waiting.reject(error);
    if (this.waiters.length === 0 && !this.closed) {
      this.end();
      this.lifetime.end();
    }
  }

  /** No later read joins this call. */
  private end(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.flights.get(this.key) === this) this.flights.delete(this.key);
  }

  /** Every request still waiting, no longer listened to. */
  private release(): Waiting[] {
    const all = this.waiters;
    this.waiters = [];
    for (const waiting of all) {
      waiting.index = -1;
      this.forget(waiting);
    }
    return all;
  }

  private forget(waiting: Waiting): void {
    this.turn.leave(waiting.turn.request);
    waiting.forget();
  }
}

/** The request turn of a caller's context (every request's context has one; see `RciClient.forCaller`). */
function turnOf(caller: CallerContext): RequestTurn {
  const turn = caller.turn;
  if (!turn || turn instanceof SharedTurn) throw new Error('a shared call is joined by requests only');
  return turn;
}

/** Each request gets an error object of its own, never one another request's answer may carry. */
function ownCopy(error: unknown): unknown {
  return error instanceof RciError ? new RciError(error.code, error.message, { ...error.details }) : error;
}

/**
 * The waits of one request that end at its deadline, all ended by one timer: a cold page makes hundreds
 * of shared reads at once, and a timer each (of a different length each) would cost a timer list each.
 * The timer runs while any of them waits.
 */
class Deadline {
  /** The waits, ended together when the deadline comes. */
  private readonly waits = new Lifetime();
  private timer?: NodeJS.Timeout;

  constructor(private readonly at: number) {}

  /** Tells `wait` when the deadline comes; `undefined` when it has come already. */
  on(wait: LifetimeListener): Listening | undefined {
    const listening = this.waits.on(wait);
    if (listening) this.timer ??= setTimeout(deadlineReached, Math.max(0, this.at - performance.now()), this);
    return listening;
  }

  off(listening: Listening | undefined): void {
    this.waits.off(listening);
    if (this.waits.listening === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  reached(): void {
    this.timer = undefined;
    this.waits.end();
  }
}

function deadlineReached(deadline: Deadline): void {
  deadline.reached();
}

const deadlines = new WeakMap<CallerContext, Deadline>();

function deadlineOf(caller: CallerContext, at: number): Deadline {
  let deadline = deadlines.get(caller);
  if (!deadline) {
    deadline = new Deadline(at);
    deadlines.set(caller, deadline);
  }
  return deadline;
}
