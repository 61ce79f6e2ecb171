import { GraphQLError } from 'graphql';
import type { FieldIssue } from '../rci/schemas.js';

/** Input the caller got wrong, refused before anything is sent to RCI: code BAD_USER_INPUT. */
export function userInputError(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}

/**
 * Thrown by a mutation whose input has problems (found by the catalogue's input schemas in
 * rci/schemas.ts, and by id parsing); the server answers one GraphQL error per issue, each with code
 * BAD_USER_INPUT and the issue's input path in `extensions.field`.
 */
export class InputValidationError extends GraphQLError {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
}
