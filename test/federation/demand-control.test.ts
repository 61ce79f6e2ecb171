import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { assertCompositionSuccess, composeServices } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { serve, type Served } from '../support/http.js';
import type { Json } from '../support/json.js';

// A router in front of this subgraph enforces demand control from the cost directives the subgraph
// publishes: Hive Gateway's runtime over the supergraph composed from the SDL read from `_service`,
// with its `demandControl` at the gateway's own MAX_QUERY_COST. A fan-out is refused by the router
// before any request reaches this subgraph; the roster passes; and the router prices both within a
// stated factor of this gateway's own estimate.

const FAN_OUT = `{ users(first: 500) { nodes { roles { users { email } } } } }`;

/** The README's roster: 100 users with email, roles, skills with names, groups and time zone. */
const ROSTER = `{ users(first: 100) { nodes { email roles { name } skills { level skill { name } } userGroups { name } timeZone { name } } } }`;

/**
 * How far the router's estimate may be from this gateway's. Both count the same objects from the same
 * list sizes; they differ in how RCI calls are priced: a router multiplies a field's `@cost` by every
 * object the field answers, so a list read with one call (a user's roles) is priced one call per item,
 * and it prices the by-id completion of summaries whether or not the selection needs it.
 */
const ROUTER_FACTOR = { min: 1, max: 2 };

let gw: TestGateway;
/** The same gateway's estimate, read from its refusal: it refuses anything estimated above zero. */
let estimator: TestGateway;
let subgraph: Served;
let router: Served;
let runtime: ReturnType<typeof createGatewayRuntime>;
/** Requests that reached this subgraph's endpoint since the last test began. */
let subgraphRequests = 0;

beforeAll(async () => {
  gw = await startGateway({ simulator: { data: { scale: 20, seed: 3 } } });
  estimator = await startGateway({ over: gw.sim, limits: { maxCost: 0.5 } });
  subgraph = await serve((request, response) => {
    subgraphRequests++;
    void gw.yoga.requestListener(request, response);
  });
  const response = await fetch(`${subgraph.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  const sdl = ((await response.json()) as { data: { _service: { sdl: string } } }).data._service.sdl;
  const composition = composeServices([{ name: 'rci', typeDefs: parse(sdl), url: `${subgraph.origin}/graphql` }]);
  assertCompositionSuccess(composition);
  runtime = createGatewayRuntime({
    supergraph: composition.supergraphSdl,
    logging: false,
    demandControl: { maxCost: DEFAULT_LIMITS.maxCost, includeExtensionMetadata: true },
  });
  router = await serve(runtime.requestListener);
});

afterAll(async () => {
  await router?.close();
  await runtime?.dispose();
  await subgraph?.close();
  await estimator?.close();
  await gw?.close();
});

beforeEach(() => {
  gw.sim.clearRequests();
  subgraphRequests = 0;
});

interface Answer {
  data?: Json;
  errors?: { message: string; extensions?: Record<string, Json> }[];
  extensions?: { cost?: { estimated: number; max: number } };
}

async function throughRouter(document: string): Promise<Answer> {
  const response = await fetch(`${router.origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: document }),
  });
  return (await response.json()) as Answer;
}

/** This gateway's own estimate (objects + RCI calls) of a document, as its refusal reports it. */
async function ownEstimate(document: string): Promise<number> {
  const result = await estimator.query(document);
  expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  return result.errors![0].extensions.estimate as number;
}

describe('demand control in a router, from the published cost directives', () => {
  it('refuses the fan-out in the router: no request reaches this subgraph, no RCI call is made', async () => {
    const answer = await throughRouter(FAN_OUT);
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0].extensions?.code).toBe('COST_ESTIMATED_TOO_EXPENSIVE');
    expect(answer.data?.users ?? null).toBeNull();
    const routerEstimate = answer.extensions!.cost!.estimated;
    expect(routerEstimate).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
    expect(subgraphRequests).toBe(0);
    expect(gw.calls()).toEqual([]);

    // This gateway refuses it too, on its own estimate.
    const direct = await gw.query(FAN_OUT);
    expect(direct.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    const own = direct.errors![0].extensions.estimate as number;
    expect(await ownEstimate(FAN_OUT)).toBe(own);
    expect(routerEstimate / own).toBeGreaterThanOrEqual(ROUTER_FACTOR.min);
    expect(routerEstimate / own).toBeLessThanOrEqual(ROUTER_FACTOR.max);
  });

  it("lets the README's roster through, priced within the same factor of this gateway's estimate", async () => {
    const answer = await throughRouter(ROSTER);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.users.nodes).toHaveLength(100);
    expect(subgraphRequests).toBe(1);
    const routerEstimate = answer.extensions!.cost!.estimated;
    expect(routerEstimate).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);

    const own = await ownEstimate(ROSTER);
    expect(own).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
    expect(routerEstimate / own).toBeGreaterThanOrEqual(ROUTER_FACTOR.min);
    expect(routerEstimate / own).toBeLessThanOrEqual(ROUTER_FACTOR.max);
  });
});
