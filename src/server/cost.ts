import {
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { costModel, SLICING_ARGUMENTS, type CostModel } from '../schema/costModel.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schema/paging.js';

/**
 * The cost estimate of one operation, from its document and variables (their defaults applied), before
 * anything runs: an upper bound of the result objects and RCI calls, whose one assumption is the length
 * of the lists RCI answers whole.
 *
 * What each field answers and costs comes from the cost model (schema/costModel.ts), the same facts
 * the subgraph SDL publishes as cost directives: a connection answers its page (`first`/`last`, or
 * the default page), a list RCI does not page an assumed number of objects, a list fetched by ids
 * (`nodes(ids:)`, `_entities`) as many as ids given, anything else one. A field counts the calls it
 * makes per parent object, those it makes per object it answers (references read one by one), and,
 * when it answers summaries and the selection reads a field they lack, one by-id call per object.
 * Selections that `@skip`/`@include` leave out are not counted. Introspection lists use the schema's
 * own averages (types, fields per type, arguments per field), so the standard introspection query
 * costs about what it produces and a nested one multiplies like any other list.
 *
 * Each fragment is measured once per connection it sits in: a spread costs its fragment's cost times
 * the objects above it, so the work is linear in the document's size however often fragments are
 * spread. Retries of failed calls are not counted (RCI_MAX_CALLS_PER_REQUEST counts them).
 */

export interface CostOptions {
  /** Assumed length of a list RCI does not page (a user's roles, a role's users). @default 10 */
  assumedListSize: number;
}

export interface CostEstimate {
  /** Result objects the operation may produce. */
  objects: number;
  /** RCI calls it may need. */
  rciCalls: number;
  /** The part of `objects` that introspection produces (it makes no RCI calls). */
  introspectionObjects: number;
}

/** Beyond this, estimates are all "far too large"; capping keeps the arithmetic finite. */
const CAP = 1e15;
const cap = (n: number) => (n > CAP ? CAP : n);

interface Unit {
  objects: number;
  calls: number;
  introspection: number;
}
const ZERO: Unit = { objects: 0, calls: 0, introspection: 0 };

/** Inside a connection: the page its `nodes` and `edges` hold, and what its objects carry when summaries. */
interface Shell {
  page: number;
  summary?: ReadonlySet<string>;
  /** Tells shells apart, for the fragment costs measured in each. */
  key: string;
}

export function estimateCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
  options: CostOptions,
): CostEstimate {
  const root = schema.getRootType(operation.operation);
  if (!root) return { objects: 0, rciCalls: 0, introspectionObjects: 0 };
  // The values the operation runs with: a variable left out takes its default (`$n: Int = 500`).
  // Variables that do not coerce fail the request before anything runs; they are estimated as sent.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const values = coerced.coerced ?? variables;
  const estimator = new Estimator(schema, fragments, values, options, introspectionSizes(schema));
  const unit = estimator.selectionSet(operation.selectionSet, root, undefined, false);
  return { objects: unit.objects, rciCalls: unit.calls, introspectionObjects: unit.introspection };
}

class Estimator {
  private readonly fragmentCosts = new Map<string, Unit>();
  private readonly inProgress = new Set<string>();
  private readonly model: CostModel;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    private readonly variables: Readonly<Record<string, unknown>>,
    private readonly options: CostOptions,
    private readonly sizes: IntrospectionSizes,
  ) {
    this.model = costModel(schema);
  }

  /** The cost below one object of `type`. */
  selectionSet(
    set: SelectionSetNode,
    type: GraphQLCompositeType,
    shell: Shell | undefined,
    introspection: boolean,
  ): Unit {
    let total = ZERO;
    for (const selection of set.selections) {
      if (!this.included(selection)) continue;
      let part: Unit;
      if (selection.kind === Kind.FIELD) {
        part = this.field(selection, type, shell, introspection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : type;
        part = isCompositeType(condition)
          ? this.selectionSet(selection.selectionSet, condition, shell, introspection)
          : ZERO;
      } else {
        part = this.fragment(selection.name.value, shell, introspection);
      }
      // Fragments on several types of one union or interface are all counted: an over-estimate.
      total = add(total, part);
    }
    return total;
  }

  private fragment(name: string, shell: Shell | undefined, introspection: boolean): Unit {
    const key = `${name}:${shell?.key}:${introspection}`;
    const known = this.fragmentCosts.get(key);
    if (known) return known;
    const definition = this.fragments.get(name);
    // Unknown fragments and cycles are reported by graphql's own validation.
    if (!definition || this.inProgress.has(key)) return ZERO;
    const type = this.schema.getType(definition.typeCondition.name.value);
    if (!isCompositeType(type)) return ZERO;
    this.inProgress.add(key);
    const cost = this.selectionSet(definition.selectionSet, type, shell, introspection);
    this.inProgress.delete(key);
    this.fragmentCosts.set(key, cost);
    return cost;
  }

  private field(node: FieldNode, parent: GraphQLCompositeType, shell: Shell | undefined, introspection: boolean): Unit {
    const name = node.name.value;
    const definition = this.definition(parent, name);
    if (!definition) return ZERO;
    const returned = getNamedType(definition.type);
    if (!isCompositeType(returned) || !node.selectionSet) return ZERO;

    if (introspection || name === '__schema' || name === '__type') {
      const count = introspection ? (this.sizes[`${parent.name}.${name}`] ?? 1) : 1;
      const below = this.selectionSet(node.selectionSet, returned, undefined, true);
      return {
        objects: cap(count + count * below.objects),
        calls: 0,
        introspection: cap(count + count * below.introspection),
      };
    }

    // `definition` exists, so the parent is an object or interface type (unions have no fields).
    const owner = parent as GraphQLObjectType | GraphQLInterfaceType;
    const cost = this.model.field(owner, definition);
    let count: number;
    // A connection's page reaches its `nodes` and `edges` (and an edge's node); nothing further down.
    let childShell: Shell | undefined;
    switch (cost.size.kind) {
      case 'connection': {
        count = 1;
        const page = this.pageSize(node);
        childShell = { page, summary: cost.summary, key: `${page}/${owner.name}.${name}` };
        break;
      }
      case 'page':
        count = shell?.page ?? DEFAULT_PAGE_SIZE;
        if (!cost.pageItems) childShell = shell;
        break;
      case 'assumed':
        count = this.options.assumedListSize;
        break;
      case 'ids':
        count =
          this.idCount(node, cost.size.argument, cost.size.field) ?? cost.size.max ?? this.options.assumedListSize;
        break;
      case 'one':
        count = 1;
        break;
    }
    let calls = cost.calls + count * cost.callsPerItem;
    // Summaries whose selection reads a field they lack are each read in full by id.
    const summary = cost.pageItems ? shell?.summary : cost.size.kind === 'connection' ? undefined : cost.summary;
    if (summary && isObjectType(returned) && this.readsBeyond(node.selectionSet, returned, summary, new Set())) {
      calls += count;
    }
    const below = this.selectionSet(node.selectionSet, returned, childShell, false);
    return {
      objects: cap(count + count * below.objects),
      calls: cap(calls + count * below.calls),
      introspection: cap(count * below.introspection),
    };
  }

  /** Whether a selection on objects of `type` reads a record field that `summary` lacks. */
  private readsBeyond(
    set: SelectionSetNode,
    type: GraphQLObjectType,
    summary: ReadonlySet<string>,
    visited: Set<string>,
  ): boolean {
    for (const selection of set.selections) {
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const read = this.model.reads(type, selection.name.value);
        if (read !== undefined && !summary.has(read)) return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        // Read as fields of the objects' own type, whatever the condition names: at worst an over-count.
        if (this.readsBeyond(selection.selectionSet, type, summary, visited)) return true;
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = this.fragments.get(selection.name.value);
        if (fragment && this.readsBeyond(fragment.selectionSet, type, summary, visited)) return true;
      }
    }
    return false;
  }

  /** Whether `@skip`/`@include` keep a selection in the operation. */
  private included(selection: FieldNode | FragmentSpreadNode | InlineFragmentNode): boolean {
    if (!selection.directives?.length) return true;
    try {
      if (getDirectiveValues(GraphQLSkipDirective, selection, this.variables)?.if === true) return false;
      if (getDirectiveValues(GraphQLIncludeDirective, selection, this.variables)?.if === false) return false;
    } catch {
      // A value that is no Boolean fails the request before anything runs; counting it over-estimates.
    }
    return true;
  }

  private definition(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (parent === this.schema.getQueryType()) {
      if (name === '__schema') return SchemaMetaFieldDef;
      if (name === '__type') return TypeMetaFieldDef;
    }
    if (isUnionType(parent)) return undefined;
    return parent.getFields()[name];
  }

  /**
   * The page a connection field answers: `first` or `last`, or the default page. The page sizes are the
   * schema's own (schema/paging.ts); a `first` beyond the largest page is the schema's BAD_USER_INPUT,
   * not a cost.
   */
  private pageSize(node: FieldNode): number {
    const asked = SLICING_ARGUMENTS.map((name) => this.argument(node, name)).filter(
      (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0,
    );
    return asked.length > 0 ? Math.min(Math.max(...asked), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  }

  /**
   * For a list fetched by ids (`nodes(ids:)`, `_entities(representations:)`): how many were given; with
   * `field`, how many the argument's field holds (a bulk mutation's `input.items`).
   */
  private idCount(node: FieldNode, argument: string, field?: string): number | undefined {
    const given = this.argument(node, argument);
    const value =
      field === undefined
        ? given
        : typeof given === 'object' && given !== null
          ? (given as Record<string, unknown>)[field]
          : undefined;
    if (Array.isArray(value)) return value.length;
    // GraphQL takes one value where a list is expected as a list of one.
    return value === undefined || value === null ? undefined : 1;
  }

  private argument(node: FieldNode, name: string): unknown {
    const argument = node.arguments?.find((a) => a.name.value === name);
    if (!argument) return undefined;
    if (argument.value.kind === Kind.VARIABLE) return this.variables[argument.value.name.value];
    return valueFromASTUntyped(argument.value, this.variables);
  }
}

function add(a: Unit, b: Unit): Unit {
  return {
    objects: cap(a.objects + b.objects),
    calls: cap(a.calls + b.calls),
    introspection: cap(a.introspection + b.introspection),
  };
}

/** How many objects one introspection list field answers on average, keyed `__Type.fields`. */
type IntrospectionSizes = Readonly<Record<string, number>>;

const sizesBySchema = new WeakMap<GraphQLSchema, IntrospectionSizes>();

/**
 * Averages over the schema: multiplied through the document they give about the real size of the
 * standard introspection answer, and a list nested inside another multiplies as it would for real.
 */
function introspectionSizes(schema: GraphQLSchema): IntrospectionSizes {
  const known = sizesBySchema.get(schema);
  if (known) return known;
  const types = Object.values(schema.getTypeMap());
  let fields = 0;
  let args = 0;
  let inputFields = 0;
  let interfaces = 0;
  let possibleTypes = 0;
  let enumValues = 0;
  const references: GraphQLType[] = [];
  for (const type of types) {
    if (isObjectType(type) || isInterfaceType(type)) {
      const own = Object.values(type.getFields());
      fields += own.length;
      interfaces += type.getInterfaces().length;
      for (const field of own) {
        references.push(field.type);
        args += field.args.length;
        for (const arg of field.args) references.push(arg.type);
      }
    }
    if (isInterfaceType(type) || isUnionType(type)) possibleTypes += schema.getPossibleTypes(type).length;
    if (isInputObjectType(type)) {
      const own = Object.values(type.getFields());
      inputFields += own.length;
      for (const field of own) references.push(field.type);
    }
    if ('getValues' in type) enumValues += type.getValues().length;
  }
  const directives = schema.getDirectives();
  const directiveArgs = directives.reduce((n, d) => n + d.args.length, 0);
  // Of the __Type objects in a type reference chain (`[User!]!` is four), the share that has an `ofType`.
  let links = 0;
  let wrappers = 0;
  for (let type of references) {
    links++;
    while (isListType(type) || isNonNullType(type)) {
      wrappers++;
      links++;
      type = type.ofType;
    }
  }
  const per = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const sizes: IntrospectionSizes = {
    '__Schema.types': types.length,
    '__Schema.directives': directives.length,
    '__Type.fields': per(fields, types.length),
    '__Type.interfaces': per(interfaces, types.length),
    '__Type.possibleTypes': per(possibleTypes, types.length),
    '__Type.enumValues': per(enumValues, types.length),
    '__Type.inputFields': per(inputFields, types.length),
    '__Type.ofType': per(wrappers, links),
    '__Field.args': per(args, fields),
    '__Directive.args': per(directiveArgs, directives.length),
  };
  sizesBySchema.set(schema, sizes);
  return sizes;
}
