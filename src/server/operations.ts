import { getOperationAST, GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { errorsOf, type ResultPart } from './incremental.js';

/**
 * What the request log and the metrics read of a request's GraphQL operation: its name, taken from the
 * document (never the `operationName` as sent), and the codes of the errors it was answered.
 */

/**
 * Hooks that tell `named` each request's operation name: at validation, so that a document refused
 * there is named too, and again at execution, which knows the operation chosen among several.
 */
export function operationNaming(
  named: (request: Request, name: string) => void,
): Pick<Plugin, 'onValidate' | 'onExecute'> {
  return {
    onValidate({ context, params }) {
      const request = (context as { request?: Request }).request;
      const name = getOperationAST(params.documentAST as DocumentNode)?.name?.value;
      if (request && name) named(request, name);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const name = getOperationAST(args.document as DocumentNode, args.operationName as string | undefined)?.name
        ?.value;
      if (request && name) named(request, name);
    },
  };
}

/**
 * The `extensions.code` of each error of a result (or of a batch's results, or of one part of an
 * incremental response, whose errors may be inside `incremental`); INTERNAL_SERVER_ERROR when it has none.
 */
export function errorCodes(result: unknown): string[] {
  const codes: string[] = [];
  for (const r of Array.isArray(result) ? (result as unknown[]) : [result]) {
    for (const error of errorsOf(r as ResultPart)) {
      const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
      codes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
    }
  }
  return codes;
}
