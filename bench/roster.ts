/**
 * Benchmark: the roster query (users with email, roles, skills with names, groups and time zone)
 * through the gateway on a real port, over the simulator with a large generated data set and RCI-like
 * latency. The simulator and the gateway each run in their own process (as in production), so the
 * gateway's CPU time and memory are its own, not the load generator's.
 *
 * Eight phases: the gateway with the response cache off, then on (`RESPONSE_CACHE`, one gateway process
 * each); for each, cold (every query asks RCI afresh: `Cache-Control: no-cache`, past both caches) and
 * warm (repeats served by the caches), each one query at a time and with 10 concurrent clients. For
 * each: queries/s, p50/p99 latency, RCI calls per query, gateway RSS and gateway CPU-seconds per query.
 *
 *   npm run bench -- [--users 100] [--seconds 5] [--scale 1000] [--latency 20,0] [--cpu-prof]
 *                    [--only cold|warm] [--response-cache on|off]
 *
 * The gateway is started as `npm start` starts it (bench/gateway.ts): configured by the environment
 * (RCI_CONNECTIONS, RCI_CACHE_TTL_MS, ...), metrics and request logs on. `--cpu-prof` writes a V8 CPU
 * profile of each gateway process into the current directory.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { startGateway } from './gateway.js';
import { startSimulatorProcess } from './simulator-process.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    scale: { type: 'string', default: '1000' },
    latency: { type: 'string', default: '20,0' },
    'cpu-prof': { type: 'boolean', default: false },
    only: { type: 'string' },
    'response-cache': { type: 'string' },
  },
});
const users = Number(values.users);
const seconds = Number(values.seconds);
const [fixedMs, jitterMs] = values.latency.split(',').map(Number);

const simulator = await startSimulatorProcess({ scale: values.scale, latency: `${fixedMs},${jitterMs ?? 0}` });

const query = `query Roster($first: Int!) {
  users(first: $first) { nodes { firstName email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } }
}`;
const body = JSON.stringify({ query, variables: { first: users } });

async function once(url: string, cold: boolean): Promise<number> {
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

let header = false;
for (const responseCache of ['off', 'on'] as const) {
  if (values['response-cache'] && values['response-cache'] !== responseCache) continue;
  const gateway = await startGateway({
    rciUrl: simulator.url,
    env: { RESPONSE_CACHE: responseCache === 'on' ? 'true' : 'false' },
    nodeFlags: values['cpu-prof'] ? ['--cpu-prof'] : [],
  });
  if (!header) {
    header = true;
    console.log(
      `roster of ${users} users, ${seconds} s per phase, RCI latency ${fixedMs}±${jitterMs ?? 0} ms, scale ${values.scale}, ${loadConfig({ ...process.env, RCI_URL: simulator.url }).rciConnections} RCI connections`,
    );
    console.log(
      '| response cache | phase | concurrency | queries/s | p50 ms | p99 ms | RCI calls/query | gateway RSS MiB | gateway CPU s/query |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|');
  }

  // Warm-up: 3 s of cold queries, then a warm one, so that V8 has compiled the hot paths and the caches
  // are filled: the first phase would be charged for the compiler's work otherwise (about a fifth of its
  // CPU when the warm-up was two queries).
  const warmUntil = performance.now() + 3000;
  while (performance.now() < warmUntil) await once(gateway.url, true);
  await once(gateway.url, false);

  for (const [cold, concurrency] of [
    [true, 1],
    [true, 10],
    [false, 1],
    [false, 10],
  ] as const) {
    if (values.only && values.only !== (cold ? 'cold' : 'warm')) continue;
    const before = { ...(await gateway.stats()), calls: await gateway.rciCalls() };
    const latencies: number[] = [];
    const deadline = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) latencies.push(await once(gateway.url, cold));
      }),
    );
    const after = { ...(await gateway.stats()), calls: await gateway.rciCalls() };
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    const n = latencies.length;
    console.log(
      `| ${responseCache} | ${cold ? 'cold' : 'warm'} | ${concurrency} | ${(n / seconds).toFixed(1)} | ${pct(50).toFixed(1)} | ${pct(99).toFixed(1)} | ${((after.calls - before.calls) / n).toFixed(1)} | ${(after.rss / 2 ** 20).toFixed(0)} | ${((after.cpuMicros - before.cpuMicros) / 1e6 / n).toFixed(4)} |`,
    );
  }
  await gateway.stop();
}

simulator.stop();
