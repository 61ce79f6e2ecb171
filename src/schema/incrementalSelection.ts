import {
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

type Directed = { directives?: readonly DirectiveNode[] };

/**
 * Whether a selection defers or streams anything, given the operation's variables (`@defer(if: $x)`):
 * selections that `@skip` or `@include` leave out do not count, nor a `@defer` or `@stream` whose `if`
 * is false. The server asks it to negotiate the answer's media type (server/incremental.ts); lists ask it
 * before reading ahead (readAhead.ts).
 */
export function selectsIncremental(
  set: SelectionSetNode,
  fragmentNamed: (name: string) => FragmentDefinitionNode | undefined,
  variables: Readonly<Record<string, unknown>>,
): boolean {
  const seen = new Set<string>();
  const condition = (directive: DirectiveNode) => {
    const argument = directive.arguments?.find((a) => a.name.value === 'if');
    return argument ? valueFromASTUntyped(argument.value, variables) : undefined;
  };
  const directives = (node: Directed) => node.directives ?? [];
  const skipped = (node: Directed) =>
    directives(node).some(
      (d) =>
        (d.name.value === 'skip' && condition(d) === true) || (d.name.value === 'include' && condition(d) === false),
    );
  const active = (node: Directed) =>
    directives(node).some((d) => (d.name.value === 'defer' || d.name.value === 'stream') && condition(d) !== false);
  const walk = (selections: SelectionSetNode): boolean =>
    selections.selections.some((selection) => {
      if (skipped(selection)) return false;
      if (active(selection)) return true;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragmentNamed(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) return false;
        seen.add(fragment.name.value);
        return walk(fragment.selectionSet);
      }
      return selection.selectionSet ? walk(selection.selectionSet) : false;
    });
  return walk(set);
}
