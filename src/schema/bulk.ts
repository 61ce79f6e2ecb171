import type { InputObjectRef, ObjectRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { RciError } from '../rci/errors.js';
import { builder, type Types } from './builder.js';
import { InputValidationError } from './inputErrors.js';
import { capitalize } from './naming.js';

/**
 * Every mutation is described once, as a `MutationSpec`, and made twice from that description: the
 * single mutation `<name>(input: …)`, and its bulk twin `bulk<Name>(input: { items: […] })`, which makes
 * the same write for each item in one request and answers one outcome per item, in input order.
 *
 * An item keeps the single mutation's semantics because it runs the same code: checked in full before
 * anything is sent, POST never retried, UPSTREAM_OUTCOME_UNKNOWN when an answer is lost, partial
 * updates by read-merge-PUT, a write RCI accepted reported as done even when reading it back fails.
 * What the bulk adds:
 * - every item is checked before any is sent; an invalid item is answered with its problems and never
 *   sent, and the valid ones go ahead;
 * - items run concurrently, at most `BulkLimits.concurrency` at a time, so one bulk cannot take every
 *   RCI connection (and its calls take turns with other requests' in the client's fair scheduler);
 * - items that touch the same object (`touches`) run one after another in input order, so two
 *   read-merge-PUTs of one object never interleave;
 * - the cache invalidations of all its writes are made once per tag, when the last item is done, and
 *   before that item's outcome is answered.
 */

/** Where a value sits in the operation's variables, e.g. `['input', 'items', 3, 'level']`. */
export type InputPath = (string | number)[];

/** A write whose input has been checked: what it touches, and how to make it. */
export interface PreparedWrite<Payload> {
  /**
   * The objects whose state the write reads or changes, as keys such as `users/<id>`: the items of one
   * bulk that share a key run one after another, in input order. Empty for a write that reads nothing
   * and changes no existing object (a create).
   */
  touches: readonly string[];
  /** Makes the write (and nothing else of the input can fail any more): answers the payload. */
  run(ctx: GatewayContext): Promise<Payload>;
}

/** One mutation: its name, input and payload types, and how one input becomes a write. */
export interface MutationSpec<Input extends object, Payload> {
  /** The single mutation's name, e.g. `setUserSkill`; its bulk twin is `bulkSetUserSkill`. */
  name: string;
  description: string;
  input: InputObjectRef<Types, Input>;
  payload: ObjectRef<Types, Payload>;
  /**
   * Checks one input before anything is sent. Throws an InputValidationError carrying every problem
   * (each path starts with `path`), or answers the write to make.
   */
  prepare(input: Input, path: InputPath): PreparedWrite<Payload>;
}

/** Why an item was not carried out (or may not have been). */
interface ItemError {
  code: string;
  message: string;
  /** Input path of the field at fault, e.g. `input.items.3.level`. */
  field?: string;
  /** When the caller may try again (a rate limit's, the gateway's or RCI's). */
  retryAfterSeconds?: number;
}

interface Outcome<Payload> {
  index: number;
  payload?: Payload;
  errors: ItemError[];
  /** A failure nobody foresaw: the payload field throws it, so it is masked and logged like any other. */
  unexpected?: Error;
}

const BulkItemError = builder.objectRef<ItemError>('BulkItemError').implement({
  description:
    'Why one item of a bulk mutation was not carried out, or may not have been (`UPSTREAM_OUTCOME_UNKNOWN`): what the single mutation would have answered as a GraphQL error.',
  fields: (t) => ({
    code: t.exposeString('code', {
      description:
        'The code the single mutation would answer in `extensions.code`: `BAD_USER_INPUT`, `NOT_FOUND`, `UPSTREAM_OUTCOME_UNKNOWN`, `UPSTREAM_UNAVAILABLE`, …',
    }),
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    field: t.exposeString('field', {
      nullable: true,
      description:
        'Input path of the field at fault, e.g. `input.items.3.level`; null when the fault is not one field’s (RCI failed, the object does not exist).',
    }),
    retryAfterSeconds: t.exposeInt('retryAfterSeconds', {
      nullable: true,
      description:
        'Seconds to wait before trying the item again, as the single mutation answers in `extensions.retryAfterSeconds`: with `RATE_LIMITED` (this caller’s RCI rate limit), or with `UPSTREAM_UNAVAILABLE` when RCI itself answered 429 with a `Retry-After`; null otherwise.',
    }),
  }),
});

/** Registers a mutation and its bulk twin from one description. */
export function registerMutation<Input extends object, Payload extends object>(
  spec: MutationSpec<Input, Payload>,
): void {
  const Name = capitalize(spec.name);
  // Pothos cannot resolve its field typings over type parameters: the refs are used here as refs of
  // plain objects. The spec itself is checked where it is written (prepare answers the payload's shape).
  const inputRef = spec.input as unknown as InputObjectRef<Types, object>;
  const payloadRef = spec.payload as unknown as ObjectRef<Types, object>;
  const prepare = (input: object, path: InputPath): PreparedWrite<object> => spec.prepare(input as Input, path);

  builder.mutationField(spec.name, (t) =>
    t.field({
      type: payloadRef,
      // Null only when the write itself failed: one failed mutation never hides another's outcome.
      nullable: true,
      description: spec.description,
      args: { input: t.arg({ type: inputRef, required: true }) },
      resolve: (_root, args, ctx): Promise<object> => prepare(args.input, ['input']).run(ctx),
    }),
  );

  const outcome = builder.objectRef<Outcome<object>>(`${Name}Outcome`).implement({
    description: `The outcome of one item of bulk${Name}: its payload when the write was made, else its errors.`,
    fields: (t) => ({
      index: t.exposeInt('index', { description: 'Position of the item in `input.items`, from 0.' }),
      payload: t.field({
        type: payloadRef,
        nullable: true,
        description: `What ${spec.name} would have answered for this item; null when the item failed (see \`errors\`).`,
        resolve: (o) => {
          if (o.unexpected !== undefined) throw o.unexpected;
          return o.payload ?? null;
        },
      }),
      errors: t.field({
        type: [BulkItemError],
        description:
          'Why the item failed: one error per input problem (the item was not sent), or the one failure of its write. Empty when the write was made.',
        resolve: (o) => o.errors,
      }),
    }),
  });

  const bulkInput = builder.inputType(`Bulk${Name}Input`, {
    description: `Items for bulk${Name}, each what ${spec.name} takes as its input.`,
    fields: (t) => ({
      items: t.field({
        type: [inputRef],
        required: true,
        description: 'The items, at most MAX_BULK_ITEMS (500 by default).',
      }),
    }),
  });

  builder.mutationField(`bulk${Name}`, (t) =>
    t.field({
      type: [outcome],
      // Null only when the request as a whole is refused (too many items); item failures are outcomes.
      nullable: { list: true, items: false },
      description: `${spec.name} for many items in one request: one outcome per item, in input order. Items are checked before any is sent (an invalid one is never sent), run concurrently, and those touching the same object run one after another in input order.`,
      args: { input: t.arg({ type: bulkInput, required: true }) },
      resolve: (_root, args, ctx) => runBulk(prepare, args.input.items, ctx),
    }),
  );
}

/**
 * Checks every item, then runs the valid ones: concurrently under the request's cap, in input order
 * per object touched. Answers one promise per item (so that `@stream` can send each as it is done);
 * none of them rejects.
 */
function runBulk<Input, Payload>(
  prepare: (input: Input, path: InputPath) => PreparedWrite<Payload>,
  items: readonly Input[],
  ctx: GatewayContext,
): Promise<Outcome<Payload>>[] {
  const { maxItems, concurrency } = ctx.bulk;
  if (items.length > maxItems) {
    throw new InputValidationError([
      {
        path: ['input', 'items'],
        message: `has ${items.length} items, more than the ${maxItems} one bulk mutation may carry: split it`,
      },
    ]);
  }
  const checked = items.map((item, index): PreparedWrite<Payload> | Outcome<Payload> => {
    try {
      return prepare(item, ['input', 'items', index]);
    } catch (error) {
      return failed(index, error);
    }
  });

  const release = ctx.loaders.session.holdInvalidations();
  let unfinished = checked.filter((c) => !isOutcome(c)).length;
  if (unfinished === 0) void release();
  const gate = new Gate(concurrency);
  /** The latest item touching each object: the next one waits for it. */
  const latest = new Map<string, Promise<unknown>>();

  return checked.map((write, index) => {
    if (isOutcome(write)) return Promise.resolve(write);
    const before = write.touches.flatMap((key) => latest.get(key) ?? []);
    const done = Promise.all(before)
      .then(() => gate.run(() => write.run(ctx)))
      .then(
        (payload): Outcome<Payload> => ({ index, payload, errors: [] }),
        (error: unknown) => failed<Payload>(index, error),
      );
    for (const key of write.touches) latest.set(key, done);
    // The last item to finish invalidates the cache before it is answered: once the response is
    // complete, every cached answer its writes changed is gone, for every caller.
    return done.then(async (outcome) => {
      if (--unfinished === 0) await release();
      return outcome;
    });
  });
}

function isOutcome<Payload>(value: PreparedWrite<Payload> | Outcome<Payload>): value is Outcome<Payload> {
  return 'errors' in value;
}

/** An item's failure as its outcome: what the single mutation would have answered as GraphQL errors. */
function failed<Payload>(index: number, error: unknown): Outcome<Payload> {
  if (error instanceof InputValidationError) {
    return {
      index,
      errors: error.issues.map((issue) => {
        const field = issue.path.join('.');
        return { code: 'BAD_USER_INPUT', message: `${field}: ${issue.message}`, field };
      }),
    };
  }
  if (error instanceof RciError) {
    const { retryAfterSeconds } = error.details as { retryAfterSeconds?: unknown };
    return {
      index,
      errors: [
        {
          code: error.code,
          message: error.message,
          ...(typeof retryAfterSeconds === 'number' ? { retryAfterSeconds } : {}),
        },
      ],
    };
  }
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
    return { index, errors: [{ code: error.extensions.code, message: error.message }] };
  }
  return {
    index,
    errors: [{ code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' }],
    unexpected: error instanceof Error ? error : new Error(String(error)),
  };
}

/** At most `slots` tasks at once; the others start in the order they asked. */
class Gate {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(slots: number) {
    this.free = slots;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiting task, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
