// POST/PUT bodies validated as the doc lists them; every violation is a 400 text/plain naming the property.
// The constraint tests are derived from the catalogue, so each documented constraint of each writable
// record is exercised.
import { describe, expect, it } from 'vitest';
import { records, resources, type CollectionSpec, type FieldSpec, type ResourceName } from '../../src/rci/resources.js';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator } from './support.js';

const rci = useSimulator();

/** For every collection that accepts POST: where to post, and a valid body. */
const valid: Partial<Record<ResourceName, { path: string; body: Record<string, unknown> }>> = {
  users: { path: '/users', body: { firstName: 'A', surname: 'B' } },
  userGroups: { path: '/userGroups', body: { name: 'G' } },
  roles: { path: '/roles', body: { name: 'R' } },
  skills: { path: '/skills', body: { name: 'S', description: 'D' } },
  queues: { path: '/queues', body: { type: 'Phone', name: 'Q', loginType: 'HuntGroup' } },
  queueGroups: { path: '/queueGroups', body: { name: 'QG', description: 'D' } },
  messagingServices: {
    path: '/messagingServices',
    body: { type: 'yaas', name: 'M', connection: 'https://m.example.com/' },
  },
  certificates: { path: `/users/${ids.johnFox}/certificates`, body: { subject: 's', issuer: 'i' } },
  userSkills: { path: `/users/${ids.peterFrog}/skills`, body: { id: ids.finnish, value: 3 } },
  extensions: { path: `/queues/${ids.salesQueue}/extensions`, body: { name: '103', language: 'EN', priority: 1 } },
  queueAttributes: { path: `/queues/${ids.salesQueue}/attributes`, body: { name: 'n', language: 'EN', value: 'v' } },
  queueGroupAttributes: {
    path: `/queueGroups/${ids.ccAgentQueueGroup}/attributes`,
    body: { name: 'n', language: 'EN', value: 'v' },
  },
  customIvrAttributes: {
    path: `/customIvrs/${ids.menuIvr}/attributes`,
    body: { name: 'n', language: 'EN', value: 'v' },
  },
  authentications: {
    path: `/messagingServices/${ids.facebookService}/authentications`,
    body: { authenticationId: 'a' },
  },
  events: { path: `/disruptionSets/${ids.electricity}/events`, body: { items: { item: [{ id: ids.itemWhy05 }] } } },
};

const writable = (Object.entries(resources) as [ResourceName, CollectionSpec][]).filter(([, c]) =>
  c.operations.includes('create'),
);

interface Case {
  collection: ResourceName;
  what: string;
  property: string;
  body: Record<string, unknown>;
}

/** One invalid body per documented constraint. */
function violations(): Case[] {
  const cases: Case[] = [];
  for (const [collection, spec] of writable) {
    const base = valid[collection]!;
    for (const [property, field] of Object.entries(records[spec.record].fields) as [string, FieldSpec][]) {
      if (field.readOnly) continue;
      const withValue = (value: unknown) => ({ ...base.body, [property]: value });
      if (field.required) {
        const { [property]: _, ...without } = base.body;
        cases.push({ collection, what: 'missing required', property, body: without });
      }
      if (field.type.kind === 'string' && field.minLength) {
        cases.push({
          collection,
          what: `shorter than ${field.minLength}`,
          property,
          body: withValue('x'.repeat(field.minLength - 1)),
        });
      }
      if (field.type.kind === 'string' && field.maxLength !== undefined) {
        cases.push({
          collection,
          what: `longer than ${field.maxLength}`,
          property,
          body: withValue('x'.repeat(field.maxLength + 1)),
        });
      }
      if (field.type.kind === 'enum')
        cases.push({ collection, what: 'not one of the values', property, body: withValue('none-of-these') });
      if (field.type.kind === 'integer' && field.type.min !== undefined) {
        cases.push({ collection, what: `below ${field.type.min}`, property, body: withValue(field.type.min - 1) });
      }
      if (field.type.kind === 'integer' && field.type.max !== undefined) {
        cases.push({ collection, what: `above ${field.type.max}`, property, body: withValue(field.type.max + 1) });
      }
      const wrongType = {
        string: 42,
        boolean: 'yes',
        integer: 1.5,
        number: 'one',
        datetime: 'yesterday',
        enum: 7,
        stringList: [42],
        objectList: 'x',
      }[field.type.kind];
      cases.push({
        collection,
        what: `of the wrong type (${JSON.stringify(wrongType)})`,
        property,
        body: withValue(wrongType),
      });
    }
  }
  return cases;
}

describe('valid bodies', () => {
  it.each(writable.map(([c]) => c))('are accepted for %s', async (collection) => {
    const { path, body } = valid[collection]!;
    const answer = await rci.post(path, body);
    expect(answer.status).toBe(201);
  });
});

describe('every documented constraint', () => {
  it.each(violations().map((c) => [c.collection, c.property, c.what, c] as const))(
    '%s: %s %s → 400 naming it',
    async (_collection, property, _what, c) => {
      const answer = await rci.post(valid[c.collection]!.path, c.body);
      expect(answer.status).toBe(400);
      expect(answer.type).toBe('text/plain');
      expect(answer.text).toContain(`'${property}`);
    },
  );

  it('is checked on PUT as well', async () => {
    const answer = await rci.put(`/users/${ids.davidDuck}`, {
      firstName: 'David',
      surname: 'Duck',
      login: 'x'.repeat(65),
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'login'");
    expect((await rci.json(`/users/${ids.davidDuck}`)).login).toBe('David.Duck');
  });
});

describe('one-of values', () => {
  it('are read case-insensitively and answered in their canonical spelling', async () => {
    const queue = (await rci.post('/queues', { type: 'phone', name: 'Lower', loginType: 'autoallocation' })).text;
    expect(await rci.json(`/queues/${queue}`)).toMatchObject({ type: 'Phone', loginType: 'AutoAllocation' });
    const service = (await rci.post('/messagingServices', { type: 'FACEBOOK', name: 'F', connection: 'c' })).text;
    expect((await rci.json(`/messagingServices/${service}`)).type).toBe('facebook');
  });

  it('list the allowed values when violated', async () => {
    const answer = await rci.post('/queues', { type: 'fax', name: 'Fax', loginType: 'HuntGroup' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'type'");
    expect(answer.text).toContain('Phone, Chat, Email');
  });
});

describe('skill values', () => {
  it.each([1, 5])('accept %i', async (value) => {
    const user = (await rci.post('/users', { firstName: 'S', surname: String(value) })).text;
    expect((await rci.post(`/users/${user}/skills`, { id: ids.english, value })).status).toBe(201);
    expect(await rci.json(`/users/${user}/skills`)).toEqual([{ id: ids.english, value }]);
  });

  it.each([0, 6, 2.5, '3', -1])('refuse %j naming value', async (value) => {
    const answer = await rci.post(`/users/${ids.davidDuck}/skills`, { id: ids.deutsch, value });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'value'");
  });
});

describe('malformed bodies', () => {
  it.each([
    ['broken JSON', '{"name": "x",'],
    [
      "the doc's own queue group example (an array with a missing comma)",
      '[\n{\n"name": "CC Agent"\n"description": "CC Agent queue group"\n}\n]',
    ],
    ['a JSON array', '[{"name":"x","description":"y"}]'],
    ['JSON null', 'null'],
    ['a JSON string', '"x"'],
    ['an empty body', ''],
  ])('answer 400 text/plain: %s', async (_, raw) => {
    const answer = await rci.call('POST', '/queueGroups', { raw, headers: { 'content-type': 'application/json' } });
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('text/plain');
  });

  it('names an unknown property', async () => {
    const answer = await rci.post('/roles', { name: 'R', colour: 'blue' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'colour'");
  });

  it('reads a wrapped list given as a bare array (as the doc lists it) and answers it wrapped', async () => {
    const answer = await rci.post('/queues', { type: 'Phone', name: 'Q', loginType: 'HuntGroup', addresses: ['100'] });
    expect(answer.status).toBe(201);
    expect((await rci.json(`/queues/${answer.text}`)).addresses).toEqual({ address: ['100'] });
  });

  it('names a wrapped list that is neither its wrapper nor an array', async () => {
    const answer = await rci.post('/queues', { type: 'Phone', name: 'Q', loginType: 'HuntGroup', addresses: '100' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'addresses'");
    expect(answer.text).toContain('{"address": [...]}');
  });

  it('names a time zone that does not exist', async () => {
    const answer = await rci.post('/users', { firstName: 'A', surname: 'B', timeZone: 'Mars/Olympus' });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("'timeZone'");
  });
});

describe('names the documentation itself uses', () => {
  it('read an extension posted as {"address": "103"} (the doc example) as its name', async () => {
    const id = (await rci.post(`/queues/${ids.salesQueue}/extensions`, { address: '104' })).text;
    expect(await rci.json(`/queues/${ids.salesQueue}/extensions/${id}`)).toEqual({ id, name: '104' });
    const both = await rci.post(`/queues/${ids.salesQueue}/extensions`, { address: '105', name: '105' });
    expect(both.status).toBe(400);
  });

  it('read an event item\'s "externalid" (the doc\'s property list spelling) as externalId', async () => {
    const events = `/disruptionSets/${ids.electricity}/events`;
    const id = (await rci.post(events, { items: { item: [{ externalid: '55', type: 'WHY' }] } })).text;
    expect((await rci.json(`${events}/${id}`)).items.item[0].id).toBe(ids.itemService);
  });

  it('read an attribute\'s "langauge" (the doc\'s spelling) as language', async () => {
    const path = `/queueGroups/${ids.ccSupportQueueGroup}/attributes`;
    expect((await rci.post(path, { name: 'Name', langauge: 'SV', value: 'Stöd' })).status).toBe(201);
    expect(await rci.json(path)).toEqual([{ name: 'Name', language: 'SV', value: 'Stöd' }]);
  });
});
