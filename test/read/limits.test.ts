import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';

// Hostile documents: too deep or too wide are refused during validation, before any RCI call.
const gw = useGateway();

describe('query limits', () => {
  it('refuses a query nested deeper than 12 levels, naming the limit, with no RCI call', async () => {
    // users → roles → users → roles … each level can cost one RCI call per object of the level above.
    let selection = 'rciId';
    for (let i = 0; i < 12; i++) selection = i % 2 ? `roles { ${selection} }` : `users { ${selection} }`;
    const result = await gw.query(`query Deep { user(id: "E936C474B22311D38FBE0090279A922E") { roles { ${selection} } } }`);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].message).toMatch(/nested \d+ levels deep; at most 12/);
    expect(gw.calls()).toEqual([]);
  });

  it('refuses thousands of aliased fields', async () => {
    const aliases = Array.from({ length: 2100 }, (_, i) => `a${i}: user(id: "E936C474B22311D38FBE0090279A922E") { rciId }`);
    const result = await gw.query(`{ ${aliases.join(' ')} }`);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].message).toMatch(/selects \d+ fields; at most 2000/);
    expect(gw.calls()).toEqual([]);
  });

  it('counts fragments where they are used, and still answers a reasonable query', async () => {
    const result = await gw.query(`
      fragment R on Role { name users { firstName } }
      query Fine { user(id: "E936C474B22311D38FBE0090279A922E") { roles { ...R } } }
    `);
    expect(result.errors).toBeUndefined();
  });
});
