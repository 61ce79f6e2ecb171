/**
 * Soak: reads and writes from concurrent clients through the gateway as a replica runs it (the production
 * build, `node dist/main.js`, with its heap capped), against an RCI that fails a share of its calls, for a
 * bounded time. Prints the gateway's memory over time, then the queries made and their errors by code.
 * Exits 1 when the gateway process dies, when an answer is not a GraphQL answer, or when an error code
 * appears that the injected faults do not explain.
 *
 *   npm run bench:soak -- [--seconds 60] [--clients 10] [--faults 0.05] [--heap-mib 256] [--scale 200]
 *                         [--latency 5,5] [--sample-seconds 5]
 *
 * The simulator runs in its own process (bench/simulator-process.ts) with fault rules that fail about
 * `--faults` of every RCI call: three fifths answered 503, one fifth dropped before it is handled, one fifth
 * dropped after (a write then happened without its answer). The gateway is built first (`npm run build`)
 * and started as `npm run start:prod` starts it (bench/gateway.ts), with
 * `NODE_OPTIONS=--max-old-space-size=<heap-mib>` and its defaults otherwise (the in-memory answer and
 * response caches, metrics, info logs); the memory figures are the gateway process's own.
 *
 * Each client loops until the time is up: 70 % reads (a roster of 50 users with roles, skills, groups and
 * time zone, filtered by a random first letter; a user by id; queues with extensions and queue groups;
 * skills; a user group with its members; 10 % of them with `Cache-Control: no-cache`), 30 % steps of a
 * write cycle on objects of its own (create a skill, give it to a user, change its description, take it
 * away, delete it; create a user group, add a user, remove the user, delete the group; change a user's
 * chat name). A step that failed ends its cycle. Expected error codes: UPSTREAM_UNAVAILABLE (a 503 or a dropped connection
 * after the retries, or a write's), UPSTREAM_OUTCOME_UNKNOWN (a write whose answer was lost), and
 * NOT_FOUND for a skill a client deleted between a query's reading a user's skills and its reading that
 * skill (a read concurrent with a delete).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { startGateway } from './gateway.js';
import { startSimulatorProcess } from './simulator-process.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '10' },
    faults: { type: 'string', default: '0.05' },
    'heap-mib': { type: 'string', default: '256' },
    scale: { type: 'string', default: '200' },
    latency: { type: 'string', default: '5,5' },
    'sample-seconds': { type: 'string', default: '5' },
  },
});
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const faultRate = Number(values.faults);
const heapMib = Number(values['heap-mib']);
const sampleMs = Number(values['sample-seconds']) * 1000;

/** A reference to an object a client deleted, read by a query that had listed it just before. */
const RACED_DELETE = 'NOT_FOUND (a skill deleted while the query ran)';
const EXPECTED = new Set(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_OUTCOME_UNKNOWN', RACED_DELETE]);
/** RCI ids of the skills the clients deleted (or set out to). */
const deletedSkills = new Set<string>();

// Rules apply in order, the first that matches wins: each rate is of what the rules before it let through.
const share = (part: number, before: number) => (faultRate * part) / (1 - faultRate * before);
const simulator = await startSimulatorProcess({
  scale: values.scale,
  latency: values.latency,
  faults: [
    { status: 503, rate: share(0.6, 0) },
    { drop: 'before', rate: share(0.2, 0.6) },
    { drop: 'after', rate: share(0.2, 0.8) },
  ],
});

console.log('building the gateway (npm run build)…');
execFileSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });

const gateway = await startGateway({
  rciUrl: simulator.url,
  build: true,
  env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${heapMib}`.trim() },
});
const { url } = gateway;
const memory = () => gateway.stats();

/** Ids to work with, read from the simulator directly: asked again while a fault answers. */
async function rci<T>(path: string): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${simulator.url}${path}`, { headers: { accept: 'application/json' } }).catch(
      () => undefined,
    );
    if (response?.ok) return (await response.json()) as T;
    if (attempt === 10) throw new Error(`GET ${path} failed 10 times`);
  }
}
const userIds = (await rci<{ id: string }[]>('/users?limit=500')).map((u) => u.id);
// Groups the clients never delete: a listing would also find the clients' own, deleted at any time.
const groupIds = (await rci<{ id: string }[]>('/userGroups?limit=500')).map((g) => g.id);

const counts = { queries: 0, mutations: 0, errors: new Map<string, number>() };
/** The first unexpected errors, with the operation that met them. */
const examples: string[] = [];
const count = (code: string) => counts.errors.set(code, (counts.errors.get(code) ?? 0) + 1);
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** One GraphQL request; answers its data and its error codes (each counted). */
async function gql(
  query: string,
  variables: Record<string, unknown> = {},
  fresh = false,
): Promise<{ data?: Record<string, unknown>; codes: string[] }> {
  counts.queries++;
  if (query.startsWith('mutation')) counts.mutations++;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(fresh ? { 'cache-control': 'no-cache' } : {}) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    count('NO_ANSWER');
    return { codes: ['NO_ANSWER'] };
  }
  const body = (await response.json().catch(() => undefined)) as
    { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] } | undefined;
  if (!body || (response.status !== 200 && !body.errors)) {
    count(`HTTP_${response.status}`);
    return { codes: [`HTTP_${response.status}`] };
  }
  const codeOf = (error: { message: string; extensions?: { code?: string } }) => {
    const code = error.extensions?.code ?? 'NO_CODE';
    const id = /No Skill with id (\w+)/.exec(error.message)?.[1];
    return code === 'NOT_FOUND' && id !== undefined && deletedSkills.has(id) ? RACED_DELETE : code;
  };
  const codes = [...new Set((body.errors ?? []).map(codeOf))];
  for (const code of codes) count(code);
  for (const error of body.errors ?? []) {
    const code = codeOf(error);
    if (!EXPECTED.has(code) && examples.length < 10)
      examples.push(`${/^\w+ (\w+)/.exec(query)?.[1]}: ${code} ${error.message}`);
  }
  return { data: body.data ?? undefined, codes };
}

const LETTERS = 'ABCDEFGHIJKLMNOPRSTUVW';
const READS: (() => Promise<unknown>)[] = [
  () =>
    gql(
      `query Roster($filter: UserFilter) { users(first: 50, filter: $filter) { nodes { firstName email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } } }`,
      { filter: Math.random() < 0.25 ? null : { firstName: `${pick([...LETTERS])}*` } },
      Math.random() < 0.1,
    ),
  () =>
    gql(
      `query User($id: ID!) { user(id: $id) { email roles { name } skills { level skill { name } } userGroups { name } } }`,
      { id: pick(userIds) },
      Math.random() < 0.1,
    ),
  () =>
    gql(
      `query Queues { queues(first: 50) { nodes { name extensions { name } queueGroups { name } } } }`,
      {},
      Math.random() < 0.1,
    ),
  () => gql(`query Skills { skills(first: 200) { nodes { name description } } }`, {}, Math.random() < 0.1),
  () =>
    gql(
      `query Group($id: ID!) { userGroup(id: $id) { name users { firstName surname } } }`,
      { id: pick(groupIds) },
      Math.random() < 0.1,
    ),
];

/** A client's write cycle: each step runs after the one before it succeeded; a failure starts over. */
function writeCycle(client: number): () => Promise<unknown> {
  let made = 0;
  let skillId: string | undefined;
  let skillRciId: string | undefined;
  let groupId: string | undefined;
  let userId = pick(userIds);
  const steps: (() => Promise<boolean>)[] = [
    async () => {
      const name = `Soak ${client}-${++made}`;
      const r = await gql(
        `mutation CreateSkill($input: CreateSkillInput!) { createSkill(input: $input) { skillId skill { rciId } } }`,
        { input: { name, description: 'made by the soak' } },
      );
      const created = r.data?.createSkill as { skillId?: string; skill?: { rciId: string } | null } | null;
      skillId = created?.skillId;
      skillRciId = created?.skill?.rciId;
      return skillId !== undefined && r.codes.length === 0;
    },
    async () => {
      userId = pick(userIds);
      const r = await gql(
        `mutation SetUserSkill($input: SetUserSkillInput!) { setUserSkill(input: $input) { level } }`,
        { input: { userId, skillId, level: 1 + Math.floor(Math.random() * 5) } },
      );
      return r.codes.length === 0;
    },
    async () =>
      (
        await gql(`mutation UpdateSkill($input: UpdateSkillInput!) { updateSkill(input: $input) { skill { name } } }`, {
          input: { id: skillId, description: `changed ${Date.now()}` },
        })
      ).codes.length === 0,
    async () =>
      (
        await gql(
          `mutation RemoveUserSkill($input: RemoveUserSkillInput!) { removeUserSkill(input: $input) { level } }`,
          {
            input: { userId, skillId },
          },
        )
      ).codes.length === 0,
    async () => {
      if (skillRciId) deletedSkills.add(skillRciId);
      const r = await gql(
        `mutation DeleteSkill($input: DeleteSkillInput!) { deleteSkill(input: $input) { deletedId } }`,
        {
          input: { id: skillId },
        },
      );
      return r.codes.length === 0;
    },
    async () => {
      const r = await gql(
        `mutation CreateUserGroup($input: CreateUserGroupInput!) { createUserGroup(input: $input) { userGroupId } }`,
        { input: { name: `Soak group ${client}-${++made}` } },
      );
      groupId = (r.data?.createUserGroup as { userGroupId?: string } | null)?.userGroupId;
      return groupId !== undefined && r.codes.length === 0;
    },
    async () => {
      userId = pick(userIds);
      const r = await gql(
        `mutation AddUserToUserGroup($input: AddUserToUserGroupInput!) { addUserToUserGroup(input: $input) { userGroup { name } } }`,
        { input: { userGroupId: groupId, userId } },
      );
      return r.codes.length === 0;
    },
    async () =>
      (
        await gql(
          `mutation RemoveUserFromUserGroup($input: RemoveUserFromUserGroupInput!) { removeUserFromUserGroup(input: $input) { userGroup { name } } }`,
          { input: { userGroupId: groupId, userId } },
        )
      ).codes.length === 0,
    async () =>
      (
        await gql(
          `mutation DeleteUserGroup($input: DeleteUserGroupInput!) { deleteUserGroup(input: $input) { deletedId } }`,
          { input: { id: groupId } },
        )
      ).codes.length === 0,
    async () =>
      (
        await gql(`mutation UpdateUser($input: UpdateUserInput!) { updateUser(input: $input) { user { chatName } } }`, {
          input: { id: pick(userIds), chatName: `soak-${client}-${made}` },
        })
      ).codes.length === 0,
  ];
  let next = 0;
  return async () => {
    const ok = await steps[next]();
    next = ok ? (next + 1) % steps.length : 0;
  };
}

console.log(
  `soak: ${clients} clients for ${seconds} s, ~${(faultRate * 100).toFixed(1)} % of RCI calls failed, ` +
    `gateway heap capped at ${heapMib} MiB (NODE_OPTIONS=--max-old-space-size=${heapMib}), RCI scale ${values.scale}, latency ${values.latency} ms`,
);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const started = performance.now();
const end = started + seconds * 1000;
const peak = { rss: 0, heapUsed: 0 };
async function sample(): Promise<void> {
  const m = await memory();
  peak.rss = Math.max(peak.rss, m.rss);
  peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
  const errors = [...counts.errors.values()].reduce((a, b) => a + b, 0);
  console.log(
    `| ${((performance.now() - started) / 1000).toFixed(0)} s | ${mib(m.rss)} | ${mib(m.heapUsed)} | ${mib(m.heapTotal)} | ${mib(m.external)} | ${counts.queries} | ${errors} |`,
  );
}

const before = await memory();
console.log(`gateway heap limit ${mib(before.heapLimit)} MiB; RSS ${mib(before.rss)} MiB before the first query`);
console.log('| time | RSS MiB | heap used MiB | heap total MiB | external MiB | requests | errors |');
console.log('|---|---|---|---|---|---|---|');
const sampler = setInterval(() => void sample(), sampleMs);
await Promise.all(
  Array.from({ length: clients }, async (_, client) => {
    const write = writeCycle(client);
    while (performance.now() < end && !gateway.exitedEarly()) {
      await (Math.random() < 0.7 ? pick(READS)() : write());
    }
  }),
);
clearInterval(sampler);
const exitedEarly = gateway.exitedEarly();
if (!exitedEarly) await sample();
const peakResident = exitedEarly ? undefined : gateway.peakRss();

const unexpected = [...counts.errors.keys()].filter((code) => !EXPECTED.has(code));
console.log(
  `\n${counts.queries} requests (${counts.mutations} of them mutations) in ${seconds} s ` +
    `(${(counts.queries / seconds).toFixed(1)}/s); ` +
    `peak sampled RSS ${mib(peak.rss)} MiB, heap used ${mib(peak.heapUsed)} MiB` +
    (peakResident === undefined ? '' : `; peak RSS recorded by the kernel ${mib(peakResident)} MiB`),
);
console.log('errors by code (counted once per request and code):');
for (const [code, n] of [...counts.errors].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${code}: ${n}${EXPECTED.has(code) ? '' : '  (unexpected)'}`);
}

// Its graceful shutdown waits for requests in flight (none by now) for at most 10 s.
await gateway.stop();
simulator.stop();
if (exitedEarly) {
  console.error(`FAILED: ${exitedEarly}\n${gateway.stderr()}`);
  process.exit(1);
}
if (unexpected.length > 0) {
  console.error(`FAILED: unexpected error codes ${unexpected.join(', ')}, e.g.\n  ${examples.join('\n  ')}`);
  process.exit(1);
}
console.log('passed: the gateway stayed up and every error is one the faults explain');
