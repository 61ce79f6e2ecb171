import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  type GraphQLSchema,
  Kind,
  OperationTypeNode,
  type ASTVisitor,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { selectsIncremental } from '../schema/incrementalSelection.js';

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

/** The media types an incremental response is sent as (Yoga's multipart and server-sent events processors). */
const PART_MEDIA_TYPES = ['multipart/mixed', 'text/event-stream'];

/** Whether the request's `Accept` takes an incremental response (no `Accept` takes anything). */
function acceptsParts(request: Request): boolean {
  const accept = request.headers.get('accept');
  if (!accept) return true;
  return accept
    .replace(/\s/g, '')
    .toLowerCase()
    .split(',')
    .some((entry) => {
      const [type, subtype] = entry.split(';')[0].split('/');
      return PART_MEDIA_TYPES.some((mediaType) => {
        const [ownType, ownSubtype] = mediaType.split('/');
        return (type === '*' || type === ownType) && (subtype === '*' || subtype === ownSubtype);
      });
    });
}

/**
 * Whether the operation defers or streams anything (`selectsIncremental`), given its variables with the
 * defaults of those the client left out.
 */
function usesIncremental(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  sent: Readonly<Record<string, unknown>>,
): boolean {
  const operation = getOperationAST(document, operationName);
  if (!operation) return false;
  // Invalid variables are refused by execution itself; meanwhile the values as sent are the best guess.
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], sent).coerced ?? sent;
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return selectsIncremental(operation.selectionSet, (name) => fragments.get(name), variables);
}

/**
 * Refuses, before anything runs, an operation that defers or streams for a client that accepts only a
 * single JSON answer: it could not be sent, and its RCI calls would be wasted. The answer is 406 with a
 * GraphQL error saying what to accept.
 */
export function useIncrementalNegotiation(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request || acceptsParts(request)) return;
      const variables = (args.variableValues ?? {}) as Readonly<Record<string, unknown>>;
      const schema = args.schema as GraphQLSchema;
      const document = args.document as DocumentNode;
      if (!usesIncremental(schema, document, args.operationName as string | undefined, variables)) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            'This operation uses @defer or @stream, so its answer comes in parts: send `Accept: multipart/mixed` or `Accept: text/event-stream`.',
            { extensions: { code: 'NOT_ACCEPTABLE', http: { status: 406 } } },
          ),
        ],
      });
    },
  };
}

/**
 * `@stream` on a mutation's only field: a bulk mutation answers one outcome per item, and streaming them
 * is how a screen shows progress. The plugin's own rule refuses `@defer` and `@stream` on every root
 * mutation field, because the mutation fields after one would run while its items are still being sent;
 * this rule takes its place and allows `@stream` where there is no field after it: on the only field of a
 * mutation operation (given directly, not through a fragment). `@defer` on a root field, and `@stream` on
 * one of several, are refused as before; so is either on a subscription's root field.
 */
function StreamOnOnlyMutationFieldRule(context: ValidationContext): ASTVisitor {
  let onlyField: FieldNode | undefined;
  return {
    OperationDefinition(operation) {
      const [first, ...rest] = operation.selectionSet.selections;
      onlyField =
        operation.operation === OperationTypeNode.MUTATION && first?.kind === Kind.FIELD && !rest.length
          ? first
          : undefined;
    },
    FragmentDefinition() {
      onlyField = undefined;
    },
    Field(field) {
      const parent = context.getParentType();
      const schema = context.getSchema();
      const root =
        parent === schema.getMutationType()
          ? 'mutation'
          : parent === schema.getSubscriptionType()
            ? 'subscription'
            : undefined;
      if (!parent || !root) return;
      for (const directive of field.directives ?? []) {
        const name = directive.name.value;
        if (name !== 'stream' || (root === 'mutation' && field === onlyField)) continue;
        context.reportError(
          new GraphQLError(
            `Stream directive cannot be used on root ${root} type "${parent.name}"${root === 'mutation' ? " unless the field is the operation's only one" : ''}.`,
            { nodes: directive },
          ),
        );
      }
    },
    InlineFragment(fragment) {
      reportDefer(fragment);
    },
    FragmentSpread(spread) {
      reportDefer(spread);
    },
  };

  function reportDefer(node: InlineFragmentNode | FragmentSpreadNode) {
    const parent = context.getParentType();
    const schema = context.getSchema();
    if (!parent || (parent !== schema.getMutationType() && parent !== schema.getSubscriptionType())) return;
    const directive = node.directives?.find((d) => d.name.value === 'defer');
    if (!directive) return;
    const root = parent === schema.getMutationType() ? 'mutation' : 'subscription';
    context.reportError(
      new GraphQLError(`Defer directive cannot be used on root ${root} type "${parent.name}".`, { nodes: directive }),
    );
  }
}

/** Replaces the directive plugin's root-field rule with `StreamOnOnlyMutationFieldRule`; after that plugin. */
export function useStreamingMutations(): Plugin {
  return {
    onValidate({ params, addValidationRule }) {
      // `params.rules` is the list validation will run: changed in place, as a new list would not be used.
      const rules = (params.rules ?? []) as ValidationRule[];
      const replaced = rules.findIndex((rule) => rule.name === 'DeferStreamDirectiveOnRootFieldRule');
      if (replaced >= 0) rules.splice(replaced, 1);
      addValidationRule(StreamOnOnlyMutationFieldRule);
    },
  };
}
