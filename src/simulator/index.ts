/**
 * The RCI simulator: an embedded HTTP server that answers every documented RCI operation under
 * `/RI/rci` from an in-memory data set. See the README's "The RCI simulator" section.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSimulator, SimulatorOptions } from './options.js';
import { BASE_PATH, Simulator } from './server.js';

export type { FaultRule, LoggedRequest, RunningSimulator, SimulatorOptions } from './options.js';

/** Starts a simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const simulator = new Simulator(options);
  const server = createServer(simulator.listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${urlHost(host)}:${port}${BASE_PATH}`,
    requests: simulator.requests,
    clearRequests: () => void (simulator.requests.length = 0),
    setFaults: (rules) => simulator.setFaults(rules),
    setLatency: (latency) => simulator.setLatency(latency),
    reset: () => simulator.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

/**
 * The simulator as the gateway embeds it (`npm start` without RCI_URL): on an ephemeral port of loopback,
 * and without a request log, which would grow with every request and keep every caller's
 * `Authorization` header and request body.
 */
export function startEmbeddedSimulator(): Promise<RunningSimulator> {
  return startSimulator({ port: 0, host: '127.0.0.1', requestLog: false });
}

/** A host usable in a URL: the wildcard addresses become loopback, IPv6 literals get brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
