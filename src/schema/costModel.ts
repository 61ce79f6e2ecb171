import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import {
  collectionSpec,
  isResourceName,
  membershipNames,
  memberships,
  records,
  recordSpec,
  resourceNames,
  type ListSpec,
  type RecordName,
  type ResourceName,
} from '../rci/resources.js';
import { DEFAULT_BULK_LIMITS } from '../context.js';
import { recordFieldsRead } from './selection.js';

/**
 * The cost model: what each field of the graph may cost, as facts both the gateway's own estimate
 * (server/cost.ts) and the cost directives the subgraph SDL publishes for routers (costDirectives.ts)
 * are derived from, so the two never disagree about a field.
 *
 * A field answers a number of objects per parent object (its size) and may make RCI calls: some per
 * parent object (reading a list or an object), some per object it answers (references read by id one
 * at a time), and one per object when its objects are summaries the selection needs more of. The facts
 * come from the catalogue (root lookups and lists, membership sides, nested collections, references
 * and embedded lists of a record); a field it does not describe is counted as if each object it
 * answers were read on its own, which is never less than it costs. The length of a list RCI answers
 * whole is the one assumption.
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
  /**
   * Objects named by the values of a list argument (`nodes(ids:)`): one per value, at most `max`. With
   * `field`, the list is that field of the argument (a bulk mutation's `input.items`).
   */
  | { kind: 'ids'; argument: string; field?: string; max?: number };

export interface FieldCost {
  size: FieldSize;
  /** RCI calls the field makes per parent object (reading its list or its object). */
  calls: number;
  /** RCI calls per object it answers (each read by id on its own). */
  callsPerItem: number;
  /**
   * When the objects it answers (a connection's: those of its page) are summaries, the record fields
   * each carries: an object whose selection reads any other field is read in full by id, one call each.
   */
  summary?: ReadonlySet<string>;
  /** The field answers the objects of the enclosing connection's page (`nodes`, an edge's `node`). */
  pageItems?: boolean;
}

/** A field that answers no object, or one read from its parent's answer. */
const FREE: FieldCost = { size: { kind: 'one' }, calls: 0, callsPerItem: 0 };
/** One object, read with one call per parent object. */
const ONE_CALL: FieldCost = { size: { kind: 'one' }, calls: 1, callsPerItem: 0 };

/**
 * RCI calls of one mutation's write: at most two (an update reads the object, then PUTs it whole;
 * setUserSkill reads the user's skills, then POSTs or PUTs). Its payload's objects are read back by
 * fields of their own.
 */
export const WRITE_CALLS = 2;

type Parent = GraphQLObjectType | GraphQLInterfaceType;
type Field = GraphQLField<unknown, unknown>;

/** The facts of every field of one schema, by type and field name. */
export class CostModel {
  private readonly facts = new Map<string, FieldCost>();
  private readonly connectionTypes = new Set<string>();
  private readonly edgeTypes = new Set<string>();
  /** Connection types some connection answers summaries in (their `nodes` and `edges` may need completing). */
  private readonly summaryConnectionTypes = new Set<string>();
  /** The outcome types of bulk mutations: what an item's write made, held in memory. */
  private readonly outcomeTypes = new Set<string>();

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
    for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
      if (isListType(getNullableType(field.type))) this.outcomeTypes.add(getNamedType(field.type).name);
    }
    for (const [, , cost, returned] of this.fieldsWithTypes()) {
      if (cost.size.kind === 'connection' && cost.summary) this.summaryConnectionTypes.add(returned);
    }
  }

  /** The facts of `parent.field`. */
  field(parent: Parent, field: Field): FieldCost {
    const key = `${parent.name}.${field.name}`;
    let cost = this.facts.get(key);
    if (!cost) {
      cost = this.classify(parent, field);
      this.facts.set(key, cost);
    }
    return cost;
  }

  /** Every field of the schema that answers objects, with its facts. */
  *fields(): Generator<[Parent, Field, FieldCost]> {
    for (const [type, field, cost] of this.fieldsWithTypes()) yield [type, field, cost];
  }

  /**
   * The record field a field of `type` reads from its object, when that object may be a summary
   * (`email`, or `timeZone` for `User.timeZone`); undefined when it reads only the object's id.
   */
  reads(type: GraphQLObjectType, field: string): string | undefined {
    const record = recordOfType(type.name);
    return record ? readsOf(record).get(field) : undefined;
  }

  /**
   * The weight a router should give a field (Apollo's `@cost`): the RCI calls it may make per object
   * it answers, rounded up, a by-id completion of a summary included. A router multiplies a field's
   * weight by the objects it answers, so a list read with one call weighs 1 per item (an over-count
   * by up to the list's length), and a connection, whose page a router sizes on `nodes` and `edges`,
   * weighs its calls once while its `nodes` and `edges` weigh the completion of each object.
   */
  weight(parent: Parent, field: Field): number {
    const cost = this.field(parent, field);
    switch (cost.size.kind) {
      case 'one':
      case 'connection':
        return cost.calls;
      case 'page':
        return this.summaryConnectionTypes.has(parent.name) ? 1 : 0;
      default:
        return cost.callsPerItem + (cost.calls > 0 ? 1 : 0) + (cost.summary ? 1 : 0);
    }
  }

  private *fieldsWithTypes(): Generator<[Parent, Field, FieldCost, string]> {
    for (const type of Object.values(this.schema.getTypeMap())) {
      if ((!isObjectType(type) && !isInterfaceType(type)) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const returned = getNamedType(field.type);
        if (isCompositeType(returned)) yield [type, field, this.field(type, field), returned.name];
      }
    }
  }

  private classify(parent: Parent, field: Field): FieldCost {
    const returned = getNamedType(field.type);
    if (!isCompositeType(returned)) return FREE;
    const list = isListType(getNullableType(field.type));
    // A connection's page and an edge's node are read from the connection's own answer.
    if (this.connectionTypes.has(parent.name)) {
      if (!list) return FREE;
      return { ...FREE, size: { kind: 'page' }, pageItems: field.name === 'nodes' };
    }
    if (this.edgeTypes.has(parent.name)) return field.name === 'node' ? { ...FREE, pageItems: true } : FREE;
    if (parent === this.schema.getQueryType()) {
      const root = rootField(field);
      if (root) return root;
    }
    if (parent === this.schema.getMutationType()) {
      // A bulk mutation answers one outcome per item of `input.items`, and makes each item's write.
      if (list) {
        const size: FieldSize = { kind: 'ids', argument: 'input', field: 'items', max: DEFAULT_BULK_LIMITS.maxItems };
        return { size, calls: 0, callsPerItem: WRITE_CALLS };
      }
      return { ...ONE_CALL, calls: WRITE_CALLS };
    }
    // An item's outcome holds its payload and its errors as the write left them; the payload's own
    // fields read back what they show.
    if (this.outcomeTypes.has(parent.name))
      return { size: { kind: list ? 'assumed' : 'one' }, calls: 0, callsPerItem: 0 };
    const record = recordOfType(parent.name);
    const known = record ? recordRelation(record, field.name) : undefined;
    if (known) return known;
    const returnedRecord = recordOfType(returned.name);
    // An object without an id of its own (an attribute) is part of what its parent was read with.
    if (returnedRecord && !ownerOf(returnedRecord)) {
      return { size: { kind: list ? 'assumed' : 'one' }, calls: 0, callsPerItem: 0 };
    }
    // Anything else: a connection reads a page; a list may read each of its objects by id.
    if (isConnectionField(field)) {
      const resource = itemResource(returned);
      return {
        size: { kind: 'connection' },
        calls: 1,
        callsPerItem: 0,
        summary: summaryOf(resource ? collectionSpec(resource).list : undefined),
      };
    }
    if (list) return { size: { kind: 'assumed' }, calls: 1, callsPerItem: 1 };
    return ONE_CALL;
  }
}

/** The fields of the root query the catalogue knows: lookups, connections, and reads by global id. */
function rootField(field: Field): FieldCost | undefined {
  switch (field.name) {
    case '_service':
      return FREE;
    case 'node':
      return ONE_CALL;
    case 'nodes':
      return { size: { kind: 'ids', argument: 'ids', max: MAX_NODE_IDS }, calls: 0, callsPerItem: 1 };
    case '_entities':
      return {
        size: { kind: 'ids', argument: 'representations', max: MAX_REPRESENTATIONS },
        calls: 0,
        callsPerItem: 1,
      };
  }
  if (isResourceName(field.name) && !collectionSpec(field.name).parent) {
    return {
      size: { kind: 'connection' },
      calls: 1,
      callsPerItem: 0,
      summary: summaryOf(collectionSpec(field.name).list),
    };
  }
  if (resourceNames.some((r) => collectionSpec(r).record === field.name && !collectionSpec(r).parent)) return ONE_CALL;
  return undefined;
}

/**
 * What a field of a record's type is, from the catalogue: a membership side or a nested collection
 * (one call per owner; the items may be summaries), a reference to other objects (one call per object
 * referred to), or an embedded list read with the object itself.
 */
function recordRelation(record: RecordName, name: string): FieldCost | undefined {
  const owner = ownerOf(record);
  if (owner) {
    for (const membership of membershipNames) {
      for (const side of [memberships[membership].a, memberships[membership].b]) {
        if (side.owner !== owner || side.segment !== name) continue;
        const size = side.list.paged ? 'connection' : 'assumed';
        return { size: { kind: size }, calls: 1, callsPerItem: 0, summary: summaryOf(side.list) };
      }
    }
    for (const resource of resourceNames) {
      const spec = collectionSpec(resource);
      if (spec.parent !== owner || spec.segment !== name) continue;
      return { size: { kind: 'assumed' }, calls: 1, callsPerItem: 0, summary: summaryOf(spec.list) };
    }
  }
  const reference = referencesOf(record).get(name);
  if (reference === 'one') return ONE_CALL;
  if (reference === 'many') return { size: { kind: 'assumed' }, calls: 0, callsPerItem: 1 };
  const read = readsOf(record).get(name);
  if (read && recordSpec(record).fields[read]?.type.kind === 'objectList') {
    return { size: { kind: 'assumed' }, calls: 0, callsPerItem: 0 };
  }
  return undefined;
}

/**
 * The relations that follow a record's references to other objects, by their name in the graph: a
 * field holding one id (`User.timeZone`; `UserSkill.skill` for the id of a user's skill) reads one
 * object, a list of ids or of references (`CpExtension.queues`, `DisruptionEvent.items`) each object
 * it names, by id.
 */
function referencesOf(record: RecordName): ReadonlyMap<string, 'one' | 'many'> {
  const relations = new Map<string, 'one' | 'many'>();
  for (const [field, spec] of Object.entries(recordSpec(record).fields)) {
    if (spec.refersTo) {
      const name = field === 'id' ? collectionSpec(spec.refersTo).record : field;
      relations.set(name, spec.type.kind === 'stringList' ? 'many' : 'one');
    } else if (spec.type.kind === 'objectList') {
      if (Object.values(recordSpec(spec.type.of).fields).some((f) => f.refersTo)) relations.set(field, 'many');
    }
  }
  return relations;
}

const recordsByType = new Map<string, RecordName>(
  (Object.keys(records) as RecordName[]).map((record) => [recordSpec(record).typeName, record]),
);
const recordOfType = (typeName: string): RecordName | undefined => recordsByType.get(typeName);

/** The collection whose objects of `record` have ids of their own (and so relations under them). */
function ownerOf(record: RecordName): ResourceName | undefined {
  return resourceNames.find((r) => collectionSpec(r).record === record && collectionSpec(r).idParam !== undefined);
}

/** The collection of a connection type's objects (`UserConnection` → users). */
function itemResource(connection: GraphQLNamedType): ResourceName | undefined {
  if (!isObjectType(connection)) return undefined;
  const nodes = connection.getFields().nodes;
  const record = nodes ? recordOfType(getNamedType(nodes.type).name) : undefined;
  return record ? ownerOf(record) : undefined;
}

const readsByRecord = new Map<RecordName, ReadonlyMap<string, string>>();
function readsOf(record: RecordName): ReadonlyMap<string, string> {
  let reads = readsByRecord.get(record);
  if (!reads) {
    reads = recordFieldsRead(record);
    readsByRecord.set(record, reads);
  }
  return reads;
}

const summaryOf = (list: ListSpec | undefined): ReadonlySet<string> | undefined =>
  list?.summary ? new Set(list.summary.fields) : undefined;

function isConnectionField(field: Field): boolean {
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
