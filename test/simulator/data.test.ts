// The data set: every example answer of the documentation is served with the doc's ids and values (except
// the README's listed decisions about contradictions), wired into plausible relations; the generator adds a
// large, consistent, reproducible data set quickly.
import { describe, expect, it } from 'vitest';
import { resources, type CollectionSpec, type ResourceName } from '../../src/rci/resources.js';
import { createDataSet } from '../../src/simulator/data/dataset.js';
import { generatedCounts } from '../../src/simulator/data/generate.js';
import { ROOT, type Entity } from '../../src/simulator/store.js';
import { validateBody } from '../../src/simulator/validate.js';
import { toWire, referenceParent } from '../../src/simulator/wire.js';
import { startSimulator } from '../../src/simulator/index.js';
import { documentedAnswers } from './doc-examples.js';
import { call, useSimulator } from './support.js';
import type { Json } from '../support/json.js';

const rci = useSimulator();

/** The doc's ids of the objects whose nested lists the examples show. */
const params: Record<string, string> = {
  userId: 'E936C474B22311D38FBE0090279A922E',
  userGroupId: '7B9ED6753BCD460C98501E9FD1C02002',
  roleId: '2CADB6A137124F13BC68938E2B5FEFC1',
  queueId: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
  queueGroupId: '2CADB6A137124F13BC68938E2B5FEFC1',
  messagingServiceId: 'B8F0CA9CFC0411D3A2230050DA29E0F4',
  replyTemplateId: '000BC39C7CC04554A95062CF4C6BBE06',
  customIvrId: 'A5AF21AB416849BBA6FDBE92E5C15B69',
  disruptionSetId: '14E14D7338C44EA5904A1E18180186FF',
};
/** Lists that belong to another owner than the one above. */
const owners: Record<string, Record<string, string>> = {
  // The extension examples (101, 102) match the Helpdesk queue's addresses.
  '/queues/{queueId}/extensions': { queueId: '409FBE1B217643089F291B8796174643' },
  '/queues/{queueId}/extensions/{extensionId}': { queueId: '409FBE1B217643089F291B8796174643' },
  // The attachment examples belong to the template whose attachmentCount is 3.
  '/replyTemplates/{replyTemplateId}/attachments': { replyTemplateId: '611D51A367C54C2F8D30C032B48D847E' },
  '/replyTemplates/{replyTemplateId}/attachments/{attachmentId}': {
    replyTemplateId: '611D51A367C54C2F8D30C032B48D847E',
  },
};

/**
 * The README's decisions where the examples contradict each other: each turns the doc's example into what
 * the simulator answers instead.
 */
const decisions: Record<string, (example: Json) => unknown> = {
  // Extensions: the documented property is `name`; the examples' `address` is its value.
  '/queues/{queueId}/extensions': (list) => list.map(({ address, ...e }: Json) => ({ ...e, name: address })),
  '/queues/{queueId}/extensions/{extensionId}': ({ address, ...e }) => ({ ...e, name: address }),
  // The list example says attachmentCount 0, the by-id one 1; the count is derived and the list wins.
  '/replyTemplates/{replyTemplateId}': (t) => ({ ...t, attachmentCount: 0 }),
  // The list and by-id examples of source code C9071690… disagree on modificationDate; the list wins.
  '/customIvrs/{customIvrId}/sourceCodes/{sourceCodeId}': (s) => ({
    ...s,
    modificationDate: '2020-01-21T13:10:47.493Z',
  }),
  // The IVR names BA78FF64… as its current version; the doc's C9071690… is its version 1.
  '/customIvrs/{customIvrId}/currentSourceCodeVersion': () => ({
    id: 'BA78FF64DCEC40B885AF6D2C337D7C5D',
    versionNumber: 2,
  }),
  // The by-id example mixes MyExtension's title/url/queues with MyExtension2's id and icon; the list wins.
  '/cpExtensions/{cpExtensionId}': () => ({
    id: '94C89D627D0340A2807B18D8B9C4CD90',
    title: 'MyExtension2',
    url: 'https://example.com/frame2.html',
    icon: 'sap-icon://travel-request',
    queues: [
      'B8F0CA9CFC0411D3A2230050DA29E0F4',
      '409FBE1B217643089F291B8796174643',
      '7B2EB5F5DF62439690CF6D180A2009C8',
    ],
    hidden: false,
  }),
  // Two different events share one id, and items 8207…/6207… have two externalIds each: the second event
  // gets its own id and its own items 00200/WHERE and 19/WHEN.
  '/disruptionSets/{disruptionSetId}/events': ([first, second]) => [
    first,
    {
      ...second,
      id: 'C21269BEA18B4146A219202DD8966FFB',
      items: {
        item: [
          second.items.item[0],
          { id: 'EEF0636FBB363B70DCD9845BFCB96575', externalId: '00200', type: 'WHERE' },
          { id: 'FB8840B2279E6CDCCF0FEA5B70EBBC7A', externalId: '19', type: 'WHEN' },
        ],
      },
    },
  ],
};

/** Ids are answered as 32 uppercase hex characters, also where an example prints the dashed form. */
const undashed = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value), (key, v) =>
    key === 'id' && typeof v === 'string' && /^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$/i.test(v)
      ? v.replaceAll('-', '').toUpperCase()
      : v,
  );

function concretePath(template: string, example: Json): string {
  const values = { ...params, ...owners[template] };
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    // The last id of a by-id example is the example's own id.
    const value =
      name === names.at(-1) && !Array.isArray(example) && example.id && !values[name] ? example.id : values[name];
    return encodeURIComponent(String(value ?? example.id));
  });
}

describe('the documentation examples', () => {
  it('cover all 60 documented GETs', () => {
    expect(documentedAnswers).toHaveLength(60);
    for (const template of [...Object.keys(owners), ...Object.keys(decisions)]) {
      expect(documentedAnswers.map((a) => a.template)).toContain(template);
    }
  });

  it.each(documentedAnswers.map((a) => [a.template, a.example] as const))(
    '%s is answered as documented',
    async (template, example) => {
      const expected = undashed((decisions[template] ?? ((e: unknown) => e))(example));
      const answer = await rci.json(concretePath(template, example));
      if (!Array.isArray(expected)) {
        expect(answer).toMatchObject(expected as object);
        return;
      }
      // Every object of the example is answered (lists may hold more), with at least the example's values.
      for (const item of expected as Record<string, unknown>[]) {
        const found = item.id
          ? answer.find((a: { id: string }) => a.id === item.id)
          : answer.find((a: object) => JSON.stringify(a) === JSON.stringify(item));
        expect(found, JSON.stringify(item)).toMatchObject(item);
      }
    },
  );

  it('the user John Fox has roles, skills, groups, certificates and a time zone', async () => {
    const john = 'E936C474B22311D38FBE0090279A922E';
    expect(await rci.json(`/users/${john}/roles`)).toHaveLength(3);
    expect(await rci.json(`/users/${john}/skills`)).toHaveLength(3);
    expect(await rci.json(`/users/${john}/userGroups`)).toHaveLength(3);
    expect(await rci.json(`/users/${john}/certificates`)).toHaveLength(2);
    expect((await rci.json('/timeZones/Europe%2FHelsinki')).id).toBe('Europe/Helsinki');
  });

  it('make the POST examples work: their ids exist', async () => {
    // POST /users/{u}/userGroups posts A9934415… which no list shows; POST /users/{u}/skills posts Finnish.
    expect(
      (await rci.post('/users/40ECCFBFAEA24FEDA90A3347E9BC26E7/userGroups', { id: 'A9934415A02845B69389008CF1F27EAB' }))
        .text,
    ).toBe('A9934415A02845B69389008CF1F27EAB');
    expect(
      (
        await rci.post('/users/40ECCFBFAEA24FEDA90A3347E9BC26E7/skills', {
          id: 'ABFF5E5BC1E44E90877C55570D06E8A7',
          value: 2,
        })
      ).status,
    ).toBe(201);
    expect((await rci.post(`/queues/${params.queueId}/extensions`, { address: '103' })).status).toBe(201);
  });
});

describe('the generated data set', () => {
  it('has the documented size for a scale', async () => {
    const counts = generatedCounts(100);
    const sim = await startSimulator({ data: { scale: 100 } });
    try {
      expect((await call(sim.url, 'GET', '/users?limit=1000')).json()).toHaveLength(counts.users + 3);
      expect((await call(sim.url, 'GET', '/queues?limit=1000')).json()).toHaveLength(counts.queues + 4);
      const sets = (await call(sim.url, 'GET', '/disruptionSets')).json();
      expect(sets).toHaveLength(counts.disruptionSets + 2);
      const generated = sets.find((s: { externalId: string }) => s.externalId === 'gen-set1');
      expect((await call(sim.url, 'GET', `/disruptionSets/${generated.id}/events`)).json()).toHaveLength(
        counts.eventsPerSet,
      );
      expect((await call(sim.url, 'GET', `/disruptionSets/${generated.id}/items`)).json()).toHaveLength(
        counts.itemsPerSet,
      );
    } finally {
      await sim.close();
    }
  });

  it('is the same for the same seed and different for another', () => {
    const users = (scale: number, seed: number) =>
      createDataSet({ scale, seed })
        .list('users')
        .map((u) => JSON.stringify(u));
    expect(users(20, 7)).toEqual(users(20, 7));
    expect(users(20, 7)).not.toEqual(users(20, 8));
    // The examples are always there, unchanged.
    expect(users(20, 8).slice(0, 3)).toEqual(users(0, 1));
  });

  it('generates scale 1000: the examples plus 5 users per unit of scale', () => {
    const store = createDataSet({ scale: 1000, seed: 1 });
    expect(store.count('users')).toBe(5003);
  });

  it('holds only objects that pass the validation of the documented constraints, with references that resolve', () => {
    const store = createDataSet({ scale: 60, seed: 3 });
    let checked = 0;
    for (const [collection, spec] of Object.entries(resources) as [ResourceName, CollectionSpec][]) {
      const parents = spec.parent ? store.list(spec.parent).map((p) => p.id) : [ROOT];
      for (const parentId of parents) {
        for (const entity of store.list(collection, parentId)) {
          const wire = toWire(spec.record, entity, { store, parentId });
          const context = {
            mode: 'create' as const,
            exists: (c: ResourceName, id: string) => store.get(c, id) !== undefined,
            findReference: (c: ResourceName, key: Record<string, string>) => {
              const found = store
                .list(c, referenceParent(c, parentId))
                .find((o: Entity) => Object.entries(key).every(([p, v]) => o[p] === v));
              return found ? found.id : null;
            },
          };
          expect(() => validateBody(spec.record, wire, context), `${collection} ${entity.id}`).not.toThrow();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('wires memberships, user skills and extensions to objects that exist', async () => {
    const sim = await startSimulator({ data: { scale: 20, seed: 5 } });
    try {
      const get = async (path: string) => (await call(sim.url, 'GET', path)).json();
      const users = await get('/users?limit=1000&firstName=A*');
      expect(users.length).toBeGreaterThan(0);
      for (const user of users) {
        const roles = await get(`/users/${user.id}/roles`);
        expect(roles.length).toBeGreaterThan(0);
        for (const role of roles)
          expect((await get(`/roles/${role.id}/users?firstName=A*`)).map((u: { id: string }) => u.id)).toContain(
            user.id,
          );
        for (const skill of await get(`/users/${user.id}/skills`)) expect(skill.value).toBeGreaterThanOrEqual(1);
        expect((await get(`/users/${user.id}/userGroups`)).length).toBeGreaterThan(0);
      }
      for (const queue of await get('/queues?limit=1000')) {
        expect((await get(`/queues/${queue.id}/queueGroups`)).length).toBeGreaterThan(0);
      }
    } finally {
      await sim.close();
    }
  });
});
