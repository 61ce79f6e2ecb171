import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { rest, useGateway, WRITE_STATUSES } from '../support/gateway.js';
import type { Json } from '../support/json.js';

// Memberships, skills, certificates, extensions, attributes, authentications and disruption events:
// every write of a sub-collection, read back through the graph from both sides.
const JOHN = 'E936C474B22311D38FBE0090279A922E';
const PETER = 'DC76CDDC340B43C291932428B6039AA6';
const OFFICE_USER = 'C2ED670838344EC4B6F0E620D3206B8D';
const PARTNER_SUPPORT = 'FDA4CD5052144FFBB3794EC7ADF7EFD5';
const SALES_EMAIL = '7B2EB5F5DF62439690CF6D180A2009C8';
const CC_SUPPORT = 'BE5F74207C51437CB1B749E608DEB30F';
const ELECTRICITY = '14E14D7338C44EA5904A1E18180186FF';
// Relations are nullable (a failed call nulls only its field): here every one must be answered in full.
const ids = (list: readonly ({ rciId: string } | null)[] | null | undefined) => list!.map((o) => o!.rciId);

describe.each(WRITE_STATUSES)('with RCI answering %i to PUT and DELETE', (writeStatus) => {
  const gw = useGateway({ simulator: { writeStatus }, reset: true });

  it('addRoleToUser / removeRoleFromUser: visible from both sides', async () => {
    const add = await gw.query(
      graphql(`
        mutation AddRole($input: AddRoleToUserInput!) {
          addRoleToUser(input: $input) {
            user {
              roles {
                rciId
              }
            }
            role {
              users {
                rciId
              }
            }
          }
        }
      `),
      { input: { userId: PETER, roleId: OFFICE_USER } },
    );
    expect(add.errors).toBeUndefined();
    expect(ids(add.data!.addRoleToUser!.user!.roles)).toContain(OFFICE_USER);
    expect(ids(add.data!.addRoleToUser!.role!.users)).toContain(PETER);
    expect(gw.calls()[0]).toBe(`POST /users/${PETER}/roles`);
    expect((await rest(gw, `/roles/${OFFICE_USER}/users`)).map((u: { id: string }) => u.id)).toContain(PETER);

    const remove = await gw.query(
      `mutation { removeRoleFromUser(input: { userId: "${PETER}", roleId: "${OFFICE_USER}" }) { user { roles { rciId } } role { users { rciId } } } }`,
    );
    expect(remove.errors).toBeUndefined();
    expect(ids((remove.data as Json).removeRoleFromUser.user.roles)).not.toContain(OFFICE_USER);
    expect(ids((remove.data as Json).removeRoleFromUser.role.users)).not.toContain(PETER);
  });

  it('addUserToUserGroup / removeUserFromUserGroup: visible from both sides', async () => {
    const add = await gw.query(
      `mutation { addUserToUserGroup(input: { userId: "${PETER}", userGroupId: "${PARTNER_SUPPORT}" }) { user { userGroups { rciId } } userGroup { users { rciId } } } }`,
    );
    expect(add.errors).toBeUndefined();
    expect(ids((add.data as Json).addUserToUserGroup.user.userGroups)).toContain(PARTNER_SUPPORT);
    expect(ids((add.data as Json).addUserToUserGroup.userGroup.users)).toContain(PETER);
    const remove = await gw.query(
      `mutation { removeUserFromUserGroup(input: { userId: "${PETER}", userGroupId: "${PARTNER_SUPPORT}" }) { user { userGroups { rciId } } userGroup { users { rciId } } } }`,
    );
    // RCI answers this DELETE with 200 and a {"message": ...} body by default: still a success.
    expect(remove.errors).toBeUndefined();
    expect(ids((remove.data as Json).removeUserFromUserGroup.user.userGroups)).not.toContain(PARTNER_SUPPORT);
    expect(ids((remove.data as Json).removeUserFromUserGroup.userGroup.users)).not.toContain(PETER);
  });

  it('addQueueToQueueGroup / removeQueueFromQueueGroup: visible from both sides', async () => {
    const add = await gw.query(
      `mutation { addQueueToQueueGroup(input: { queueId: "${SALES_EMAIL}", queueGroupId: "${CC_SUPPORT}" }) { queue { queueGroups { rciId } } queueGroup { queues { nodes { rciId } } } } }`,
    );
    expect(add.errors).toBeUndefined();
    expect(ids((add.data as Json).addQueueToQueueGroup.queue.queueGroups)).toContain(CC_SUPPORT);
    expect(ids((add.data as Json).addQueueToQueueGroup.queueGroup.queues.nodes)).toContain(SALES_EMAIL);
    const remove = await gw.query(
      `mutation { removeQueueFromQueueGroup(input: { queueId: "${SALES_EMAIL}", queueGroupId: "${CC_SUPPORT}" }) { queue { queueGroups { rciId } } queueGroup { queues { nodes { rciId } } } } }`,
    );
    expect(ids((remove.data as Json).removeQueueFromQueueGroup.queue.queueGroups)).not.toContain(CC_SUPPORT);
    expect(ids((remove.data as Json).removeQueueFromQueueGroup.queueGroup.queues.nodes)).not.toContain(SALES_EMAIL);
  });

  it('setUserSkill adds, then changes; removeUserSkill removes', async () => {
    const current = (await rest<{ id: string }[]>(gw, `/users/${PETER}/skills`)).map((s) => s.id);
    const target = (await rest<{ id: string }[]>(gw, '/skills')).find((s) => !current.includes(s.id))!.id;
    gw.sim.clearRequests();
    const SetSkill = graphql(`
      mutation SetSkill($input: SetUserSkillInput!) {
        setUserSkill(input: $input) {
          level
          skill {
            rciId
          }
          user {
            skills {
              level
              skill {
                rciId
              }
            }
          }
        }
      }
    `);
    const added = await gw.query(SetSkill, { input: { userId: PETER, skillId: target, level: 2 } });
    expect(added.errors).toBeUndefined();
    expect(added.data!.setUserSkill!.user!.skills).toContainEqual({ level: 2, skill: { rciId: target } });
    expect(gw.calls().slice(0, 2)).toEqual([`GET /users/${PETER}/skills`, `POST /users/${PETER}/skills`]);
    gw.sim.clearRequests();
    const changed = await gw.query(SetSkill, { input: { userId: PETER, skillId: target, level: 5 } });
    expect(changed.data!.setUserSkill!.user!.skills).toContainEqual({ level: 5, skill: { rciId: target } });
    expect(gw.calls().slice(0, 2)).toEqual([`GET /users/${PETER}/skills`, `PUT /users/${PETER}/skills/${target}`]);
    const removed = await gw.query(
      `mutation { removeUserSkill(input: { userId: "${PETER}", skillId: "${target}" }) { level user { skills { skill { rciId } } } } }`,
    );
    expect(removed.errors).toBeUndefined();
    expect((removed.data as Json).removeUserSkill.level).toBeNull();
    expect((removed.data as Json).removeUserSkill.user.skills.map((s: Json) => s.skill.rciId)).not.toContain(target);
  });

  it('addCertificateToUser / removeCertificateFromUser', async () => {
    const added = await gw.query(
      `mutation { addCertificateToUser(input: { userId: "${JOHN}", subject: "john.fox.2", issuer: "SSO_CA" }) { certificate { id rciId subject issuer } user { certificates { rciId } } } }`,
    );
    expect(added.errors).toBeUndefined();
    const cert = (added.data as Json).addCertificateToUser.certificate;
    expect(cert).toMatchObject({ subject: 'john.fox.2', issuer: 'SSO_CA' });
    expect(ids((added.data as Json).addCertificateToUser.user.certificates)).toContain(cert.rciId);
    const removed = await gw.query(
      `mutation($id: ID!) { removeCertificateFromUser(input: { id: $id }) { deletedId user { certificates { rciId } } } }`,
      {
        id: cert.id,
      },
    );
    expect(removed.errors).toBeUndefined();
    expect((removed.data as Json).removeCertificateFromUser.deletedId).toBe(cert.id);
    expect(ids((removed.data as Json).removeCertificateFromUser.user.certificates)).not.toContain(cert.rciId);
  });

  it('createQueueExtension / deleteQueueExtension, with an RCI id and its parent', async () => {
    const created = await gw.query(
      `mutation { createQueueExtension(input: { queueId: "${SALES_EMAIL}", name: "103", priority: 2 }) { extension { id rciId name priority } queue { extensions { rciId } } } }`,
    );
    expect(created.errors).toBeUndefined();
    const ext = (created.data as Json).createQueueExtension.extension;
    expect(ext).toMatchObject({ name: '103', priority: 2 });
    expect(ids((created.data as Json).createQueueExtension.queue.extensions)).toContain(ext.rciId);
    const missingParent = await gw.query(
      `mutation($id: ID!) { deleteQueueExtension(input: { id: $id }) { deletedId } }`,
      { id: ext.rciId },
    );
    expect(missingParent.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const deleted = await gw.query(
      `mutation($id: ID!) { deleteQueueExtension(input: { id: $id, queueId: "${SALES_EMAIL}" }) { deletedId queue { extensions { rciId } } } }`,
      { id: ext.rciId },
    );
    expect(deleted.errors).toBeUndefined();
    expect((deleted.data as Json).deleteQueueExtension.deletedId).toBe(ext.id);
    expect(ids((deleted.data as Json).deleteQueueExtension.queue.extensions)).not.toContain(ext.rciId);
  });

  it('addQueueAttribute, addQueueGroupAttribute, addCustomIvrAttribute', async () => {
    const ivr = 'A5AF21AB416849BBA6FDBE92E5C15B69';
    const result = await gw.query(`
      mutation {
        q: addQueueAttribute(input: { queueId: "${SALES_EMAIL}", name: "Name", language: "SV", value: "Försäljning" }) { attribute { name language value } queue { attributes { language value } } }
        g: addQueueGroupAttribute(input: { queueGroupId: "${CC_SUPPORT}", name: "Name", language: "DE", value: "Unterstützung" }) { queueGroup { attributes { language value } } }
        i: addCustomIvrAttribute(input: { customIvrId: "${ivr}", name: "Greeting", language: "EN", value: "Hello" }) { customIvr { attributes { name value } } }
      }
    `);
    expect(result.errors).toBeUndefined();
    const d = result.data as Json;
    expect(d.q.attribute).toEqual({ name: 'Name', language: 'SV', value: 'Försäljning' });
    expect(d.q.queue.attributes).toContainEqual({ language: 'SV', value: 'Försäljning' });
    expect(d.g.queueGroup.attributes).toContainEqual({ language: 'DE', value: 'Unterstützung' });
    expect(d.i.customIvr.attributes).toContainEqual({ name: 'Greeting', value: 'Hello' });
    expect(gw.calls().filter((c) => c.startsWith('POST'))).toEqual([
      `POST /queues/${SALES_EMAIL}/attributes`,
      `POST /queueGroups/${CC_SUPPORT}/attributes`,
      `POST /customIvrs/${ivr}/attributes`,
    ]);
  });

  it('messaging service authentications: create, update (the password is written, never read), delete', async () => {
    const service = 'B8F0CA9CFC0411D3A2230050DA29E0F5';
    const created = await gw.query(
      `mutation { createMessagingServiceAuthentication(input: { messagingServiceId: "${service}", authenticationId: "bot", password: "s3cret" }) { authentication { id rciId authenticationId } messagingService { authentications { rciId } } } }`,
    );
    expect(created.errors).toBeUndefined();
    const auth = (created.data as Json).createMessagingServiceAuthentication.authentication;
    expect(JSON.parse(gw.sim.requests.find((r) => r.method === 'POST')!.body!)).toEqual({
      authenticationId: 'bot',
      password: 's3cret',
    });
    expect(JSON.stringify(created)).not.toContain('s3cret');
    gw.sim.clearRequests();
    // RCI never answers the password and its PUT clears what is left out: leaving it out is refused.
    const withoutPassword = await gw.query(
      `mutation($id: ID!) { updateMessagingServiceAuthentication(input: { id: $id, authenticationId: "bot2" }) { authentication { authenticationId } } }`,
      { id: auth.id },
    );
    expect(withoutPassword.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.password'],
    ]);
    expect(gw.calls()).toEqual([]);
    const updated = await gw.query(
      `mutation($id: ID!) { updateMessagingServiceAuthentication(input: { id: $id, authenticationId: "bot2", password: "n3w" }) { authentication { authenticationId } } }`,
      { id: auth.id },
    );
    expect(updated.errors).toBeUndefined();
    expect((updated.data as Json).updateMessagingServiceAuthentication.authentication.authenticationId).toBe('bot2');
    expect(JSON.parse(gw.sim.requests.find((r) => r.method === 'PUT')!.body!)).toEqual({
      authenticationId: 'bot2',
      password: 'n3w',
    });
    const deleted = await gw.query(
      `mutation($id: ID!) { deleteMessagingServiceAuthentication(input: { id: $id }) { deletedId messagingService { authentications { rciId } } } }`,
      {
        id: auth.id,
      },
    );
    expect(deleted.errors).toBeUndefined();
    expect(
      ids((deleted.data as Json).deleteMessagingServiceAuthentication.messagingService.authentications),
    ).not.toContain(auth.rciId);
  });

  it('createDisruptionEvent by externalId + type resolves its full items; update and delete', async () => {
    const items = await rest<{ id: string; externalId: string; type: string; name: string }[]>(
      gw,
      `/disruptionSets/${ELECTRICITY}/items`,
    );
    const [why, where] = [items.find((i) => i.type === 'WHY')!, items.find((i) => i.type === 'WHERE')!];
    const CreateEvent = graphql(`
      mutation CreateEvent($input: CreateDisruptionEventInput!) {
        createDisruptionEvent(input: $input) {
          event {
            id
            rciId
            remarks
            activeFrom
            activeTo
            created
            items {
              rciId
              externalId
              type
              name
            }
          }
          disruptionSet {
            events {
              rciId
            }
          }
        }
      }
    `);
    const created = await gw.query(CreateEvent, {
      input: {
        disruptionSetId: ELECTRICITY,
        remarks: 'Storm',
        activeFrom: '2031-03-29T12:01:00.000Z',
        activeTo: '2031-04-29T12:01:00.000Z',
        items: [
          { externalId: why.externalId, type: 'WHY' },
          { externalId: where.externalId, type: 'WHERE' },
        ],
      },
    });
    expect(created.errors).toBeUndefined();
    const event = created.data!.createDisruptionEvent!.event!;
    expect(event.items).toEqual([
      { rciId: why.id, externalId: why.externalId, type: 'WHY', name: why.name },
      { rciId: where.id, externalId: where.externalId, type: 'WHERE', name: where.name },
    ]);
    expect(event.created).toBeTruthy();
    expect(ids(created.data!.createDisruptionEvent!.disruptionSet!.events)).toContain(event.rciId);

    gw.sim.clearRequests();
    const updated = await gw.query(
      `mutation($id: ID!, $item: ID!) { updateDisruptionEvent(input: { id: $id, remarks: null, items: [{ itemId: $item }] }) { event { remarks activeFrom items { rciId } } } }`,
      { id: event.id, item: why.id },
    );
    expect(updated.errors).toBeUndefined();
    expect((updated.data as Json).updateDisruptionEvent.event).toEqual({
      remarks: null,
      activeFrom: '2031-03-29T12:01:00.000Z',
      items: [{ rciId: why.id }],
    });
    const put = JSON.parse(gw.sim.requests.find((r) => r.method === 'PUT')!.body!);
    expect(put).toEqual({
      activeFrom: '2031-03-29T12:01:00.000Z',
      activeTo: '2031-04-29T12:01:00.000Z',
      items: { item: [{ id: why.id }] },
    });

    const deleted = await gw.query(
      `mutation($id: ID!) { deleteDisruptionEvent(input: { id: $id }) { deletedId disruptionSet { events { rciId } } } }`,
      { id: event.id },
    );
    expect(deleted.errors).toBeUndefined();
    expect(ids((deleted.data as Json).deleteDisruptionEvent.disruptionSet.events)).not.toContain(event.rciId);
  });

  it('an event item of another set is refused by RCI as BAD_USER_INPUT', async () => {
    const result = await gw.query(
      `mutation { createDisruptionEvent(input: { disruptionSetId: "${ELECTRICITY}", items: [{ externalId: "no-such-item", type: WHEN }] }) { event { id } } }`,
    );
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
