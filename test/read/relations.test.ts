import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { rest, useGateway } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Every relation of the graph answers what RCI's sub-collections answer, flattened and completed.
const gw = useGateway();

const JOHN = 'E936C474B22311D38FBE0090279A922E';
const SALES = 'B8F0CA9CFC0411D3A2230050DA29E0F4';
const HELPDESK_QUEUE = '409FBE1B217643089F291B8796174643';
const CC_AGENT_GROUP = '2CADB6A137124F13BC68938E2B5FEFC1';
const ELECTRICITY = '14E14D7338C44EA5904A1E18180186FF';
const ids = (list: { id: string }[]) => list.map((o) => o.id);
// Relations are nullable (a failed call nulls only its field): here every one must be answered in full.
const rciIds = (list: readonly ({ rciId: string } | null)[] | null | undefined) => list!.map((o) => o!.rciId);

describe('users', () => {
  it('User.roles, userGroups, skills, certificates and timeZone', async () => {
    const result = await gw.query(
      graphql(`
        query UserRelations($id: ID!) {
          user(id: $id) {
            roles {
              rciId
              name
              description
            }
            userGroups {
              rciId
              name
              synchronised
            }
            skills {
              level
              skill {
                rciId
                name
                description
              }
            }
            certificates {
              id
              rciId
              subject
              issuer
            }
            timeZone {
              rciId
              name
            }
          }
        }
      `),
      { id: JOHN },
    );
    expect(result.errors).toBeUndefined();
    const user = result.data!.user!;
    const roles = await rest(gw, `/users/${JOHN}/roles`);
    const groups = await rest(gw, `/users/${JOHN}/userGroups`);
    const skills = await rest<{ id: string; value: number }[]>(gw, `/users/${JOHN}/skills`);
    const certificates = await rest(gw, `/users/${JOHN}/certificates`);
    expect(roles.length).toBeGreaterThan(0);
    expect(groups.length).toBeGreaterThan(0);
    expect(skills.length).toBeGreaterThan(0);
    expect(certificates.length).toBeGreaterThan(0);
    expect(rciIds(user.roles)).toEqual(ids(roles));
    expect(rciIds(user.userGroups)).toEqual(ids(groups));
    expect(user.skills!.map((s) => [s!.skill!.rciId, s!.level])).toEqual(skills.map((s) => [s.id, s.value]));
    expect(rciIds(user.certificates)).toEqual(ids(certificates));
    expect(user.certificates![0]).toMatchObject({ subject: expect.any(String), issuer: expect.any(String) });
    expect(user.timeZone).toEqual({
      rciId: 'Europe/Helsinki',
      name: '(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius',
    });
    // Fields missing from the role and group summaries were completed from the full objects.
    for (const role of user.roles!)
      expect(role).toEqual(
        await rest(gw, `/roles/${role!.rciId}`).then((r) => ({
          rciId: r.id,
          name: r.name,
          description: r.description ?? null,
        })),
      );
    for (const skill of user.skills!)
      expect(skill!.skill!.name).toBe((await rest(gw, `/skills/${skill!.skill!.rciId}`)).name);
  });

  it('UserGroup.users and Role.users, with a filter that RCI applies', async () => {
    const groups = await rest<{ id: string }[]>(gw, `/users/${JOHN}/userGroups`);
    const roles = await rest<{ id: string }[]>(gw, `/users/${JOHN}/roles`);
    const result = await gw.query(
      graphql(`
        query Members($group: ID!, $role: ID!) {
          userGroup(id: $group) {
            users {
              rciId
              firstName
            }
            johns: users(filter: { firstName: "Jo*" }) {
              rciId
            }
          }
          role(id: $role) {
            users {
              rciId
              surname
              email
            }
          }
        }
      `),
      { group: groups[0].id, role: roles[0].id },
    );
    expect(result.errors).toBeUndefined();
    const groupUsers = await rest(gw, `/userGroups/${groups[0].id}/users`);
    const roleUsers = await rest(gw, `/roles/${roles[0].id}/users`);
    expect(rciIds(result.data!.userGroup!.users)).toEqual(ids(groupUsers));
    expect(rciIds(result.data!.userGroup!.users)).toContain(JOHN);
    expect(result.data!.userGroup!.johns).toEqual([{ rciId: JOHN }]);
    expect(rciIds(result.data!.role!.users)).toEqual(ids(roleUsers));
    expect(result.data!.role!.users!.find((u) => u!.rciId === JOHN)?.email).toBe('John.Fox@customer.com');
    expect(gw.calls()).toContain(`GET /userGroups/${groups[0].id}/users?firstName=Jo*`);
  });
});

describe('queues', () => {
  it('Queue.extensions, queueGroups, attributes and replyTemplates', async () => {
    const result = await gw.query(
      graphql(`
        query QueueRelations($id: ID!) {
          queue(id: $id) {
            extensions {
              rciId
              name
              language
              priority
            }
            queueGroups {
              rciId
              name
              description
            }
            attributes {
              name
              language
              value
            }
            english: attributes(filter: { language: "EN" }) {
              value
            }
            replyTemplates(first: 10) {
              nodes {
                rciId
                name
              }
            }
          }
        }
      `),
      { id: HELPDESK_QUEUE },
    );
    expect(result.errors).toBeUndefined();
    const queue = result.data!.queue!;
    expect(rciIds(queue.extensions)).toEqual(ids(await rest(gw, `/queues/${HELPDESK_QUEUE}/extensions`)));
    expect(queue.extensions!.map((e) => e!.name).sort()).toEqual(['101', '102']);
    expect(rciIds(queue.queueGroups)).toEqual(ids(await rest(gw, `/queues/${HELPDESK_QUEUE}/queueGroups`)));
    expect(queue.attributes).toEqual(await rest(gw, `/queues/${HELPDESK_QUEUE}/attributes`));
    expect(queue.english!.map((a) => a!.value)).toEqual(
      (await rest<{ value: string }[]>(gw, `/queues/${HELPDESK_QUEUE}/attributes?language=EN`)).map((a) => a.value),
    );
    expect(rciIds(queue.replyTemplates!.nodes)).toEqual(
      ids(await rest(gw, `/replyTemplates?queueId=${HELPDESK_QUEUE}`)),
    );
    expect(gw.calls()).toContain(`GET /replyTemplates?queueId=${HELPDESK_QUEUE}&offset=0&limit=11`);
  });

  it('Sales has attributes, queue groups and templates in the example data', async () => {
    const result = await gw.query(
      graphql(`
        query Sales($id: ID!) {
          queue(id: $id) {
            attributes {
              value
            }
            queueGroups {
              name
            }
            replyTemplates {
              nodes {
                name
              }
            }
          }
        }
      `),
      { id: SALES },
    );
    expect(result.data!.queue!.attributes!.map((a) => a!.value)).toEqual(expect.arrayContaining(['Sales', 'Myynti']));
    expect(result.data!.queue!.queueGroups!.length).toBeGreaterThan(0);
    expect(result.data!.queue!.replyTemplates!.nodes.length).toBeGreaterThan(0);
  });

  it('QueueGroup.queues is a connection RCI pages, and QueueGroup.attributes a list', async () => {
    const all = await rest<{ id: string }[]>(gw, `/queueGroups/${CC_AGENT_GROUP}/queues`);
    expect(all.length).toBeGreaterThan(1);
    const result = await gw.query(
      graphql(`
        query GroupQueues($id: ID!, $after: String) {
          queueGroup(id: $id) {
            queues(first: 1, after: $after, orderBy: [{ field: NAME }]) {
              nodes {
                rciId
                name
                type
              }
              pageInfo {
                hasNextPage
                endCursor
              }
            }
            attributes {
              name
              value
            }
          }
        }
      `),
      { id: CC_AGENT_GROUP },
    );
    expect(result.errors).toBeUndefined();
    const group = result.data!.queueGroup!;
    expect(group.queues!.pageInfo.hasNextPage).toBe(true);
    expect(gw.calls()).toContain(`GET /queueGroups/${CC_AGENT_GROUP}/queues?sort=name&offset=0&limit=2`);
    const sortedByName = await rest<{ id: string }[]>(gw, `/queueGroups/${CC_AGENT_GROUP}/queues?sort=name`);
    expect(group.queues!.nodes[0]!.rciId).toBe(sortedByName[0].id);
    // `type` is not in the summary: it comes from the full queue.
    expect(group.queues!.nodes[0]!.type).toBeTruthy();
    expect(group.attributes).toEqual(
      (await rest<{ name: string; value: string }[]>(gw, `/queueGroups/${CC_AGENT_GROUP}/attributes`)).map(
        ({ name, value }) => ({ name, value }),
      ),
    );
  });

  it('CpExtension.queues resolves its queue ids to queues', async () => {
    const result = await gw.query(
      graphql(`
        query Ext {
          cpExtension(id: "94C89D627D0340A2807B18D8B9C4CD90") {
            queueIds
            queues {
              rciId
              name
            }
          }
        }
      `),
    );
    expect(result.errors).toBeUndefined();
    const ext = result.data!.cpExtension!;
    expect(ext.queueIds.length).toBe(3);
    expect(rciIds(ext.queues)).toEqual(ext.queueIds);
    expect(ext.queues![0]!.name).toBe('Sales');
  });
});

describe('messaging, templates and IVRs', () => {
  it('MessagingService.authentications never exposes a password', async () => {
    const result = await gw.query(
      graphql(`
        query Auths {
          messagingServices {
            nodes {
              rciId
              authentications {
                rciId
                authenticationId
              }
            }
          }
        }
      `),
    );
    expect(result.errors).toBeUndefined();
    const services = result.data!.messagingServices!.nodes;
    const withAuth = services.find((s) => s!.authentications!.length > 0)!;
    expect(rciIds(withAuth.authentications)).toEqual(
      ids(await rest(gw, `/messagingServices/${withAuth.rciId}/authentications`)),
    );
    const fields = await gw.query(`{ __type(name: "MessagingServiceAuthentication") { fields { name } } }`);
    expect(JSON.stringify(fields.data)).not.toMatch(/password/i);
    const attempt = await gw.query(`{ messagingServices { nodes { authentications { password } } } }`);
    expect(attempt.errors?.[0].message).toMatch(/Cannot query field "password"/);
  });

  it('ReplyTemplate.attachments', async () => {
    const result = await gw.query(
      graphql(`
        query Attachments {
          replyTemplate(id: "611D51A367C54C2F8D30C032B48D847E") {
            attachmentCount
            attachments {
              rciId
              fileName
              mimeType
              size
            }
          }
        }
      `),
    );
    expect(result.errors).toBeUndefined();
    const template = result.data!.replyTemplate!;
    expect(template.attachments).toEqual(
      (await rest<Json[]>(gw, '/replyTemplates/611D51A367C54C2F8D30C032B48D847E/attachments')).map((a) => ({
        rciId: a.id,
        fileName: a.fileName,
        mimeType: a.mimeType,
        size: a.size,
      })),
    );
    expect(template.attachments!.length).toBeGreaterThan(0);
  });

  it('CustomIvr.sourceCodes, currentSourceCode and attributes', async () => {
    const ivr = 'A5AF21AB416849BBA6FDBE92E5C15B69';
    const result = await gw.query(
      graphql(`
        query Ivr($id: ID!) {
          customIvr(id: $id) {
            currentSourceCodeVersionId
            currentSourceCode {
              rciId
              versionNumber
              sourceCode
              creationDate
            }
            sourceCodes {
              rciId
              versionNumber
              creationDate
              sourceCode
            }
            attributes {
              name
              language
              value
            }
          }
        }
      `),
      { id: ivr },
    );
    expect(result.errors).toBeUndefined();
    const data = result.data!.customIvr!;
    expect(data.currentSourceCode?.rciId).toBe(data.currentSourceCodeVersionId);
    expect(data.currentSourceCode?.sourceCode).toMatch(/<vxml/);
    expect(rciIds(data.sourceCodes)).toEqual(ids(await rest(gw, `/customIvrs/${ivr}/sourceCodes`)));
    // The list leaves the source code out; the graph completes it from the by-id GET.
    const current = data.sourceCodes!.find((s) => s!.rciId === data.currentSourceCodeVersionId)!;
    expect(current.sourceCode).toBe(data.currentSourceCode!.sourceCode);
    expect(data.attributes).toEqual(await rest(gw, `/customIvrs/${ivr}/attributes`));
  });
});

describe('disruptions', () => {
  it('DisruptionSet.events with the documented filters, and DisruptionEvent.items in full', async () => {
    const result = await gw.query(
      graphql(`
        query Events($id: ID!) {
          disruptionSet(id: $id) {
            events {
              rciId
              created
              modified
              activeFrom
              activeTo
              itemRefs {
                itemId
                externalId
                type
              }
              items {
                rciId
                externalId
                name
                type
                description
                attributes {
                  name
                  language
                  value
                }
              }
            }
            recent: events(filter: { created: "2020-12-28T18:00:00.000Z" }) {
              rciId
            }
            older: events(filter: { createdEnd: "2020-12-28T18:00:00.000Z" }) {
              rciId
            }
            items {
              rciId
            }
            whereItems: items(filter: { type: "WHERE" }) {
              rciId
              type
            }
          }
        }
      `),
      { id: ELECTRICITY },
    );
    expect(result.errors).toBeUndefined();
    const set = result.data!.disruptionSet!;
    const events = await rest<Json[]>(gw, `/disruptionSets/${ELECTRICITY}/events`);
    expect(rciIds(set.events)).toEqual(ids(events));
    for (const [i, event] of set.events!.entries()) {
      const refs = events[i].items.item;
      expect(event!.itemRefs.map((r) => r.itemId)).toEqual(refs.map((r: { id: string }) => r.id));
      expect(rciIds(event!.items)).toEqual(refs.map((r: { id: string }) => r.id));
      for (const item of event!.items!)
        expect(item!.name).toBe((await rest(gw, `/disruptionSets/${ELECTRICITY}/items/${item!.rciId}`)).name);
    }
    expect(rciIds(set.recent)).toEqual(
      ids(await rest(gw, `/disruptionSets/${ELECTRICITY}/events?created=2020-12-28T18:00:00.000Z`)),
    );
    expect(rciIds(set.older)).toEqual(
      ids(await rest(gw, `/disruptionSets/${ELECTRICITY}/events?createdEnd=2020-12-28T18:00:00.000Z`)),
    );
    expect(set.recent!.length + set.older!.length).toBe(set.events!.length);
    expect(rciIds(set.items)).toEqual(ids(await rest(gw, `/disruptionSets/${ELECTRICITY}/items`)));
    expect(set.whereItems!.every((i) => i!.type === 'WHERE')).toBe(true);
    expect(set.whereItems!.length).toBeGreaterThan(0);
  });

  it('reads each disruption item once however many events name it', async () => {
    await gw.query(`{ disruptionSet(id: "${ELECTRICITY}") { events { items { name } } } }`);
    const itemGets = gw.calls().filter((c) => c.includes('/items/'));
    expect(itemGets.length).toBe(new Set(itemGets).size);
    expect(itemGets.length).toBeGreaterThan(0);
  });

  it('filters events by active, activeFrom/activeFromEnd, activeTo/activeToEnd and modified/modifiedEnd', async () => {
    const filters = {
      active: 'true',
      activeFrom: '2021-01-01T00:00:00.000Z',
      activeFromEnd: '2030-01-01T00:00:00.000Z',
      activeTo: '2021-01-01T00:00:00.000Z',
      activeToEnd: '2030-01-01T00:00:00.000Z',
      modified: '2020-12-28T18:00:00.000Z',
      modifiedEnd: '2030-01-01T00:00:00.000Z',
    };
    for (const [param, value] of Object.entries(filters)) {
      const literal = param === 'active' ? value : `"${value}"`;
      gw.sim.clearRequests();
      const result = await gw.query(
        `{ disruptionSet(id: "${ELECTRICITY}") { events(filter: { ${param}: ${literal} }) { rciId } } }`,
      );
      expect(result.errors).toBeUndefined();
      const expected = ids(await rest(gw, `/disruptionSets/${ELECTRICITY}/events?${param}=${value}`));
      expect(rciIds((result.data as Json).disruptionSet.events)).toEqual(expected);
      expect(gw.calls()).toContain(`GET /disruptionSets/${ELECTRICITY}/events?${param}=${encodeURIComponent(value)}`);
    }
  });
});
