import { Kind } from 'graphql';
import { builder } from './builder.js';
import { userInputError } from './inputErrors.js';

// ISO 8601 date-time with a time zone designator, as RCI writes them (`2020-12-29T12:01:00.000Z`).
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !ISO_DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw userInputError('DateTime must be an ISO 8601 date-time with a time zone, e.g. 2021-03-29T12:01:00.000Z');
  }
  return new Date(value).toISOString();
}

export const DateTime = builder.scalarType('DateTime', {
  description: 'An instant in time, as an ISO 8601 string in UTC (e.g. `2020-12-29T12:01:00.000Z`).',
  serialize: (value) => String(value),
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw userInputError('DateTime must be a string');
    return parseDateTime(ast.value);
  },
});
