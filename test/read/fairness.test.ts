import { describe, expect, it, vi } from 'vitest';
import { useGateway } from '../support/gateway.js';

// Two connections to a slow RCI, one heavy request that queues 50 calls, then a small one: the small
// request's call is served next, not after all of the heavy one's. Judged by the order in which the
// simulator received the calls, not by time.

const waiting: number[] = [];
const gw = useGateway({
  simulator: { data: { scale: 10, seed: 4 }, latency: { fixedMs: 10 } },
  client: { connections: 2, observer: { queueLength: (n) => void waiting.push(n) } },
});

const userGet = /^GET \/users\/[0-9A-F]{32}\/roles$/;

describe('fair sharing of the RCI connections', () => {
  it('serves a small request between the calls of a heavy one already queued', async () => {
    // Each user's roles are a list of their own: one GET per user, 50 calls queued at once.
    const heavy = gw.query<{ users: { nodes: { roles: { name: string }[] }[] } }, never>(
      `{ users(first: 50) { nodes { roles { name } } } }`,
    );
    await vi.waitFor(() => expect(gw.calls().filter((c) => userGet.test(c)).length).toBeGreaterThanOrEqual(2), {
      timeout: 5_000,
      interval: 2,
    });
    const small = await gw.query<{ skills: { nodes: { name: string }[] } }, never>(
      `{ skills(first: 1) { nodes { name } } }`,
    );
    expect(small.errors).toBeUndefined();
    expect((await heavy).data!.users.nodes).toHaveLength(50);

    const calls = gw.calls();
    expect(calls.filter((c) => userGet.test(c))).toHaveLength(50);
    const skills = calls.findIndex((c) => c.startsWith('GET /skills'));
    const userGetsAfter = calls.slice(skills + 1).filter((c) => userGet.test(c)).length;
    // First come, first served would send the skills call after all 50. Fair turns send it within the
    // next couple of calls: at most the calls already on the wire and the one the heavy request was due.
    expect(userGetsAfter).toBeGreaterThanOrEqual(45);
    // The waiting calls were reported through the observer, rising to the heavy request's backlog and back to 0.
    expect(Math.max(...waiting)).toBeGreaterThanOrEqual(45);
    expect(waiting.at(-1)).toBe(0);
  });
});
