import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { fetchQueueRoster, type RosterQueue } from '../../examples/queue-roster.js';
import { createLogger } from '../../src/server/logging.js';
import { loadManifest } from '../../src/server/persisted.js';
import { createGateway } from '../../src/server/yoga.js';
import { rest, startGateway, type TestGateway } from '../support/gateway.js';
import { serve, type Served } from '../support/http.js';

// The typed-client example of examples/ against the gateway on a real port, as a frontend would call it:
// the gateway serves only the trusted documents of examples/ (codegen's manifest), and the client sends hashes.
const root = new URL('../..', import.meta.url).pathname;

let gw: TestGateway;
let server: Served;
beforeAll(async () => {
  gw = await startGateway({ simulator: { data: { scale: 20, seed: 3 } } });
  const trusted = createGateway({
    rci: gw.rci,
    persistedDocuments: { manifest: loadManifest(`${root}examples/gql/persisted-documents.json`) },
    logger: createLogger(() => {}),
  });
  server = await serve(trusted.requestListener);
});
afterAll(async () => {
  await server.close();
  await gw.close();
});
beforeEach(() => gw.sim.clearRequests());

describe('examples/queue-roster.ts', () => {
  it('answers the typed roster, matching RCI', async () => {
    const roster = await fetchQueueRoster(`${server.origin}/graphql`, 5);

    expectTypeOf(roster).toEqualTypeOf<RosterQueue[]>();
    expectTypeOf(roster[0].name).toEqualTypeOf<string>();
    expectTypeOf(roster[0].queueGroups![0]!.name).toEqualTypeOf<string>();
    expectTypeOf<'PHONE' | 'CHAT' | 'EMAIL'>().toExtend<RosterQueue['type']>();

    expect(roster).toHaveLength(5);
    const queues = await rest<{ id: string; name: string; addresses?: { address?: string[] } }[]>(
      gw,
      '/queues?limit=5',
    );
    expect(roster.map((q) => q.name)).toEqual(queues.map((q) => q.name));
    expect(roster.map((q) => q.addresses)).toEqual(queues.map((q) => q.addresses?.address ?? []));
    for (const queue of roster) {
      expect(queue.id).toEqual(expect.any(String));
      expect(queue.type).toMatch(/^[A-Z_]+$/);
      expect(queue.queueGroups!.every((g) => typeof g?.name === 'string')).toBe(true);
    }
  });

  it('runs as the README says: GATEWAY_URL=… npx tsx examples/queue-roster.ts', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'examples/queue-roster.ts'], {
      cwd: root,
      env: { ...process.env, GATEWAY_URL: `${server.origin}/graphql` },
    });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(10);
    const queues = await rest<{ name: string }[]>(gw, '/queues?limit=10');
    expect(lines.map((l) => l.slice(0, 24).trim())).toEqual(queues.map((q) => q.name.slice(0, 24).trim()));
  });
});
