import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { useGatewayOver } from '../support/gateway.js';

// Liberal in what it reads, canonical in what it answers: an RCI answering ids in lowercase or dashed
// form, the doc's other spellings (`address`, `langauge`, `externalid`), lists with or without their
// wrapper, and one malformed item in a list. The answers below are the doc's own examples where it has them.
const QUEUE = 'A8F2AC742E914654B9AB5F420406B830';
const SET = '14E14D7338C44EA5904A1E18180186FF';
const dashedLower = (id: string) =>
  `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`.toLowerCase();

const answers: Record<string, unknown> = {
  [`/queues/${QUEUE}`]: {
    id: dashedLower(QUEUE),
    type: 'phone',
    name: 'Helpdesk',
    loginType: 'huntgroup',
    addresses: ['101', '102'],
  },
  // The doc's extension list example, word for word (its second item's id dashed and in lowercase).
  [`/queues/${QUEUE}/extensions`]: [
    { id: 'A8F2AC742E914654B9AB5F420406B828', address: '101' },
    { id: dashedLower('CB5AF61A7E2C4E728C62069A85EB73BA'), address: '102' },
  ],
  [`/queues/${QUEUE}/attributes`]: [{ name: 'greeting', langauge: 'EN', value: 'Hello' }],
  // The malformed item stands between two good ones, so a shifted or extra null would show.
  [`/queues/${QUEUE}/queueGroups`]: [
    { id: '1A2B3C4D5E6F40718293A4B5C6D7E8F9', name: 'Support' },
    { name: 'no id' },
    { id: '2B3C4D5E6F40718293A4B5C6D7E8F90A', name: 'Sales' },
  ],
  [`/disruptionSets/${SET}/events`]: [
    {
      id: 'c21269bea18b4146a219202dd8966ffa',
      items: [{ id: '4207972208924a96816382c5e1bfd686', externalid: '05', type: 'why' }],
    },
    {
      id: 'C21269BEA18B4146A219202DD8966FFB',
      items: { item: { id: '921AF17CDD09411D91700F0B32F6C8A2', externalId: '90100', type: 'WHERE' } },
    },
  ],
  [`/disruptionSets/${SET}`]: { id: SET, name: 'Electricity', externalId: 'E1' },
  // A list read in full (it seeds the by-id reads) with an item whose id is no GUID.
  '/queues': [
    { id: QUEUE, type: 'phone', name: 'Helpdesk', loginType: 'huntgroup' },
    { id: 'not-a-guid', type: 'phone', name: 'Odd', loginType: 'huntgroup' },
  ],
};

const rci = useGatewayOver((req, res) => {
  const path = (req.url ?? '').replace(/^\/RI\/rci/, '').replace(/\?.*$/, '');
  const body = answers[path];
  if (body === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('HTTP 404 Not Found');
  else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});

describe('ids in any spelling are answered canonically', () => {
  it('a queue answered with a dashed lowercase id has the canonical rciId and global id', async () => {
    const result = await rci.query(`{ queue(id: "${dashedLower(QUEUE)}") { id rciId type loginType addresses } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      queue: {
        id: encodeGlobalID('Queue', QUEUE),
        rciId: QUEUE,
        type: 'PHONE',
        loginType: 'HUNT_GROUP',
        addresses: ['101', '102'],
      },
    });
  });

  it("ids inside lists and references are canonical too, whatever RCI's spelling", async () => {
    const result = await rci.query(`{ disruptionSet(id: "${SET}") { events { rciId itemRefs { itemId type } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      disruptionSet: {
        events: [
          {
            rciId: 'C21269BEA18B4146A219202DD8966FFA',
            itemRefs: [{ itemId: '4207972208924A96816382C5E1BFD686', type: 'WHY' }],
          },
          {
            rciId: 'C21269BEA18B4146A219202DD8966FFB',
            itemRefs: [{ itemId: '921AF17CDD09411D91700F0B32F6C8A2', type: 'WHERE' }],
          },
        ],
      },
    });
  });
});

describe("the doc's spellings", () => {
  it("extensions answered with `address` (the doc's example) read as their name", async () => {
    const result = await rci.query(`{ queue(id: "${QUEUE}") { extensions { rciId name } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      queue: {
        extensions: [
          { rciId: 'A8F2AC742E914654B9AB5F420406B828', name: '101' },
          { rciId: 'CB5AF61A7E2C4E728C62069A85EB73BA', name: '102' },
        ],
      },
    });
  });

  it('attributes answered with `langauge` read as their language', async () => {
    const result = await rci.query(`{ queue(id: "${QUEUE}") { attributes { name language value } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ queue: { attributes: [{ name: 'greeting', language: 'EN', value: 'Hello' }] } });
  });

  it('event items answered with `externalid`, bare or in their wrapper, read as externalId', async () => {
    const result = await rci.query(`{ disruptionSet(id: "${SET}") { events { itemRefs { externalId } } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      disruptionSet: { events: [{ itemRefs: [{ externalId: '05' }] }, { itemRefs: [{ externalId: '90100' }] }] },
    });
  });
});

describe('a malformed item in a list answer', () => {
  it('an item whose id is no id is answered as RCI gave it, beside the others (a list read in full)', async () => {
    const result = await rci.query(`{ queues(first: 10) { nodes { rciId name } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      queues: {
        nodes: [
          { rciId: QUEUE, name: 'Helpdesk' },
          { rciId: 'not-a-guid', name: 'Odd' },
        ],
      },
    });
  });

  it('fails only that item, with an UPSTREAM_ERROR at its own path naming it', async () => {
    const result = await rci.query(`{ queue(id: "${QUEUE}") { name queueGroups { rciId name } } }`);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.path).toEqual(['queue', 'queueGroups', 1]);
    expect(error.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(error.message).toMatch(/as item 1, a malformed QueueGroup: id/);
  });

  it("leaves the other items' data and the rest of the answer intact (the failed item alone is null)", async () => {
    const result = await rci.query(`{ queue(id: "${QUEUE}") { name queueGroups { rciId name } } }`);
    expect(result.errors?.map((e) => e.path)).toEqual([['queue', 'queueGroups', 1]]);
    expect(result.data).toEqual({
      queue: {
        name: 'Helpdesk',
        queueGroups: [
          { rciId: '1A2B3C4D5E6F40718293A4B5C6D7E8F9', name: 'Support' },
          null,
          { rciId: '2B3C4D5E6F40718293A4B5C6D7E8F90A', name: 'Sales' },
        ],
      },
    });
  });
});
