import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';

// Hostile documents: too deep or too wide are refused during validation, before any RCI call.
// Tokens are limited on their own (cost.test.ts); here the field count is what is measured.
const gw = useGateway({ limits: { maxTokens: 100_000 } });

describe('query limits', () => {
  it('refuses a query nested deeper than 12 levels, naming the limit, with no RCI call', async () => {
    // users → roles → users → roles … each level can cost one RCI call per object of the level above.
    let selection = 'rciId';
    for (let i = 0; i < 12; i++) selection = i % 2 ? `roles { ${selection} }` : `users { ${selection} }`;
    const result = await gw.query(
      `query Deep { user(id: "E936C474B22311D38FBE0090279A922E") { roles { ${selection} } } }`,
    );
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].message).toBe("Operation 'Deep' is nested more than 12 levels deep");
    expect(gw.calls()).toEqual([]);
  });

  it('refuses thousands of aliased fields', async () => {
    const aliases = Array.from(
      { length: 2100 },
      (_, i) => `a${i}: user(id: "E936C474B22311D38FBE0090279A922E") { rciId }`,
    );
    const result = await gw.query(`{ ${aliases.join(' ')} }`);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].message).toBe('Operation selects more than 2000 fields');
    expect(gw.calls()).toEqual([]);
  });

  it('counts fragments where they are used, and still answers a reasonable query', async () => {
    const result = await gw.query(`
      fragment R on Role { name users { firstName } }
      query Fine { user(id: "E936C474B22311D38FBE0090279A922E") { roles { ...R } } }
    `);
    expect(result.errors).toBeUndefined();
  });

  it('measures a chain of fragments that each spread the next twice in linear time, and refuses it', async () => {
    // 40 fragments, each spreading the next twice: 2^40 fields if walked naively.
    const fragments = Array.from({ length: 40 }, (_, i) =>
      i === 39 ? `fragment F${i} on User { firstName }` : `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`,
    );
    const started = performance.now();
    const result = await gw.query(
      `query Bomb { user(id: "E936C474B22311D38FBE0090279A922E") { ...F0 } } ${fragments.join(' ')}`,
    );
    // Linear work takes milliseconds; the naive walk would take days. Generous bound for a shared machine.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(gw.calls()).toEqual([]);
  });
});

describe('RCI call budget per request', () => {
  const small = useGateway({ client: { maxCallsPerRequest: 10 }, simulator: { data: { scale: 5, seed: 2 } } });

  it('stops a request at its budget with QUERY_TOO_COMPLEX, having sent exactly that many calls', async () => {
    const result = await small.query(`{ users(first: 20) { nodes { roles { name } } } }`);
    expect(small.calls()).toHaveLength(10);
    const codes = new Set(result.errors?.map((e) => e.extensions?.code));
    expect(codes).toEqual(new Set(['QUERY_TOO_COMPLEX']));
    expect(result.errors?.[0].message).toMatch(/more than 10 RCI calls/);
  });

  it('is per request: the next request has its own', async () => {
    const result = await small.query(`{ user(id: "E936C474B22311D38FBE0090279A922E") { email roles { name } } }`);
    expect(result.errors).toBeUndefined();
    expect(small.calls()).toHaveLength(2);
  });
});
