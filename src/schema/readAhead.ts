import { collectSubFields, getArgumentValues } from '@graphql-tools/utils';
import { getNamedType, isObjectType, OperationTypeNode, type FieldNode, type GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { PENDING } from '../rci/loaders.js';
import { selectsIncremental } from './incrementalSelection.js';

/**
 * Reading a page ahead. A page of a hundred users with their roles, skills and groups makes three hundred
 * reads that all start together. Left to the executor, each is a field waiting for RCI with its promises,
 * closures and its part of the answer, kept alive for the hundreds of milliseconds a page takes under
 * load: the garbage collector copies all of it at every scavenge, and promotes most of it.
 *
 * Instead, a list that had to wait for RCI reads, before it answers, what the selected fields of its
 * objects will read, and what their objects' fields will, down the selection: it calls the resolvers of
 * those fields (registered here with `readsAhead`) itself, and waits for their reads to settle. The
 * executor then finds every one of those fields' reads done: the field answers at once from the loader
 * (`whenRead`), without a promise of its own. The reads are the same ones, through the same loaders, so
 * RCI sees the same calls, and the answer and its errors are the same: a read that failed is not answered
 * at once, and the field reports it at its own path as before.
 *
 * Never for an operation that defers or streams anything (`selectsIncremental`): its first part must not
 * wait for reads that a later part needs. Only in queries: a mutation's payload is read after its write,
 * field by field.
 */

/** A resolver that reads through the request's loaders and needs no `info`. */
type Reader<Source> = (source: Source, args: Record<string, unknown>, ctx: GatewayContext) => unknown;

/**
 * What a field reads: `one` object (a reference read by id, in full), a `list` (its items may be
 * summaries), or the field itself, read by id when a summary lacks it (`completion`).
 */
type ReaderKind = 'one' | 'list' | 'completion';

interface Registered {
  read: Reader<never>;
  kind: ReaderKind;
}

/** The fields of a type whose reads can be made ahead, by field name, and what they read. */
interface TypeReaders {
  fields: Map<string, Registered>;
  /** Some field reads another object or a list (not only a summary's missing field). */
  relations: boolean;
}

const readers = new Map<string, TypeReaders>();

function register(typeName: string, field: string, read: Reader<never>, kind: ReaderKind): void {
  let type = readers.get(typeName);
  if (!type) readers.set(typeName, (type = { fields: new Map(), relations: false }));
  type.fields.set(field, { read, kind });
  if (kind !== 'completion') type.relations = true;
}

/**
 * Registers `resolve`, the resolver of `typeName.field`, as one a list may call ahead of the executor,
 * and answers it to be used as the field's resolver. It must read only through `ctx.loaders`, answer
 * at once (`whenRead`) when its reads are done, and not need `info`. `kind`: what it answers (see
 * `ReaderKind`); objects read in full by id need no completion, so only their relations are read ahead.
 */
export function readsAhead<Source, Result>(
  typeName: string,
  field: string,
  resolve: (source: Source, args: Record<string, unknown>, ctx: GatewayContext) => Result,
  kind: 'one' | 'completion' = 'one',
): (source: Source, args: Record<string, unknown>, ctx: GatewayContext) => Result {
  register(typeName, field, resolve, kind);
  return resolve;
}

/** Applies `then` to the value `read` (a loader's promise) is fulfilled with: at once when it is already. */
export function whenRead<T, R>(ctx: GatewayContext, read: Promise<T>, then: (value: T) => R): R | Promise<R> {
  const value = ctx.loaders.settledValue(read);
  return value === PENDING ? read.then(then) : then(value);
}

/**
 * Reads ahead the selected fields of the objects of a list field (`info` is the list field's): answers
 * when their reads have settled, never failing. `typeName` is the type of the list's objects.
 */
function readListAhead(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  items: readonly unknown[],
  typeName: string,
): Promise<void> {
  if (!mayReadAhead(info)) return DONE;
  return readAhead(ctx, info, objectsOf(items), typeName, info.fieldNodes as FieldNode[]);
}

/** As `readListAhead`, for the objects of a connection (`nodes`, `edges { node }`). */
function readConnectionAhead(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  nodes: readonly unknown[],
  typeName: string,
): Promise<void> {
  if (!mayReadAhead(info)) return DONE;
  const connection = getNamedType(info.returnType);
  if (!isObjectType(connection)) return DONE;
  const selected: FieldNode[] = [];
  for (const fieldNodes of subfields(info, connection.name, info.fieldNodes as FieldNode[]).values()) {
    const name = fieldNodes[0].name.value;
    if (name === 'nodes') selected.push(...fieldNodes);
    if (name !== 'edges') continue;
    const edge = getNamedType(connection.getFields().edges.type);
    for (const edgeNodes of subfields(info, edge.name, fieldNodes).values()) {
      if (edgeNodes[0].name.value === 'node') selected.push(...edgeNodes);
    }
  }
  return readAhead(ctx, info, objectsOf(nodes), typeName, selected);
}

/**
 * A connection's page (paging.ts), answered once its objects' selected fields are read ahead: its edges'
 * objects only, not the one more row asked of RCI to tell whether a next page exists.
 */
export function pageReadAhead<Page extends { edges: readonly unknown[] }>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  page: Page,
  typeName: string,
): Promise<Page> {
  return readConnectionAhead(ctx, info, page.edges.map(nodeOfEdge), typeName).then(() => page);
}

/** The object of an edge of a page; a failed item's edge is a rejected promise, passed on as it is. */
function nodeOfEdge(edge: unknown): unknown {
  return typeof edge === 'object' && edge !== null && 'node' in edge ? edge.node : edge;
}

const DONE: Promise<void> = Promise.resolve();

/**
 * Calls the registered resolvers of the fields `fieldNodes` select on `sources`, and then those of their
 * objects, down the selection: fulfilled once all their reads have settled, either way, never failing.
 */
function readAhead(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  sources: readonly object[],
  typeName: string,
  fieldNodes: FieldNode[],
): Promise<void> {
  const reads = new PendingReads();
  readLevel(reads, ctx, info, sources, typeName, fieldNodes);
  return reads.settled();
}

/** One level of a read ahead: its reads are counted in `reads`, and each value read goes a level deeper. */
function readLevel(
  reads: PendingReads,
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  sources: readonly object[],
  typeName: string,
  fieldNodes: FieldNode[],
): void {
  const fields = readers.get(typeName)?.fields;
  const type = info.schema.getType(typeName);
  if (!fields || !sources.length || !fieldNodes.length || !isObjectType(type)) return;
  // Past the objects the request may answer, fields are read as the executor reaches them, and the
  // bound on result objects stops the request there (server/limits.ts).
  if (ctx.readAhead.objects < sources.length) return;
  ctx.readAhead.objects -= sources.length;
  for (const selected of subfields(info, typeName, fieldNodes).values()) {
    const registered = fields.get(selected[0].name.value);
    if (!registered) continue;
    const { read, kind } = registered;
    const definition = type.getFields()[selected[0].name.value];
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, selected[0], info.variableValues);
    } catch {
      continue; // the executor reports it
    }
    const itemType = getNamedType(definition.type).name;
    // Its objects' fields: their relations, and what a list's summaries lack.
    const items = readers.get(itemType);
    const deeper = items !== undefined && (items.relations || kind === 'list');
    // One function per field for the reactions to all of its objects' reads, not a closure per read: a
    // page waits for hundreds. Nothing a reaction throws may go unhandled: the executor reaches the same
    // fields and reports it.
    const goDeeper = deeper
      ? (value: unknown) => {
          try {
            readLevel(reads, ctx, info, objectsOf(value), itemType, selected);
          } catch {
            // reported by the executor
          } finally {
            reads.settle();
          }
        }
      : reads.settle;
    for (const source of sources) {
      let value: unknown;
      try {
        value = read(source as never, args, ctx);
      } catch {
        continue; // the executor calls it again and reports what it throws
      }
      if (value instanceof Promise) {
        reads.pending++;
        value.then(goDeeper, reads.settle);
      } else if (deeper) {
        readLevel(reads, ctx, info, objectsOf(value), itemType, selected);
      }
    }
  }
}

/**
 * The reads of one read ahead, at every level: each adds itself before it starts and settles once, and a
 * level's reads are added before the read that found them settles, so the count reaches 0 only when all
 * have settled.
 */
class PendingReads {
  pending = 0;
  private resolve?: () => void;

  /** One read has settled, either way. */
  readonly settle = (): void => {
    if (--this.pending === 0) this.resolve?.();
  };

  /** Fulfilled once every read added has settled (at once when none was). */
  settled(): Promise<void> {
    if (this.pending === 0) return DONE;
    return new Promise((resolve) => (this.resolve = resolve));
  }
}

/** The fields a selection asks of a type, by response name, with `@skip`, `@include` and fragments applied as the executor does. */
function subfields(info: GraphQLResolveInfo, typeName: string, fieldNodes: FieldNode[]): Map<string, FieldNode[]> {
  const type = info.schema.getType(typeName);
  if (!isObjectType(type)) return new Map();
  return collectSubFields(info.schema, info.fragments, info.variableValues, type, fieldNodes).fields;
}

/** The objects of a field's value: its items that are objects (a failed item is a rejected promise). */
function objectsOf(value: unknown): object[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value];
  const objects: object[] = [];
  for (const item of items) {
    if (typeof item === 'object' && item !== null && !(item instanceof Promise) && !(item instanceof Error)) {
      objects.push(item);
    }
  }
  return objects;
}

/**
 * Whether an operation may read ahead: a query that defers and streams nothing. The answer depends on the
 * operation (its document's fragments with it) and the variables: kept per pair, so it is asked once per
 * request, not once per list.
 */
const mayReadAheadWith = new WeakMap<object, WeakMap<object, boolean>>();

function mayReadAhead(info: GraphQLResolveInfo): boolean {
  const { operation, variableValues } = info;
  let byOperation = mayReadAheadWith.get(variableValues);
  if (!byOperation) mayReadAheadWith.set(variableValues, (byOperation = new WeakMap()));
  let may = byOperation.get(operation);
  if (may === undefined) {
    may =
      operation.operation === OperationTypeNode.QUERY &&
      !selectsIncremental(operation.selectionSet, (name) => info.fragments[name], variableValues);
    byOperation.set(operation, may);
  }
  return may;
}

/**
 * The resolver of a list field whose reads can be made ahead (`read`, registered as `typeName.field`):
 * when it had to wait for RCI, it reads its own objects' fields ahead (objects of type `itemType`)
 * before it answers. When its read was done already, a list above it read those ahead too.
 */
export function listReadingAhead<Source, Args extends object, Item>(
  typeName: string,
  field: string,
  itemType: string,
  read: (source: Source, args: Args, ctx: GatewayContext) => Item[] | Promise<Item[]>,
) {
  register(typeName, field, read as Reader<never>, 'list');
  return (source: Source, args: Args, ctx: GatewayContext, info: GraphQLResolveInfo): Item[] | Promise<Item[]> => {
    const items = read(source, args, ctx);
    if (!(items instanceof Promise)) return items;
    return items.then((list) => readListAhead(ctx, info, list, itemType).then(() => list));
  };
}
