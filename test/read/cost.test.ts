import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { useGateway } from '../support/gateway.js';

// Hostile documents against a gateway over the simulator: the fan-out query that used to exhaust the
// heap, in the forms an attacker would vary it, is refused before any RCI call by the cost estimate;
// with the estimate switched off, the runtime bound on result objects stops it while others are served.

const FAN_OUT = `{ users(first: 100) { nodes { roles { users { roles { users { roles { users { userGroups { users { email } } } } } } } } } } }`;

/** The README's roster: 100 users with email, roles, skills with names, groups and time zone. */
const ROSTER = `{ users(first: 100) { nodes { email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } } }`;

const JOHN = 'E936C474B22311D38FBE0090279A922E';

/** Introspection that multiplies: 40 copies of every type's fields' types' fields. */
const ALIASED_INTROSPECTION = `{ __schema { ${Array.from(
  { length: 40 },
  (_, i) => `t${i}: types { fields { type { fields { type { name } } } } }`,
).join(' ')} } }`;

describe('cost estimate before execution', () => {
  const gw = useGateway({ simulator: { data: { scale: 20, seed: 3 } } });

  async function refused(document: string, variables?: Record<string, unknown>) {
    const result = await gw.query(document, variables);
    expect(result.data ?? null).toBeNull();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(error.extensions?.limit).toBe(DEFAULT_LIMITS.maxCost);
    expect(error.extensions?.estimate).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    expect(error.message).toMatch(/is estimated to cost \d+ .*more than the limit of 20000/);
    // Nothing was sent: the simulator saw no request at all.
    expect(gw.calls()).toEqual([]);
    return error;
  }

  it('refuses the fan-out query with its estimate and the limit, and makes no RCI call', async () => {
    const error = await refused(FAN_OUT);
    // 100 users × 10 (assumed list size) for each of the 8 nested lists, plus the RCI calls behind them:
    // one per list read (1 + 100 + … + 10⁹), and one per member of the last list, whose summary lacks `email`.
    expect(error.extensions?.objects).toBe(11_111_111_101);
    expect(error.extensions?.rciCalls).toBe(1_111_111_101 + 10_000_000_000);
    expect(error.extensions?.estimate).toBe(11_111_111_101 + 11_111_111_101);
  });

  it('counts aliases: many shallow copies of one affordable selection add up', async () => {
    // 1 + 100 + 1000 + 10000 objects, + 1101 calls (`firstName` is in a member's summary: no completion).
    const one = `users(first: 100) { nodes { roles { users { firstName } } } }`;
    expect((await gw.query(`{ a: ${one} }`)).errors).toBeUndefined();
    gw.sim.clearRequests();
    const aliased = Array.from({ length: 2 }, (_, i) => `a${i}: ${one}`).join(' ');
    const error = await refused(`{ ${aliased} }`);
    expect(error.extensions?.objects).toBe(2 * 11_101);
  });

  it('counts named fragments where they are spread, and inline fragments', async () => {
    await refused(`
      fragment Deep on User { roles { users { roles { users { roles { users { email } } } } } } }
      query { users(first: 100) { nodes { ...Deep } } }
    `);
    await refused(
      `{ nodes(ids: ["${JOHN}"]) { ... on User { roles { users { roles { users { roles { users { email } } } } } } } } }`,
    );
    await refused(
      `{ user(id: "${JOHN}") { ... { roles { users { roles { users { roles { users { email } } } } } } } } }`,
    );
  });

  it('reads `first` from the variables, each request anew (not from a validation cached per document)', async () => {
    const document = `query Page($n: Int) { users(first: $n) { nodes { roles { users { roles { name } } } } } }`;
    const small = await gw.query(document, { n: 3 });
    expect(small.errors).toBeUndefined();
    expect(small.data).toBeTruthy();
    gw.sim.clearRequests();
    const error = await refused(document, { n: 100 });
    expect(error.message).toMatch(/^Operation 'Page' is estimated/);
  });

  it('uses the default page for a connection given no `first`', async () => {
    // 50 users (the default page) × 10 roles × 10 users × 10 roles × 10 users: refused; first: 1 is not.
    const deep = (args: string) => `{ users${args} { nodes { roles { users { roles { users { firstName } } } } } } }`;
    await refused(deep(''));
    expect((await gw.query(deep('(first: 1)'))).errors).toBeUndefined();
  });

  it("lets the README's roster of 100 users with roles, skills, groups and time zone pass", async () => {
    const result = await gw.query<{ users: { nodes: unknown[] } }, never>(ROSTER);
    expect(result.errors).toBeUndefined();
    expect(result.data!.users.nodes).toHaveLength(100);
  });

  it('answers the standard introspection query with every option on, with no RCI call', async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const result = await gw.query<IntrospectionQuery, never>(query);
    expect(result.errors).toBeUndefined();
    const user = result.data!.__schema.types.find((t) => t.name === 'User');
    expect(user?.description).toBe('Entity representing a user.');
    expect(gw.calls()).toEqual([]);
  });

  it('does not let introspection become the escape hatch for a document that multiplies', async () => {
    // graphql-js refuses fields nested in fields three times; aliases are what multiplies within that.
    const result = await gw.query(ALIASED_INTROSPECTION);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.data ?? null).toBeNull();
  });
});

describe('what the estimate counts: an upper bound of what the schema bounds', () => {
  const gw = useGateway({ simulator: { data: { scale: 20, seed: 3 } } });
  // The same gateway refusing anything estimated above zero: its refusal reports the estimate.
  const estimator = useGateway({ limits: { maxCost: 0.5 } });

  async function estimate(document: string, variables?: Record<string, unknown>) {
    const result = await estimator.query(document, variables);
    expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const { objects, rciCalls } = result.errors![0].extensions as { objects: number; rciCalls: number };
    return { objects, rciCalls };
  }

  it('applies variable defaults: `$n: Int = 500` left out is estimated, and refused, as 500', async () => {
    const document = `query R($n: Int = 500) { users(first: $n) { nodes { roles { users { email } } } } }`;
    const withDefault = await gw.query(document);
    expect(withDefault.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(gw.calls()).toEqual([]);
    const given = await gw.query(document, { n: 500 });
    expect(withDefault.errors![0].extensions).toEqual(given.errors![0].extensions);
    expect(await estimate(document)).toEqual(await estimate(document, { n: 500 }));
  });

  it('counts the by-id completion of each summary whose selection reads a field it lacks', async () => {
    // A role's users are summaries (id, firstName, surname): 1 list + 5 member lists + 50 full users.
    expect(await estimate(`{ roles(first: 5) { nodes { users { email phone login } } } }`)).toEqual({
      objects: 1 + 5 + 50,
      rciCalls: 1 + 5 + 50,
    });
    expect((await estimate(`{ roles(first: 5) { nodes { users { firstName surname } } } }`)).rciCalls).toBe(1 + 5);
    // A page of user summaries may have to be completed by id too (when RCI does not add the field).
    expect((await estimate(`{ users(first: 20) { edges { node { email } } } }`)).rciCalls).toBe(1 + 20);
    expect((await estimate(`{ users(first: 20) { nodes { timeZone { name } } } }`)).rciCalls).toBe(1 + 20 + 20);
    expect((await estimate(`{ users(first: 20) { nodes { rciId firstName } } }`)).rciCalls).toBe(1);
  });

  it('counts lists of references and of ids one call per object, not one for the list', async () => {
    const page = await gw.query<{ users: { nodes: { id: string }[] } }, never>(`{ users(first: 3) { nodes { id } } }`);
    const ids = page.data!.users.nodes.map((n) => n.id);
    expect(await estimate(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })).toEqual({
      objects: 3,
      rciCalls: 3,
    });
    expect((await estimate(`{ nodes(ids: "${ids[0]}") { id } }`)).rciCalls).toBe(1);
    // 2 extensions × 10 queues (assumed), each read by id.
    expect((await estimate(`{ cpExtensions(first: 2) { nodes { queues { name } } } }`)).rciCalls).toBe(1 + 20);
    expect((await estimate(`{ user(id: "${JOHN}") { skills { skill { name } } } }`)).rciCalls).toBe(1 + 1 + 10);
  });

  it('leaves out what @skip and @include leave out, following their variables', async () => {
    const document = `query ($deep: Boolean = false) {
      users(first: 100) { nodes { firstName roles @include(if: $deep) { users { roles { users { email } } } } } }
    }`;
    const shallow = await gw.query<{ users: { nodes: { firstName: string }[] } }, never>(document);
    expect(shallow.errors).toBeUndefined();
    expect(shallow.data!.users.nodes).toHaveLength(100);
    expect(await estimate(document)).toEqual({ objects: 101, rciCalls: 1 });
    const deep = await gw.query(document, { deep: true });
    expect(deep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect((await estimate(`{ users(first: 100) { nodes { roles @skip(if: true) { name } } } }`)).rciCalls).toBe(1);
  });
});

describe('document tokens', () => {
  const gw = useGateway({ limits: { maxTokens: 1000 } });

  it('refuses a document with more tokens than allowed while parsing it, naming the limit', async () => {
    // 400 aliases of 3 tokens each: a shallow, cheap document, refused only for its size.
    const aliases = Array.from({ length: 400 }, (_, i) => `a${i}: __typename`).join(' ');
    const result = await gw.query(`{ ${aliases} }`);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].message).toBe('The document has more than 1000 tokens');
    expect(result.errors![0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(gw.calls()).toEqual([]);
    expect((await gw.query(`{ a: __typename }`)).data).toEqual({ a: 'Query' });
  });
});

describe('runtime bound, exactly', () => {
  const gw = useGateway({ simulator: { data: { scale: 2 } }, limits: { maxCost: 0, maxResultObjects: 4 } });

  it('counts each result object once: a query of exactly the bound passes, one object more is stopped', async () => {
    // The connection and its three nodes are four objects (scalars are not counted).
    const within = await gw.query(`{ users(first: 3) { nodes { rciId } } }`);
    expect(within.errors).toBeUndefined();
    const beyond = await gw.query(`{ users(first: 4) { nodes { rciId } } }`);
    expect(beyond.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });
});

describe('runtime bound on result objects (cost estimate switched off)', () => {
  const CONNECTIONS = 4;
  const gw = useGateway({
    simulator: { data: { scale: 20, seed: 3 } },
    limits: { maxCost: 0, maxResultObjects: 5000 },
    client: { connections: CONNECTIONS },
  });

  it('stops the fan-out query with one clear error, answers a concurrent small query, and keeps serving', async () => {
    const [hostile, small] = await Promise.all([
      gw.query(FAN_OUT),
      gw.query<{ skills: { nodes: { name: string }[] } }, never>(`{ skills(first: 2) { nodes { name } } }`),
    ]);
    expect(small.errors).toBeUndefined();
    expect(small.data!.skills.nodes).toHaveLength(2);

    const bounded = hostile.errors!.filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
    // One error for the whole stopped request, not one per field it did not answer.
    expect(bounded).toHaveLength(1);
    expect(bounded[0].message).toBe(
      'This request produced more than 5000 result objects; the rest of it is not answered. Ask for fewer objects at once.',
    );
    expect(bounded[0].extensions?.limit).toBe(5000);
    expect(bounded[0].path?.[0]).toBe('users');
    // Its RCI calls were cancelled with it: once both answers are in, only calls that were already on
    // the wire when it stopped (at most one per connection) still reach RCI.
    const sent = gw.calls().length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gw.calls().length - sent).toBeLessThanOrEqual(CONNECTIONS);

    const after = await gw.query<{ user: { email: string } }, never>(`{ user(id: "${JOHN}") { email } }`);
    expect(after.errors).toBeUndefined();
    expect(after.data!.user.email).toBeTruthy();
  });

  it('stops the same query written with aliases, fragments and a variable for `first`', async () => {
    const result = await gw.query(
      `fragment R on Role { users { roles { users { roles { users { email } } } } } }
       query Hostile($n: Int) { a: users(first: $n) { nodes { roles { ...R } } } b: users(first: $n) { nodes { roles { ...R } } } }`,
      { n: 100 },
    );
    const bounded = result.errors!.filter((e) => e.extensions?.code === 'QUERY_TOO_COMPLEX');
    expect(bounded).toHaveLength(1);
    expect(bounded[0].message).toMatch(/more than 5000 result objects/);
  });

  it('holds introspection to the bound too: it is not counted while it runs, so its estimate is', async () => {
    const result = await gw.query(ALIASED_INTROSPECTION);
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(result.errors?.[0].extensions?.limit).toBe(5000);
    expect(result.errors?.[0].message).toMatch(/^Operation would produce about \d+ introspection objects/);
    // The same within the bound is answered.
    expect((await gw.query(`{ __schema { types { fields { type { fields { name } } } } } }`)).errors).toBeUndefined();
  });
});
