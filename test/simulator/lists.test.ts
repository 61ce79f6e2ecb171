// List query parameters: searchable fields with * and ? (AND-combined), unknown fields 400, sort with
// "-" and ",LOCALE-xx", documented default sorts, offset/limit paging with a maximum limit.
import { describe, expect, it } from 'vitest';
import {
  memberships,
  resources,
  type CollectionSpec,
  type ListSpec,
  type MembershipSpec,
  type ResourceName,
  type SearchSpec,
} from '../../src/rci/resources.js';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator } from './support.js';

const rci = useSimulator();
/** More than 1000 users, to see the maximum limit bite. */
const big = useSimulator({ data: { scale: 250 } });

const names = (list: { name?: string; firstName?: string }[]) => list.map((o) => o.name ?? o.firstName);

describe('patterns', () => {
  it('* matches any run of characters and ? exactly one, against the whole value', async () => {
    expect(names(await rci.json('/users?firstName=J*'))).toEqual(['John']);
    expect(names(await rci.json('/users?firstName=?ohn'))).toEqual(['John']);
    expect(names(await rci.json('/users?firstName=??hn'))).toEqual(['John']);
    expect(await rci.json('/users?firstName=Jo')).toEqual([]);
    expect(await rci.json('/users?firstName=?hn')).toEqual([]);
    expect(names(await rci.json('/queues?name=Sales*'))).toEqual(['Sales', 'Sales chat', 'Sales Email']);
  });

  it('are case-insensitive', async () => {
    expect(names(await rci.json('/users?firstName=jOHN'))).toEqual(['John']);
    expect(names(await rci.json('/queues?name=sales%20e*'))).toEqual(['Sales Email']);
  });

  it('treat regular expression characters literally', async () => {
    expect(await rci.json('/prsProfiles?name=Meeting%20.*')).toEqual([]);
    expect(names(await rci.json('/prsProfiles?name=Meeting%20/%20Deny%20calls%20(Def:%201%20hour)'))).toEqual([
      'Meeting / Deny calls (Def: 1 hour)',
    ]);
  });

  it('combine several fields with AND', async () => {
    expect(names(await rci.json('/queues?name=Sales*&description=*phone'))).toEqual(['Sales']);
    expect(await rci.json('/queues?name=Helpdesk&description=*chat')).toEqual([]);
    expect(names(await rci.json('/users?firstName=*&email=*customer.com&phone=2*'))).toEqual(['David']);
  });

  it('match booleans by their text', async () => {
    const hidden = await rci.json('/cpExtensions?hidden=true');
    expect(hidden.map((e: { id: string }) => e.id)).toEqual([ids.myExtension3]);
    expect(await rci.json('/cpExtensions?hidden=false')).toHaveLength(2);
    expect(names(await rci.json('/customIvrs?active=TRUE'))).toEqual(['My Menu Ivr']);
  });

  it('match any element of a list, with comma-separated alternatives', async () => {
    expect(names(await rci.json('/queues?address=101'))).toEqual(['Helpdesk']);
    expect(names(await rci.json('/queues?address=10?'))).toEqual(['Helpdesk', 'Sales']);
    expect(names(await rci.json('/queues?address=100,rci.chat*'))).toEqual(['Sales', 'Sales chat']);
    // The doc's own example: keyword=proble*,apple.
    expect(names(await rci.json('/replyTemplates?keyword=proble*,apple'))).toEqual(['template2']);
    expect(names(await rci.json('/replyTemplates?keyword=tv'))).toEqual(['template']);
  });

  it('search values that are not properties: reply templates by queue, custom IVRs by attribute', async () => {
    expect(names(await rci.json(`/replyTemplates?queueId=${ids.salesQueue}`))).toEqual(['template']);
    expect(names(await rci.json(`/replyTemplates?queueId=${ids.helpdeskQueue}`))).toEqual(['template2', 'template']);
    expect(names(await rci.json('/customIvrs?attributeValue=Myynti'))).toEqual(['My Menu Ivr']);
    expect(await rci.json('/customIvrs?attributeName=Colour')).toEqual([]);
  });

  it('never match a missing value', async () => {
    expect(await rci.json('/cpExtensions?name=*')).toEqual([]);
  });
});

describe('searchable fields', () => {
  it('a field that is not searchable on that list answers 400 naming it', async () => {
    for (const path of [
      '/users?login=John.Fox',
      '/skills?description=*',
      '/queues?type=Phone',
      `/users/${ids.johnFox}/roles?name=CC*`,
      '/users?FirstName=John',
    ]) {
      const answer = await rci.get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.type).toBe('text/plain');
      expect(answer.text).toContain(`'${new URLSearchParams(path.split('?')[1]).keys().next().value}'`);
    }
  });

  /** Every list of the catalogue with a concrete path, and the parameters its catalogue entry documents. */
  const owners: Partial<Record<ResourceName, string>> = {
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
  const lists: [string, ListSpec][] = [
    ...(Object.values(resources) as CollectionSpec[])
      .filter((c) => c.operations.includes('list'))
      .map((c): [string, ListSpec] => [
        c.parent ? `/${resources[c.parent].segment}/${owners[c.parent]}/${c.segment}` : `/${c.segment}`,
        c.list,
      ]),
    ...(Object.values(memberships) as MembershipSpec[]).flatMap((m) =>
      [m.a, m.b].map((side): [string, ListSpec] => [
        `/${resources[side.owner].segment}/${owners[side.owner]}/${side.segment}`,
        side.list,
      ]),
    ),
  ];
  const sample = (spec: SearchSpec): string =>
    spec.kind === 'pattern' ? '*' : spec.kind === 'flag' ? 'true' : '2020-01-01T00:00:00.000Z';
  const cases = lists.flatMap(([path, list]) =>
    Object.entries(list.search).map(([param, spec]) => [path, param, sample(spec)] as const),
  );

  it.each(cases)('%s takes its documented parameter %s', async (path, param, value) => {
    const answer = await rci.get(`${path}?${param}=${encodeURIComponent(value)}`);
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.json())).toBe(true);
  });

  it.each(lists.filter(([, list]) => !list.paged))('%s takes no offset or limit', async (path) => {
    expect((await rci.get(`${path}?offset=0`)).status).toBe(400);
    expect((await rci.get(`${path}?limit=10`)).status).toBe(400);
  });

  it.each(lists.filter(([, list]) => !list.sort))('%s takes no sort', async (path) => {
    const answer = await rci.get(`${path}?sort=id`);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'sort'");
  });
});

describe('sort', () => {
  it('applies the documented default sort when none is given', async () => {
    // Queues: name, description. Users: firstName, surname, ...
    expect(names(await rci.json('/queues'))).toEqual(['Helpdesk', 'Sales', 'Sales chat', 'Sales Email']);
    expect(names(await rci.json('/users'))).toEqual(['David', 'John', 'Peter']);
    // Roles: id, name.
    expect((await rci.json('/roles')).map((r: { id: string }) => r.id)).toEqual([
      ids.ccAgentRole,
      ids.officeUserRole,
      ids.ccSupervisorRole,
    ]);
  });

  it('takes a comma-separated list with "-" for descending and spaces around names', async () => {
    expect(names(await rci.json('/skills?sort=name'))).toEqual(['Deutsch', 'English', 'Finnish Language']);
    expect(names(await rci.json('/skills?sort=-name'))).toEqual(['Finnish Language', 'English', 'Deutsch']);
    expect(names(await rci.json(`/users?sort=${encodeURIComponent('uiLanguage, -surname')}`))).toEqual([
      'John',
      'David',
      'Peter',
    ]);
    expect(names(await rci.json(`/users?sort=${encodeURIComponent('-synchronised, firstName')}`))).toEqual([
      'David',
      'John',
      'Peter',
    ]);
  });

  it('collates with the locale of a ,LOCALE-xx postfix', async () => {
    // Finnish sorts Ä after Z; German and English sort it with A.
    for (const name of ['Zulu', 'Ärrä', 'Apple']) await rci.post('/userGroups', { name });
    const sorted = async (locale: string) =>
      names(await rci.json(`/userGroups?sort=name,LOCALE-${locale}`)).filter((n) =>
        ['Zulu', 'Ärrä', 'Apple'].includes(n!),
      );
    expect(await sorted('fi')).toEqual(['Apple', 'Zulu', 'Ärrä']);
    expect(await sorted('de')).toEqual(['Apple', 'Ärrä', 'Zulu']);
    expect(await sorted('en-US')).toEqual(['Apple', 'Ärrä', 'Zulu']);
    expect(await sorted('sv')).toEqual(['Apple', 'Zulu', 'Ärrä']);
  });

  it('sorts missing values last in either direction', async () => {
    const noExternalId = (await rci.post('/users', { firstName: 'Zed', surname: 'Nobody' })).text;
    const ascending = await rci.json('/users?sort=externalId');
    const descending = await rci.json('/users?sort=-externalId');
    expect(ascending.at(-1).id).toBe(noExternalId);
    expect(descending.at(-1).id).toBe(noExternalId);
    expect(ascending[0].id).toBe(ids.davidDuck);
    expect(descending[0].id).toBe(ids.peterFrog);
    await rci.del(`/users/${noExternalId}`);
  });

  it.each([
    ['a field the record does not have', '/skills?sort=colour', 'colour'],
    ['a list-valued field', '/queues?sort=addresses', 'addresses'],
    ['an invalid locale tag', '/skills?sort=name,LOCALE-not_a_tag!', 'not_a_tag!'],
    ['an empty element', '/skills?sort=name,,id', "''"],
  ])('answers 400 for %s', async (_, path, named) => {
    const answer = await rci.get(path);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain(named);
  });

  it('with only a locale keeps the default keys', async () => {
    expect(names(await rci.json('/queues?sort=LOCALE-fi'))).toEqual(['Helpdesk', 'Sales', 'Sales chat', 'Sales Email']);
  });
});

describe('offset and limit', () => {
  it('default to 0 and 100', async () => {
    const all = await big.json('/users?limit=1000');
    expect(all.length).toBeGreaterThan(200);
    const page = await big.json('/users');
    expect(page).toHaveLength(100);
    expect(page).toEqual(all.slice(0, 100));
  });

  it('page through the sorted, filtered list', async () => {
    const all = await big.json('/users?sort=-email&limit=1000');
    expect(await big.json('/users?sort=-email&offset=7&limit=5')).toEqual(all.slice(7, 12));
    expect(await big.json('/users?sort=-email&offset=100000')).toEqual([]);
    expect(await big.json('/users?limit=0')).toEqual([]);
    const filtered = await big.json('/users?firstName=A*&limit=1000');
    expect(filtered.length).toBeGreaterThan(3);
    expect(await big.json('/users?firstName=A*&offset=2&limit=2')).toEqual(filtered.slice(2, 4));
  });

  it('allow a limit of at most 1000', async () => {
    expect(await big.json('/users?limit=1000')).toHaveLength(1000);
    const answer = await big.get('/users?limit=1001');
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'limit'");
  });

  it.each(['-1', '1.5', 'ten', '', '0x10'])('refuse %j', async (value) => {
    for (const param of ['offset', 'limit']) {
      const answer = await big.get(`/users?${param}=${value}`);
      expect(answer.status).toBe(400);
      expect(answer.text).toContain(`'${param}'`);
    }
  });

  it('page member lists that document paging', async () => {
    const queues = await big.json(`/queueGroups/${ids.ccAgentQueueGroup}/queues?limit=1000`);
    expect(queues.length).toBeGreaterThan(4);
    expect(await big.json(`/queueGroups/${ids.ccAgentQueueGroup}/queues?offset=1&limit=2`)).toEqual(queues.slice(1, 3));
  });
});

describe('event filters', () => {
  const events = `/disruptionSets/${ids.electricity}/events`;
  const eventIds = async (query: string) => (await rci.json(`${events}?${query}`)).map((e: { id: string }) => e.id);

  it('active=true finds events whose activeFrom..activeTo includes now; open ends count as open', async () => {
    const day = 86_400_000;
    const iso = (offset: number) => new Date(Date.now() + offset).toISOString();
    const running = (
      await rci.post(events, { activeFrom: iso(-day), activeTo: iso(day), items: { item: [{ id: ids.itemWhy05 }] } })
    ).text;
    const openEnded = (await rci.post(events, { activeFrom: iso(-day), items: { item: [{ id: ids.itemWhy05 }] } }))
      .text;
    const future = (await rci.post(events, { activeFrom: iso(day), items: { item: [{ id: ids.itemWhy05 }] } })).text;
    const active = await eventIds('active=true');
    expect(active).toContain(running);
    expect(active).toContain(openEnded);
    expect(active).not.toContain(future);
    expect(active).not.toContain(ids.secondEvent);
    const inactive = await eventIds('active=false');
    expect(inactive).toContain(future);
    expect(inactive).toContain(ids.secondEvent);
    for (const id of [running, openEnded, future]) await rci.del(`${events}/${id}`);
  });

  it('compare activeFrom, activeTo, created and modified with the given UTC times (inclusive)', async () => {
    expect(await eventIds('activeFrom=2021-01-01T00:00:00.000Z')).toEqual([ids.secondEvent]);
    expect(await eventIds('activeFromEnd=2021-01-01T00:00:00.000Z')).toEqual([]);
    expect(await eventIds('activeToEnd=2021-01-08T13:29:34.580Z')).toEqual([ids.secondEvent]);
    expect(await eventIds('activeTo=2021-01-09T00:00:00Z')).toEqual([]);
    expect(await eventIds('created=2020-12-29T00:00:00.000Z&createdEnd=2020-12-30T00:00:00.000Z')).toEqual([ids.event]);
    expect(await eventIds('modifiedEnd=2020-12-28T12:01:00.000Z')).toEqual([ids.secondEvent]);
  });

  it('answer 400 for values that are not timestamps or booleans', async () => {
    expect((await rci.get(`${events}?created=yesterday`)).text).toContain("'created'");
    expect((await rci.get(`${events}?active=maybe`)).status).toBe(400);
  });
});
