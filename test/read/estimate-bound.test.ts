import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  getNamedType,
  getNullableType,
  isLeafType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costModel } from '../../src/schema/costModel.js';
import { schema } from '../../src/schema/index.js';
import { DEFAULT_QUERY } from '../../src/server/yoga.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// The estimate is an upper bound of what the schema bounds: for a corpus of queries (the README's, the
// tests', and queries generated over the schema), the RCI calls the simulator's log shows and the
// objects of the answer are never more than the gateway estimated. The one thing the estimate assumes,
// the length of the lists RCI answers whole, is set to the longest such list in the data.

const JOHN = 'E936C474B22311D38FBE0090279A922E';
const ELECTRICITY = '14E14D7338C44EA5904A1E18180186FF';

const model = costModel(schema);
const query = schema.getQueryType()!;

/** Runs the queries (the estimate off, so every query runs): its simulator's log is what RCI saw. */
let runner: TestGateway;
/** The same gateway refusing anything estimated above zero: its refusal reports the estimate. */
let estimator: TestGateway;
/** The longest list RCI answers whole anywhere in the data. */
let longestList = 0;
/** Some RCI ids and global ids of each root collection, for lookups and `nodes(ids:)`. */
const known: Record<string, { rciIds: string[]; ids: string[] }> = {};

/** A query reading every list RCI answers whole, two levels down from each root connection. */
function everyUnpagedList(): string {
  const lists = (type: GraphQLObjectType, depth: number): string =>
    Object.values(type.getFields())
      .filter((field) => model.field(type, field).size.kind === 'assumed' && !field.args.some(required))
      .map((field) => {
        const item = getNamedType(field.type) as GraphQLObjectType;
        return `${field.name} { __typename ${depth > 1 ? lists(item, depth - 1) : ''} }`;
      })
      .join(' ');
  return `{ ${rootConnections()
    .map(([field, item]) => `${field.name}(first: 500) { nodes { __typename ${lists(item, 2)} } }`)
    .join(' ')} }`;
}

/** The longest array of an answer that is not a connection's page. */
function longestArray(value: Json, key = ''): number {
  if (Array.isArray(value)) {
    const own = key === 'nodes' || key === 'edges' ? 0 : value.length;
    return Math.max(own, ...value.map((item: Json) => longestArray(item)));
  }
  if (typeof value === 'object' && value !== null) {
    return Math.max(0, ...Object.entries(value as Record<string, Json>).map(([k, v]) => longestArray(v, k)));
  }
  return 0;
}

/** The objects of an answer, the one given included. */
function objectsIn(value: Json): number {
  if (Array.isArray(value)) return value.reduce((n: number, item: Json) => n + objectsIn(item), 0);
  if (typeof value === 'object' && value !== null) {
    return 1 + Object.values(value as Record<string, Json>).reduce((n: number, v: Json) => n + objectsIn(v), 0);
  }
  return 0;
}

const required = (arg: { type: unknown }) => isNonNullType(arg.type);

/** The root connections that need no argument, with their item types. */
function rootConnections(): [GraphQLField<unknown, unknown>, GraphQLObjectType][] {
  return Object.values(query.getFields()).flatMap((field) => {
    if (model.field(query, field).size.kind !== 'connection' || field.args.some(required)) return [];
    const connection = getNamedType(field.type) as GraphQLObjectType;
    return [[field, getNamedType(connection.getFields().nodes.type) as GraphQLObjectType]];
  });
}

beforeAll(async () => {
  runner = await startGateway({ simulator: { data: { scale: 0 } }, limits: { maxCost: 0 } });
  const all = await runner.query<Json, never>(everyUnpagedList());
  expect(all.errors).toBeUndefined();
  longestList = longestArray(all.data);
  estimator = await startGateway({ over: runner.sim, limits: { maxCost: 0.5, assumedListSize: longestList } });
  for (const [field] of rootConnections()) {
    const page = await runner.query<Json, never>(`{ ${field.name}(first: 3) { nodes { id rciId } } }`);
    const nodes = (page.data![field.name]?.nodes ?? []) as { id: string; rciId: string }[];
    known[field.name] = { rciIds: nodes.map((n) => n.rciId), ids: nodes.map((n) => n.id) };
  }
});

afterAll(async () => {
  await estimator?.close();
  await runner?.close();
});

interface Measured {
  estimate: { objects: number; rciCalls: number };
  actual: { objects: number; rciCalls: number };
}

/** The gateway's estimate of a document, and what running it took: RCI calls and answered objects. */
async function measure(document: string, variables?: Record<string, unknown>): Promise<Measured> {
  const refused = await estimator.query<Json, Record<string, unknown>>(document, variables);
  const refusal = refused.errors?.find((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
  // Only an estimate of zero is let through by the estimating gateway.
  const estimate = refusal
    ? (refusal.extensions as { objects: number; rciCalls: number })
    : { objects: 0, rciCalls: 0 };
  runner.sim.clearRequests();
  const result = await runner.query<Json, Record<string, unknown>>(document, variables);
  // It ran (a document that fails validation would bound nothing).
  expect(result.data, JSON.stringify(result.errors)).toBeDefined();
  // `data` itself is no result object.
  return { estimate, actual: { objects: objectsIn(result.data ?? null) - 1, rciCalls: runner.calls().length } };
}

function expectBounded({ estimate, actual }: Measured, document: string) {
  expect(actual.rciCalls, document).toBeLessThanOrEqual(estimate.rciCalls);
  expect(actual.objects, document).toBeLessThanOrEqual(estimate.objects);
}

describe('the estimate bounds the RCI calls and objects of', () => {
  it('the data set has lists that need the assumption (the test measures something)', () => {
    expect(longestList).toBeGreaterThan(1);
  });

  it("the README's and the tests' queries", async () => {
    const manifest = JSON.parse(
      readFileSync(new URL('../../examples/gql/persisted-documents.json', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    const corpus: [string, Record<string, unknown>?][] = [
      // README: the roster, sort completion, a failure kept local, the fan-out (smaller), GraphiQL's query.
      [
        `{ users(first: 100) { nodes { email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } } }`,
      ],
      [`{ users(first: 100) { nodes { firstName surname email phone } } }`],
      [`{ users(filter: {email: "*@customer.com"}) { nodes { rciId roles { name } } } skills { nodes { name } } }`],
      [`{ users(first: 100) { nodes { roles { users { roles { users { email } } } } } } }`],
      [DEFAULT_QUERY],
      ...Object.values(manifest).map((document): [string, Record<string, unknown>] => [document, { first: 5 }]),
      // The issue's: a variable default, member completion.
      [`query R($n: Int = 500) { users(first: $n) { nodes { roles { users { email } } } } }`],
      [`{ roles(first: 5) { nodes { users { email phone login } } } }`],
      // The tests': relations, batching, sort completion, references, federation.
      [
        `query ($id: ID!) { user(id: $id) { roles { rciId name description } userGroups { rciId name synchronised } skills { level skill { rciId name description } } certificates { id rciId subject issuer } timeZone { rciId name } } }`,
        { id: JOHN },
      ],
      [`{ users(first: 30) { nodes { rciId firstName surname roles { name } } } }`],
      [
        `{ queues(first: 500) { nodes { name queueGroups { queues(first: 500) { nodes { name description type } } } } } }`,
      ],
      [`{ cpExtensions { nodes { queueIds queues { name } } } }`],
      [
        `{ disruptionSet(id: "${ELECTRICITY}") { events { itemRefs { externalId } items { name attributes { value } } } items { name } } }`,
      ],
      [`{ users(first: 5, filter: { email: "*" }) { nodes { rciId firstName email } } }`],
      [`{ user(id: "${JOHN}") { firstName skills { level skill { rciId } } } }`],
      [`{ userGroups(first: 10) { edges { cursor node { name users { email timeZone { name } } } } } }`],
      [`{ customIvrs(first: 10) { nodes { name currentSourceCode { sourceCode } sourceCodes { sourceCode } } } }`],
      [
        `{ queueGroups(first: 10) { nodes { queues(first: 10) { edges { node { description replyTemplates { nodes { name attachments { fileName } } } } } } } } }`,
      ],
      [
        `query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on User { email roles { description } } } }`,
        { ids: [...known.users.ids, ...known.roles.ids] },
      ],
      [
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { email skills { skill { name } } } } }`,
        { r: known.users.rciIds.map((rciId) => ({ __typename: 'User', rciId })) },
      ],
    ];
    for (const [document, variables] of corpus) expectBounded(await measure(document, variables), document);
  });

  it('queries generated over the schema', async () => {
    await fc.assert(
      fc.asyncProperty(generatedQuery(), async ({ document, variables }) => {
        expectBounded(await measure(document, variables), document);
      }),
      { numRuns: 150, seed: 20_251_031 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Generated queries: root connections, lookups and `nodes(ids:)`, then random selections of each
// type's fields up to three relations deep, with pages of 0–4, fragments, and `@skip`/`@include` on a
// variable given, left to its default, or a literal.

interface Generated {
  document: string;
  variables: Record<string, unknown>;
}

const DIRECTIVES = ['', '', '', ' @include(if: $on)', ' @skip(if: $on)', ' @skip(if: true)', ' @include(if: false)'];

function generatedQuery(): fc.Arbitrary<Generated> {
  const roots = fc.uniqueArray(rootField(), { minLength: 1, maxLength: 2, selector: (r) => r.name });
  return fc
    .record({
      roots,
      onDefault: fc.boolean(),
      on: fc.option(fc.boolean(), { nil: undefined }),
      pageDefault: fc.integer({ min: 0, max: 4 }),
    })
    .map(({ roots, onDefault, on, pageDefault }) => {
      const body = roots.map((r) => r.text).join(' ');
      // Only the variables the selection uses may be declared.
      const declared = [
        body.includes('$on') ? `$on: Boolean = ${onDefault}` : '',
        body.includes('$page') ? `$page: Int = ${pageDefault}` : '',
      ].filter(Boolean);
      return {
        document: `query Generated${declared.length ? `(${declared.join(', ')})` : ''} { ${body} }`,
        variables: on === undefined || !body.includes('$on') ? {} : { on },
      };
    });
}

function rootField(): fc.Arbitrary<{ name: string; text: string }> {
  // Collections the data set has objects in (an empty page costs its one call and shows nothing more).
  const filled = rootConnections().filter(([field]) => known[field.name]?.rciIds.length);
  const connections = filled.map(([field, item]) =>
    fc
      .tuple(page(), connectionBody(item, 2))
      .map(([first, body]) => ({ name: field.name, text: `${field.name}${first} { ${body} }` })),
  );
  const lookups = filled
    .filter(([, item]) => query.getFields()[lookupName(item)])
    .map(([field, item]) =>
      fc
        .tuple(fc.constantFrom(...known[field.name].rciIds), selection(item, 2))
        .map(([id, body]) => ({ name: lookupName(item), text: `${lookupName(item)}(id: "${id}") { ${body} }` })),
    );
  const nodes = fc.constantFrom(...filled).chain(([field, item]) =>
    fc.tuple(fc.subarray(known[field.name].ids, { minLength: 1 }), selection(item, 2)).map(([ids, body]) => ({
      name: 'nodes',
      text: `nodes(ids: ${JSON.stringify(ids)}) { id ... on ${item.name} { ${body} } }`,
    })),
  );
  return fc.oneof(...connections, ...lookups, nodes);
}

/** `user` for User: the root lookup of a type. */
const lookupName = (item: GraphQLObjectType) => item.name.charAt(0).toLowerCase() + item.name.slice(1);

/** A page: no argument (the default page), a literal, or the `$page` variable (often left to its default). */
const page = () =>
  fc.oneof(
    fc.constant(''),
    fc.integer({ min: 0, max: 4 }).map((n) => `(first: ${n})`),
    fc.constant('(first: $page)'),
  );

function connectionBody(item: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  return fc
    .record({
      nodes: fc.option(selection(item, depth), { nil: undefined }),
      edges: fc.option(selection(item, depth), { nil: undefined }),
      pageInfo: fc.boolean(),
    })
    .map(({ nodes, edges, pageInfo }) => {
      const parts = [
        nodes === undefined ? '' : `nodes { ${nodes} }`,
        edges === undefined ? '' : `edges { cursor node { ${edges} } }`,
        pageInfo || (nodes === undefined && edges === undefined) ? 'pageInfo { hasNextPage }' : '',
      ];
      return parts.filter(Boolean).join(' ');
    });
}

/** Some fields of `type` (at least one), relations only while `depth` lasts; sometimes through a fragment. */
function selection(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const usable = Object.values(type.getFields()).filter((field) => !field.args.some(required));
  const leaves = usable.filter((field) => isLeafType(getNamedType(field.type)));
  const relations = depth > 0 ? usable.filter((field) => isObjectType(getNamedType(field.type))) : [];
  // Relations are what costs calls: they are drawn more often than scalars.
  const field = relations.length
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(...leaves) },
        { weight: 2, arbitrary: fc.constantFrom(...relations) },
      )
    : fc.constantFrom(...leaves);
  return fc
    .uniqueArray(field, { minLength: 1, maxLength: 4, selector: (f) => f.name })
    .chain((chosen) => fc.tuple(...chosen.map((field) => fieldText(type, field, depth))))
    .chain((parts) =>
      fc.oneof(fc.constant(parts.join(' ')), fc.constant(`... on ${type.name} { ${parts.join(' ')} }`)),
    );
}

function fieldText(
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  depth: number,
): fc.Arbitrary<string> {
  const returned = getNamedType(field.type);
  const directive = fc.constantFrom(...DIRECTIVES);
  if (isLeafType(returned) || !isObjectType(returned)) return directive.map((d) => `${field.name}${d}`);
  const cost = model.field(parent, field);
  if (cost.size.kind === 'connection') {
    const item = getNamedType(
      (getNullableType(returned) as GraphQLObjectType).getFields().nodes.type,
    ) as GraphQLObjectType;
    return fc
      .tuple(page(), directive, connectionBody(item, depth - 1))
      .map(([first, d, body]) => `${field.name}${first}${d} { ${body} }`);
  }
  return fc.tuple(directive, selection(returned, depth - 1)).map(([d, body]) => `${field.name}${d} { ${body} }`);
}
