import { GraphQLError } from 'graphql';
import type { FieldIssue } from '../rci/schemas.js';

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
