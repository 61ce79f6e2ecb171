// The documented wire shapes: lists inside wrapper objects, events created with items given by id or by
// externalId + type and answered with full item references.
import { describe, expect, it } from 'vitest';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator } from './support.js';

const rci = useSimulator();
const events = `/disruptionSets/${ids.electricity}/events`;

describe('wrapped lists', () => {
  it('queues answer {"addresses": {"address": [...]}} and read the same shape', async () => {
    expect((await rci.json(`/queues/${ids.helpdeskQueue}`)).addresses).toEqual({ address: ['101', '102'] });
    const id = (
      await rci.post('/queues', {
        type: 'Email',
        name: 'Mail',
        loginType: 'HuntGroup',
        addresses: { address: ['a@example.com', 'b@example.com'] },
      })
    ).text;
    expect((await rci.json(`/queues/${id}`)).addresses).toEqual({ address: ['a@example.com', 'b@example.com'] });
  });

  it('custom IVRs answer {"addresses": {"address": [...]}}', async () => {
    expect((await rci.json(`/customIvrs/${ids.menuIvr}`)).addresses).toEqual({ address: ['243', '234'] });
  });

  it('reply templates answer {"keywords": {"keyword": [...]}}', async () => {
    expect((await rci.json(`/replyTemplates/${ids.template2}`)).keywords).toEqual({
      keyword: ['issue', 'problem', 'washing', 'machine'],
    });
  });

  it('disruption items answer {"attributes": {"attribute": [...]}}', async () => {
    expect((await rci.json(`/disruptionSets/${ids.electricity}/items/${ids.itemHelsinki1}`)).attributes).toEqual({
      attribute: [
        { name: 'SayAsDatatype', language: 'EN', value: 'digits' },
        { name: 'SayAsValue', language: 'EN', value: '00100' },
      ],
    });
  });

  it('events answer {"items": {"item": [{id, externalId, type}]}}', async () => {
    expect((await rci.json(`${events}/${ids.event}`)).items).toEqual({
      item: [
        { id: '4207972208924A96816382C5E1BFD686', externalId: '05', type: 'WHY' },
        { id: '8207972208924A96816382C5E18FD686', externalId: '00100', type: 'WHERE' },
        { id: '6207972208924A97816382C5E1BFD686', externalId: '14', type: 'WHEN' },
      ],
    });
  });

  it('cpExtension queues are a plain array of ids, as documented', async () => {
    expect((await rci.json(`/cpExtensions/${ids.myExtension}`)).queues).toEqual([ids.salesQueue]);
  });
});

describe('events', () => {
  it('are created with items given by id (the doc example)', async () => {
    const body = {
      activeFrom: '2021-03-29T12:01:00.000Z',
      activeTo: '2021-04-29T12:01:00.000Z',
      items: {
        item: [
          { id: '4207972208924A96816382C5E1BFD686' },
          { id: '921AF17CDD09411D91700F0B32F6C8A2' },
          { id: '61809A9F49004C4399932A372ABF7692' },
        ],
      },
    };
    const before = Date.now();
    const id = (await rci.post(events, body)).text;
    const event = await rci.json(`${events}/${id}`);
    expect(event).toMatchObject({ id, activeFrom: body.activeFrom, activeTo: body.activeTo });
    expect(event.items).toEqual({
      item: [
        { id: '4207972208924A96816382C5E1BFD686', externalId: '05', type: 'WHY' },
        { id: '921AF17CDD09411D91700F0B32F6C8A2', externalId: '90100', type: 'WHERE' },
        { id: '61809A9F49004C4399932A372ABF7692', externalId: '1400', type: 'WHEN' },
      ],
    });
    // created/modified are set by the simulator, as ISO 8601 UTC with milliseconds.
    expect(event.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(event.modified).toBe(event.created);
    expect(Date.parse(event.created)).toBeGreaterThanOrEqual(before - 1000);
  });

  it('are created with items given by externalId and type (the doc example), to the same items', async () => {
    const body = {
      activeFrom: '2021-03-29T12:01:00.000Z',
      activeTo: '2021-04-29T12:01:00.000Z',
      items: {
        item: [
          { externalId: '05', type: 'WHY' },
          { externalId: '90100', type: 'WHERE' },
          { externalId: '1400', type: 'when' },
        ],
      },
    };
    const id = (await rci.post(events, body)).text;
    expect((await rci.json(`${events}/${id}`)).items.item.map((i: { id: string }) => i.id)).toEqual([
      ids.itemWhy05,
      ids.itemWhere90100,
      ids.itemWhen1400,
    ]);
  });

  it('refuse an item reference that names neither an id nor externalId and type', async () => {
    const answer = await rci.post(events, { items: { item: [{ externalId: '05' }] } });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('items.item[0]');
  });

  it("accept items given as a bare array, as the doc's property list describes them, and answer them wrapped", async () => {
    const answer = await rci.post(events, { items: [{ id: ids.itemWhy05 }, { externalid: '90100', type: 'WHERE' }] });
    expect(answer.status).toBe(201);
    expect((await rci.json(`${events}/${answer.text}`)).items.item.map((i: { id: string }) => i.id)).toEqual([
      ids.itemWhy05,
      ids.itemWhere90100,
    ]);
  });
});
