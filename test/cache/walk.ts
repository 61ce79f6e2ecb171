import type { GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allOperations,
  collectionSpec,
  membershipNames,
  memberships,
  recordSpec,
  resourceNames,
  type ListSpec,
  type MembershipSide,
  type RecordName,
  type ResourceName,
  type SearchSpec,
} from '../../src/rci/resources.js';
import { schema } from '../../src/schema/index.js';
import type { TestGateway } from '../support/gateway.js';

// Every mutation of the graph, each through warm caches: two callers read what the mutation can
// change (the object, its collection's list, its sub-collections, both sides of a membership, the
// lists that embed it) until a repeat costs 0 RCI calls and no execution (the response cache answers
// it); one caller writes through one gateway; then both read again through every gateway and must see
// exactly what RCI answers afresh — and that must differ from before.
// Around every write, both callers also read every list filtered by each of its search parameters
// (from the catalogue), so a write that changes what a search finds without the caches knowing it
// fails here, whatever the search's values are derived from.
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = basic('alice', 'alice-secret');
const BOB = basic('bob', 'bob-secret');
const FRESH = { 'cache-control': 'no-cache' };
const firstNotIn = (all: { id: string }[], taken: { id: string }[]) =>
  all.find((a) => !taken.some((t) => t.id === a.id))!.id;

const USERS = `users(first: 100) { nodes { rciId firstName surname email roles { name } userGroups { name }
  skills { level skill { name } } certificates { subject issuer } } }`;
const ROLES = `roles(first: 100) { nodes { rciId name description users { rciId } } }`;
const USER_GROUPS = `userGroups(first: 100) { nodes { rciId name users { rciId } } }`;
const SKILLS = `skills(first: 100) { nodes { rciId name description } }`;
const QUEUES = `queues(first: 100) { nodes { rciId name type addresses queueGroups { name }
  extensions { rciId name priority } attributes { name value } } }`;
const QUEUE_GROUPS = `queueGroups(first: 100) { nodes { rciId name description queues { nodes { rciId name } }
  attributes { name value } } }`;
const MESSAGING = `messagingServices(first: 100) { nodes { rciId name type authentications { rciId authenticationId } } }`;

/** Gateways over one RCI: the first takes the writes, every one is read through. */
export interface WalkGateways {
  gateways: [TestGateway, ...TestGateway[]];
  close(): Promise<void>;
}

/** The simulator's users, with their credentials. */
export const WALK_AUTH = {
  users: [
    { username: 'alice', password: 'alice-secret' },
    { username: 'bob', password: 'bob-secret' },
  ],
};

/** Walks every mutation of the graph through the gateways `start` makes (each with metrics). */
export function walkEveryMutation(start: () => Promise<WalkGateways>): void {
  let setup: WalkGateways | undefined;
  let gw: TestGateway;
  let readers: TestGateway[];
  const covered = new Set<string>();
  /** The RCI writes the mutations sent, as `METHOD /users/{}/roles`. */
  const sent = new Set<string>();
  const ids: Record<string, string> = {};
  /** Per record, the object whose searchable nested lists are read around every write: one no walk deletes. */
  const owners: Record<string, string> = {};

  async function restAs<T>(path: string): Promise<T> {
    const response = await fetch(`${gw.sim.url}${path}`, {
      headers: { accept: 'application/json', authorization: ALICE },
    });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  beforeAll(async () => {
    setup = await start();
    [gw] = setup.gateways;
    readers = setup.gateways;
    type Row = { id: string };
    const users = await restAs<Row[]>('/users');
    ids.user = users[0].id;
    ids.role = firstNotIn(await restAs<Row[]>('/roles'), await restAs<Row[]>(`/users/${ids.user}/roles`));
    ids.userGroup = firstNotIn(
      await restAs<Row[]>('/userGroups'),
      await restAs<Row[]>(`/users/${ids.user}/userGroups`),
    );
    ids.skill = firstNotIn(await restAs<Row[]>('/skills'), await restAs<Row[]>(`/users/${ids.user}/skills`));
    ids.queue = (await restAs<Row[]>('/queues'))[0].id;
    ids.queueGroup = firstNotIn(
      await restAs<Row[]>('/queueGroups'),
      await restAs<Row[]>(`/queues/${ids.queue}/queueGroups`),
    );
    ids.messagingService = (await restAs<Row[]>('/messagingServices'))[0].id;
    ids.customIvr = (await restAs<Row[]>('/customIvrs'))[0].id;
    const sets = await restAs<Row[]>('/disruptionSets');
    for (const set of sets) {
      const items = await restAs<Row[]>(`/disruptionSets/${set.id}/items`);
      if (items.length) {
        ids.disruptionSet = set.id;
        ids.item = items[0].id;
        break;
      }
    }
    // The walks write under these, so their filtered lists change; the walked role is deleted, so
    // another one's users are read.
    const role = (await restAs<Row[]>('/roles')).find((r) => r.id !== ids.role)!.id;
    Object.assign(owners, { ...ids, role });
  });
  afterAll(() => setup?.close());

  /** The owner whose nested lists are read: the object the walks write under. */
  function ownerLookup(owner: ResourceName, lists: string[]): string {
    const record = collectionSpec(owner).record;
    const id = owners[record];
    if (!id) throw new Error(`no ${record} to read the nested lists of; add one to \`owners\``);
    return `${record}(id: "${id}") { ${lists.join(' ')} }`;
  }

  /** Every list of the graph that has search parameters, filtered by each of them. */
  function searchableLists(): string {
    const byOwner = new Map<ResourceName, string[]>();
    const nested = (owner: ResourceName, lists: string[]) =>
      byOwner.set(owner, [...(byOwner.get(owner) ?? []), ...lists]);
    const roots: string[] = [];
    for (const name of resourceNames) {
      const spec = collectionSpec(name);
      if (!spec.parent) roots.push(...filteredLists(name, spec.record, spec.list, true));
      else nested(spec.parent, filteredLists(spec.segment, spec.record, spec.list, spec.idParam !== undefined));
    }
    for (const name of membershipNames) {
      for (const side of [memberships[name].a, memberships[name].b] as MembershipSide[]) {
        nested(side.owner, filteredLists(side.segment, collectionSpec(side.member).record, side.list, true));
      }
    }
    const nestedLists = [...byOwner]
      .filter(([, lists]) => lists.length > 0)
      .map(([owner, lists]) => ownerLookup(owner, lists));
    return `{ ${[...roots, ...nestedLists].join(' ')} }`;
  }

  /** Runs each document as the caller through one gateway; answers their data (and fails on any error). */
  async function readAll(
    through: TestGateway,
    documents: string[],
    headers: Record<string, string>,
  ): Promise<unknown[]> {
    const data: unknown[] = [];
    for (const document of documents) {
      const result = await through.query(document, {}, headers);
      expect(result.errors).toBeUndefined();
      data.push(result.data);
    }
    return data;
  }

  /** Operations executed so far by every gateway (Yoga's execute-phase metric). */
  async function executions(): Promise<number> {
    let count = 0;
    for (const reader of readers) {
      const metric = await reader.metrics!.registry.getSingleMetric('graphql_envelop_phase_execute')!.get();
      const values = metric.values as { metricName?: string; value: number }[];
      for (const v of values) if (v.metricName?.endsWith('_count')) count += v.value;
    }
    return count;
  }

  /** Whether `walk` sends each mutation itself or as the one item of its bulk twin (`bulk<Name>`). */
  let mode: 'single' | 'bulk' = 'single';

  /**
   * Reads through warm caches (as both callers, through every gateway), writes through the first
   * gateway, reads again the same way; answers the mutation's data.
   */
  async function walk(
    single: string,
    read: string,
    input: string,
    selection = '__typename',
  ): Promise<Record<string, { rciId: string }>> {
    const name = mode === 'single' ? single : `bulk${single.charAt(0).toUpperCase()}${single.slice(1)}`;
    const documents = [`{ ${read} }`, searchableLists()];
    const before = await readAll(gw, documents, { authorization: ALICE, ...FRESH });
    await readAll(gw, documents, { authorization: BOB, ...FRESH });
    gw.sim.clearRequests();
    const executed = await executions();
    for (const reader of readers) {
      expect(await readAll(reader, documents, { authorization: ALICE })).toEqual(before);
      expect(await readAll(reader, documents, { authorization: BOB })).toEqual(before);
    }
    expect(gw.calls()).toEqual([]);
    expect(await executions()).toBe(executed);

    const written = await gw.query(
      mode === 'single'
        ? `mutation { ${name}(input: ${input}) { ${selection} } }`
        : `mutation { ${name}(input: { items: [${input}] }) { errors { code message } payload { ${selection} } } }`,
      {},
      { authorization: ALICE },
    );
    expect(written.errors).toBeUndefined();
    const data = (written.data as Record<string, unknown>)[name];
    if (mode === 'bulk') expect((data as { errors: unknown[] }[])[0].errors).toEqual([]);
    for (const r of gw.sim.requests) if (r.method !== 'GET') sent.add(`${r.method} ${templateOf(r.path)}`);

    // The other gateways first: what they answer next must not depend on the writer's reads.
    const seen: unknown[][] = [];
    for (const reader of [...readers.slice(1), gw]) {
      seen.push(await readAll(reader, documents, { authorization: ALICE }));
      seen.push(await readAll(reader, documents, { authorization: BOB }));
    }
    const truth = await readAll(gw, documents, { authorization: ALICE, ...FRESH });
    expect(truth).not.toEqual(before);
    for (const answer of seen) expect(answer).toEqual(truth);
    covered.add(name);
    return (mode === 'single' ? data : (data as { payload: unknown }[])[0].payload) as Record<
      string,
      { rciId: string }
    >;
  }

  describe.each(['single', 'bulk'] as const)(
    'every %s mutation, read through warm caches by the writer and by another caller',
    (which) => {
      // Each pass starts from the same data: the first one deleted what the second needs again.
      beforeAll(() => {
        mode = which;
        gw.sim.reset();
      });

      const roots = [
        {
          type: 'User',
          read: USERS,
          create: `{ firstName: "Ada", surname: "Lovelace", email: "ada@example.com", timeZoneId: "Europe/London", login: "ada" }`,
          update: `surname: "King"`,
        },
        { type: 'UserGroup', read: USER_GROUPS, create: `{ name: "Night shift" }`, update: `name: "Late shift"` },
        { type: 'Role', read: `${ROLES} ${USERS}`, create: `{ name: "Auditor" }`, update: `name: "Reviewer"` },
        {
          type: 'Skill',
          read: SKILLS,
          create: `{ name: "Swedish", description: "Swedish language skill" }`,
          update: `name: "Svenska"`,
        },
        {
          type: 'Queue',
          read: `${QUEUES} ${QUEUE_GROUPS}`,
          create: `{ name: "Billing", type: PHONE, loginType: HUNT_GROUP, addresses: ["200"] }`,
          update: `name: "Invoices"`,
        },
        {
          type: 'QueueGroup',
          read: `${QUEUE_GROUPS} ${QUEUES}`,
          create: `{ name: "Finance", description: "Finance queues" }`,
          update: `name: "Money"`,
        },
        {
          type: 'MessagingService',
          read: MESSAGING,
          create: `{ name: "SMS", type: TWILIO, connection: "https://twilio.example/" }`,
          update: `name: "Texts"`,
        },
      ];

      it.each(roots)('create$type, update$type, delete$type', async ({ type, read, create, update }) => {
        const key = type[0].toLowerCase() + type.slice(1);
        const created = await walk(`create${type}`, read, create, `${key} { rciId }`);
        const id = created[key].rciId;
        await walk(`update${type}`, read, `{ id: "${id}", ${update} }`);
        await walk(`delete${type}`, read, `{ id: "${id}" }`);
      });

      it('renaming and deleting a role changes every user’s roles; a skill, every user’s skills', async () => {
        await walk('addRoleToUser', `${USERS} ${ROLES}`, `{ userId: "${ids.user}", roleId: "${ids.role}" }`);
        await walk('updateRole', USERS, `{ id: "${ids.role}", name: "Renamed role" }`);
        await walk('setUserSkill', USERS, `{ userId: "${ids.user}", skillId: "${ids.skill}", level: 2 }`);
        await walk('setUserSkill', USERS, `{ userId: "${ids.user}", skillId: "${ids.skill}", level: 4 }`);
        await walk('updateSkill', USERS, `{ id: "${ids.skill}", name: "Renamed skill" }`);
        await walk('deleteSkill', USERS, `{ id: "${ids.skill}" }`);
        await walk('removeRoleFromUser', `${USERS} ${ROLES}`, `{ userId: "${ids.user}", roleId: "${ids.role}" }`);
        await walk('addRoleToUser', `${USERS} ${ROLES}`, `{ userId: "${ids.user}", roleId: "${ids.role}" }`);
        await walk('deleteRole', USERS, `{ id: "${ids.role}" }`);
      });

      it('skills of a user: set then remove', async () => {
        const skill = (await restAs<{ id: string }[]>('/skills'))[0].id;
        const has = (await restAs<{ id: string }[]>(`/users/${ids.user}/skills`)).some((s) => s.id === skill);
        if (has) await walk('removeUserSkill', USERS, `{ userId: "${ids.user}", skillId: "${skill}" }`);
        await walk('setUserSkill', USERS, `{ userId: "${ids.user}", skillId: "${skill}", level: 3 }`);
        await walk('removeUserSkill', USERS, `{ userId: "${ids.user}", skillId: "${skill}" }`);
      });

      it('both sides of the user-group and queue-group memberships', async () => {
        const users = `${USERS} ${USER_GROUPS}`;
        const membership = `{ userId: "${ids.user}", userGroupId: "${ids.userGroup}" }`;
        await walk('addUserToUserGroup', users, membership);
        await walk('removeUserFromUserGroup', users, membership);
        const queues = `${QUEUES} ${QUEUE_GROUPS}`;
        const queueMembership = `{ queueId: "${ids.queue}", queueGroupId: "${ids.queueGroup}" }`;
        await walk('addQueueToQueueGroup', queues, queueMembership);
        await walk('removeQueueFromQueueGroup', queues, queueMembership);
      });

      it('deleting a queue changes which reply templates its id finds (a reference RCI never answers)', async () => {
        const queues = (await restAs<{ id: string }[]>('/queues')).filter((q) => q.id !== ids.queue);
        const found = await Promise.all(queues.map((q) => restAs<unknown[]>(`/replyTemplates?queueId=${q.id}`)));
        const used = queues[found.findIndex((templates) => templates.length > 0)].id;
        const templates = `replyTemplates(filter: { queueId: "${used}" }) { nodes { rciId name } }`;
        await walk('deleteQueue', templates, `{ id: "${used}" }`);
      });

      it('sub-collections: certificates, extensions, attributes, authentications, events', async () => {
        const cert = await walk(
          'addCertificateToUser',
          USERS,
          `{ userId: "${ids.user}", subject: "CN=ada", issuer: "CN=ca" }`,
          'certificate { rciId }',
        );
        await walk('removeCertificateFromUser', USERS, `{ userId: "${ids.user}", id: "${cert.certificate.rciId}" }`);
        const ext = await walk(
          'createQueueExtension',
          QUEUES,
          `{ queueId: "${ids.queue}", name: "Night", priority: 2 }`,
          'extension { rciId }',
        );
        await walk('deleteQueueExtension', QUEUES, `{ queueId: "${ids.queue}", id: "${ext.extension.rciId}" }`);
        await walk(
          'addQueueAttribute',
          QUEUES,
          `{ queueId: "${ids.queue}", name: "colour", value: "blue", language: "EN" }`,
        );
        await walk(
          'addQueueGroupAttribute',
          QUEUE_GROUPS,
          `{ queueGroupId: "${ids.queueGroup}", name: "colour", value: "red", language: "EN" }`,
        );
        await walk(
          'addCustomIvrAttribute',
          `customIvr(id: "${ids.customIvr}") { attributes { name value } }`,
          `{ customIvrId: "${ids.customIvr}", name: "colour", value: "green", language: "EN" }`,
        );
        const auth = await walk(
          'createMessagingServiceAuthentication',
          MESSAGING,
          `{ messagingServiceId: "${ids.messagingService}", authenticationId: "bot", password: "pw" }`,
          'authentication { rciId }',
        );
        const authId = auth.authentication.rciId;
        await walk(
          'updateMessagingServiceAuthentication',
          MESSAGING,
          `{ messagingServiceId: "${ids.messagingService}", id: "${authId}", authenticationId: "robot", password: "pw" }`,
        );
        await walk(
          'deleteMessagingServiceAuthentication',
          MESSAGING,
          `{ messagingServiceId: "${ids.messagingService}", id: "${authId}" }`,
        );
        const events = `disruptionSet(id: "${ids.disruptionSet}") { events { rciId remarks itemRefs { itemId } } }`;
        const event = await walk(
          'createDisruptionEvent',
          events,
          `{ disruptionSetId: "${ids.disruptionSet}", items: [{ itemId: "${ids.item}" }], remarks: "storm" }`,
          'event { rciId }',
        );
        const eventId = event.event.rciId;
        await walk(
          'updateDisruptionEvent',
          events,
          `{ disruptionSetId: "${ids.disruptionSet}", id: "${eventId}", remarks: "flood" }`,
        );
        await walk('deleteDisruptionEvent', events, `{ disruptionSetId: "${ids.disruptionSet}", id: "${eventId}" }`);
      });
    },
  );

  describe('the walk above', () => {
    it('has walked every mutation of the graph, single and bulk, and so every write RCI documents', () => {
      const mutationType = schema.getMutationType() as GraphQLObjectType;
      expect([...covered].sort()).toEqual(Object.keys(mutationType.getFields()).sort());
      // The graph writes each membership from one side; the other side's POST and DELETE are the same
      // relation (both sides' lists were read above), so they are the only documented writes not sent.
      const documented = allOperations()
        .filter((o) => o.method !== 'GET')
        .map((o) => `${o.method} ${o.path.replace(/\{[^}]+\}/g, '{}')}`);
      const otherSide = ['/roles/{}/users', '/userGroups/{}/users', '/queueGroups/{}/queues'];
      const expected = documented.filter((o) => !otherSide.some((side) => o.split(' ')[1].startsWith(side)));
      expect(documented).toHaveLength(49);
      expect([...sent].sort()).toEqual([...new Set(expected)].sort());
    });
  });
}

/**
 * A filter value that every object having the parameter at all matches: a write that gives an object
 * the value (or takes it away) changes the filtered list.
 */
function anyValue(record: RecordName, param: string, search: SearchSpec): string {
  if (search.kind === 'flag') return 'true';
  if (search.kind !== 'pattern') {
    return search.kind === 'after' ? '"2000-01-01T00:00:00.000Z"' : '"2100-01-01T00:00:00.000Z"';
  }
  const field = search.from ? undefined : recordSpec(record).fields[search.field ?? param];
  return field?.type.kind === 'boolean' ? 'true' : '"*"';
}

/** The list under `field` filtered by each of its search parameters in turn, one alias each. */
function filteredLists(field: string, record: RecordName, list: ListSpec, node: boolean): string[] {
  const items = node
    ? 'rciId'
    : Object.keys(recordSpec(record).fields)
        .filter((f) => !recordSpec(record).fields[f].writeOnly)
        .join(' ');
  return Object.entries(list.search).map(([param, search]) => {
    const filter = `filter: { ${param}: ${anyValue(record, param, search)} }`;
    return list.paged
      ? `${field}_${param}: ${field}(first: 100, ${filter}) { nodes { ${items} } }`
      : `${field}_${param}: ${field}(${filter}) { ${items} }`;
  });
}

/** `/users/ABC/roles/DEF` → `/users/{}/roles/{}`. */
function templateOf(path: string): string {
  return path
    .split('/')
    .map((segment, i) => (i % 2 === 0 && i > 0 ? '{}' : segment))
    .join('/');
}
