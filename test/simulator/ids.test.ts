// Ids in paths: unknown → 404 "HTTP 404 Not Found", malformed GUID → 400 "Invalid GUID: '<id>'",
// time zones keyed by IANA names.
import { describe, expect, it } from 'vitest';
import { resources, type CollectionSpec } from '../../src/rci/resources.js';
import { ids } from '../../src/simulator/data/examples.js';
import { useSimulator } from './support.js';

const rci = useSimulator();
const UNKNOWN = '0123456789ABCDEF0123456789ABCDEF';
const roots = (Object.values(resources) as CollectionSpec[]).filter((c) => !c.parent);
const guidRoots = roots.filter((c) => c.idFormat === 'guid');

describe('an unknown id', () => {
  it.each(guidRoots.map((c) => c.segment))(
    'answers 404 text/plain "HTTP 404 Not Found" on /%s/{id}',
    async (segment) => {
      const answer = await rci.get(`/${segment}/${UNKNOWN}`);
      expect(answer.status).toBe(404);
      expect(answer.type).toBe('text/plain');
      expect(answer.text).toBe('HTTP 404 Not Found');
    },
  );

  it('answers 404 for PUT and DELETE too', async () => {
    expect((await rci.put(`/roles/${UNKNOWN}`, { name: 'x' })).status).toBe(404);
    expect((await rci.del(`/roles/${UNKNOWN}`)).status).toBe(404);
  });

  it('answers 404 for an unknown parent of a nested collection', async () => {
    const answer = await rci.get(`/users/${UNKNOWN}/certificates`);
    expect([answer.status, answer.text]).toEqual([404, 'HTTP 404 Not Found']);
    expect((await rci.post(`/users/${UNKNOWN}/certificates`, { subject: 's', issuer: 'i' })).status).toBe(404);
  });

  it('answers 404 for a nested object asked under another parent', async () => {
    expect((await rci.get(`/users/${ids.johnFox}/certificates/${ids.certificateJohnFox}`)).status).toBe(200);
    expect((await rci.get(`/users/${ids.davidDuck}/certificates/${ids.certificateJohnFox}`)).status).toBe(404);
  });
});

describe('a malformed GUID', () => {
  it.each([
    ['one character short (the doc example)', '2B8ED95B0EC911E79675005056A75D9'],
    ['one character long', `${ids.johnFox}0`],
    ['not hexadecimal', 'G936C474B22311D38FBE0090279A922E'],
    ['a name', 'john'],
    ['dashes in the wrong places', 'E936C474B223-11D3-8FBE-0090-279A922E'],
  ])('answers 400 text/plain "Invalid GUID" quoting the id (%s)', async (_, id) => {
    const answer = await rci.get(`/users/${id}`);
    expect(answer.status).toBe(400);
    expect(answer.type).toBe('text/plain');
    expect(answer.text).toBe(`Invalid GUID: '${id}'`);
  });

  it('quotes the id URL-decoded', async () => {
    const answer = await rci.get('/users/not%20a%20guid');
    expect(answer.text).toBe("Invalid GUID: 'not a guid'");
  });

  it('is checked in parent and member positions too', async () => {
    expect((await rci.get('/users/xyz/roles')).text).toBe("Invalid GUID: 'xyz'");
    expect((await rci.get(`/users/${ids.johnFox}/roles/xyz`)).text).toBe("Invalid GUID: 'xyz'");
    expect((await rci.get(`/disruptionSets/${ids.electricity}/items/xyz`)).status).toBe(400);
  });
});

describe('accepted GUID forms', () => {
  it('reads lowercase and dashed GUIDs and answers the canonical 32 uppercase hex id', async () => {
    for (const form of [
      ids.johnFox.toLowerCase(),
      'e936c474-b223-11d3-8fbe-0090279a922e',
      'E936C474-B223-11D3-8FBE-0090279A922E',
    ]) {
      const answer = await rci.get(`/users/${form}`);
      expect(answer.status).toBe(200);
      expect(answer.json().id).toBe(ids.johnFox);
    }
  });
});

describe('time zones', () => {
  it('are keyed by IANA names, as one escaped segment or as the rest of the path', async () => {
    for (const path of ['/timeZones/Europe%2FHelsinki', '/timeZones/Europe/Helsinki']) {
      const answer = await rci.get(path);
      expect(answer.status).toBe(200);
      expect(answer.json()).toEqual({
        id: 'Europe/Helsinki',
        name: '(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius',
      });
    }
  });

  it('answer 404, never "Invalid GUID", for unknown or malformed names', async () => {
    for (const name of [
      'Mars%2FOlympus_Mons',
      'Europe/Atlantis',
      'europe/helsinki',
      UNKNOWN,
      '..%2F..%2Fetc',
      'Europe%2F',
    ]) {
      const answer = await rci.get(`/timeZones/${name}`);
      expect([answer.status, answer.text]).toEqual([404, 'HTTP 404 Not Found']);
    }
  });
});
