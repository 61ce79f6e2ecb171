/**
 * Benchmark: hostile queries against the gateway on a real port, over the simulator with a large
 * generated data set (its own process, as the real RCI would be). Prints each query's outcome, its
 * time, and the gateway's peak RSS so far, then the peak over the whole run. Two gateways share one
 * RCI client: one with the default limits, one with the cost estimate switched off, so the runtime
 * bound on result objects is what stops the fan-out there while a small query runs beside it.
 *
 *   npm run bench:hostile -- [--scale 200] [--latency 0,0]
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startSimulatorProcess } from './simulator-process.js';
import { getIntrospectionQuery } from 'graphql';
import { RciClient } from '../src/rci/client.js';
import { DEFAULT_LIMITS, type QueryLimits } from '../src/server/limits.js';
import { createLogger } from '../src/server/logging.js';
import { createGateway } from '../src/server/yoga.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '200' },
    latency: { type: 'string', default: '0,0' },
  },
});

const simulator = await startSimulatorProcess({ scale: values.scale, latency: values.latency });
const simUrl = simulator.url;

const rci = new RciClient({ baseUrl: simUrl });

async function listen(limits: Partial<QueryLimits>): Promise<{ url: string; close: () => void }> {
  const yoga = createGateway({ rci, logger: createLogger(() => {}), limits });
  const server = createServer((req, res) => void yoga.handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => server.close(),
  };
}
const guarded = await listen({});
const unestimated = await listen({ maxCost: 0 });

/** Peak resident set size of this process (the gateway's), as the kernel tracks it; sampled elsewhere. */
let sampledPeak = 0;
const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 10);
function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (kb) return Number(kb[1]) * 1024;
  } catch {
    // Not Linux: the sampled figure below.
  }
  return Math.max(sampledPeak, process.memoryUsage().rss);
}
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

interface Outcome {
  outcome: string;
  ms: number;
}

async function run(url: string, query: string, variables?: Record<string, unknown>): Promise<Outcome> {
  const t0 = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  const ms = performance.now() - t0;
  if (!json.errors?.length) return { outcome: 'answered', ms };
  const codes = [...new Set(json.errors.map((e) => e.extensions?.code ?? 'no code'))].join(', ');
  return {
    outcome: `${codes} (${json.errors.length} error${json.errors.length > 1 ? 's' : ''}): ${json.errors[0].message.slice(0, 90)}`,
    ms,
  };
}

const FAN_OUT = `{ users(first: 100) { nodes { roles { users { roles { users { roles { users { userGroups { users { email } } } } } } } } } } }`;
const ROSTER = `{ users(first: 100) { nodes { email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } } }`;
const FRAGMENTS = `fragment R on Role { users { roles { users { roles { users { email } } } } } }
  query Hostile($n: Int) { a: users(first: $n) { nodes { roles { ...R } } } b: users(first: $n) { nodes { roles { ...R } } } }`;
const INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});
const ALIASED_INTROSPECTION = `{ __schema { ${Array.from({ length: 300 }, (_, i) => `t${i}: types { fields { type { fields { type { name } } } } }`).join(' ')} } }`;
const TOKENS = `{ ${Array.from({ length: 30_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
const DEEP = `{ users { nodes { ${'roles { users { '.repeat(10)}email${' } }'.repeat(10)} } } }`;
const FRAGMENT_BOMB = `query { user(id: "E936C474B22311D38FBE0090279A922E") { ...F0 } } ${Array.from(
  { length: 40 },
  (_, i) =>
    i === 39 ? `fragment F${i} on User { firstName }` : `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`,
).join(' ')}`;

/** Runs one query and prints its line; RCI calls are shown only for queries that ran alone. */
async function measure(
  name: string,
  gateway: string,
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; concurrent?: boolean } = {},
) {
  const { variables, concurrent = false } = options;
  const calls = rci.stats.calls;
  const result = await run(url, query, variables);
  console.log(
    `${name.padEnd(36)} ${gateway.padEnd(8)} ${result.ms.toFixed(0).padStart(6)} ms  ${(concurrent ? '-' : String(rci.stats.calls - calls)).padStart(5)} RCI calls  peak RSS ${mib(peakRss()).padStart(8)}  ${result.outcome}`,
  );
}

console.log(
  `scale ${values.scale} (about ${5 * Number(values.scale)} users), RCI latency ${values.latency} ms; limits: cost ${DEFAULT_LIMITS.maxCost}, result objects ${DEFAULT_LIMITS.maxResultObjects}, tokens ${DEFAULT_LIMITS.maxTokens}`,
);
console.log(`gateway RSS at start: ${mib(process.memoryUsage().rss)}`);
await measure('roster of 100 users', 'default', guarded.url, ROSTER);
await measure('fan-out', 'default', guarded.url, FAN_OUT);
await measure('fan-out: aliases, fragments, $n=100', 'default', guarded.url, FRAGMENTS, { variables: { n: 100 } });
await measure('standard introspection', 'default', guarded.url, INTROSPECTION);
await measure('introspection ×300 aliases', 'default', guarded.url, ALIASED_INTROSPECTION);
await measure('30,000 aliases (tokens)', 'default', guarded.url, TOKENS);
await measure('20 levels deep', 'default', guarded.url, DEEP);
await measure('fragment bomb (2^40 fields)', 'default', guarded.url, FRAGMENT_BOMB);
await measure('introspection ×300 aliases', 'no cost', unestimated.url, ALIASED_INTROSPECTION);

// The runtime bound, with a small query issued while the fan-out runs.
const small = `{ skills(first: 2) { nodes { name } } }`;
await Promise.all([
  measure('fan-out (a small query beside it)', 'no cost', unestimated.url, FAN_OUT, { concurrent: true }),
  new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
    measure('  small query, sent 50 ms later', 'no cost', unestimated.url, small, { concurrent: true }),
  ),
]);
await measure('fan-out: aliases, fragments, $n=100', 'no cost', unestimated.url, FRAGMENTS, { variables: { n: 100 } });
await measure('roster of 100 users, after', 'no cost', unestimated.url, ROSTER);

clearInterval(sampler);
const peak = peakRss();
console.log(`gateway peak RSS over the run: ${mib(peak)} (${peak < 512 * 2 ** 20 ? 'under' : 'OVER'} 512 MiB)`);

guarded.close();
unestimated.close();
await rci.close();
simulator.stop();
