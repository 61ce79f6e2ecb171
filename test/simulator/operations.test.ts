// Every documented operation answered over HTTP: a scenario walks all of them, and the request log is
// checked against the catalogue's `allOperations()`, so an operation the scenario misses fails the test.
import { describe, expect, it } from 'vitest';
import { allOperations } from '../../src/rci/resources.js';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator, type Answer } from './support.js';

const rci = useSimulator();

/** The documented template a logged path belongs to, e.g. `/users/{userId}/roles`. */
function templateRegExp(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) =>
      part === '{timeZoneId}' ? '.+' : part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

describe('the 109 documented operations', () => {
  it('are 60 GET, 21 POST, 10 PUT and 18 DELETE in the catalogue', () => {
    const counts: Record<string, number> = {};
    for (const op of allOperations()) counts[op.method] = (counts[op.method] ?? 0) + 1;
    expect(counts).toEqual({ GET: 60, POST: 21, PUT: 10, DELETE: 18 });
  });

  it('each answer with a success status over HTTP', async () => {
    const failures: string[] = [];
    const expectOk = async (answer: Promise<Answer>, what: string): Promise<Answer> => {
      const a = await answer;
      if (a.status < 200 || a.status > 299) failures.push(`${what} → ${a.status} ${a.text}`);
      return a;
    };
    const get = (path: string) => expectOk(rci.get(path), `GET ${path}`);
    const post = async (path: string, body: unknown): Promise<string> =>
      (await expectOk(rci.post(path, body), `POST ${path}`)).text;
    const put = (path: string, body: unknown) => expectOk(rci.put(path, body), `PUT ${path}`);
    const del = (path: string) => expectOk(rci.del(path), `DELETE ${path}`);

    // Reads of the documentation's examples.
    for (const path of [
      '/users',
      `/users/${ids.johnFox}`,
      '/userGroups',
      `/userGroups/${ids.helpDeskGroup}`,
      '/roles',
      `/roles/${ids.ccAgentRole}`,
      '/skills',
      `/skills/${ids.english}`,
      '/queues',
      `/queues/${ids.salesQueue}`,
      '/queueGroups',
      `/queueGroups/${ids.ccAgentQueueGroup}`,
      '/timeZones',
      '/timeZones/Europe%2FHelsinki',
      '/prsProfiles',
      '/prsProfiles/02770429F80BDF1191AD001CC4D98816',
      '/messagingServices',
      `/messagingServices/${ids.facebookService}`,
      '/replyTemplates',
      `/replyTemplates/${ids.template2}`,
      '/customIvrs',
      `/customIvrs/${ids.menuIvr}`,
      '/audioPrompts',
      `/audioPrompts/${ids.inQueuePrompt}`,
      '/cpExtensions',
      `/cpExtensions/${ids.myExtension2}`,
      '/disruptionSets',
      `/disruptionSets/${ids.electricity}`,
      `/users/${ids.johnFox}/certificates`,
      `/users/${ids.johnFox}/certificates/${ids.certificateJohnFox}`,
      `/users/${ids.johnFox}/skills`,
      `/users/${ids.johnFox}/skills/${ids.english}`,
      `/queues/${ids.helpdeskQueue}/extensions`,
      `/queues/${ids.helpdeskQueue}/extensions/${ids.extension101}`,
      `/queues/${ids.salesQueue}/attributes`,
      `/queueGroups/${ids.ccAgentQueueGroup}/attributes`,
      `/messagingServices/${ids.facebookService}/authentications`,
      `/messagingServices/${ids.facebookService}/authentications/${ids.facebookAuthentication}`,
      `/replyTemplates/${ids.template}/attachments`,
      `/replyTemplates/${ids.template}/attachments/${ids.picturePng}`,
      `/customIvrs/${ids.menuIvr}/sourceCodes`,
      `/customIvrs/${ids.menuIvr}/sourceCodes/${ids.menuIvrSourceV1}`,
      `/customIvrs/${ids.menuIvr}/attributes`,
      `/customIvrs/${ids.menuIvr}/currentSourceCodeVersion`,
      `/disruptionSets/${ids.electricity}/events`,
      `/disruptionSets/${ids.electricity}/events/${ids.event}`,
      `/disruptionSets/${ids.electricity}/items`,
      `/disruptionSets/${ids.electricity}/items/${ids.itemHelsinki1}`,
      `/users/${ids.johnFox}/roles`,
      `/users/${ids.johnFox}/roles/${ids.ccAgentRole}`,
      `/roles/${ids.ccAgentRole}/users`,
      `/roles/${ids.ccAgentRole}/users/${ids.johnFox}`,
      `/users/${ids.johnFox}/userGroups`,
      `/users/${ids.johnFox}/userGroups/${ids.helpDeskGroup}`,
      `/userGroups/${ids.helpDeskGroup}/users`,
      `/userGroups/${ids.helpDeskGroup}/users/${ids.johnFox}`,
      `/queues/${ids.salesQueue}/queueGroups`,
      `/queues/${ids.salesQueue}/queueGroups/${ids.ccAgentQueueGroup}`,
      `/queueGroups/${ids.ccAgentQueueGroup}/queues`,
      `/queueGroups/${ids.ccAgentQueueGroup}/queues/${ids.salesQueue}`,
    ]) {
      await get(path);
    }

    // Writable root collections: create, replace.
    const user = await post('/users', { firstName: 'Ada', surname: 'Lovelace', timeZone: 'Europe/London' });
    await put(`/users/${user}`, { firstName: 'Ada', surname: 'King', email: 'ada@example.com' });
    const group = await post('/userGroups', { name: 'Analysts', synchronised: false });
    await put(`/userGroups/${group}`, { name: 'Analytical Engines' });
    const role = await post('/roles', { name: 'Analyst', description: 'Analyst role' });
    await put(`/roles/${role}`, { name: 'Senior Analyst' });
    const skill = await post('/skills', { name: 'Mathematics', description: 'Mathematics skill' });
    await put(`/skills/${skill}`, { name: 'Maths', description: 'Mathematics skill' });
    const queue = await post('/queues', {
      type: 'Phone',
      name: 'Engines',
      loginType: 'HuntGroup',
      addresses: { address: ['200'] },
    });
    await put(`/queues/${queue}`, { type: 'Phone', name: 'Engines', loginType: 'AutoAllocation' });
    const queueGroup = await post('/queueGroups', { name: 'Engine rooms', description: 'Engine queues' });
    await put(`/queueGroups/${queueGroup}`, { name: 'Engine rooms', description: 'All engine queues' });
    const service = await post('/messagingServices', {
      type: 'twilio',
      name: 'SMS',
      connection: 'https://sms.example.com/',
    });
    await put(`/messagingServices/${service}`, {
      type: 'twilio',
      name: 'SMS 2',
      connection: 'https://sms.example.com/',
    });

    // Nested collections.
    const certificate = await post(`/users/${user}/certificates`, { subject: 'ada', issuer: 'SSO_CA' });
    await del(`/users/${user}/certificates/${certificate}`);
    await post(`/users/${user}/skills`, { id: skill, value: 2 });
    await put(`/users/${user}/skills/${skill}`, { value: 4 });
    await del(`/users/${user}/skills/${skill}`);
    const extension = await post(`/queues/${queue}/extensions`, { address: '103' });
    await del(`/queues/${queue}/extensions/${extension}`);
    await post(`/queues/${queue}/attributes`, { name: 'Name', language: 'EN', value: 'Engines' });
    await post(`/queueGroups/${queueGroup}/attributes`, { name: 'Name', language: 'EN', value: 'Engine rooms' });
    await post(`/customIvrs/${ids.menuIvr}/attributes`, { name: 'Name', language: 'EN', value: 'Advanced' });
    const authentication = await post(`/messagingServices/${service}/authentications`, {
      authenticationId: 'ada',
      password: 'x',
    });
    await put(`/messagingServices/${service}/authentications/${authentication}`, {
      authenticationId: 'ada2',
      password: 'y',
    });
    await del(`/messagingServices/${service}/authentications/${authentication}`);
    const event = await post(`/disruptionSets/${ids.electricity}/events`, { items: { item: [{ id: ids.itemWhy05 }] } });
    await put(`/disruptionSets/${ids.electricity}/events/${event}`, {
      remarks: 'fixed',
      items: { item: [{ externalId: '55', type: 'WHY' }] },
    });
    await del(`/disruptionSets/${ids.electricity}/events/${event}`);

    // Memberships, from both sides.
    await post(`/users/${user}/roles`, { id: role });
    await del(`/users/${user}/roles/${role}`);
    await post(`/roles/${role}/users`, { id: user });
    await del(`/roles/${role}/users/${user}`);
    await post(`/users/${user}/userGroups`, { id: group });
    await del(`/users/${user}/userGroups/${group}`);
    await post(`/userGroups/${group}/users`, { id: user });
    await del(`/userGroups/${group}/users/${user}`);
    await post(`/queues/${queue}/queueGroups`, { id: queueGroup });
    await del(`/queues/${queue}/queueGroups/${queueGroup}`);
    await post(`/queueGroups/${queueGroup}/queues`, { id: queue });
    await del(`/queueGroups/${queueGroup}/queues/${queue}`);

    for (const path of [
      `/users/${user}`,
      `/userGroups/${group}`,
      `/roles/${role}`,
      `/skills/${skill}`,
      `/queues/${queue}`,
      `/queueGroups/${queueGroup}`,
      `/messagingServices/${service}`,
    ]) {
      await del(path);
    }
    expect(failures).toEqual([]);

    // Now the request log must show every documented operation answered with a 2xx.
    const answered = rci.sim.requests.filter((r) => r.status !== undefined && r.status >= 200 && r.status < 300);
    const missing = allOperations()
      .filter((op) => !answered.some((r) => r.method === op.method && templateRegExp(op.path).test(r.path)))
      .map((op) => `${op.method} ${op.path}`);
    expect(missing).toEqual([]);
    // And nothing outside the documented operations was called.
    const undocumented = answered.filter(
      (r) => !allOperations().some((op) => op.method === r.method && templateRegExp(op.path).test(r.path)),
    );
    expect(undocumented).toEqual([]);
  });
});
