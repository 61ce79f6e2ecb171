import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { meros, type Part } from 'meros/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentHash, QueueRoster } from '../../examples/queue-roster.js';
import { RciClient } from '../../src/rci/client.js';
import { createLogger } from '../../src/server/logging.js';
import { loadManifest } from '../../src/server/persisted.js';
import { createGateway } from '../../src/server/yoga.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

// Trusted documents (PERSISTED_DOCUMENTS): the frontend's codegen'd operations run by hash; nothing else runs
// unless arbitrary documents are explicitly allowed. And what an anonymous caller can do in each configuration.
const root = new URL('../..', import.meta.url).pathname;
const MANIFEST = `${root}examples/gql/persisted-documents.json`;
const SVC = { username: 'svc', password: 'service-secret' };
const SVC_AUTH = `Basic ${Buffer.from(`${SVC.username}:${SVC.password}`).toString('base64')}`;

let sim: RunningSimulator;
const clients: RciClient[] = [];
beforeAll(async () => {
  sim = await startSimulator({ port: 0, auth: { users: [SVC, { username: 'alice', password: 'alice-pw' }] } });
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await sim.close();
});

function gateway(options: Omit<Parameters<typeof createGateway>[0], 'rci'>, service?: typeof SVC) {
  const rci = new RciClient({ baseUrl: sim.url, retries: 0, serviceCredentials: service });
  clients.push(rci);
  return createGateway({ rci, logger: createLogger(() => {}), ...options });
}

async function post(yoga: ReturnType<typeof createGateway>, body: unknown, headers: Record<string, string> = {}) {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

interface DeferredPart {
  hasNext?: boolean;
  incremental?: unknown[];
  errors?: { extensions: { code: string } }[];
}

const codes = (answer: { body: { errors?: { extensions?: { code?: string } }[] } }) =>
  answer.body.errors?.map((e) => e.extensions?.code);

describe('trusted documents', () => {
  const manifest = loadManifest(MANIFEST);
  const hash = documentHash(QueueRoster);
  const auth = { authorization: SVC_AUTH };

  it('the manifest lists the example operation under the hash the generated client sends', () => {
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifest.get(hash)).toMatch(/^query QueueRoster\(/);
    expect(JSON.parse(readFileSync(MANIFEST, 'utf8'))).toEqual(Object.fromEntries(manifest));
  });

  it('a known hash runs, an unknown hash and an arbitrary document are refused without any RCI call', async () => {
    const yoga = gateway({ persistedDocuments: { manifest } });
    sim.clearRequests();
    const known = await post(yoga, { documentId: hash, variables: { first: 2 } }, auth);
    expect(known.body.errors).toBeUndefined();
    expect(known.body.data).toMatchObject({ queues: { nodes: [{ name: expect.any(String) }, {}] } });
    const callsForKnown = sim.requests.length;
    expect(callsForKnown).toBeGreaterThan(0);

    const unknown = await post(yoga, { documentId: `sha256:${'0'.repeat(64)}`, variables: {} }, auth);
    expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const arbitrary = await post(yoga, { query: '{ users(first: 1) { nodes { email } } }' }, auth);
    expect(codes(arbitrary)).toEqual(['PERSISTED_QUERY_ONLY']);
    // The example's own text is refused too: only its hash is trusted.
    const asText = await post(yoga, { query: manifest.get(hash), variables: { first: 2 } }, auth);
    expect(codes(asText)).toEqual(['PERSISTED_QUERY_ONLY']);
    expect(sim.requests.length).toBe(callsForKnown);
  });

  it('arbitrary documents run beside the trusted ones only when explicitly allowed', async () => {
    const yoga = gateway({ persistedDocuments: { manifest, allowArbitraryDocuments: true } });
    const arbitrary = await post(yoga, { query: '{ users(first: 1) { nodes { firstName } } }' }, auth);
    expect(arbitrary.body.errors).toBeUndefined();
    const known = await post(yoga, { documentId: hash, variables: { first: 1 } }, auth);
    expect(known.body.errors).toBeUndefined();
  });

  it('a trusted deferred operation answers in parts by hash; the same document as text is refused', async () => {
    const document = 'query DeferredRoles { users(first: 2) { nodes { firstName ... @defer { roles { name } } } } }';
    const deferredHash = `sha256:${createHash('sha256').update(document).digest('hex')}`;
    const yoga = gateway({ persistedDocuments: { manifest: new Map([[deferredHash, document]]) } });
    // Every answer read as a multipart/mixed client reads it.
    const send = async (body: unknown) => {
      const response = await yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'multipart/mixed', ...auth },
        body: JSON.stringify(body),
      });
      const parts = (await meros<DeferredPart>(response)) as AsyncGenerator<Part<DeferredPart, string>>;
      const bodies: DeferredPart[] = [];
      for await (const part of parts) bodies.push(part.body as DeferredPart);
      return bodies;
    };
    sim.clearRequests();
    const byHash = await send({ documentId: deferredHash });
    expect(byHash[0].hasNext).toBe(true);
    expect(byHash.at(-1)!.hasNext).toBe(false);
    expect(byHash.flatMap((b) => b.incremental ?? [])).toHaveLength(2);
    const calls = sim.requests.length;
    expect(calls).toBe(3);

    const asText = await send({ query: document });
    expect(asText.map((b) => b.errors?.map((e) => e.extensions.code))).toEqual([['PERSISTED_QUERY_ONLY']]);
    expect(sim.requests.length).toBe(calls);
  });

  it('a malformed manifest is refused, naming the variable', () => {
    expect(() => loadManifest(`${root}package.json`)).toThrow(/PERSISTED_DOCUMENTS: .* must be an object of hash/);
    expect(() => loadManifest(`${root}no-such-file.json`)).toThrow(/PERSISTED_DOCUMENTS: cannot read/);
  });
});

// The README's table "What an anonymous caller can do": one test per configuration.
describe('an anonymous caller (no Authorization header)', () => {
  const ANY_QUERY = { query: '{ users(first: 1) { nodes { firstName } } }' };
  const preflight = (yoga: ReturnType<typeof createGateway>, origin: string) =>
    yoga.fetch('http://gateway.test/graphql', {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

  it('without service credentials: gets only what RCI grants without credentials (here: nothing)', async () => {
    const yoga = gateway({});
    sim.clearRequests();
    const answer = await post(yoga, ANY_QUERY);
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
    expect(sim.requests.map((r) => r.authorization)).toEqual([undefined]);
  });

  it('with service credentials: acts as the service account, from browsers on the allowed origins only', async () => {
    const yoga = gateway({ corsOrigins: ['https://app.example.com'] }, SVC);
    sim.clearRequests();
    const answer = await post(yoga, ANY_QUERY);
    expect(answer.body.errors).toBeUndefined();
    expect(sim.requests.map((r) => r.authorization)).toEqual([SVC_AUTH]);
    // A caller's own credentials are used instead of the service account's.
    const own = `Basic ${Buffer.from('alice:alice-pw').toString('base64')}`;
    sim.clearRequests();
    await post(yoga, ANY_QUERY, { authorization: own });
    expect(sim.requests.map((r) => r.authorization)).toEqual([own]);

    const allowed = await preflight(yoga, 'https://app.example.com');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const other = await preflight(yoga, 'https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://evil.example.net');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('with service credentials and trusted documents: runs only the trusted operations, as the service account', async () => {
    const yoga = gateway(
      { corsOrigins: ['https://app.example.com'], persistedDocuments: { manifest: loadManifest(MANIFEST) } },
      SVC,
    );
    expect(codes(await post(yoga, ANY_QUERY))).toEqual(['PERSISTED_QUERY_ONLY']);
    const known = await post(yoga, { documentId: documentHash(QueueRoster), variables: { first: 1 } });
    expect(known.body.errors).toBeUndefined();
  });
});
