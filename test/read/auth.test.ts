import { describe, expect, it } from 'vitest';
import { graphql } from '../gql/index.js';
import { useGateway } from '../support/gateway.js';

// Credentials: each caller's Authorization reaches RCI unchanged on every call made for that caller,
// loaders are never shared between callers, and service credentials apply only to anonymous callers.
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ALICE = basic('alice', 'alice-secret');
const BOB = basic('bob', 'bob-secret');
const SERVICE = basic('service', 'service-secret');

const gw = useGateway({
  simulator: {
    auth: {
      users: [
        { username: 'alice', password: 'alice-secret' },
        { username: 'bob', password: 'bob-secret', readOnly: true },
        { username: 'service', password: 'service-secret' },
      ],
    },
  },
});

const Roster = graphql(`
  query AuthRoster {
    users(first: 3) {
      nodes {
        email
        roles {
          name
        }
        timeZone {
          name
        }
      }
    }
  }
`);

describe('auth pass-through', () => {
  it('two concurrent callers: every RCI call carries its own caller’s credentials, nothing is shared', async () => {
    const [a, b] = await Promise.all([
      gw.query(Roster, {}, { authorization: ALICE }),
      gw.query(Roster, {}, { authorization: BOB }),
    ]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(a.data).toEqual(b.data);
    const byCaller = (auth: string) =>
      gw.sim.requests.filter((r) => r.authorization === auth).map((r) => `${r.method} ${r.path}?${r.query}`);
    const alice = byCaller(ALICE);
    const bob = byCaller(BOB);
    // Each caller's request made its full set of calls: no loader or cache served one from the other's.
    expect(alice.length).toBeGreaterThan(3);
    expect(alice.sort()).toEqual(bob.sort());
    expect(gw.sim.requests.every((r) => r.authorization === ALICE || r.authorization === BOB)).toBe(true);
  });

  it('a caller without credentials is UNAUTHENTICATED when RCI demands them and no service account is set', async () => {
    const result = await gw.query(Roster);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(gw.sim.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('wrong credentials are UNAUTHENTICATED, and the error never repeats them', async () => {
    const wrong = basic('alice', 'not-her-password');
    const result = await gw.query(Roster, {}, { authorization: wrong });
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(result)).not.toContain(wrong.slice(6));
    expect(JSON.stringify(result)).not.toContain('not-her-password');
  });
});

describe('service credentials', () => {
  const service = useGateway({
    simulator: {
      auth: {
        users: [
          { username: 'service', password: 'service-secret' },
          { username: 'alice', password: 'alice-secret' },
        ],
      },
    },
    client: { serviceCredentials: { username: 'service', password: 'service-secret' } },
  });

  it('are used for callers that send no Authorization, and only for them', async () => {
    const anonymous = await service.query(Roster);
    expect(anonymous.errors).toBeUndefined();
    expect(service.sim.requests.every((r) => r.authorization === SERVICE)).toBe(true);
    service.sim.clearRequests();
    const alice = await service.query(Roster, {}, { authorization: ALICE });
    expect(alice.errors).toBeUndefined();
    expect(service.sim.requests.every((r) => r.authorization === ALICE)).toBe(true);
  });
});
