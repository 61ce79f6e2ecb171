// One consistent world: memberships are one relation seen from both sides, deletes cascade, and
// references (cpExtension queues, event items, reply template queues) point at objects that exist.
import { describe, expect, it } from 'vitest';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator } from './support.js';

const rci = useSimulator();
const idsOf = (list: { id: string }[]) => list.map((o) => o.id);

describe('memberships', () => {
  it.each([
    ['users', 'roles', ids.davidDuck, ids.ccSupervisorRole],
    ['roles', 'users', ids.officeUserRole, ids.peterFrog],
    ['users', 'userGroups', ids.davidDuck, ids.partnerSupportGroup],
    ['userGroups', 'users', ids.itGroup, ids.peterFrog],
    ['queues', 'queueGroups', ids.salesChatQueue, ids.ccHelpdeskQueueGroup],
    ['queueGroups', 'queues', ids.ccSupportQueueGroup, ids.salesEmailQueue],
  ])('added on /%s/{id}/%s show on the other side and go away from both', async (owners, members, owner, member) => {
    const otherSide = `/${members}/${member}/${owners}`;
    expect(idsOf(await rci.json(otherSide))).not.toContain(owner);
    expect((await rci.post(`/${owners}/${owner}/${members}`, { id: member })).status).toBe(201);
    expect(idsOf(await rci.json(`/${owners}/${owner}/${members}`))).toContain(member);
    expect(idsOf(await rci.json(otherSide))).toContain(owner);
    expect((await rci.get(`${otherSide}/${owner}`)).status).toBe(200);
    // Removed from the other side: gone from both.
    const removed = await rci.del(`${otherSide}/${owner}`);
    expect([200, 204]).toContain(removed.status);
    expect(idsOf(await rci.json(`/${owners}/${owner}/${members}`))).not.toContain(member);
    expect((await rci.get(`/${owners}/${owner}/${members}/${member}`)).status).toBe(404);
  });

  it('are idempotent to add, and only the body id counts', async () => {
    const path = `/users/${ids.johnFox}/roles`;
    const before = await rci.json(path);
    expect((await rci.post(path, { id: ids.ccAgentRole, name: 'ignored' })).text).toBe(ids.ccAgentRole);
    expect(await rci.json(path)).toEqual(before);
  });

  it('answer 404 for an unknown owner and 400 naming an unknown member id', async () => {
    expect((await rci.post('/users/0123456789ABCDEF0123456789ABCDEF/roles', { id: ids.ccAgentRole })).status).toBe(404);
    const unknown = await rci.post(`/users/${ids.johnFox}/roles`, { id: '0123456789ABCDEF0123456789ABCDEF' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('0123456789ABCDEF0123456789ABCDEF');
    expect((await rci.post(`/users/${ids.johnFox}/roles`, {})).text).toContain("'id'");
    expect((await rci.post(`/users/${ids.johnFox}/roles`, { id: 'nope' })).text).toBe("Invalid GUID: 'nope'");
  });

  it('answer 404 for GET and DELETE of a non-member', async () => {
    expect((await rci.get(`/users/${ids.peterFrog}/roles/${ids.officeUserRole}`)).status).toBe(404);
    expect((await rci.del(`/users/${ids.peterFrog}/roles/${ids.officeUserRole}`)).status).toBe(404);
    expect((await rci.del(`/queueGroups/${ids.ccSupportQueueGroup}/queues/${ids.helpdeskQueue}`)).status).toBe(404);
  });
});

describe("a user's skills", () => {
  it('refuse a skill already assigned, naming it, and an unknown skill', async () => {
    const duplicate = await rci.post(`/users/${ids.johnFox}/skills`, { id: ids.finnish, value: 2 });
    expect(duplicate.status).toBe(400);
    expect(duplicate.text).toContain(ids.finnish);
    const unknown = await rci.post(`/users/${ids.johnFox}/skills`, {
      id: '0123456789ABCDEF0123456789ABCDEF',
      value: 2,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("'id'");
  });

  it('answer 404 for a skill that is not assigned', async () => {
    expect((await rci.get(`/users/${ids.davidDuck}/skills/${ids.deutsch}`)).status).toBe(404);
    expect((await rci.put(`/users/${ids.davidDuck}/skills/${ids.deutsch}`, { value: 3 })).status).toBe(404);
    expect((await rci.del(`/users/${ids.davidDuck}/skills/${ids.deutsch}`)).status).toBe(404);
  });
});

describe('deleting', () => {
  it('a user removes its memberships on both sides, its certificates and its skills', async () => {
    const user = (await rci.post('/users', { firstName: 'Temp', surname: 'User' })).text;
    await rci.post(`/users/${user}/roles`, { id: ids.ccAgentRole });
    await rci.post(`/userGroups/${ids.itGroup}/users`, { id: user });
    await rci.post(`/users/${user}/skills`, { id: ids.english, value: 3 });
    await rci.post(`/users/${user}/certificates`, { subject: 'temp', issuer: 'SSO_CA' });
    expect(idsOf(await rci.json(`/roles/${ids.ccAgentRole}/users`))).toContain(user);
    expect((await rci.del(`/users/${user}`)).status).toBe(204);
    expect(idsOf(await rci.json(`/roles/${ids.ccAgentRole}/users`))).not.toContain(user);
    expect(idsOf(await rci.json(`/userGroups/${ids.itGroup}/users`))).not.toContain(user);
    expect((await rci.get(`/users/${user}/skills`)).status).toBe(404);
    expect((await rci.get(`/users/${user}/certificates`)).status).toBe(404);
  });

  it("a role, group or skill removes it from every user's lists", async () => {
    const role = (await rci.post('/roles', { name: 'Doomed role' })).text;
    const group = (await rci.post('/userGroups', { name: 'Doomed group' })).text;
    const skill = (await rci.post('/skills', { name: 'Doomed', description: 'Doomed skill' })).text;
    await rci.post(`/users/${ids.davidDuck}/roles`, { id: role });
    await rci.post(`/users/${ids.davidDuck}/userGroups`, { id: group });
    await rci.post(`/users/${ids.davidDuck}/skills`, { id: skill, value: 1 });
    await rci.del(`/roles/${role}`);
    await rci.del(`/userGroups/${group}`);
    await rci.del(`/skills/${skill}`);
    expect(idsOf(await rci.json(`/users/${ids.davidDuck}/roles`))).not.toContain(role);
    expect(idsOf(await rci.json(`/users/${ids.davidDuck}/userGroups`))).not.toContain(group);
    expect(idsOf(await rci.json(`/users/${ids.davidDuck}/skills`))).not.toContain(skill);
    expect((await rci.get(`/users/${ids.davidDuck}/skills/${skill}`)).status).toBe(404);
  });

  it('a queue removes it from queue groups, cpExtensions and reply template searches, and drops its extensions', async () => {
    const queue = (await rci.post('/queues', { type: 'Phone', name: 'Doomed', loginType: 'HuntGroup' })).text;
    await rci.post(`/queues/${queue}/queueGroups`, { id: ids.ccAgentQueueGroup });
    await rci.post(`/queues/${queue}/extensions`, { name: '999' });
    expect(idsOf(await rci.json(`/queueGroups/${ids.ccAgentQueueGroup}/queues`))).toContain(queue);
    await rci.del(`/queues/${queue}`);
    expect(idsOf(await rci.json(`/queueGroups/${ids.ccAgentQueueGroup}/queues`))).not.toContain(queue);
    expect((await rci.get(`/queues/${queue}/extensions`)).status).toBe(404);

    // An example queue that cpExtensions and reply templates refer to.
    expect((await rci.json(`/cpExtensions/${ids.myExtension2}`)).queues).toContain(ids.helpdeskQueue);
    expect(await rci.json(`/replyTemplates?queueId=${ids.helpdeskQueue}`)).toHaveLength(2);
    await rci.del(`/queues/${ids.helpdeskQueue}`);
    expect((await rci.json(`/cpExtensions/${ids.myExtension2}`)).queues).toEqual([ids.salesQueue, ids.salesEmailQueue]);
    expect(await rci.json(`/replyTemplates?queueId=${ids.helpdeskQueue}`)).toEqual([]);
    expect(idsOf(await rci.json(`/queueGroups/${ids.ccHelpdeskQueueGroup}/queues`))).toEqual([ids.salesQueue]);
  });

  it('a queue group removes it from every queue', async () => {
    const group = (await rci.post('/queueGroups', { name: 'Doomed', description: 'Doomed group' })).text;
    await rci.post(`/queueGroups/${group}/queues`, { id: ids.salesQueue });
    await rci.post(`/queueGroups/${group}/attributes`, { name: 'n', language: 'EN', value: 'v' });
    await rci.del(`/queueGroups/${group}`);
    expect(idsOf(await rci.json(`/queues/${ids.salesQueue}/queueGroups`))).not.toContain(group);
    expect((await rci.get(`/queueGroups/${group}/attributes`)).status).toBe(404);
  });
});

describe('references', () => {
  it('cpExtension queues are queues that exist', async () => {
    for (const extension of await rci.json('/cpExtensions')) {
      for (const queue of extension.queues) expect((await rci.get(`/queues/${queue}`)).status).toBe(200);
    }
  });

  it('event items are items of the same disruption set', async () => {
    const items = idsOf(await rci.json(`/disruptionSets/${ids.electricity}/items`));
    for (const event of await rci.json(`/disruptionSets/${ids.electricity}/events`)) {
      for (const item of event.items.item) expect(items).toContain(item.id);
    }
    // An electricity item is not an item of the water set.
    const elsewhere = await rci.post(`/disruptionSets/${ids.water}/events`, {
      items: { item: [{ id: ids.itemWhy05 }] },
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.text).toContain('items.item[0]');
    const unknown = await rci.post(`/disruptionSets/${ids.electricity}/events`, {
      items: { item: [{ externalId: '77', type: 'WHY' }] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('"externalId":"77"');
  });

  it('a user refers to an existing time zone', async () => {
    expect((await rci.get(`/timeZones/${(await rci.json(`/users/${ids.johnFox}`)).timeZone}`)).status).toBe(200);
  });

  it("a reply template's attachmentCount is its number of attachments", async () => {
    for (const template of await rci.json('/replyTemplates')) {
      expect(await rci.json(`/replyTemplates/${template.id}/attachments`)).toHaveLength(template.attachmentCount);
    }
  });

  it("a custom IVR's current source code version is one of its source codes", async () => {
    for (const ivr of await rci.json('/customIvrs')) {
      const current = await rci.json(`/customIvrs/${ivr.id}/currentSourceCodeVersion`);
      expect(current.id).toBe(ivr.currentSourceCodeVersionId);
      expect(idsOf(await rci.json(`/customIvrs/${ivr.id}/sourceCodes`))).toContain(current.id);
    }
  });
});
