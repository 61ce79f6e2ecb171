import { describe, expect, it } from 'vitest';
import { RciError } from '../../src/rci/errors.js';
import {
  inputIssues,
  malformedItem,
  parseList,
  parseObject,
  toWireBody,
  UNDOCUMENTED_MAX_LENGTH,
  valueIssues,
} from '../../src/rci/schemas.js';
import type { RecordName } from '../../src/rci/resources.js';

// The wire parser on its own: the catalogue's schemas read RCI's answers leniently and canonically, and
// check write inputs. The client-level tests prove the same through GraphQL; these name the rule that broke.
const GUID = 'E936C474B22311D38FBE0090279A922E';
const dashed = 'e936c474-b223-11d3-8fbe-0090279a922e';
const sameNames = (_record: RecordName, field: string) => field;

describe('answers: ids', () => {
  it('an id in lowercase or dashed form is answered as 32 uppercase hex characters', () => {
    for (const id of [GUID, GUID.toLowerCase(), dashed, dashed.toUpperCase()]) {
      expect(parseObject('role', { id, name: 'Agent' }).id).toBe(GUID);
    }
  });

  it('references and lists of references are canonical too; time zone ids are kept as written', () => {
    expect(parseObject('user', { id: dashed, firstName: 'A', surname: 'B', timeZone: 'Europe/Helsinki' })).toEqual({
      id: GUID,
      firstName: 'A',
      surname: 'B',
      timeZone: 'Europe/Helsinki',
    });
    const extension = parseObject('cpExtension', { id: GUID, queues: [dashed] }, 'summary');
    expect(extension.queues).toEqual([GUID]);
  });

  it('a value that is no id of its format is kept as it came, not invented', () => {
    expect(parseObject('role', { id: 'not-a-guid', name: 'Agent' }).id).toBe('not-a-guid');
  });
});

describe("answers: the doc's spellings and shapes", () => {
  it('`address` reads as an extension name, and is not kept under its alias', () => {
    expect(parseObject('extension', { id: GUID, address: '101' })).toEqual({ id: GUID, name: '101' });
  });

  it('`langauge` reads as an attribute language; the documented name wins when both come', () => {
    expect(parseObject('attribute', { name: 'n', langauge: 'FI', value: 'v' })).toEqual({
      name: 'n',
      language: 'FI',
      value: 'v',
    });
    expect(parseObject('attribute', { name: 'n', language: 'EN', langauge: 'FI', value: 'v' }).language).toBe('EN');
  });

  it('`externalid` reads as externalId inside an event item', () => {
    const event = parseObject('event', { id: GUID, items: { item: [{ id: GUID, externalid: '05', type: 'why' }] } });
    expect(event.items).toEqual([{ id: GUID, externalId: '05', type: 'WHY' }]);
  });

  it('a list property reads with its wrapper, bare, as a single bare value, or missing', () => {
    const queue = (addresses: unknown) =>
      parseObject('queue', { id: GUID, type: 'Phone', name: 'Q', loginType: 'HuntGroup', addresses }).addresses;
    expect(queue({ address: ['1', '2'] })).toEqual(['1', '2']);
    expect(queue({ address: '1' })).toEqual(['1']);
    expect(queue(['1', '2'])).toEqual(['1', '2']);
    expect(queue({})).toEqual([]);
    expect(queue(undefined)).toBeUndefined();
  });

  it('one-of values read in any case into their canonical spelling; an unknown one is an UPSTREAM_ERROR', () => {
    expect(parseObject('queue', { id: GUID, type: 'EMAIL', name: 'Q', loginType: 'autoallocation' })).toMatchObject({
      type: 'Email',
      loginType: 'AutoAllocation',
    });
    expect(() => parseObject('queue', { id: GUID, type: 'Fax', name: 'Q', loginType: 'HuntGroup' })).toThrow(
      /malformed Queue: type: unexpected value 'Fax'/,
    );
  });

  it('a property the catalogue does not know is kept (a read-merge-PUT sends it back)', () => {
    expect(parseObject('role', { id: GUID, name: 'Agent', colour: 'red' })).toEqual({
      id: GUID,
      name: 'Agent',
      colour: 'red',
    });
  });

  it('a write-only property is never read back', () => {
    expect(parseObject('authentication', { id: GUID, authenticationId: 'a', password: 'p' })).not.toHaveProperty(
      'password',
    );
  });
});

describe('answers: lists', () => {
  it('one malformed item costs only itself: the others are read, it stands in with its own error', () => {
    const items = parseList('role', [{ id: GUID, name: 'A' }, { id: GUID }, { id: dashed, name: 'C' }], 'full');
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ id: GUID, name: 'A' });
    expect(items[2]).toEqual({ id: GUID, name: 'C' });
    expect(malformedItem(items[0])).toBeUndefined();
    const error = malformedItem(items[1]);
    expect(error).toBeInstanceOf(RciError);
    expect(error?.code).toBe('UPSTREAM_ERROR');
    expect(error?.message).toMatch(/as item 1, a malformed Role: name/);
    // The stand-in carries no id, so nothing primes a cache with it.
    expect(items[1]).toEqual({});
  });

  it('a summary needs only its id', () => {
    expect(parseList('role', [{ id: dashed }], 'summary')).toEqual([{ id: GUID }]);
  });

  it('a list in a single wrapper property is read; anything else that is not an array is an UPSTREAM_ERROR', () => {
    expect(parseList('role', { role: [{ id: GUID, name: 'A' }] }, 'full')).toEqual([{ id: GUID, name: 'A' }]);
    expect(() => parseList('role', { id: GUID }, 'full')).toThrow(/malformed list of Role: not an array/);
    expect(() => parseList('role', 'text', 'full')).toThrow(RciError);
  });
});

describe('inputs', () => {
  it('every problem at once, one per field, in the order of the record', () => {
    const issues = inputIssues(
      'user',
      { firstName: '', surname: 'F'.repeat(401), email: 'x'.repeat(300), uiLanguage: 'ENGLISH' },
      'create',
      ['input'],
      sameNames,
    );
    expect(issues).toEqual([
      { path: ['input', 'firstName'], message: 'must not be empty' },
      { path: ['input', 'surname'], message: 'must be at most 400 characters long (got 401)' },
      { path: ['input', 'email'], message: 'must be at most 256 characters long (got 300)' },
      { path: ['input', 'uiLanguage'], message: 'must be at most 4 characters long (got 7)' },
    ]);
  });

  it('required fields on create; on update only what is given, and a required one cannot be cleared', () => {
    expect(inputIssues('role', {}, 'create', [], sameNames)).toEqual([{ path: ['name'], message: 'is required' }]);
    expect(inputIssues('role', {}, 'update', [], sameNames)).toEqual([]);
    expect(inputIssues('role', { name: null }, 'update', [], sameNames)).toEqual([
      { path: ['name'], message: 'is required and cannot be cleared' },
    ]);
    expect(inputIssues('role', { description: null }, 'update', [], sameNames)).toEqual([]);
  });

  it('strings the doc gives no maximum are capped, lists of strings too', () => {
    expect(UNDOCUMENTED_MAX_LENGTH).toBe(4000);
    expect(
      inputIssues('attribute', { name: 'n', language: 'EN', value: 'v'.repeat(4001) }, 'create', [], sameNames),
    ).toEqual([{ path: ['value'], message: 'must be at most 4000 characters long (got 4001)' }]);
    const keywords = Array.from({ length: 1001 }, () => 'k');
    expect(inputIssues('replyTemplate', { keywords }, 'update', [], sameNames)).toEqual([
      { path: ['keywords'], message: 'must have at most 1000 entries' },
    ]);
    expect(inputIssues('replyTemplate', { keywords: ['ok', 'k'.repeat(4001)] }, 'update', [], sameNames)).toEqual([
      { path: ['keywords', 1], message: 'must be at most 4000 characters long (got 4001)' },
    ]);
  });

  it('email shape, reference id formats and skill levels', () => {
    expect(inputIssues('user', { email: 'not-an-email' }, 'update', [], sameNames)).toEqual([
      { path: ['email'], message: 'must be an email address' },
    ]);
    expect(inputIssues('user', { timeZone: '../../users' }, 'update', [], sameNames)).toEqual([
      { path: ['timeZone'], message: 'is not a valid TimeZone id' },
    ]);
    expect(valueIssues('userSkill', 'value', 6, ['level'])).toEqual([
      { path: ['level'], message: 'must be between 1 and 5' },
    ]);
    expect(valueIssues('userSkill', 'value', 3, ['level'])).toEqual([]);
  });

  it('an event item is given by id or by all its other required fields, named as the caller names them', () => {
    const names = (record: RecordName, field: string) => (record === 'eventItem' && field === 'id' ? 'itemId' : field);
    const issues = inputIssues(
      'event',
      { items: [{ id: GUID, externalId: '05', type: 'WHY' }, { externalId: '05' }, { id: GUID }] },
      'create',
      ['input'],
      names,
    );
    expect(issues).toEqual([
      { path: ['input', 'items', 0, 'itemId'], message: 'give either itemId or externalId and type, not both' },
      { path: ['input', 'items', 1, 'type'], message: 'is required' },
    ]);
    expect(inputIssues('event', { items: [] }, 'create', [], sameNames)).toEqual([
      { path: ['items'], message: 'must not be empty' },
    ]);
  });
});

describe('write bodies', () => {
  it('lists are wrapped the way RCI expects, read-only and empty values left out', () => {
    expect(
      toWireBody('event', { id: GUID, remarks: null, items: [{ id: GUID }], created: '2020-01-01T00:00:00.000Z' }),
    ).toEqual({ items: { item: [{ id: GUID }] } });
    expect(toWireBody('queue', { name: 'Q', addresses: ['1'] })).toEqual({ name: 'Q', addresses: { address: ['1'] } });
  });
});
