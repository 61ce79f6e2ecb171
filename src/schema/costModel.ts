import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/**
 * The cost model: what each field of the graph may cost, as facts both the gateway's own estimate
 * (server/cost.ts) and the cost directives the subgraph SDL publishes for routers (costDirectives.ts)
 * are derived from, so the two never disagree about a field.
 *
 * A field answers a number of objects per parent object (its size) and may make RCI calls: some per
 * parent object (reading a list or an object), some per object it answers (references read by id one
 * at a time).
 */

/** Length assumed for a list RCI answers whole, unpaged (a user's roles, a role's users). */
export const ASSUMED_LIST_SIZE = 10;
/** Most global ids `nodes(ids:)` takes at once. */
export const MAX_NODE_IDS = 100;
/** Most representations `_entities` takes at once: each distinct one may cost an RCI call. */
export const MAX_REPRESENTATIONS = 1000;
/** The connection arguments that set the size of a page. */
export const SLICING_ARGUMENTS = ['first', 'last'] as const;

/** How many objects a field answers per parent object. */
export type FieldSize =
  /** One object (or none). */
  | { kind: 'one' }
  /** A connection: one page object, whose `nodes` and `edges` hold `first`/`last` objects or the default page. */
  | { kind: 'connection' }
  /** The `nodes` or `edges` of a connection: its page. */
  | { kind: 'page' }
  /** A list RCI answers whole: its length is assumed (ASSUMED_LIST_SIZE). */
  | { kind: 'assumed' }
  /** Objects named by the values of a list argument (`nodes(ids:)`): one per value, at most `max`. */
  | { kind: 'ids'; argument: string; max?: number };

export interface FieldCost {
  size: FieldSize;
  /** RCI calls the field makes per parent object (reading its list or its object). */
  calls: number;
  /** RCI calls per object it answers (each read by id on its own). */
  callsPerItem: number;
}

/** A field that answers no object, or one read from its parent's answer. */
const FREE: FieldCost = { size: { kind: 'one' }, calls: 0, callsPerItem: 0 };

/** The facts of every field of one schema, by type and field name. */
export class CostModel {
  private readonly facts = new Map<string, FieldCost>();
  private readonly connectionTypes = new Set<string>();
  private readonly edgeTypes = new Set<string>();

  constructor(private readonly schema: GraphQLSchema) {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        const returned = getNamedType(field.type);
        if (!isObjectType(returned) || !isConnectionField(field)) continue;
        this.connectionTypes.add(returned.name);
        const edges = returned.getFields().edges;
        if (edges) this.edgeTypes.add(getNamedType(edges.type).name);
      }
    }
  }

  /** The facts of `parent.field`. */
  field(parent: GraphQLObjectType | GraphQLInterfaceType, field: GraphQLField<unknown, unknown>): FieldCost {
    const key = `${parent.name}.${field.name}`;
    let cost = this.facts.get(key);
    if (!cost) {
      cost = this.classify(parent, field);
      this.facts.set(key, cost);
    }
    return cost;
  }

  /** Every field of the schema that answers objects, with its facts. */
  *fields(): Generator<[GraphQLObjectType | GraphQLInterfaceType, GraphQLField<unknown, unknown>, FieldCost]> {
    for (const type of Object.values(this.schema.getTypeMap())) {
      if ((!isObjectType(type) && !isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (isCompositeType(getNamedType(field.type))) yield [type, field, this.field(type, field)];
      }
    }
  }

  /** Whether `name` is the type of a connection (its `nodes` and `edges` are its page). */
  isConnectionType(name: string): boolean {
    return this.connectionTypes.has(name);
  }

  private classify(parent: GraphQLObjectType | GraphQLInterfaceType, field: GraphQLField<unknown, unknown>): FieldCost {
    if (!isCompositeType(getNamedType(field.type))) return FREE;
    const list = isListType(getNullableType(field.type));
    // A connection's page and an edge's node are read from the connection's own answer.
    if (this.connectionTypes.has(parent.name)) return list ? { ...FREE, size: { kind: 'page' } } : FREE;
    if (this.edgeTypes.has(parent.name)) return FREE;
    if (isConnectionField(field)) return { size: { kind: 'connection' }, calls: 1, callsPerItem: 0 };
    if (list) {
      const ids = field.args.find((arg) => isListType(getNullableType(arg.type)));
      const max = ROOT_ID_LISTS[field.name];
      return ids
        ? {
            size: { kind: 'ids', argument: ids.name, max: parent === this.schema.getQueryType() ? max : undefined },
            calls: 1,
            callsPerItem: 0,
          }
        : { size: { kind: 'assumed' }, calls: 1, callsPerItem: 0 };
    }
    return { size: { kind: 'one' }, calls: 1, callsPerItem: 0 };
  }
}

/** The root lists of objects named by id, and the most ids each takes. */
const ROOT_ID_LISTS: Readonly<Record<string, number>> = { nodes: MAX_NODE_IDS, _entities: MAX_REPRESENTATIONS };

function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return field.args.some((arg) => (SLICING_ARGUMENTS as readonly string[]).includes(arg.name));
}

const models = new WeakMap<GraphQLSchema, CostModel>();

/** The cost model of a schema, derived once. */
export function costModel(schema: GraphQLSchema): CostModel {
  let model = models.get(schema);
  if (!model) {
    model = new CostModel(schema);
    models.set(schema, model);
  }
  return model;
}

/**
 * The weight a router should give a field (Apollo's `@cost`): its RCI calls per object it answers,
 * rounded up. A router multiplies a field's weight by the objects it answers, so a list read by one
 * call weighs 1 per item (an over-count by up to the list's length), and a connection, whose page
 * the router sizes on `nodes` and `edges`, weighs its calls once.
 */
export function routerWeight(cost: FieldCost): number {
  switch (cost.size.kind) {
    case 'one':
    case 'connection':
      return cost.calls;
    default:
      return cost.callsPerItem + (cost.calls > 0 ? 1 : 0);
  }
}
