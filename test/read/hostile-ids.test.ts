import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';

// Ids that try to leave their path segment are refused before anything is sent to RCI.
const gw = useGateway();

const JOHN = 'E936C474B22311D38FBE0090279A922E';
const hostile = [
  '../roles',
  `${JOHN}?x=1`,
  `${JOHN}/roles`,
  `${JOHN}%2Froles`,
  '..%2F..%2Froles',
  '%2e%2e%2froles',
  `${JOHN}#frag`,
  `${JOHN}%3Fx%3D1`,
  ' E936C474B22311D38FBE0090279A922E',
  'E936C474B22311D38FBE0090279A922',
  'E936C474B22311D38FBE0090279A922EE',
  'ZZZZC474B22311D38FBE0090279A922E',
  // 32 characters, one of them no hex digit: outside ASCII, a full-width digit, a dash, a space.
  'É936C474B22311D38FBE0090279A922E',
  '\uff10936C474B22311D38FBE0090279A922E',
  'E936C474B22311D38FBE0090279A922-',
  'E936C474B22311D3 FBE0090279A922E',
  `${JOHN}\r\nX-Injected: 1`,
  '',
  'x'.repeat(10_000),
];

describe('hostile ids', () => {
  it.each(hostile.map((id) => [JSON.stringify(id).slice(0, 60), id]))(
    'user(id: %s) → BAD_USER_INPUT, no RCI call',
    async (_label, id) => {
      const result = await gw.query(`query($id: ID!) { user(id: $id) { firstName } }`, { id });
      expect(result.data).toEqual({ user: null });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/not a valid User id/);
      expect(result.errors![0].message.length).toBeLessThan(200);
      expect(gw.calls()).toEqual([]);
    },
  );

  it.each(['../Europe/Helsinki', 'Europe/../../users', 'Europe/Helsinki?x=1', 'Europe//Helsinki', 'Europe/Helsinki/'])(
    'timeZone(id: %s) → BAD_USER_INPUT, no RCI call',
    async (id) => {
      const result = await gw.query(`query($id: ID!) { timeZone(id: $id) { name } }`, { id });
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(gw.calls()).toEqual([]);
    },
  );

  it('a global id wrapping a hostile RCI id is refused the same way', async () => {
    for (const inner of ['../roles', `${JOHN}/roles`, `${JOHN}?x=1`]) {
      const id = Buffer.from(`User:${inner}`).toString('base64');
      const result = await gw.query(`query($id: ID!) { user(id: $id) { firstName } node(id: $id) { id } }`, { id });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    }
    const nested = Buffer.from(`QueueExtension:../x/${JOHN}`).toString('base64');
    const result = await gw.query(`query($id: ID!) { node(id: $id) { id } }`, { id: nested });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(gw.calls()).toEqual([]);
  });

  it('a valid time zone id is sent as its IANA segments, each encoded', async () => {
    const result = await gw.query(`{ timeZone(id: "Europe/Helsinki") { rciId } }`);
    expect(result.data).toEqual({ timeZone: { rciId: 'Europe/Helsinki' } });
    expect(gw.calls()).toEqual(['GET /timeZones/Europe/Helsinki']);
  });
});
