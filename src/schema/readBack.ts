import { RciError } from '../rci/errors.js';

/**
 * Reading an object back after a write RCI accepted. The write is done whatever the read does: a failed
 * read must not turn into an answer that makes the client repeat the write (a second POST creates a
 * second object). So a payload never awaits its reads in the mutation's resolver; each payload field
 * reads when it resolves, and a failure nulls that field only, beside the written object's id, with
 * an error that says the write succeeded.
 */
export function readBack<T>(written: string, read: () => T | Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof RciError)) throw error;
      throw new RciError(
        error.code,
        `${written} succeeded, but reading it back failed: ${error.message}`,
        error.details,
      );
    }
  };
}
