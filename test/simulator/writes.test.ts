// Write answers (201 + id, empty 204/201, the one 200 message) and PUT's full replacement.
import { describe, expect, it } from 'vitest';
import { ids } from '../../src/simulator/data/examples.js';
import { GUID, call, useSimulator } from './support.js';
import { startSimulator } from '../../src/simulator/index.js';

const rci = useSimulator();
const electricityEvents = `/disruptionSets/${ids.electricity}/events`;

describe('POST', () => {
  it('answers a new, distinct id each time, under which the object is found', async () => {
    const first = await rci.post('/users', { firstName: 'Grace', surname: 'Hopper' });
    const second = await rci.post('/users', { firstName: 'Grace', surname: 'Hopper' });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.text).toMatch(GUID);
    expect(second.text).toMatch(GUID);
    expect(first.text).not.toBe(second.text);
    expect(await rci.json(`/users/${first.text}`)).toEqual({ id: first.text, firstName: 'Grace', surname: 'Hopper' });
  });

  it('answers a new id for nested objects too, including attributes that never show one', async () => {
    const certificate = await rci.post(`/users/${ids.davidDuck}/certificates`, {
      subject: 'david.duck',
      issuer: 'SSO_CA',
    });
    expect(certificate.status).toBe(201);
    expect(certificate.text).toMatch(GUID);
    expect(await rci.json(`/users/${ids.davidDuck}/certificates/${certificate.text}`)).toEqual({
      id: certificate.text,
      subject: 'david.duck',
      issuer: 'SSO_CA',
    });
    const attribute = await rci.post(`/queues/${ids.helpdeskQueue}/attributes`, {
      name: 'Name',
      language: 'EN',
      value: 'Help',
    });
    expect(attribute.status).toBe(201);
    expect(attribute.text).toMatch(GUID);
    expect(await rci.json(`/queues/${ids.helpdeskQueue}/attributes`)).toEqual([
      { name: 'Name', language: 'EN', value: 'Help' },
    ]);
  });

  it('answers the member id when adding a membership (the doc posts a dashed id and answers it undashed)', async () => {
    const answer = await rci.post(`/queues/${ids.salesChatQueue}/queueGroups`, {
      id: '2CADB6A1-3712-4F13-BC68-938E2B5FEFC1',
    });
    expect(answer.status).toBe(201);
    expect(answer.type).toBe('text/html');
    expect(answer.text).toBe('2CADB6A137124F13BC68938E2B5FEFC1');
  });

  it('answers the skill id when giving a user a skill', async () => {
    const answer = await rci.post(`/users/${ids.davidDuck}/skills`, { id: ids.finnish, value: 2 });
    expect(answer.status).toBe(201);
    expect(answer.text).toBe(ids.finnish);
  });
});

describe('PUT and DELETE', () => {
  it('answer 204 with an empty body by default', async () => {
    const role = (await rci.post('/roles', { name: 'Temp' })).text;
    const put = await rci.put(`/roles/${role}`, { name: 'Temp 2' });
    expect(put.status).toBe(204);
    expect(put.text).toBe('');
    const del = await rci.del(`/roles/${role}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await rci.get(`/roles/${role}`)).status).toBe(404);
  });

  it('answer 201 with an empty body when configured with writeStatus 201', async () => {
    const sim = await startSimulator({ writeStatus: 201 });
    try {
      const role = (await call(sim.url, 'POST', '/roles', { body: { name: 'Temp' } })).text;
      const put = await call(sim.url, 'PUT', `/roles/${role}`, { body: { name: 'Temp 2' } });
      expect([put.status, put.text]).toEqual([201, '']);
      const unlink = await call(sim.url, 'DELETE', `/roles/${ids.ccAgentRole}/users/${ids.peterFrog}`);
      expect([unlink.status, unlink.text]).toEqual([201, '']);
      const del = await call(sim.url, 'DELETE', `/roles/${role}`);
      expect([del.status, del.text]).toEqual([201, '']);
      expect((await call(sim.url, 'GET', `/roles/${role}`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });

  it('remove a user from a group through /users/{u}/userGroups/{g} with 200 and the documented message', async () => {
    const answer = await rci.del(`/users/${ids.peterFrog}/userGroups/${ids.helpDeskGroup}`);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/json');
    expect(answer.json()).toEqual({ message: 'The user has been removed properly from user group.' });
    expect((await rci.get(`/users/${ids.peterFrog}/userGroups/${ids.helpDeskGroup}`)).status).toBe(404);
  });

  it('remove a user from a group through /userGroups/{g}/users/{u} like any other DELETE', async () => {
    const answer = await rci.del(`/userGroups/${ids.helpDeskGroup}/users/${ids.davidDuck}`);
    expect([answer.status, answer.text]).toEqual([204, '']);
  });

  it('answer the group removal like any other DELETE when userGroupRemovalMessage is false', async () => {
    const sim = await startSimulator({ userGroupRemovalMessage: false });
    try {
      const answer = await call(sim.url, 'DELETE', `/users/${ids.johnFox}/userGroups/${ids.itGroup}`);
      expect([answer.status, answer.text]).toEqual([204, '']);
      expect((await call(sim.url, 'GET', `/users/${ids.johnFox}/userGroups/${ids.itGroup}`)).status).toBe(404);
    } finally {
      await sim.close();
    }
  });
});

describe('PUT replaces the whole object', () => {
  it('clears every property left out of the body instead of merging', async () => {
    const id = (
      await rci.post('/users', {
        firstName: 'Alan',
        surname: 'Turing',
        login: 'alan',
        email: 'alan@example.com',
        phone: '555',
        timeZone: 'Europe/London',
        synchronised: true,
      })
    ).text;
    expect((await rci.put(`/users/${id}`, { firstName: 'Alan', surname: 'Turing', phone: '556' })).status).toBe(204);
    expect(await rci.json(`/users/${id}`)).toEqual({ id, firstName: 'Alan', surname: 'Turing', phone: '556' });
  });

  it('clears wrapped lists left out of the body', async () => {
    const id = (
      await rci.post('/queues', {
        type: 'chat',
        name: 'Q',
        loginType: 'HuntGroup',
        addresses: { address: ['q@example.com'] },
      })
    ).text;
    await rci.put(`/queues/${id}`, { type: 'chat', name: 'Q', loginType: 'HuntGroup' });
    expect(await rci.json(`/queues/${id}`)).toEqual({ id, type: 'Chat', name: 'Q', loginType: 'HuntGroup' });
  });

  it('answers 400 and changes nothing when a required property is left out', async () => {
    const answer = await rci.put(`/skills/${ids.deutsch}`, { name: 'German' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('description');
    expect(await rci.json(`/skills/${ids.deutsch}`)).toEqual({
      id: ids.deutsch,
      name: 'Deutsch',
      description: 'German Language skill',
    });
  });

  it('ignores a body id equal to the path id (in any accepted form) and refuses a different one', async () => {
    const role = (await rci.post('/roles', { name: 'R' })).text;
    const dashed =
      `${role.slice(0, 8)}-${role.slice(8, 12)}-${role.slice(12, 16)}-${role.slice(16, 20)}-${role.slice(20)}`.toLowerCase();
    expect((await rci.put(`/roles/${role}`, { id: dashed, name: 'R2' })).status).toBe(204);
    const other = await rci.put(`/roles/${role}`, { id: ids.ccAgentRole, name: 'R3' });
    expect(other.status).toBe(400);
    expect(other.text).toContain("'id'");
    expect((await rci.json(`/roles/${role}`)).name).toBe('R2');
  });

  it('keeps read-only properties: an event keeps created and gets a new modified', async () => {
    const id = (await rci.post(electricityEvents, { remarks: 'first', items: { item: [{ id: ids.itemWhy05 }] } })).text;
    const before = await rci.json(`${electricityEvents}/${id}`);
    await new Promise((r) => setTimeout(r, 5));
    const answer = await rci.put(`${electricityEvents}/${id}`, {
      created: '2000-01-01T00:00:00.000Z',
      activeFrom: '2030-01-01T00:00:00Z',
      items: { item: [{ externalId: '55', type: 'why' }] },
    });
    expect(answer.status).toBe(204);
    const after = await rci.json(`${electricityEvents}/${id}`);
    expect(after.created).toBe(before.created);
    expect(Date.parse(after.modified)).toBeGreaterThan(Date.parse(before.modified));
    expect(after.remarks).toBeUndefined();
    expect(after.activeFrom).toBe('2030-01-01T00:00:00.000Z');
    expect(after.items).toEqual({ item: [{ id: ids.itemService, externalId: '55', type: 'WHY' }] });
  });

  it("replaces a user's skill value; the path names the skill", async () => {
    const path = `/users/${ids.johnFox}/skills/${ids.deutsch}`;
    expect((await rci.put(path, { value: 1 })).status).toBe(204);
    expect(await rci.json(path)).toEqual({
      id: ids.deutsch,
      name: 'Deutsch',
      description: 'German Language skill',
      value: 1,
    });
    expect((await rci.put(path, { id: ids.deutsch, value: 2 })).status).toBe(204);
    const other = await rci.put(path, { id: ids.english, value: 3 });
    expect(other.status).toBe(400);
    expect((await rci.json(path)).value).toBe(2);
  });

  it("accepts the doc's literal user-skill PUT body (the skill's name and description) and keeps the level", async () => {
    const path = `/users/${ids.johnFox}/skills/${ids.deutsch}`;
    expect((await rci.put(path, { value: 4 })).status).toBe(204);
    const literal = { id: ids.deutsch, name: 'Deutsch', description: 'German Language skill' };
    expect((await rci.put(path, literal)).status).toBe(204);
    expect(await rci.json(path)).toEqual({ ...literal, value: 4 });
    expect((await rci.put(path, { ...literal, value: 5 })).status).toBe(204);
    expect((await rci.json(path)).value).toBe(5);
    const unknown = await rci.put(path, { ...literal, colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("'colour'");
  });

  it('stores a write-only password but never answers it', async () => {
    const service = `/messagingServices/${ids.twilioService}/authentications`;
    const id = (await rci.post(service, { authenticationId: 'twilio-login', password: 's3cret' })).text;
    expect(await rci.json(`${service}/${id}`)).toEqual({ id, authenticationId: 'twilio-login' });
    expect(JSON.stringify(await rci.json(service))).not.toContain('s3cret');
  });
});
