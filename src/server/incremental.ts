import type { ExecutionResult, GraphQLError } from 'graphql';

/**
 * Incremental delivery (`@defer`, `@stream`): an operation answered as a stream of parts, the first one
 * an ordinary result with `hasNext: true`, the later ones `{ incremental: [{ data | items, path,
 * errors }], hasNext }`. The server plugins treat such a response as one operation: they see every part,
 * and the errors inside `incremental` as well as the top-level ones, and end once, after the last part.
 */

/** One entry of a later part: the data of a deferred fragment or the items of a stream, at `path`. */
export interface IncrementalEntry {
  data?: Record<string, unknown> | null;
  items?: readonly unknown[] | null;
  path?: readonly (string | number)[];
  label?: string;
  errors?: readonly GraphQLError[];
}

/** A result, or one part of an incremental response. */
export type ResultPart = ExecutionResult & { incremental?: readonly IncrementalEntry[]; hasNext?: boolean };

export { isAsyncIterable } from 'graphql-yoga';

/** Every error a part carries, top-level and incremental. */
export function errorsOf(part: ResultPart): GraphQLError[] {
  return [...(part.errors ?? []), ...(part.incremental ?? []).flatMap((entry) => entry.errors ?? [])];
}

/**
 * The part with each of its error lists (top-level and of every incremental entry) replaced by
 * `map(list)`, an emptied list left out; the part itself when nothing changed.
 */
export function mapErrors(part: ResultPart, map: (errors: readonly GraphQLError[]) => GraphQLError[]): ResultPart {
  let changed = false;
  const replace = (errors: readonly GraphQLError[] | undefined) => {
    if (!errors?.length) return errors;
    const mapped = map(errors);
    if (mapped.length !== errors.length || mapped.some((e, i) => e !== errors[i])) changed = true;
    return mapped.length ? mapped : undefined;
  };
  const withErrors = <T extends { errors?: readonly GraphQLError[] }>(
    value: T,
    errors: readonly GraphQLError[] | undefined,
  ): T => {
    if (errors === value.errors) return value;
    const { errors: _old, ...rest } = value;
    return (errors ? { ...rest, errors } : rest) as T;
  };
  const errors = replace(part.errors);
  const incremental = part.incremental?.map((entry) => withErrors(entry, replace(entry.errors)));
  if (!changed) return part;
  const mapped = withErrors(part, errors);
  return incremental ? { ...mapped, incremental } : mapped;
}

/**
 * The parts of `source`, handed to `onPart` as they are read; `onEnd` is called once: with `true` right
 * after the last part (`hasNext: false`) was read, with `false` when the reader stops before it (the
 * client went away) or the stream fails.
 */
export function tapParts<T extends { hasNext?: boolean }>(
  source: AsyncIterable<T>,
  onPart: (part: T) => void,
  onEnd: (completed: boolean) => void,
): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]() {
      const iterator = source[Symbol.asyncIterator]();
      let ended = false;
      const end = (completed: boolean) => {
        if (ended) return;
        ended = true;
        onEnd(completed);
      };
      return {
        async next() {
          try {
            const step = await iterator.next();
            if (step.done) {
              end(true);
            } else {
              onPart(step.value);
              if (step.value.hasNext === false) end(true);
            }
            return step;
          } catch (error) {
            end(false);
            throw error;
          }
        },
        async return(value?: unknown) {
          end(false);
          return (await iterator.return?.(value)) ?? { done: true, value: undefined };
        },
      };
    },
  };
}
