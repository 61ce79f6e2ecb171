import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/gateway.js';

// Cursors are the gateway's own: one it did not issue is refused before anything reaches RCI, instead of
// becoming `offset=-3`, `offset=NaN` or `offset=1e+23` upstream.
const gw = useGateway({ simulator: { data: { scale: 2, seed: 5 } } });

const b64 = (text: string) => Buffer.from(text).toString('base64');
const issued = b64('OffsetConnection:2');

const forged: [string, string][] = [
  ['a negative offset', b64('OffsetConnection:-3')],
  ['NaN', b64('OffsetConnection:NaN')],
  ['an exponent', b64('OffsetConnection:1e+23')],
  ['a huge offset', b64('OffsetConnection:100000000000000000000000')],
  ['an offset past 2^31 - 1', b64('OffsetConnection:2147483648')],
  ['a fraction', b64('OffsetConnection:1.5')],
  ['leading zeros', b64('OffsetConnection:007')],
  ['trailing text', b64('OffsetConnection:3abc')],
  ['another prefix', b64('ArrayConnection:3')],
  ['an issued cursor with junk around it', `!${issued}!`],
  ['an issued cursor without its padding', b64('OffsetConnection:10').replace(/=+$/, '')],
  ['plain garbage', 'not a cursor at all'],
  ['an empty string', ''],
  ['a very long string', 'A'.repeat(10_000)],
];

describe('forged cursors', () => {
  it.each(forged)('%s in `after` is BAD_USER_INPUT and costs no RCI call', async (_what, cursor) => {
    const result = await gw.query(`query ($c: String) { users(first: 3, after: $c) { nodes { rciId } } }`, {
      c: cursor,
    });
    expect(result.data).toEqual({ users: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(result.errors![0].message).toBe("Argument 'after' is not a cursor this gateway issued");
    expect(gw.calls()).toEqual([]);
  });

  it.each(forged)('%s in `before` is BAD_USER_INPUT and costs no RCI call', async (_what, cursor) => {
    const result = await gw.query(`query ($c: String) { roles(last: 2, before: $c) { nodes { name } } }`, {
      c: cursor,
    });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions?.argument).toBe('before');
    expect(gw.calls()).toEqual([]);
  });

  it('on a nested connection, only the parent is read', async () => {
    const result = await gw.query(
      `query ($c: String) { queueGroups(first: 1) { nodes { name queues(first: 2, after: $c) { nodes { name } } } } }`,
      { c: b64('OffsetConnection:-1') },
    );
    expect(result.errors?.map((e) => [e.extensions?.code, e.path])).toEqual([
      ['BAD_USER_INPUT', ['queueGroups', 'nodes', 0, 'queues']],
    ]);
    expect(gw.calls()).toEqual(['GET /queueGroups?offset=0&limit=2']);
  });
});

describe('issued cursors', () => {
  it('page on as before: the cursor of the third object starts the next page after it', async () => {
    const first = await gw.query(`{ users(first: 3) { edges { cursor node { rciId } } } }`);
    const edges = (first.data as { users: { edges: { cursor: string }[] } }).users.edges;
    expect(edges[2].cursor).toBe(issued);
    gw.sim.clearRequests();
    const next = await gw.query(`query ($c: String) { users(first: 3, after: $c) { nodes { rciId } } }`, {
      c: issued,
    });
    expect(next.errors).toBeUndefined();
    expect(gw.calls()).toEqual(['GET /users?offset=3&limit=4']);
  });
});
