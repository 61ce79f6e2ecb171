import { userInputError } from './inputErrors.js';

/**
 * The cursors of offset-paged connections. A cursor is base64 of `OffsetConnection:<offset>` (the form
 * @pothos/plugin-relay issues, so cursors clients already hold keep working). Only that exact form is
 * read back: a cursor the gateway could not have issued — a negative, fractional or exponent offset,
 * `NaN`, leading zeros, padding tricks, other text — is BAD_USER_INPUT before anything is sent to RCI.
 */

const PREFIX = 'OffsetConnection:';

/**
 * Largest offset a cursor may carry: the largest 32-bit signed integer. RCI's `offset` is an "integer",
 * and no RCI list reaches two billion objects; a larger offset can only come from a forged cursor.
 */
export const MAX_CURSOR_OFFSET = 2_147_483_647;

/** Longest cursor text read at all; issued cursors are at most 36 characters. */
const MAX_CURSOR_LENGTH = 64;

const OFFSET = /^(0|[1-9][0-9]{0,9})$/;

/** The cursor of the object at `offset` in a list. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`).toString('base64');
}

/** The offset a cursor names; throws BAD_USER_INPUT naming `argument` when the gateway did not issue it. */
export function decodeCursor(cursor: string, argument: string): number {
  const invalid = () => userInputError(`Argument '${argument}' is not a cursor this gateway issued`, { argument });
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  if (!text.startsWith(PREFIX)) throw invalid();
  const digits = text.slice(PREFIX.length);
  if (!OFFSET.test(digits)) throw invalid();
  const offset = Number(digits);
  // Base64 decoding skips characters it does not know: only the exact text it would encode to counts.
  if (offset > MAX_CURSOR_OFFSET || encodeCursor(offset) !== cursor) throw invalid();
  return offset;
}
