import { offsetForArgs } from '@pothos/plugin-relay';
import { decodeCursor, encodeCursor } from './cursors.js';
import { userInputError } from './inputErrors.js';
import type { ListItem } from './listItems.js';

/**
 * Relay connections over RCI lists, which are paged by offset and limit, and the page sizes every
 * connection answers (the cost estimate in server/ reads them from here).
 */

/** Page size of a connection given neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page a connection answers; a larger `first` or `last` is BAD_USER_INPUT. */
export const MAX_PAGE_SIZE = 500;

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  before?: string | null;
  after?: string | null;
}

/**
 * A Relay connection over an RCI list paged by offset/limit. One more row than asked is fetched so
 * `hasNextPage` is exact. `last` needs `before`: RCI cannot count a list, so its end is unknown.
 */
export async function offsetConnection<T>(
  args: ConnectionArgs,
  fetchPage: (offset: number, limit: number) => ListItem<T>[] | Promise<ListItem<T>[]>,
) {
  // Only cursors this gateway issued get as far as the offset arithmetic (and so as far as RCI).
  if (args.after != null) decodeCursor(args.after, 'after');
  if (args.before != null) decodeCursor(args.before, 'before');
  let paging;
  try {
    paging = offsetForArgs({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE });
  } catch (error) {
    throw userInputError(`Invalid paging arguments: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ((args.first ?? 0) > MAX_PAGE_SIZE || (args.last ?? 0) > MAX_PAGE_SIZE) {
    throw userInputError(`At most ${MAX_PAGE_SIZE} objects can be asked for at once`);
  }
  const { offset, limit, expectedSize, hasPreviousPage, hasNextPage } = paging;
  const rows = await fetchPage(offset, limit);
  const page = rows.slice(0, expectedSize);
  const edges = page.map((node, i) => edgeOf(encodeCursor(offset + i), node));
  return {
    edges,
    pageInfo: {
      startCursor: page.length ? encodeCursor(offset) : null,
      endCursor: page.length ? encodeCursor(offset + page.length - 1) : null,
      hasPreviousPage,
      hasNextPage: hasNextPage(rows.length),
    },
  };
}

/** An edge of a page; the edge of an item that failed fails with it, at its own path. */
function edgeOf<T>(cursor: string, node: ListItem<T>): ListItem<{ cursor: string; node: T }> {
  if (!(node instanceof Promise)) return { cursor, node };
  const edge = node.then((value) => ({ cursor, node: value }));
  edge.catch(() => undefined); // see failedItem in listItems.ts
  return edge;
}
