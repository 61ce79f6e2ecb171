import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { useGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Root lookups over the doc's example data: by RCI id, by global id, and null for ids RCI does not have.
const gw = useGateway();

const Lookups = graphql(`
  query Lookups(
    $user: ID!
    $userGroup: ID!
    $role: ID!
    $skill: ID!
    $queue: ID!
    $queueGroup: ID!
    $timeZone: ID!
    $prsProfile: ID!
    $messagingService: ID!
    $replyTemplate: ID!
    $customIvr: ID!
    $audioPrompt: ID!
    $cpExtension: ID!
    $disruptionSet: ID!
  ) {
    user(id: $user) {
      id
      rciId
      firstName
      surname
      login
      email
      timeZoneId
      synchronised
    }
    userGroup(id: $userGroup) {
      id
      rciId
      name
      synchronised
    }
    role(id: $role) {
      id
      rciId
      name
      description
    }
    skill(id: $skill) {
      id
      rciId
      name
      description
    }
    queue(id: $queue) {
      id
      rciId
      name
      type
      loginType
      description
      addresses
      synchronised
    }
    queueGroup(id: $queueGroup) {
      id
      rciId
      name
      description
    }
    timeZone(id: $timeZone) {
      id
      rciId
      name
    }
    prsProfile(id: $prsProfile) {
      id
      rciId
      name
      reason
    }
    messagingService(id: $messagingService) {
      id
      rciId
      name
      type
      connection
    }
    replyTemplate(id: $replyTemplate) {
      id
      rciId
      name
      language
      contentType
      attachmentCount
      body
      keywords
    }
    customIvr(id: $customIvr) {
      id
      rciId
      name
      description
      active
      addresses
      currentSourceCodeVersionId
    }
    audioPrompt(id: $audioPrompt) {
      id
      rciId
      name
      promptType
      loopType
      sourceType
    }
    cpExtension(id: $cpExtension) {
      id
      rciId
      title
      url
      icon
      hidden
      queueIds
    }
    disruptionSet(id: $disruptionSet) {
      id
      rciId
      name
      externalId
    }
  }
`);

const exampleIds = {
  user: 'E936C474B22311D38FBE0090279A922E',
  userGroup: '7B9ED6753BCD460C98501E9FD1C02002',
  role: '2CADB6A137124F13BC68938E2B5FEFC1',
  skill: '175A098FEDDB41EB8839AACBAB26A0B6',
  queue: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
  queueGroup: '2CADB6A137124F13BC68938E2B5FEFC1',
  timeZone: 'Europe/Helsinki',
  prsProfile: '02770429F80BDF1191AD001CC4D98816',
  messagingService: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
  replyTemplate: '000BC39C7CC04554A95062CF4C6BBE06',
  customIvr: 'A5AF21AB416849BBA6FDBE92E5C15B69',
  audioPrompt: 'EFF0CF25BC374F2982225C83BB21B3F3',
  cpExtension: '657160EEDE6943348257075871732C5E',
  disruptionSet: '14E14D7338C44EA5904A1E18180186FF',
};

describe('root lookups', () => {
  it('answers every root lookup by RCI id with the doc example values, one GET each', async () => {
    const result = await gw.query(Lookups, exampleIds);
    expect(result.errors).toBeUndefined();
    const d = result.data!;
    expect(d.user).toMatchObject({
      rciId: exampleIds.user,
      firstName: 'John',
      surname: 'Fox',
      login: 'John.Fox',
      email: 'John.Fox@customer.com',
      timeZoneId: 'Europe/Helsinki',
      synchronised: true,
    });
    expect(d.userGroup).toMatchObject({ name: 'HelpDesk' });
    expect(d.role).toMatchObject({ name: 'CC Agent', description: 'CC Agent Role' });
    expect(d.skill).toMatchObject({ name: 'English', description: 'English language skill' });
    expect(d.queue).toMatchObject({
      name: 'Sales',
      type: 'PHONE',
      loginType: 'AUTO_ALLOCATION',
      description: 'Sales phone',
      addresses: ['100'],
    });
    expect(d.queueGroup).toMatchObject({ name: 'CC Agent', description: 'CC Agent queue group' });
    expect(d.timeZone).toMatchObject({
      rciId: 'Europe/Helsinki',
      name: '(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius',
    });
    expect(d.prsProfile).toMatchObject({ name: 'Default', reason: 'NONE' });
    expect(d.messagingService).toMatchObject({ name: 'Facebook connection', type: 'FACEBOOK' });
    expect(d.replyTemplate).toMatchObject({
      name: 'template2',
      contentType: 'STATIC',
      keywords: ['issue', 'problem', 'washing', 'machine'],
    });
    expect(d.customIvr).toMatchObject({ name: 'My Menu Ivr', active: true, addresses: ['243', '234'] });
    expect(d.audioPrompt).toMatchObject({ promptType: 'IN_QUEUE', loopType: 'RANDOM', sourceType: 'QUEUE_BUILT_IN' });
    expect(d.cpExtension).toMatchObject({ title: 'MyExtension', hidden: false, queueIds: [exampleIds.queue] });
    expect(d.disruptionSet).toMatchObject({ name: 'electricity', externalId: 'set1' });
    for (const [field, id] of Object.entries(exampleIds)) {
      expect((d as Record<string, { rciId: string } | null>)[field]?.rciId).toBe(id);
    }
    expect(gw.calls()).toHaveLength(14);
  });

  it('accepts the global id wherever it accepts the RCI id, and they name the same object', async () => {
    const first = await gw.query(Lookups, exampleIds);
    const globalIds = Object.fromEntries(
      Object.keys(exampleIds).map((k) => [k, (first.data as Record<string, { id: string }>)[k].id]),
    ) as typeof exampleIds;
    for (const [k, id] of Object.entries(globalIds)) expect(id).not.toBe(exampleIds[k as keyof typeof exampleIds]);
    const second = await gw.query(Lookups, globalIds);
    expect(second.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
  });

  it('answers null, not an error, for an id RCI does not have', async () => {
    const result = await gw.query(
      graphql(`
        query Missing($id: ID!, $tz: ID!) {
          user(id: $id) {
            id
          }
          queue(id: $id) {
            id
          }
          timeZone(id: $tz) {
            id
          }
        }
      `),
      { id: '00000000000000000000000000000000', tz: 'Mars/Olympus_Mons' },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ user: null, queue: null, timeZone: null });
    expect(gw.calls()).toHaveLength(3);
  });

  it('reads lower-case and dashed GUIDs as the same object, with one GET', async () => {
    const result = await gw.query(
      graphql(`
        query SameUser($a: ID!, $b: ID!) {
          a: user(id: $a) {
            rciId
          }
          b: user(id: $b) {
            rciId
          }
        }
      `),
      { a: 'e936c474b22311d38fbe0090279a922e', b: 'E936C474-B223-11D3-8FBE-0090279A922E' },
    );
    expect(result.data).toEqual({ a: { rciId: exampleIds.user }, b: { rciId: exampleIds.user } });
    expect(gw.calls()).toEqual([`GET /users/${exampleIds.user}`]);
  });

  it('refuses a global id of another type with BAD_USER_INPUT and no RCI call', async () => {
    const roleGlobal = Buffer.from(`Role:${exampleIds.role}`).toString('base64');
    const result = await gw.query(
      graphql(`
        query WrongType($id: ID!) {
          user(id: $id) {
            id
          }
        }
      `),
      { id: roleGlobal },
    );
    expect(result.errors?.[0].message).toMatch(/id of a Role, not of a User/);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(gw.calls()).toEqual([]);
  });
});

describe('node and nodes', () => {
  it('fetch any object by global id, including nested ones, through the same loaders', async () => {
    const ids = await gw.query(
      graphql(`
        query NestedIds($queue: ID!, $set: ID!) {
          queue(id: $queue) {
            id
            extensions {
              id
              name
            }
          }
          disruptionSet(id: $set) {
            events {
              id
              rciId
            }
          }
        }
      `),
      { queue: '409FBE1B217643089F291B8796174643', set: exampleIds.disruptionSet },
    );
    expect(ids.errors).toBeUndefined();
    const queue = ids.data!.queue!;
    const extension = queue.extensions![0]!;
    const event = ids.data!.disruptionSet!.events![0]!;
    gw.sim.clearRequests();
    const result = await gw.query(
      graphql(`
        query Nodes($ids: [ID!]!, $one: ID!) {
          node(id: $one) {
            id
            ... on Queue {
              name
            }
          }
          nodes(ids: $ids) {
            id
            __typename
            ... on QueueExtension {
              name
            }
            ... on DisruptionEvent {
              rciId
            }
          }
        }
      `),
      { one: queue.id, ids: [extension.id, event.id, queue.id] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.node).toEqual({ id: queue.id, name: 'Helpdesk' });
    expect(result.data!.nodes).toEqual([
      { id: extension.id, __typename: 'QueueExtension', name: extension.name },
      { id: event.id, __typename: 'DisruptionEvent', rciId: event.rciId },
      { id: queue.id, __typename: 'Queue' },
    ]);
    // The queue is read once although it is asked for twice.
    expect(gw.calls().filter((c) => c === 'GET /queues/409FBE1B217643089F291B8796174643')).toHaveLength(1);
    expect(gw.calls()).toHaveLength(3);
  });

  it('answers BAD_USER_INPUT for something that is not a global id', async () => {
    const result = await gw.query(
      graphql(`
        query BadNode($id: ID!) {
          node(id: $id) {
            id
          }
        }
      `),
      { id: 'not-a-global-id' },
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].message).toMatch(/not a global id/);
    expect(gw.calls()).toEqual([]);
  });

  it('nodes: a malformed id fails alone, the others are answered', async () => {
    const queue = await gw.query(`{ queue(id: "B8F0CA9CFC0411D3A2230050DA29E0F4") { id } }`);
    const id = (queue.data as Json).queue.id as string;
    gw.sim.clearRequests();
    const result = await gw.query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [id, 'junk', id] });
    expect((result.data as Json).nodes).toEqual([{ id }, null, { id }]);
    expect(result.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['nodes', 1], 'BAD_USER_INPUT']]);
    expect(gw.calls()).toEqual(['GET /queues/B8F0CA9CFC0411D3A2230050DA29E0F4']);
  });
});
