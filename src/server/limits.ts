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
    private readonly cap: QueryLimits,
  ) {}

  measure(selectionSet: SelectionSetNode): Size {
    let depth = 0;
    let fields = 0;
    for (const selection of selectionSet.selections) {
      let inner: Size;
      if (selection.kind === Kind.FIELD) {
        const below = selection.selectionSet ? this.measure(selection.selectionSet) : { depth: 0, fields: 0 };
        inner = { depth: below.depth + 1, fields: below.fields + 1 };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = this.measure(selection.selectionSet);
      } else {
        inner = this.fragment(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      fields = Math.min(fields + inner.fields, this.cap.maxFields + 1);
    }
    return { depth: Math.min(depth, this.cap.maxDepth + 1), fields };
  }

  private fragment(name: string): Size {
    const known = this.fragmentSizes.get(name);
    if (known) return known;
    const definition = this.fragments[name];
    // Unknown fragments and cycles are reported by graphql's own validation rules.
    if (!definition || this.inProgress.has(name)) return { depth: 0, fields: 0 };
    this.inProgress.add(name);
    const size = this.measure(definition.selectionSet);
    this.inProgress.delete(name);
    this.fragmentSizes.set(name, size);
    return size;
  }
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
}

/** Refuses documents deeper or wider than the limits, during validation (before any RCI call). */
export function useQueryLimits(limits: QueryLimits = DEFAULT_LIMITS): Plugin {
  return {
    onValidate: ({ addValidationRule }) => addValidationRule(limitsRule(limits)),
  };
}
