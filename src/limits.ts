import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Limits on what one request may ask for. Each level of a query can fan out into one RCI call per
 * object of the level above, so a deep or very wide document is refused before anything runs.
 */
export interface QueryLimits {
  /** Deepest field nesting accepted. @default 12 */
  maxDepth: number;
  /** Most field selections in one document (aliases included, fragments counted once per use). @default 2000 */
  maxFields: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxFields: 2000 };

function measure(
  selectionSet: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  depth: number,
  seen: ReadonlySet<string>,
): { depth: number; fields: number } {
  let deepest = depth;
  let fields = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      fields++;
      if (selection.selectionSet) {
        const inner = measure(selection.selectionSet, fragments, depth + 1, seen);
        deepest = Math.max(deepest, inner.depth);
        fields += inner.fields;
      } else {
        deepest = Math.max(deepest, depth + 1);
      }
    } else {
      const set =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : seen.has(selection.name.value)
            ? undefined // a fragment cycle: reported by graphql's own NoFragmentCycles rule
            : fragments[selection.name.value]?.selectionSet;
      if (!set) continue;
      const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : undefined;
      const inner = measure(set, fragments, depth, name ? new Set([...seen, name]) : seen);
      deepest = Math.max(deepest, inner.depth);
      fields += inner.fields;
    }
  }
  return { depth: deepest, fields };
}

function limitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments = Object.fromEntries(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        const { depth, fields } = measure(operation.selectionSet, fragments, 0, new Set());
        const name = operation.name ? ` '${operation.name.value}'` : '';
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`Operation${name} is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
        if (fields > limits.maxFields) {
          context.reportError(
            new GraphQLError(`Operation${name} selects ${fields} fields; at most ${limits.maxFields} are allowed`, {
              nodes: [operation],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
}

/** Refuses documents deeper or wider than the limits, during validation (before any RCI call). */
export function useQueryLimits(limits: QueryLimits = DEFAULT_LIMITS): Plugin {
  return {
    onValidate: ({ addValidationRule }) => addValidationRule(limitsRule(limits)),
  };
}
