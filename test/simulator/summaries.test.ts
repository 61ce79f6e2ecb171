// Summary lists answer only their documented fields (users: id, firstName, surname + every field named in
// the query); full objects come from by-id GETs. Which lists are summaries follows the catalogue.
import { describe, expect, it } from 'vitest';
import {
  memberships,
  records,
  resources,
  type CollectionSpec,
  type FieldSpec,
  type ListSpec,
  type MembershipSpec,
  type RecordName,
} from '../../src/rci/resources.js';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator } from './support.js';

const rci = useSimulator();
const keys = (list: object[]) => list.map((o) => Object.keys(o).sort());
const sorted = (...k: string[]) => [...k].sort();

describe('user summaries', () => {
  it.each(['/users', `/userGroups/${ids.helpDeskGroup}/users`, `/roles/${ids.ccAgentRole}/users`])(
    '%s answers only id, firstName and surname',
    async (path) => {
      const list = await rci.json(path);
      expect(list).toHaveLength(3);
      expect(keys(list)).toEqual(Array(3).fill(sorted('id', 'firstName', 'surname')));
      expect(list.find((u: { id: string }) => u.id === ids.johnFox)).toEqual({
        id: ids.johnFox,
        firstName: 'John',
        surname: 'Fox',
      });
    },
  );

  it.each(['/users', `/userGroups/${ids.helpDeskGroup}/users`, `/roles/${ids.ccAgentRole}/users`])(
    '%s adds every field named in the query parameters',
    async (path) => {
      const list = await rci.json(`${path}?email=*@customer.com&chatName=*`);
      expect(keys(list)).toEqual(Array(3).fill(sorted('id', 'firstName', 'surname', 'email', 'chatName')));
      expect(list.find((u: { id: string }) => u.id === ids.johnFox)).toEqual({
        id: ids.johnFox,
        firstName: 'John',
        surname: 'Fox',
        email: 'John.Fox@customer.com',
        chatName: 'John',
      });
    },
  );

  it('adds the fields named in sort too', async () => {
    const list = await rci.json('/users?sort=-phone,LOCALE-en');
    expect(list.map((u: { phone: string }) => u.phone)).toEqual(['345678', '234567', '123456']);
    expect(keys(list)[0]).toEqual(sorted('id', 'firstName', 'surname', 'phone'));
  });
});

describe('name summaries', () => {
  it.each([
    [`/users/${ids.johnFox}/roles`, ['CC Agent', 'CC Supervisor', 'Office User']],
    [`/users/${ids.johnFox}/userGroups`, ['HelpDesk', 'IT', 'Partner Support']],
    [`/queues/${ids.salesQueue}/queueGroups`, ['CC Agent', 'CC Helpdesk', 'CC Support']],
    [`/queueGroups/${ids.ccAgentQueueGroup}/queues`, ['Helpdesk', 'Sales', 'Sales chat', 'Sales Email']],
  ])('%s answers id and name only', async (path, names) => {
    const list = await rci.json(path);
    expect(list.map((o: { name: string }) => o.name)).toEqual(names);
    expect(keys(list)).toEqual(Array(names.length).fill(sorted('id', 'name')));
  });

  it("a user's skills answer {id, value}", async () => {
    expect(await rci.json(`/users/${ids.johnFox}/skills`)).toEqual([
      { id: ids.english, value: 5 },
      { id: ids.deutsch, value: 4 },
      { id: ids.finnish, value: 3 },
    ]);
  });
});

describe('full objects', () => {
  it('come from by-id GETs, also through memberships', async () => {
    const john = await rci.json(`/users/${ids.johnFox}`);
    expect(john).toMatchObject({ login: 'John.Fox', email: 'John.Fox@customer.com', timeZone: 'Europe/Helsinki' });
    expect(await rci.json(`/userGroups/${ids.helpDeskGroup}/users/${ids.johnFox}`)).toEqual(john);
    expect(await rci.json(`/roles/${ids.ccAgentRole}/users/${ids.johnFox}`)).toEqual(john);
    expect(await rci.json(`/users/${ids.johnFox}/roles/${ids.ccAgentRole}`)).toEqual({
      id: ids.ccAgentRole,
      name: 'CC Agent',
      description: 'CC Agent Role',
    });
    expect(await rci.json(`/users/${ids.johnFox}/userGroups/${ids.helpDeskGroup}`)).toEqual({
      id: ids.helpDeskGroup,
      name: 'HelpDesk',
      synchronised: true,
    });
    expect(await rci.json(`/users/${ids.johnFox}/skills/${ids.english}`)).toEqual({
      id: ids.english,
      name: 'English',
      description: 'English language skill',
      value: 5,
    });
  });

  it('come from lists whose examples show full objects', async () => {
    const queues = await rci.json('/queues');
    expect(queues.find((q: { id: string }) => q.id === ids.salesQueue)).toEqual(
      await rci.json(`/queues/${ids.salesQueue}`),
    );
  });

  it('leave the source code out of source code lists', async () => {
    const list = await rci.json(`/customIvrs/${ids.menuIvr}/sourceCodes`);
    expect(list).toHaveLength(2);
    for (const version of list) expect(version.sourceCode).toBeUndefined();
    expect((await rci.json(`/customIvrs/${ids.menuIvr}/sourceCodes/${ids.menuIvrSourceV1}`)).sourceCode).toContain(
      '<vxml',
    );
  });
});

describe('every list', () => {
  const owners: Record<string, string> = {
    users: ids.johnFox,
    queues: ids.salesQueue,
    queueGroups: ids.ccAgentQueueGroup,
    messagingServices: ids.facebookService,
    replyTemplates: ids.template,
    customIvrs: ids.menuIvr,
    disruptionSets: ids.electricity,
    roles: ids.ccAgentRole,
    userGroups: ids.helpDeskGroup,
  };
  const lists: [string, RecordName, ListSpec][] = [
    ...(Object.values(resources) as CollectionSpec[])
      .filter((c) => c.operations.includes('list'))
      .map((c): [string, RecordName, ListSpec] => [
        c.parent ? `/${resources[c.parent].segment}/${owners[c.parent]}/${c.segment}` : `/${c.segment}`,
        c.record,
        c.list,
      ]),
    ...(Object.values(memberships) as MembershipSpec[]).flatMap((m) =>
      [m.a, m.b].map((side): [string, RecordName, ListSpec] => [
        `/${resources[side.owner].segment}/${owners[side.owner]}/${side.segment}`,
        resources[side.member].record,
        side.list,
      ]),
    ),
  ];

  it.each(lists)(
    '%s answers non-empty items with exactly the fields its catalogue entry allows',
    async (path, record, list) => {
      const items = await rci.json(path);
      expect(items.length).toBeGreaterThan(0);
      const fields = records[record].fields as Record<string, FieldSpec>;
      const allowed = list.summary ? list.summary.fields : Object.keys(fields).filter((f) => !fields[f].writeOnly);
      for (const item of items) {
        for (const key of Object.keys(item)) expect(allowed).toContain(key);
        // Required summary fields are always there.
        for (const field of allowed)
          if (fields[field]?.required && !fields[field].readOnly) expect(item).toHaveProperty(field);
      }
    },
  );
});
