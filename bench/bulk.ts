/**
 * Benchmark: the same 200 writes (a skill level for each of 200 users) sent as one bulk mutation and as
 * 200 aliased single mutations in one document, through the gateway on a real port, over the simulator
 * with RCI-like latency. The simulator and the gateway each run in their own process, as in roster.ts.
 *
 * GraphQL executes top-level mutation fields one after another, so the aliased document makes its 200
 * items' RCI calls in sequence; the bulk runs its items concurrently (BULK_CONCURRENCY at a time).
 * Each run sets a skill no user has yet, so every item is the same GET of the user's skills and POST.
 * A third phase sends the bulk with `@stream(initialCount: 0)` on its outcomes, read as multipart/mixed
 * (meros), and reports when the first outcome arrived next to when the last did.
 *
 *   npm run bench:bulk -- [--items 200] [--runs 3] [--latency 20,0]
 *
 * The gateway is started as `npm start` starts it (bench/gateway.ts), configured by the environment
 * (BULK_CONCURRENCY, RCI_CONNECTIONS, ...).
 */
import { parseArgs } from 'node:util';
import { meros } from 'meros/browser';
import { loadConfig } from '../src/config.js';
import { startGateway } from './gateway.js';
import { startSimulatorProcess } from './simulator-process.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    latency: { type: 'string', default: '20,0' },
  },
});
const items = Number(values.items);
const runs = Number(values.runs);
const [fixedMs, jitterMs] = values.latency.split(',').map(Number);

// About 5 users per unit of scale: enough users for one item each.
const simulator = await startSimulatorProcess({
  scale: String(Math.ceil(items / 5) + 1),
  latency: `${fixedMs},${jitterMs ?? 0}`,
});
const gateway = await startGateway({ rciUrl: simulator.url });
const { url } = gateway;
const { rciConnections: connections, bulkConcurrency } = loadConfig({ ...process.env, RCI_URL: simulator.url });
const rciCalls = () => gateway.rciCalls();

/** RCI itself, without the gateway: the users to write to, and a new skill for each run. */
async function rci(path: string, init?: RequestInit): Promise<string> {
  const response = await fetch(`${simulator.url}${path}`, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status}`);
  return response.text();
}
const users = (JSON.parse(await rci(`/users?limit=${items}`)) as { id: string }[]).map((u) => u.id);
if (users.length < items) throw new Error(`the simulator has only ${users.length} users`);
let skills = 0;
async function newSkill(): Promise<string> {
  const name = `Bench skill ${++skills}`;
  const id = await rci('/skills', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/html' },
    body: JSON.stringify({ name, description: name }),
  });
  return id.trim();
}

async function post(body: unknown): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

async function aliased(skillId: string): Promise<void> {
  const fields = users.map(
    (userId, i) => `s${i}: setUserSkill(input: { userId: "${userId}", skillId: "${skillId}", level: 3 }) { level }`,
  );
  const result = await post({ query: `mutation Aliased {\n${fields.join('\n')}\n}` });
  if (result.errors) throw new Error(JSON.stringify(result.errors[0]));
}

async function bulk(skillId: string): Promise<void> {
  const result = await post({
    query: `mutation Bulk($items: [SetUserSkillInput!]!) {
      bulkSetUserSkill(input: { items: $items }) { index errors { code message } payload { level } }
    }`,
    variables: { items: users.map((userId) => ({ userId, skillId, level: 3 })) },
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors[0]));
  const outcomes = result.data!.bulkSetUserSkill as { errors: unknown[] }[];
  const failed = outcomes.filter((o) => o.errors.length > 0);
  if (failed.length) throw new Error(JSON.stringify(failed[0]));
}

/** Time to the first streamed outcome, in milliseconds from sending; the whole run is timed by `measure`. */
const firstOutcomeMs: number[] = [];
async function streamed(skillId: string): Promise<void> {
  const t0 = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'multipart/mixed' },
    body: JSON.stringify({
      query: `mutation Streamed($items: [SetUserSkillInput!]!) {
        bulkSetUserSkill(input: { items: $items }) @stream(initialCount: 0) { index errors { code } }
      }`,
      variables: { items: users.map((userId) => ({ userId, skillId, level: 3 })) },
    }),
  });
  const parts = await meros<{ incremental?: { items?: { errors: unknown[] }[] }[]; errors?: unknown[] }>(response);
  if (!(Symbol.asyncIterator in parts)) throw new Error(`not a stream: ${await parts.text()}`);
  let outcomes = 0;
  for await (const part of parts) {
    if (!part.json) throw new Error(`a part that is not JSON: ${String(part.body)}`);
    if (part.body.errors) throw new Error(JSON.stringify(part.body.errors[0]));
    for (const increment of part.body.incremental ?? []) {
      for (const item of increment.items ?? []) {
        if (outcomes++ === 0) firstOutcomeMs.push(performance.now() - t0);
        if (item.errors.length) throw new Error(JSON.stringify(item.errors[0]));
      }
    }
  }
  if (outcomes !== items) throw new Error(`${outcomes} streamed outcomes for ${items} items`);
}

async function measure(run: (skillId: string) => Promise<void>): Promise<{ ms: number; calls: number }[]> {
  const results: { ms: number; calls: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const skillId = await newSkill();
    const before = await rciCalls();
    const t0 = performance.now();
    await run(skillId);
    const ms = performance.now() - t0;
    results.push({ ms, calls: (await rciCalls()) - before });
  }
  return results;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `${items} setUserSkill items, RCI latency ${fixedMs}±${jitterMs ?? 0} ms, ${connections} RCI connections, BULK_CONCURRENCY ${bulkConcurrency}, median of ${runs} runs`,
);
// Warm-up: compiles the hot paths of both documents.
await bulk(await newSkill());
await aliased(await newSkill());

const single = await measure(aliased);
const many = await measure(bulk);
const stream = await measure(streamed);
const show = (r: { ms: number; calls: number }[]) =>
  `${(median(r.map((x) => x.ms)) / 1000).toFixed(2)} s | ${median(r.map((x) => x.calls))}`;
console.log('| document | time | RCI calls |');
console.log('|---|---|---|');
console.log(`| ${items} aliased setUserSkill mutations | ${show(single)} |`);
console.log(`| bulkSetUserSkill with ${items} items | ${show(many)} |`);
console.log(`| bulkSetUserSkill with ${items} items, outcomes streamed | ${show(stream)} |`);
console.log(
  `first streamed outcome after ${(median(firstOutcomeMs.slice(-runs)) / 1000).toFixed(2)} s (median), the last after ${(median(stream.map((x) => x.ms)) / 1000).toFixed(2)} s`,
);
console.log(`bulk is ${(median(single.map((x) => x.ms)) / median(many.map((x) => x.ms))).toFixed(1)}× faster`);

await gateway.stop();
simulator.stop();
