import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../../src/simulator/index.js';
import type { Json } from '../support/json.js';

// The gateway as an operator runs it: a real process over a real RCI (the simulator, started here), stopped
// with SIGTERM; and the compiled build, started with node alone.
const root = new URL('../..', import.meta.url).pathname;
const JOHN = 'E936C474B22311D38FBE0090279A922E';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
const temporary: string[] = [];
afterAll(async () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  await sim.close();
});

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  sim.setLatency(undefined);
});

/** Starts the gateway and resolves with its URL once it listens. */
async function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', RCI_URL: sim.url, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (!/gateway: (http:\S+)/.test(stdout) && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the gateway exited: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /gateway: (http:\S+)/.exec(stdout)?.[1];
  if (!url) throw new Error(`the gateway did not start: ${stderr}`);
  return { child, url, output: () => ({ stdout, stderr }) };
}

const query = (url: string, document: string, variables?: Record<string, unknown>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: document, variables }),
  });

/**
 * The most requests RCI (the simulator) held at once, arrived and not yet answered, among those `counted`
 * picks, while `run` runs: looked at every 2 ms, so the simulator must hold each for far longer.
 */
async function mostInFlight(counted: (request: LoggedRequest) => boolean, run: () => Promise<void>): Promise<number> {
  let most = 0;
  const watch = setInterval(() => {
    most = Math.max(most, sim.requests.filter((r) => !r.status && counted(r)).length);
  }, 2);
  try {
    await run();
  } finally {
    clearInterval(watch);
  }
  return most;
}

describe('graceful shutdown', () => {
  it('on SIGTERM stops accepting, lets a slow query in flight finish with 200, then exits 0', async () => {
    const { child, url, output } = await start(['--import', 'tsx', 'src/main.ts'], { SHUTDOWN_TIMEOUT_MS: '5000' });
    sim.setLatency({ fixedMs: 1_000 });
    const started = Date.now();
    const slow = query(url, `{ user(id: "${JOHN}") { firstName } }`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    // The listener is closed in the same tick as this line is logged: wait for it rather than for a
    // guessed time, which a busy machine overruns.
    const deadline = Date.now() + 10_000;
    while (!output().stdout.includes('waiting up to') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    // The listener is closed: a new connection is refused while the old request still runs.
    await expect(fetch(url.replace('localhost', '127.0.0.1'), { method: 'GET' })).rejects.toThrow();

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { user: { firstName: 'John' } } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    const messages = output()
      .stdout.trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['SIGTERM: shutting down', 'shut down']));
    expect(messages.indexOf('shut down')).toBeGreaterThan(messages.indexOf('SIGTERM: shutting down'));
  });

  it('cuts requests still running at SHUTDOWN_TIMEOUT_MS and still exits 0', async () => {
    const { child, url, output } = await start(['--import', 'tsx', 'src/main.ts'], { SHUTDOWN_TIMEOUT_MS: '200' });
    // Far longer than the test may take: the process can only exit in time by cutting the request.
    sim.setLatency({ fixedMs: 600_000 });
    const slow = query(url, `{ user(id: "${JOHN}") { firstName } }`).then(
      (response) => response.status,
      (error: Error) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
    expect(await slow).toBeInstanceOf(Error);
    expect(output().stdout).toContain('shutdown timeout reached');
  });
});

describe('the production process, wired up', () => {
  it('never has more than RCI_CONNECTIONS requests open on RCI at a time', async () => {
    const { url } = await start(['--import', 'tsx', 'src/main.ts'], { RCI_CONNECTIONS: '3' });
    sim.setLatency({ fixedMs: 40 });
    sim.clearRequests();
    const most = await mostInFlight(
      () => true,
      async () => {
        const roster = `{ users(first: 5) { nodes { roles { name } userGroups { name } } } }`;
        const answer = (await (await query(url, roster)).json()) as { errors?: unknown };
        expect(answer.errors).toBeUndefined();
      },
    );
    // The list of the example data's three users, then their six relation reads at once: three on the wire,
    // the others waiting for a connection.
    expect(sim.requests).toHaveLength(7);
    expect(most).toBe(3);
  });

  it('runs bulk mutations with BULK_CONCURRENCY and MAX_BULK_ITEMS from its environment', async () => {
    const { url } = await start(['--import', 'tsx', 'src/main.ts'], { BULK_CONCURRENCY: '2', MAX_BULK_ITEMS: '6' });
    sim.setLatency({ fixedMs: 40 });
    const create = `mutation($items: [CreateSkillInput!]!) { bulkCreateSkill(input: { items: $items }) { errors { code } } }`;
    const items = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Env skill ${i}`, description: 'Bulk' }));
    // RCI's skill creates in flight while the bulk runs (each is held 40 ms).
    const isCreate = (r: LoggedRequest) => r.method === 'POST' && r.path === '/skills';
    const most = await mostInFlight(isCreate, async () => {
      const answer = (await (await query(url, create, { items: items(6) })).json()) as {
        data?: Json;
        errors?: unknown;
      };
      expect(answer.errors).toBeUndefined();
      expect(sim.requests.filter(isCreate)).toHaveLength(6);
    });
    expect(most).toBe(2);
    sim.clearRequests();
    const tooMany = (await (await query(url, create, { items: items(7) })).json()) as {
      errors?: { extensions?: Json }[];
    };
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.items' });
    expect(sim.requests).toEqual([]);
  });

  it('refuses a request body over MAX_REQUEST_BYTES from its environment', async () => {
    const { url } = await start(['--import', 'tsx', 'src/main.ts'], { MAX_REQUEST_BYTES: '2048' });
    const document = '{ skills(first: 1) { nodes { name } } }';
    const small = await query(url, document, { pad: 'x'.repeat(1500) });
    expect(small.status).toBe(200);
    sim.clearRequests();
    const large = await query(url, document, { pad: 'x'.repeat(2100) });
    expect(large.status).toBe(413);
    const answer = (await large.json()) as { errors?: { extensions?: Json }[] };
    expect(answer.errors?.[0].extensions).toEqual({ code: 'REQUEST_ENTITY_TOO_LARGE', limit: 2048 });
    expect(sim.requests).toEqual([]);
  });

  // Metrics on their own port, traces to an OTLP receiver run here, request ids: all through main.ts.
  it('serves metrics on METRICS_PORT, exports traces, echoes the request id, and flushes spans on SIGTERM', async () => {
    const received: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const otlp = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
      const { child, url, output } = await start(['--import', 'tsx', 'src/main.ts'], {
        METRICS_PORT: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      });
      const deadline = Date.now() + 10_000;
      while (!/metrics: (http:[^\s"]+)/.test(output().stdout) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const metricsUrl = /metrics: (http:[^\s"]+)/.exec(output().stdout)![1];

      sim.clearRequests();
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'deploy-check-1' },
        body: JSON.stringify({ query: `query Probe { user(id: "${JOHN}") { firstName } }` }),
      });
      expect(answer.headers.get('x-request-id')).toBe('deploy-check-1');
      expect(await answer.json()).toEqual({ data: { user: { firstName: 'John' } } });

      expect((await fetch(url.replace('/graphql', '/metrics'))).status).toBe(404);
      const metrics = await (await fetch(metricsUrl)).text();
      expect(metrics).toContain(
        'rci_call_duration_seconds_count{method="GET",resource="/users/{id}",status_class="2xx"} 1',
      );
      expect(metrics).toMatch(/^graphql_envelop_request\{operationName="Probe",operationType="query"\} 1$/m);

      const traceparent = sim.requests[0]?.traceparent;
      expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect(((await exited) as [number | null])[0]).toBe(0);
      // The exporter sent its batch on the way out: the RCI call's span, under the id RCI was given.
      const spans = received.join('\n');
      expect(spans).toContain(traceparent!.split('-')[2]);
      expect(spans).toContain('query Probe');
      const logged = output()
        .stdout.trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { requestId?: string; msg: string });
      expect(logged.find((l) => l.requestId === 'deploy-check-1')?.msg).toBe('POST /graphql 200');
    } finally {
      receiver.close();
    }
  });
});

/**
 * A `node --import` module whose resolve hook fails every import the compiled gateway (dist/) makes of a
 * devDependency, as it would fail after `npm ci --omit=dev`. Written to a temporary folder: it is a
 * test's tool, not part of the project.
 */
function noDevDependenciesHook(): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const devOnly = Object.keys(manifest.devDependencies).filter((name) => !(name in manifest.dependencies));
  const dir = mkdtempSync(join(tmpdir(), 'no-dev-deps-'));
  temporary.push(dir);
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `const devOnly = new Set(${JSON.stringify(devOnly)});
const dist = ${JSON.stringify(pathToFileURL(join(root, 'dist')).href + '/')};
export async function resolve(specifier, context, nextResolve) {
  const parts = specifier.split('/');
  const name = /^(node:|\\.|\\/|file:|data:)/.test(specifier) ? undefined : specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  if (name && devOnly.has(name) && context.parentURL?.startsWith(dist)) {
    throw new Error(context.parentURL + ' imports the devDependency ' + name);
  }
  return nextResolve(specifier, context);
}
`,
  );
  writeFileSync(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
  );
  return pathToFileURL(join(dir, 'register.mjs')).href;
}

describe('the compiled build', () => {
  it(
    '`npm run build` writes dist/, and `node dist/main.js` starts without dev dependencies and answers',
    { timeout: 120_000 },
    async () => {
      await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
      const { child, url } = await start(['--import', noDevDependenciesHook(), 'dist/main.js'], {
        MAX_BULK_ITEMS: '1',
      });
      const answer = await query(url, `{ user(id: "${JOHN}") { firstName surname } }`);
      expect(await answer.json()).toEqual({ data: { user: { firstName: 'John', surname: 'Fox' } } });
      // The configuration reaches the schema: MAX_BULK_ITEMS=1 refuses a second item.
      const item = `{ userId: "${JOHN}", skillId: "${JOHN}" }`;
      const bulk = (await (
        await query(url, `mutation { bulkRemoveUserSkill(input: { items: [${item}, ${item}] }) { index } }`)
      ).json()) as { errors?: { message: string; extensions: { code: string } }[] };
      expect(bulk.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
      expect(bulk.errors?.[0].message).toMatch(/more than the 1 one bulk mutation may carry/);
      expect((await fetch(url.replace('/graphql', '/readiness'))).status).toBe(200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect(((await exited) as [number | null])[0]).toBe(0);
    },
  );
});
