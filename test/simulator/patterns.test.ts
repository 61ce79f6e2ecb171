// Search patterns (`*` any run, `?` one character, whole value, case-insensitive) are matched without
// regular expressions, in time bounded by |value| × |pattern|: a pattern with many stars cannot make the
// simulator (which runs inside the gateway's process under `npm start`) backtrack for minutes.
import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern, type MatchMeter } from '../../src/simulator/pattern.js';
import { useSimulator } from './support.js';

const rci = useSimulator();
const matches = (pattern: string, value: string) => matchesPattern(compilePattern(pattern), value);
const query = (path: string, params: Record<string, string>) => `${path}?${new URLSearchParams(params)}`;

describe('pattern semantics', () => {
  it('* is any run of characters (also none, also line breaks), ? exactly one', () => {
    expect(matches('*', '')).toBe(true);
    expect(matches('*', 'anything at all')).toBe(true);
    expect(matches('**', '')).toBe(true);
    expect(matches('J*', 'John')).toBe(true);
    expect(matches('*n', 'John')).toBe(true);
    expect(matches('J*n', 'Jn')).toBe(true);
    expect(matches('*oh*', 'John')).toBe(true);
    expect(matches('J*x*', 'John')).toBe(false);
    expect(matches('a*b', 'a\nline\nb')).toBe(true);
    expect(matches('?ohn', 'John')).toBe(true);
    expect(matches('????', 'John')).toBe(true);
    expect(matches('???', 'John')).toBe(false);
    expect(matches('?????', 'John')).toBe(false);
    expect(matches('?', '')).toBe(false);
    expect(matches('?*', '')).toBe(false);
    expect(matches('*?', 'x')).toBe(true);
    expect(matches('a?c', 'a\nc')).toBe(true);
    // One character is one code point, also outside the BMP.
    expect(matches('?', '😀')).toBe(true);
    expect(matches('??', '😀')).toBe(false);
    expect(matches('x?y', 'x😀y')).toBe(true);
  });

  it('match the whole value', () => {
    expect(matches('Jo', 'John')).toBe(false);
    expect(matches('ohn', 'John')).toBe(false);
    expect(matches('John', 'John Fox')).toBe(false);
    expect(matches('John', 'John')).toBe(true);
  });

  it('an empty pattern matches only an empty value', () => {
    expect(matches('', '')).toBe(true);
    expect(matches('', 'a')).toBe(false);
    expect(matches('a', '')).toBe(false);
  });

  it('treat regular expression metacharacters in patterns and values literally', () => {
    for (const literal of ['.', '+', '(', ')', '[', ']', '{', '}', '\\', '^', '$', '|', '/', '-']) {
      expect(matches(literal, literal), literal).toBe(true);
      expect(matches(literal, 'x'), literal).toBe(false);
      expect(matches(`a${literal}b`, `a${literal}b`), literal).toBe(true);
      expect(matches(`a${literal}*`, `a${literal}tail`), literal).toBe(true);
    }
    expect(matches('a.c', 'abc')).toBe(false);
    expect(matches('a+', 'aaa')).toBe(false);
    expect(matches('a+', 'a+')).toBe(true);
    expect(matches('(a|b)', 'a')).toBe(false);
    expect(matches('[ab]', 'a')).toBe(false);
    expect(matches('[ab]', '[ab]')).toBe(true);
    expect(matches('a{2}', 'aa')).toBe(false);
    expect(matches('.*', 'anything')).toBe(false);
    expect(matches('.*', '.x')).toBe(true);
    expect(matches('^a$', 'a')).toBe(false);
    expect(matches('\\d', '1')).toBe(false);
    expect(matches('\\d', '\\d')).toBe(true);
    expect(matches('Meeting / Deny calls (Def: 1 hour)', 'meeting / deny calls (def: 1 HOUR)')).toBe(true);
    // A value's `*` and `?` are ordinary characters; only the pattern's are wildcards.
    expect(matches('a*', 'a*')).toBe(true);
    expect(matches('a?', 'a?')).toBe(true);
    expect(matches('a', '*')).toBe(false);
  });

  it('are case-insensitive by Unicode simple case folding', () => {
    expect(matches('jOHN', 'John')).toBe(true);
    expect(matches('SALES E*', 'Sales Email')).toBe(true);
    expect(matches('ÄÖÅ', 'äöå')).toBe(true);
    expect(matches('ΣΟΦΊΑ', 'σοφία')).toBe(true);
    expect(matches('σ', 'ς')).toBe(true);
    expect(matches('ß', 'ẞ')).toBe(true);
    expect(matches('k', '\u212a')).toBe(true); // KELVIN SIGN
    expect(matches('s', 'ſ')).toBe(true); // LONG S
    // No multi-character foldings: ß is not "ss", and İ/ı match only themselves (as with a RegExp's `iu`).
    expect(matches('ss', 'ß')).toBe(false);
    expect(matches('i', 'ı')).toBe(false);
    expect(matches('I', 'ı')).toBe(false);
    expect(matches('i', 'İ')).toBe(false);
    expect(matches('İ', 'İ')).toBe(true);
  });

  it('answer exactly as the former RegExp-based matcher did, on random patterns and values', () => {
    // The former implementation, kept here as the specification (test-generated inputs only).
    const former = (pattern: string) =>
      new RegExp(
        `^${[...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`,
        'isu',
      );
    const alphabet = [
      'a',
      'A',
      'b',
      '*',
      '?',
      '.',
      '+',
      '(',
      '[',
      '\\',
      '$',
      '\n',
      'ß',
      'ẞ',
      'σ',
      'ς',
      'ı',
      'I',
      'i',
      '😀',
      '\u212a',
      'k',
    ];
    let seed = 1;
    const random = () => (seed = (seed * 48271) % 0x7fffffff) / 0x7fffffff;
    const text = (max: number) =>
      Array.from({ length: Math.floor(random() * max) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(
        '',
      );
    let matched = 0;
    const differences: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const pattern = text(7);
      // Every other value is the pattern with its wildcards filled in, so that many cases match.
      const value = i % 2 ? text(9) : pattern.replace(/[*?]/g, () => text(3));
      const expected = former(pattern).test(value);
      if (matches(pattern, value) !== expected)
        differences.push(`${JSON.stringify(pattern)} against ${JSON.stringify(value)}`);
      if (expected) matched++;
    }
    expect(differences.slice(0, 10)).toEqual([]);
    expect(matched).toBeGreaterThan(1_000);
  });

  it('over HTTP: metacharacters are literal, case is ignored, the value is whole', async () => {
    const created = await rci.post('/queues', {
      type: 'Chat',
      name: 'Literal (chars) [test]',
      loginType: 'AutoAllocation',
      addresses: { address: ['a.b+c(d)[e]^$|{f}\\g'] },
    });
    expect(created.status).toBe(201);
    const found = async (params: Record<string, string>) =>
      (await rci.json<{ name: string }[]>(query('/queues', params))).map((q) => q.name);
    expect(await found({ address: 'A.B+C(D)[E]^$|{F}\\G' })).toEqual(['Literal (chars) [test]']);
    expect(await found({ address: 'a?b?c?d?[e]*' })).toEqual(['Literal (chars) [test]']);
    expect(await found({ address: 'a.b+c(d)[e]' })).toEqual([]);
    expect(await found({ address: 'a.*' })).toEqual(['Literal (chars) [test]']);
    expect(await found({ address: '.*' })).toEqual([]);
    expect(await found({ address: 'a\\.b*' })).toEqual([]);
    expect(await found({ address: 'axb*' })).toEqual([]);
    expect(await found({ name: 'literal (CHARS) [test]' })).toEqual(['Literal (chars) [test]']);
    expect(await found({ name: 'Literal (chars)' })).toEqual([]);
    expect(await found({ name: '' })).toEqual([]);
    expect((await rci.del(`/queues/${created.text}`)).status).toBe(204);
  });
});

describe('pathological patterns', () => {
  /** The steps one match takes: at least one per character of the value, at most |value| × |pattern|. */
  function stepsOf(pattern: string, value: string): { matched: boolean; steps: number } {
    const meter: MatchMeter = { steps: 0 };
    const matched = matchesPattern(compilePattern(pattern), value, meter);
    return { matched, steps: meter.steps };
  }

  it.each([
    ['*a*a*a*a*a*a*a*b', 'a'.repeat(60), false],
    ['*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5_000), false],
    ['*A*A*A*A*A*A*A*A*A*A*', 'a'.repeat(5_000), true],
    [`*${'a'.repeat(254)}?`, 'a'.repeat(5_000), true],
    [`*a*${'?'.repeat(253)}`, 'a'.repeat(5_000), true],
    [`*${'a'.repeat(254)}b`, 'a'.repeat(5_000), false],
  ])('%# matches in at most |value| × |pattern| steps, never exponentially many', (pattern, value, expected) => {
    const { matched, steps } = stepsOf(pattern, value);
    expect(matched).toBe(expected);
    expect(steps).toBeGreaterThanOrEqual(value.length);
    expect(steps).toBeLessThanOrEqual(value.length * pattern.length);
  });

  it('the worst of them answers over HTTP, and longer patterns are refused', async () => {
    const short = await rci.post('/queues', {
      type: 'Phone',
      name: 'Short address',
      loginType: 'HuntGroup',
      addresses: { address: ['a'.repeat(60)] },
    });
    expect(short.status).toBe(201);
    const found = async (params: Record<string, string>) =>
      (await rci.json<{ name: string }[]>(query('/queues', params))).map((q) => q.name);
    expect(await found({ address: '*a*a*a*a*a*a*a*b' })).toEqual([]);

    const long = await rci.post('/queues', {
      type: 'Phone',
      name: 'Long address',
      loginType: 'HuntGroup',
      addresses: { address: ['a'.repeat(5_000)] },
    });
    expect(long.status).toBe(201);
    expect(await found({ address: '*a*a*a*a*a*a*a*a*a*a*b' })).toEqual([]);
    expect(await found({ address: '*A*A*A*A*A*A*A*A*A*A*' })).toEqual(['Long address', 'Short address']);
    expect(await found({ address: `*${'a'.repeat(254)}?` })).toEqual(['Long address']);
    expect(await found({ address: `*a*${'?'.repeat(253)}` })).toEqual(['Long address']);
    // Longer patterns are refused: matching costs pattern length × value length.
    const tooLong = await rci.get(query('/queues', { address: `*${'a'.repeat(256)}` }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toBe("Query parameter 'address' must be at most 256 characters long");

    for (const id of [long.text, short.text]) expect((await rci.del(`/queues/${id}`)).status).toBe(204);
  });
});
