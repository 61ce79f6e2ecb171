import { rejectedWith } from '../rci/errors.js';
import { malformedItem, type RciObject } from '../rci/schemas.js';

/**
 * Lists whose items fail one by one. An item that cannot be answered (RCI answered it malformed, or
 * reading it failed) is a rejected promise in the list: graphql-js reports the error at that item's own
 * path, and the other items are answered as usual.
 */

/** An item of a list: the value, or a promise that fails with the item's error. */
export type ListItem<T> = T | Promise<T>;

/** The items of a list answer, made into what the schema shows; an item RCI answered malformed (see `parseList`) fails. */
export function listItems<T>(rows: readonly RciObject[], make: (data: RciObject) => T): ListItem<T>[] {
  return rows.map((data) => {
    const error = malformedItem(data);
    return error ? failedItem(error) : make(data);
  });
}

/** An item of a list that failed: GraphQL reports `error` at the item's own path. */
function failedItem<T>(error: unknown): ListItem<T> {
  const failed = rejectedWith(error);
  // Handled here so an item that no selection reads is no unhandled rejection; GraphQL still sees it.
  failed.catch(() => undefined);
  return failed;
}
