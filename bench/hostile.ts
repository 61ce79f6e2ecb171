/**
 * Benchmark: hostile queries against the gateway on a real port, over the simulator with a large
 * generated data set (its own process, as the real RCI would be). Prints each query's outcome, its
 * time, its RCI calls and the gateway's peak RSS so far, then the peak over the whole run. Two gateways,
 * each started as `npm start` starts it (bench/gateway.ts), in a process of its own: one with the default
 * limits, one with the cost estimate switched off (`MAX_QUERY_COST=0`), so the runtime bound on result
 * objects is what stops the fan-out there while a small query runs beside it.
 *
 *   npm run bench:hostile -- [--scale 200] [--latency 0,0]
 */
import { parseArgs } from 'node:util';
import { getIntrospectionQuery } from 'graphql';
import { DEFAULT_LIMITS } from '../src/server/limits.js';
import { startGateway, type BenchGateway } from './gateway.js';
import { startSimulatorProcess } from './simulator-process.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '200' },
    latency: { type: 'string', default: '0,0' },
  },
});

const simulator = await startSimulatorProcess({ scale: values.scale, latency: values.latency });
const guarded = await startGateway({ rciUrl: simulator.url });
const unestimated = await startGateway({ rciUrl: simulator.url, env: { MAX_QUERY_COST: '0' } });
const rssAtStart = Math.max((await guarded.stats()).rss, (await unestimated.stats()).rss);

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
  gateway: BenchGateway,
  query: string,
  options: { variables?: Record<string, unknown>; concurrent?: boolean } = {},
) {
  const { variables, concurrent = false } = options;
  const calls = concurrent ? 0 : await gateway.rciCalls();
  const result = await run(gateway.url, query, variables);
  const made = concurrent ? '-' : String((await gateway.rciCalls()) - calls);
  const label = gateway === guarded ? 'default' : 'no cost';
  console.log(
    `${name.padEnd(36)} ${label.padEnd(8)} ${result.ms.toFixed(0).padStart(6)} ms  ${made.padStart(5)} RCI calls  peak RSS ${mib(gateway.peakRss() ?? 0).padStart(8)}  ${result.outcome}`,
  );
}

console.log(
  `scale ${values.scale} (about ${5 * Number(values.scale)} users), RCI latency ${values.latency} ms; limits: cost ${DEFAULT_LIMITS.maxCost}, result objects ${DEFAULT_LIMITS.maxResultObjects}, tokens ${DEFAULT_LIMITS.maxTokens}`,
);
console.log(`gateway RSS at start: ${mib(rssAtStart)}`);
await measure('roster of 100 users', guarded, ROSTER);
await measure('fan-out', guarded, FAN_OUT);
await measure('fan-out: aliases, fragments, $n=100', guarded, FRAGMENTS, { variables: { n: 100 } });
await measure('standard introspection', guarded, INTROSPECTION);
await measure('introspection ×300 aliases', guarded, ALIASED_INTROSPECTION);
await measure('30,000 aliases (tokens)', guarded, TOKENS);
await measure('20 levels deep', guarded, DEEP);
await measure('fragment bomb (2^40 fields)', guarded, FRAGMENT_BOMB);
await measure('introspection ×300 aliases', unestimated, ALIASED_INTROSPECTION);

// The runtime bound, with a small query issued while the fan-out runs.
const small = `{ skills(first: 2) { nodes { name } } }`;
await Promise.all([
  measure('fan-out (a small query beside it)', unestimated, FAN_OUT, { concurrent: true }),
  new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
    measure('  small query, sent 50 ms later', unestimated, small, { concurrent: true }),
  ),
]);
await measure('fan-out: aliases, fragments, $n=100', unestimated, FRAGMENTS, { variables: { n: 100 } });
await measure('roster of 100 users, after', unestimated, ROSTER);

const peak = Math.max(guarded.peakRss() ?? 0, unestimated.peakRss() ?? 0);
// Against what the README's memory section gives a replica.
console.log(
  `gateway peak RSS over the run (the larger of the two processes): ${mib(peak)} (${peak < 640 * 2 ** 20 ? 'under' : 'OVER'} 640 MiB)`,
);

await guarded.stop();
await unestimated.stop();
simulator.stop();
