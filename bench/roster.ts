/**
 * Benchmark: the roster query (users with email, roles, skills with names, groups and time zone)
 * through the gateway on a real port, over the simulator with a large generated data set and RCI-like
 * latency. The simulator and the gateway each run in their own process (as in production), so the
 * gateway's CPU time and memory are its own, not the load generator's.
 *
 * Four phases: cold (every query asks RCI afresh: `Cache-Control: no-cache`) and warm (repeats served
 * by the gateway's answer cache), each one query at a time and with 10 concurrent clients. For each:
 * queries/s, p50/p99 latency, RCI calls per query, gateway RSS and gateway CPU-seconds per query.
 *
 *   npm run bench -- [--users 100] [--seconds 5] [--scale 1000] [--latency 20,0] [--cpu-prof] [--only cold|warm]
 *
 * The gateway reads its configuration from the environment like `npm start` does (RCI_CONNECTIONS,
 * RCI_CACHE_TTL_MS, ...). `--cpu-prof` writes a V8 CPU profile of the gateway process into the
 * current directory.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startSimulatorProcess } from './simulator-process.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    scale: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '20,0' },
    'cpu-prof': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const users = Number(values.users);
const seconds = Number(values.seconds);
const [fixedMs, jitterMs] = values.latency.split(',').map(Number);

const simulator = await startSimulatorProcess({ scale: values.scale, latency: `${fixedMs},${jitterMs ?? 0}` });
const simUrl = simulator.url;

const gateway = fork('bench/gateway-process.ts', {
  execArgv: ['--import', 'tsx', ...(values['cpu-prof'] ? ['--cpu-prof'] : [])],
  env: { ...process.env, BENCH_RCI_URL: simUrl },
});
const { url, connections } = await nextMessage<{ url: string; connections: number }>(gateway);

interface GatewayStats {
  cpuMicros: number;
  rss: number;
  calls: number;
}
function stats(): Promise<GatewayStats> {
  gateway.send('stats');
  return nextMessage<GatewayStats>(gateway);
}
function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (m) => resolve(m as T)));
}

const query = `query Roster($first: Int!) {
  users(first: $first) { nodes { firstName email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } }
}`;
const body = JSON.stringify({ query, variables: { first: users } });

async function once(cold: boolean): Promise<number> {
  const t0 = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cold ? { 'cache-control': 'no-cache' } : {}) },
    body,
  });
  const json = (await response.json()) as { errors?: unknown[] };
  if (json.errors) throw new Error(JSON.stringify(json.errors[0]));
  return performance.now() - t0;
}

console.log(
  `roster of ${users} users, ${seconds} s per phase, RCI latency ${fixedMs}±${jitterMs ?? 0} ms, scale ${values.scale}, ${connections} RCI connections`,
);
console.log(
  '| phase | concurrency | queries/s | p50 ms | p99 ms | RCI calls/query | gateway RSS MiB | gateway CPU s/query |',
);
console.log('|---|---|---|---|---|---|---|---|');

// Warm-up: compiles the hot paths and fills the cache, so the first phase is not charged for either.
await once(true);
await once(false);

for (const [cold, concurrency] of [
  [true, 1],
  [true, 10],
  [false, 1],
  [false, 10],
] as const) {
  if (values.only && values.only !== (cold ? 'cold' : 'warm')) continue;
  const before = await stats();
  const latencies: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) latencies.push(await once(cold));
    }),
  );
  const after = await stats();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  const n = latencies.length;
  console.log(
    `| ${cold ? 'cold' : 'warm'} | ${concurrency} | ${(n / seconds).toFixed(1)} | ${pct(50).toFixed(1)} | ${pct(99).toFixed(1)} | ${((after.calls - before.calls) / n).toFixed(1)} | ${(after.rss / 2 ** 20).toFixed(0)} | ${((after.cpuMicros - before.cpuMicros) / 1e6 / n).toFixed(4)} |`,
  );
}

gateway.send('stop');
await new Promise((resolve) => gateway.once('exit', resolve));
simulator.stop();
