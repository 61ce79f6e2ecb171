/**
 * Benchmark: the roster query (users with email, roles, skills with names, groups and time zone)
 * through the gateway on a real port, over the simulator with a large generated data set and RCI-like
 * latency. The simulator runs in its own process (as the real RCI would), so the figures are the
 * gateway's: throughput, latency percentiles, RCI calls per query and the gateway's memory.
 *
 *   npm run bench -- [--users 20] [--concurrency 8] [--seconds 10] [--scale 1000] [--latency 5,5]
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { RciClient } from '../src/rci/client.js';
import { createGateway } from '../src/server/yoga.js';
import { createLogger } from '../src/server/logging.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
    scale: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '5,5' },
  },
});
const users = Number(values.users);
const concurrency = Number(values.concurrency);
const seconds = Number(values.seconds);
const [fixedMs, jitterMs] = values.latency.split(',').map(Number);

const started = performance.now();
const simulator = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    'src/simulator/cli.ts',
    '--port',
    '0',
    '--scale',
    values.scale,
    '--seed',
    '1',
    '--latency',
    `${fixedMs},${jitterMs}`,
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const simUrl = await new Promise<string>((resolve, reject) => {
  let out = '';
  simulator.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /listening on (http:\S+)/.exec(out);
    if (match) resolve(match[1]);
  });
  simulator.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
});
const simReady = performance.now() - started;
const rci = new RciClient({ baseUrl: simUrl, connections: 64 });
const yoga = createGateway({ rci, logger: createLogger(() => {}) });
const server = createServer(yoga.requestListener);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

const query = `query Roster($first: Int!) {
  users(first: $first) { nodes { firstName email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } }
}`;
const body = JSON.stringify({ query, variables: { first: users } });

async function once(): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await response.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors[0]));
  return performance.now() - t0;
}

// Warm-up, and the RCI calls one query costs.
await once();
const callsBefore = rci.stats.calls;
await once();
const callsPerQuery = rci.stats.calls - callsBefore;

const latencies: number[] = [];
const deadline = performance.now() + seconds * 1000;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) latencies.push(await once());
  }),
);
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const memory = process.memoryUsage();

console.log(
  `roster of ${users} users, concurrency ${concurrency}, ${seconds} s, RCI latency ${fixedMs}±${jitterMs} ms, scale ${values.scale}`,
);
console.log(`simulator process start (data generation included): ${simReady.toFixed(0)} ms`);
console.log(`queries: ${latencies.length}  throughput: ${(latencies.length / seconds).toFixed(1)} q/s`);
console.log(`latency ms: p50 ${pct(50)}  p95 ${pct(95)}  p99 ${pct(99)}  max ${latencies.at(-1)!.toFixed(1)}`);
console.log(`RCI calls per query: ${callsPerQuery}  (retries so far: ${rci.stats.retries})`);
console.log(
  `gateway memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB  heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
);

server.close();
await rci.close();
simulator.kill('SIGTERM');
