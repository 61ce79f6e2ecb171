/**
 * JSON as RCI sends and takes it. The simulator may import this module besides the catalogue: it says
 * what a JSON object is, nothing of how the RCI documentation is read.
 */

/** A JSON object: not an array, not null. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
