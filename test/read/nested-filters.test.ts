import { describe, expect, it } from 'vitest';
import {
  collectionSpec,
  memberships,
  recordSpec,
  resources,
  type ListSpec,
  type MembershipSpec,
  type RecordName,
  type ResourceName,
  type SearchSpec,
} from '../../src/rci/resources.js';
import { rest, useGateway, type TestGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Filters of nested lists, driven by the catalogue like the root lists' filters in lists.test.ts:
// every search parameter of every nested collection (`Queue.attributes`, `DisruptionSet.events`, ...)
// and of every membership side that has them (`Role.users`, `QueueGroup.queues`, ...) reaches RCI as
// that query parameter, and the graph answers what RCI answers for it. The value of each filter is
// derived from the example data so that it matches something: a `*` pattern from an actual value, a
// timestamp between two actual ones, `true` for a flag.
const gw = useGateway();

const JOHN = 'E936C474B22311D38FBE0090279A922E';

/**
 * The example object whose nested lists are filtered, per owner resource: one with a non-empty list.
 * A nested list under a new owner needs one here (its test fails until then, naming the owner).
 */
const exampleOwners: Partial<Record<ResourceName, (gw: TestGateway) => Promise<string>>> = {
  queues: () => Promise.resolve('B8F0CA9CFC0411D3A2230050DA29E0F4'), // Sales
  queueGroups: () => Promise.resolve('2CADB6A137124F13BC68938E2B5FEFC1'), // CC Agent
  customIvrs: () => Promise.resolve('A5AF21AB416849BBA6FDBE92E5C15B69'), // Menu IVR
  disruptionSets: () => Promise.resolve('14E14D7338C44EA5904A1E18180186FF'), // Electricity
  // John's first role and first group: both have several members.
  roles: async (gw) => (await rest<{ id: string }[]>(gw, `/users/${JOHN}/roles`))[0].id,
  userGroups: async (gw) => (await rest<{ id: string }[]>(gw, `/users/${JOHN}/userGroups`))[0].id,
};

interface Case {
  /** `Queue.attributes`, `Role.users`: the GraphQL field filtered. */
  label: string;
  param: string;
  search: SearchSpec;
  owner: ResourceName;
  segment: string;
  /** The record of the list items, and whether they are nodes (compared by id) or embedded objects. */
  record: RecordName;
  node: boolean;
  list: ListSpec;
  /** Where the full object of an item is read, when a summary lacks the filtered field. */
  fullPath: (ownerPath: string, id: string) => string;
}

const typeName = (r: ResourceName) => recordSpec(collectionSpec(r).record).typeName;

const nestedCases: Case[] = (Object.keys(resources) as ResourceName[]).flatMap((resource) => {
  const spec = collectionSpec(resource);
  if (!spec.parent) return [];
  const parent = spec.parent;
  return Object.entries(spec.list.search).map(([param, search]) => ({
    label: `${typeName(parent)}.${spec.segment}`,
    param,
    search,
    owner: parent,
    segment: spec.segment,
    record: spec.record,
    node: spec.idParam !== undefined,
    list: spec.list,
    fullPath: (ownerPath: string, id: string) => `${ownerPath}/${spec.segment}/${id}`,
  }));
});

const membershipCases: Case[] = Object.values(memberships as Record<string, MembershipSpec>).flatMap((membership) =>
  [membership.a, membership.b].flatMap((side) =>
    Object.entries(side.list.search).map(([param, search]) => ({
      label: `${typeName(side.owner)}.${side.segment}`,
      param,
      search,
      owner: side.owner,
      segment: side.segment,
      record: collectionSpec(side.member).record,
      node: true,
      list: side.list,
      fullPath: (_ownerPath: string, id: string) => `/${collectionSpec(side.member).segment}/${id}`,
    })),
  ),
);

const cases = [...nestedCases, ...membershipCases];

/** The scalar fields of a record as the graph names them (for embedded objects, compared whole). */
function scalarFields(record: RecordName): string[] {
  return Object.entries(recordSpec(record).fields)
    .filter(([, f]) => !f.writeOnly && !f.refersTo && f.type.kind !== 'stringList' && f.type.kind !== 'objectList')
    .map(([name]) => name);
}

/** A string from a field value: the value itself, or the first element of a (wrapped) list. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === 'object') {
    const inner = Object.values(value);
    return inner.length === 1 ? text(inner[0]) : undefined;
  }
  return undefined;
}

type Row = Record<string, unknown> & { id?: string };

/**
 * A filter value that matches part of `all` (RCI's unfiltered answer), with the item it was derived
 * from (which must then be in the answer), or none for a flag.
 */
async function matchingValue(
  c: Case,
  ownerPath: string,
  all: Row[],
): Promise<{ value: string; literal: string; source?: Row }> {
  const { search } = c;
  if (
    search.kind === 'flag' ||
    recordSpec(c.record).fields[search.kind === 'pattern' ? (search.field ?? c.param) : c.param]?.type.kind ===
      'boolean'
  ) {
    return { value: 'true', literal: 'true' };
  }
  if (search.kind === 'pattern') {
    const field = search.field ?? c.param;
    // The first item with a value for the field; a summary lacking it is completed from the full object.
    for (const item of all) {
      let found = text(item[field]);
      if (found === undefined && item.id !== undefined && !(c.list.summary?.fields ?? []).includes(field)) {
        found = text((await rest<Row>(gw, c.fullPath(ownerPath, item.id)))[field]);
      }
      if (found !== undefined) {
        const value = `${found.charAt(0)}*`;
        return { value, literal: JSON.stringify(value), source: item };
      }
    }
    throw new Error(`No item of ${ownerPath}/${c.segment} has a value for ${field}: choose another example owner`);
  }
  // A time filter: a timestamp between the two highest (after) or two lowest (before) values of the
  // field, so that it matches some but not all of them; beside the only value when there is one.
  const times = [
    ...new Set(
      all
        .map((item) => item[search.field])
        .filter((v): v is string => typeof v === 'string')
        .map(Date.parse),
    ),
  ].sort((a, b) => a - b);
  if (times.length === 0)
    throw new Error(`No item of ${ownerPath}/${c.segment} has a ${search.field}: choose another example owner`);
  const DAY = 86_400_000;
  let at: number;
  let matched: number;
  if (search.kind === 'after') {
    matched = times[times.length - 1];
    at = times.length > 1 ? Math.floor((times[times.length - 2] + matched) / 2) : matched - DAY;
  } else {
    matched = times[0];
    at = times.length > 1 ? Math.floor((matched + times[1]) / 2) : matched + DAY;
  }
  const value = new Date(at).toISOString();
  const source = all.find(
    (item) => typeof item[search.field] === 'string' && Date.parse(item[search.field] as string) === matched,
  );
  return { value, literal: JSON.stringify(value), source };
}

describe('filters of nested lists and memberships', () => {
  it('are found in the catalogue', () => {
    // Guards the case list itself: these are the nested lists with search parameters today.
    expect([...new Set(cases.map((c) => c.label))].sort()).toEqual(
      expect.arrayContaining([
        'CustomIvr.attributes',
        'DisruptionSet.events',
        'DisruptionSet.items',
        'QueueGroup.attributes',
        'QueueGroup.queues',
        'Queue.attributes',
        'Role.users',
        'UserGroup.users',
      ]),
    );
    expect(cases.length).toBeGreaterThanOrEqual(37);
  });

  it.each(cases)('$label filter.$param', async (c) => {
    const chooseOwner = exampleOwners[c.owner];
    if (!chooseOwner)
      throw new Error(`Choose an example ${c.owner} object with a non-empty ${c.segment} list in exampleOwners`);
    const ownerId = await chooseOwner(gw);
    const ownerPath = `/${collectionSpec(c.owner).segment}/${ownerId}`;
    const path = `${ownerPath}/${c.segment}`;

    const all = await rest<Row[]>(gw, path);
    expect(all.length, `${path} is empty: choose another example owner`).toBeGreaterThan(0);
    const { value, literal, source } = await matchingValue(c, ownerPath, all);

    // What RCI answers for the same parameter (one more row than asked, as the gateway pages).
    const paging = c.list.paged ? '&offset=0&limit=51' : '';
    const query = `${c.param}=${encodeURIComponent(value)}`;
    const expected = (await rest<Row[]>(gw, `${path}?${query}${paging}`)).slice(0, 50);

    const fields = c.node ? ['rciId'] : scalarFields(c.record);
    const selection = c.list.paged
      ? `${c.segment}(first: 50, filter: { ${c.param}: ${literal} }) { nodes { ${fields.join(' ')} } }`
      : `${c.segment}(filter: { ${c.param}: ${literal} }) { ${fields.join(' ')} }`;
    const ownerField = collectionSpec(c.owner).record;
    gw.sim.clearRequests();
    const result = await gw.query(`{ owner: ${ownerField}(id: "${ownerId}") { ${selection} } }`);
    expect(result.errors).toBeUndefined();
    const owner = (result.data as Json).owner;
    const answered: Record<string, unknown>[] = c.list.paged ? owner[c.segment].nodes : owner[c.segment];

    // (a) The graph answers what RCI answers for the parameter, in its order.
    const project = (row: Row) =>
      c.node ? { rciId: row.id } : Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));
    expect(answered).toEqual(expected.map(project));
    // (b) RCI was asked exactly once for the list, with the parameter.
    expect(gw.calls().filter((call) => call.split('?')[0] === `GET ${path}`)).toEqual([
      `GET ${path}?${query}${paging}`,
    ]);
    // (c) The filter matched something: the item the value was derived from, at least.
    expect(answered.length).toBeGreaterThan(0);
    if (source) expect(answered).toContainEqual(project(source));
  });
});
