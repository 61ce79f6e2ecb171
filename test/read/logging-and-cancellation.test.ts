import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logging.js';
import { RciClient } from '../../src/rci/client.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { createGateway } from '../../src/server/yoga.js';

// What operators see (log lines) and what happens upstream when a client goes away.
const SECRET = 'hunter2-very-secret';
const AUTH = `Basic ${Buffer.from(`alice:${SECRET}`).toString('base64')}`;
const JOHN = 'E936C474B22311D38FBE0090279A922E';

let sim: RunningSimulator;
let rci: RciClient;
let server: Server;
let url: string;
const lines: { level: string; line: string }[] = [];

beforeAll(async () => {
  sim = await startSimulator({ auth: { users: [{ username: 'alice', password: SECRET }] } });
  rci = new RciClient({ baseUrl: sim.url, timeoutMs: 2_000, retries: 1 });
  const yoga = createGateway({ rci, logger: createLogger((level, line) => lines.push({ level, line })) });
  server = createServer(yoga.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rci.close();
  await sim.close();
});

const post = (query: string, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
    signal,
  });

describe('log lines', () => {
  it('carry no credential, stack trace, RCI address or header, whatever fails', async () => {
    sim.setFaults([{ method: 'GET', path: /\/roles$/, status: 500 }]);
    await post(`{ user(id: "${JOHN}") { roles { name } } }`, { authorization: AUTH });
    sim.setFaults([{ method: 'GET', path: /\/skills$/, drop: 'before' }]);
    await post(`{ user(id: "${JOHN}") { skills { level } } }`, { authorization: AUTH });
    sim.setFaults([]);
    await post(`{ user(id: "${JOHN}") { firstName } }`, { authorization: 'Basic d3Jvbmc6d3Jvbmc=' });
    await post(`{ user(id: "../x") { firstName } }`, { authorization: AUTH });
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.map((l) => l.line).join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(AUTH.slice(6));
    expect(all).not.toContain('d3Jvbmc6d3Jvbmc=');
    expect(all).not.toMatch(/authorization/i);
    expect(all).not.toMatch(/\n\s+at /);
    expect(all).not.toContain(sim.url);
    expect(all).not.toContain('127.0.0.1');
    // RCI's own failures are warnings an operator can act on; a caller's bad id is no warning.
    expect(lines.some((l) => l.level === 'warn' && /UPSTREAM_UNAVAILABLE/.test(l.line))).toBe(true);
    expect(lines.filter((l) => l.level !== 'debug').some((l) => /BAD_USER_INPUT|UNAUTHENTICATED/.test(l.line))).toBe(
      false,
    );
  });
});

describe('a client that goes away', () => {
  it('stops the RCI work it caused: no further RCI calls are made for it', async () => {
    sim.setLatency({ fixedMs: 400 });
    sim.clearRequests();
    const controller = new AbortController();
    const pending = post(
      `{ users(first: 3) { nodes { email roles { name } skills { level } } } }`,
      { authorization: AUTH },
      controller.signal,
    ).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 150));
    controller.abort();
    expect(await pending).toBeInstanceOf(Error);
    // Had the request gone on, the users list (400 ms) would have been followed by per-user calls.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    sim.setLatency(undefined);
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /users']);
  });
});
