import {
  defaultFieldResolver,
  getNamedType,
  getOperationAST,
  GraphQLError,
  isCompositeType,
  Kind,
  parse,
  responsePathAsArray,
  type ASTVisitor,
  type ExecutionArgs,
  type ExecutionResult,
  type ParseOptions,
  type Source,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context.js';
import { ASSUMED_LIST_SIZE } from '../schema/costModel.js';
import { estimateCost } from './cost.js';
import { isAsyncIterable, mapErrors, type ResultPart } from './incremental.js';

/**
 * Limits on what one request may ask for and produce. Each level of a query can fan out into one RCI
 * call per object of the level above, and the result tree can grow faster still, so:
 * - a document with too many tokens is refused while it is parsed;
 * - one nested too deep or selecting too many fields is refused during validation;
 * - one whose estimated cost (result objects + RCI calls, from its variables) is too high is refused
 *   before it runs, with no RCI call;
 * - and while it runs, a request that produces more result objects than allowed is stopped, however
 *   wrong the estimate was.
 * Every refusal is `QUERY_TOO_COMPLEX`.
 */
export interface QueryLimits {
  /** Deepest field nesting accepted (introspection's `ofType` chains are not counted). @default 12 */
  maxDepth: number;
  /** Most field selections in one document (aliases included, fragments counted once per use). @default 2000 */
  maxFields: number;
  /** Most lexical tokens in one document; parsing stops at the first one beyond. @default 20000 */
  maxTokens: number;
  /** Highest estimated cost (result objects + RCI calls) of one operation; 0 turns the estimate off. @default 20000 */
  maxCost: number;
  /** Assumed length of a list RCI does not page (a user's roles, a role's users): the estimate's one assumption. @default 10 */
  assumedListSize: number;
  /** Most result objects one request may produce while it runs. @default 50000 */
  maxResultObjects: number;
}

export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxFields: 2000,
  maxTokens: 20_000,
  maxCost: 20_000,
  assumedListSize: ASSUMED_LIST_SIZE,
  maxResultObjects: 50_000,
};

interface Size {
  /** Nesting below the selection set's own level. */
  depth: number;
  fields: number;
}

/**
 * Measures selection sets, each fragment once: a fragment spread twice in each of a chain of
 * fragments would otherwise cost 2^n to walk. Sizes are capped just above the limits, so the
 * numbers stay small however large the document claims to be.
 */
class Measurer {
  private readonly fragmentSizes = new Map<string, Size>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly fragments: Record<string, FragmentDefinitionNode>,
    private readonly cap: Pick<QueryLimits, 'maxDepth' | 'maxFields'>,
  ) {}

  /**
   * `introspection`: inside `__schema` or `__type`, where a type reference's `ofType` chain (nine
   * levels in graphql-js's own introspection query) is a short chain of single objects, not a fan-out.
   */
  measure(selectionSet: SelectionSetNode, introspection = false): Size {
    let depth = 0;
    let fields = 0;
    for (const selection of selectionSet.selections) {
      let inner: Size;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const within = introspection || name === '__schema' || name === '__type';
        const below = selection.selectionSet ? this.measure(selection.selectionSet, within) : { depth: 0, fields: 0 };
        const level = introspection && name === 'ofType' ? 0 : 1;
        inner = { depth: below.depth + level, fields: below.fields + 1 };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = this.measure(selection.selectionSet, introspection);
      } else {
        inner = this.fragment(selection.name.value, introspection);
      }
      depth = Math.max(depth, inner.depth);
      fields = Math.min(fields + inner.fields, this.cap.maxFields + 1);
    }
    return { depth: Math.min(depth, this.cap.maxDepth + 1), fields };
  }

  private fragment(name: string, introspection: boolean): Size {
    const key = `${name}:${introspection}`;
    const known = this.fragmentSizes.get(key);
    if (known) return known;
    const definition = this.fragments[name];
    // Unknown fragments and cycles are reported by graphql's own validation rules.
    if (!definition || this.inProgress.has(key)) return { depth: 0, fields: 0 };
    this.inProgress.add(key);
    const size = this.measure(definition.selectionSet, introspection);
    this.inProgress.delete(key);
    this.fragmentSizes.set(key, size);
    return size;
  }
}

function limitsRule(limits: Pick<QueryLimits, 'maxDepth' | 'maxFields'>) {
  // Yoga caches validation per document and rule *name*: gateways with other limits need other names.
  const name = `QueryLimits_${limits.maxDepth}_${limits.maxFields}`;
  const rule = (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments = Object.fromEntries(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        const { depth, fields } = new Measurer(fragments, limits).measure(operation.selectionSet);
        const name = operation.name ? ` '${operation.name.value}'` : '';
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`Operation${name} is nested more than ${limits.maxDepth} levels deep`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
        if (fields > limits.maxFields) {
          context.reportError(
            new GraphQLError(`Operation${name} selects more than ${limits.maxFields} fields`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
  Object.defineProperty(rule, 'name', { value: name });
  return rule;
}

/** The result-object count of one running request. */
class ResultBound {
  produced = 0;
  /** Set once the bound is passed: every later field of the request fails with this same error. */
  error?: GraphQLError;
  /** Whether a part of the response already carries `error`. */
  private stopReported = false;

  constructor(
    private readonly limit: number,
    private readonly context: object,
  ) {}

  /**
   * A field's failure: once stopped, the request's failures (its cancelled RCI calls) are that one error.
   * One function per request, not one per field that answers a promise.
   */
  readonly failed = (error: unknown): never => {
    throw this.error ?? error;
  };

  count<T>(value: T, info: GraphQLResolveInfo): T {
    this.produced += Array.isArray(value) ? value.length : value == null ? 0 : 1;
    if (this.produced > this.limit) {
      // Nothing more of this request will be answered: its RCI calls in flight or queued are waste.
      if (!this.error && 'stopRci' in this.context && typeof this.context.stopRci === 'function') {
        (this.context as Pick<GatewayContext, 'stopRci'>).stopRci();
      }
      // One error instance with its path already set: graphql-js reuses it as it is wherever it is
      // thrown again, so a stopped request holds one error, not one per field it could not answer.
      this.error ??= new GraphQLError(
        `This request produced more than ${this.limit} result objects; the rest of it is not answered. Ask for fewer objects at once.`,
        {
          nodes: info.fieldNodes,
          path: responsePathAsArray(info.path),
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: this.limit },
        },
      );
      throw this.error;
    }
    return value;
  }

  /**
   * The errors with the stop at most once in the whole response. Fields are nullable, so every field
   * the stop reached reports it, the executor may locate a copy of the error per path, and an
   * incremental response may carry it in several parts: the request keeps the one error, in the first
   * part it appears in, where the bound was passed.
   */
  stopOnce(errors: readonly GraphQLError[]): GraphQLError[] {
    const stop = this.error;
    if (!stop) return [...errors];
    const kept: GraphQLError[] = [];
    for (const error of errors) {
      const isStop = error === stop || error.originalError === stop || error.message === stop.message;
      if (!isStop) kept.push(error);
      else if (!this.stopReported) {
        this.stopReported = true;
        kept.push(stop);
      }
    }
    return kept;
  }
}

/**
 * A copy of `schema` in which every resolver that answers objects counts them against its request's
 * bound; the schema given is left as it is (gateways and tests share it). Requests without a bound
 * pass straight through. Scalars are not counted: their number is bounded by the objects times the
 * document's fields. A resolver in `counting` already counts (another plugin, e.g. the one adding
 * `@defer` and `@stream`, made a new schema over the counting copy's fields): it is kept as it is, or its
 * objects would be counted twice; the new resolvers are added to `counting`.
 */
function countingResultObjects(
  schema: GraphQLSchema,
  bounds: WeakMap<object, ResultBound>,
  counting: WeakSet<object>,
): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field) => {
      if (!isCompositeType(getNamedType(field.type)) || (field.resolve && counting.has(field.resolve))) return field;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const countingResolve = (
        source: unknown,
        args: Record<string, unknown>,
        context: unknown,
        info: GraphQLResolveInfo,
      ): unknown => {
        const bound = typeof context === 'object' && context !== null ? bounds.get(context) : undefined;
        if (!bound) return resolve(source, args, context, info);
        if (bound.error) throw bound.error;
        const value: unknown = resolve(source, args, context, info);
        if (value instanceof Promise) return value.then((v: unknown) => bound.count(v, info), bound.failed);
        return bound.count(value, info);
      };
      counting.add(countingResolve);
      return { ...field, resolve: countingResolve };
    },
  });
}

function tooComplex(message: string, extensions: Record<string, unknown>): ExecutionResult {
  return { errors: [new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extensions } })] };
}

/** Enforces the limits: tokens while parsing, depth and fields while validating, cost and result objects at execution. */
export function useQueryLimits(options: Partial<QueryLimits> = {}): Plugin {
  const limits: QueryLimits = { ...DEFAULT_LIMITS, ...options };
  const rule = limitsRule(limits);
  /** The bound of each running request, by its context object. */
  const bounds = new WeakMap<object, ResultBound>();
  /** The counting copies made, and their counting resolvers. */
  const counting = new WeakSet<object>();
  return {
    // The result objects are counted by the resolvers of the schema this gateway executes: envelop
    // hands each schema it is given to this hook, and executes the counting copy returned instead.
    onSchemaChange: ({ schema, replaceSchema }) => {
      const given = schema as GraphQLSchema;
      if (counting.has(given)) return;
      const copy = countingResultObjects(given, bounds, counting);
      counting.add(copy);
      replaceSchema(copy);
    },
    onParse: ({ setParseFn }) => {
      setParseFn((source: string | Source, parseOptions?: ParseOptions) => {
        try {
          return parse(source, { ...parseOptions, maxLexicalTokens: limits.maxTokens });
        } catch (error) {
          if (error instanceof GraphQLError && /contains more th[ae][nt] \d+ tokens/.test(error.message)) {
            throw new GraphQLError(`The document has more than ${limits.maxTokens} tokens`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', limit: limits.maxTokens },
            });
          }
          throw error;
        }
      });
    },
    onValidate: ({ addValidationRule }) => addValidationRule(rule),
    onExecute: ({ args, setResultAndStopExecution }) => {
      const { document, operationName, schema, variableValues, contextValue } = args as ExecutionArgs;
      const operation = getOperationAST(document, operationName);
      if (!operation) return;
      const fragments = new Map(
        document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      // Here, not in a validation rule: validation is cached per document, and the cost depends on
      // the variables (`first: $n`).
      const estimate = estimateCost(schema, operation, fragments, variableValues ?? {}, limits);
      const name = operation.name ? ` '${operation.name.value}'` : '';
      const cost = Math.round(estimate.objects + estimate.rciCalls);
      if (limits.maxCost > 0 && cost > limits.maxCost) {
        setResultAndStopExecution(
          tooComplex(
            `Operation${name} is estimated to cost ${cost} (result objects and RCI calls), more than the limit of ${limits.maxCost}. Ask for fewer objects: smaller pages, fewer nested lists.`,
            {
              estimate: cost,
              limit: limits.maxCost,
              objects: Math.round(estimate.objects),
              rciCalls: Math.round(estimate.rciCalls),
            },
          ),
        );
        return;
      }
      // Introspection is answered by graphql-js itself, outside the count below: its estimate is held
      // to the result-object bound whether or not the cost limit is on.
      if (estimate.introspectionObjects > limits.maxResultObjects) {
        setResultAndStopExecution(
          tooComplex(
            `Operation${name} would produce about ${Math.round(estimate.introspectionObjects)} introspection objects, more than the limit of ${limits.maxResultObjects}`,
            { estimate: Math.round(estimate.introspectionObjects), limit: limits.maxResultObjects },
          ),
        );
        return;
      }
      const context = contextValue as object;
      // An incremental response (`@defer`, `@stream`) is one request: the bound counts every part and
      // holds until the last part is out (or the client went away).
      const bound = new ResultBound(limits.maxResultObjects, context);
      bounds.set(context, bound);
      return {
        onExecuteDone: ({ result, setResult }) => {
          if (isAsyncIterable(result)) {
            return {
              onNext: ({ result: part, setResult: setPart }) => {
                const kept = mapErrors(part as ResultPart, (errors) => bound.stopOnce(errors));
                if (kept !== part) setPart(kept);
              },
              onEnd: () => bounds.delete(context),
            };
          }
          bounds.delete(context);
          const kept = mapErrors(result, (errors) => bound.stopOnce(errors));
          if (kept !== result) setResult(kept);
          return undefined;
        },
      };
    },
  };
}
