import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { meros, type Part } from 'meros/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RciClient } from '../../src/rci/client.js';
import { createLogger } from '../../src/server/logging.js';
import { createTracing, type GatewayTracing } from '../../src/server/tracing.js';
import { createGateway } from '../../src/server/yoga.js';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { startGate } from '../support/gate.js';

// Traces exported over OTLP/HTTP to a receiver run by this test: one span per operation, a child of the
// caller's traceparent, and one span per RCI call beneath it, whose context reaches RCI as traceparent.

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  endTimeUnixNano: string;
  attributes: { key: string; value: Record<string, unknown> }[];
}

let receiver: Server;
let endpoint: string;
const spans: ReceivedSpan[] = [];
const contentTypes: string[] = [];
let sim: RunningSimulator;
let tracing: GatewayTracing;
let rci: RciClient;
let yoga: ReturnType<typeof createGateway>;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      contentTypes.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      const payload = JSON.parse(body) as {
        resourceSpans: { scopeSpans: { spans: ReceivedSpan[] }[] }[];
      };
      for (const resource of payload.resourceSpans) for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sim = await startSimulator({ port: 0 });
  tracing = createTracing({ endpoint, serviceName: 'gateway-under-test' });
  rci = new RciClient({ baseUrl: sim.url, observer: tracing.observer });
  yoga = createGateway({ rci, tracing, logger: createLogger(() => {}) });
});
afterAll(async () => {
  await rci.close();
  await sim.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const attribute = (span: ReceivedSpan, key: string) => {
  const found = span.attributes.find((a) => a.key === key)?.value;
  return found && Object.values(found)[0];
};

describe('traces', () => {
  it('arrive at the OTLP receiver with the caller → operation → RCI call links, and traceparent reaches RCI', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpan = '00f067aa0ba902b7';
    const response = await yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${callerTrace}-${callerSpan}-01` },
      body: JSON.stringify({
        query: 'query UserRoles { user(id: "E936C474B22311D38FBE0090279A922E") { firstName roles { name } } }',
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    await tracing.shutdown();

    expect(contentTypes.every((c) => c.startsWith('POST /v1/traces application/json'))).toBe(true);
    const operation = spans.find((s) => s.name === 'query UserRoles');
    expect(operation).toBeDefined();
    expect(operation!.traceId).toBe(callerTrace);
    expect(operation!.parentSpanId).toBe(callerSpan);
    expect(operation!.kind).toBe(2); // SERVER
    expect(attribute(operation!, 'graphql.operation.name')).toBe('UserRoles');

    const calls = spans.filter((s) => s.name.startsWith('RCI '));
    expect(calls.map((s) => s.name).sort()).toEqual(['RCI GET /users/{id}', 'RCI GET /users/{id}/roles']);
    for (const call of calls) {
      expect(call.traceId).toBe(callerTrace);
      expect(call.parentSpanId).toBe(operation!.spanId);
      expect(call.kind).toBe(3); // CLIENT
      expect(attribute(call, 'http.request.method')).toBe('GET');
      expect(attribute(call, 'http.response.status_code')).toBe(200);
      expect(String(attribute(call, 'rci.retry_count'))).toBe('0');
    }

    // Each RCI request carried its own span's context.
    expect(sim.requests.map((r) => r.traceparent).sort()).toEqual(
      calls.map((s) => `00-${callerTrace}-${s.spanId}-01`).sort(),
    );
  });
});

describe('traces of an incremental response', () => {
  it('are one operation span, ended after the last part, with its deferred RCI calls and their errors beneath it', async () => {
    // A tracing of its own (the one above is shut down), over a gate that holds the deferred calls.
    const deferredTracing = createTracing({ endpoint, serviceName: 'gateway-under-test' });
    const gate = await startGate(sim.url);
    const client = new RciClient({ baseUrl: gate.url, retries: 0, observer: deferredTracing.observer });
    const gateway = createGateway({ rci: client, tracing: deferredTracing, logger: createLogger(() => {}) });
    sim.setFaults([{ method: 'GET', path: '/users/E936C474B22311D38FBE0090279A922E/roles', status: 500 }]);
    gate.hold(/\/roles$/);
    const callerTrace = '5bf92f3577b34da6a3ce929d0e0e4737';
    try {
      const response = await gateway.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'multipart/mixed',
          traceparent: `00-${callerTrace}-00f067aa0ba902b7-01`,
        },
        body: JSON.stringify({
          query: 'query DeferredRoles { users(first: 3) { nodes { firstName ... @defer { roles { name } } } } }',
        }),
      });
      const parts = (await meros<{ hasNext?: boolean }>(response)) as AsyncGenerator<
        Part<{ hasNext?: boolean }, string>
      >;
      const first = await parts.next();
      expect(first.done).toBe(false);
      // The first part is out while the roles are held: the operation is not over.
      await gate.whenHeld(3);
      gate.release();
      const rest: unknown[] = [];
      for await (const part of parts) rest.push(part.body);
      expect(rest.length).toBeGreaterThan(0);
    } finally {
      sim.setFaults([]);
      await client.close();
      await gate.close();
    }
    await deferredTracing.shutdown();

    const mine = spans.filter((s) => s.traceId === callerTrace);
    const operations = mine.filter((s) => s.name === 'query DeferredRoles');
    expect(operations).toHaveLength(1);
    const operation = operations[0];
    expect(attribute(operation, 'graphql.error.codes')).toEqual({
      values: [{ stringValue: 'UPSTREAM_UNAVAILABLE' }],
    });
    const roles = mine.filter((s) => s.name === 'RCI GET /users/{id}/roles');
    expect(roles).toHaveLength(3);
    for (const call of roles) {
      expect(call.parentSpanId).toBe(operation.spanId);
      expect(BigInt(call.endTimeUnixNano)).toBeLessThanOrEqual(BigInt(operation.endTimeUnixNano));
    }
  });
});
