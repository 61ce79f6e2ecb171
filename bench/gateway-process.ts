/**
 * The gateway of the benchmark, in a process of its own so that its CPU time and memory are measured
 * apart from the load generator and the simulator. It listens on an ephemeral port, tells its parent
 * the URL, and answers `stats` messages with its process CPU time, RSS and RCI call count.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { RciCache } from '../src/rci/cache/index.js';
import { ResponseCache } from '../src/rci/cache/responses.js';
import { RciClient } from '../src/rci/client.js';
import { createLogger } from '../src/server/logging.js';
import { createGateway } from '../src/server/yoga.js';

const config = loadConfig({ ...process.env, RCI_URL: process.env.BENCH_RCI_URL });
const cache = new RciCache({
  ttlMs: config.rciCacheTtlMs,
  maxBytes: config.rciCacheMaxBytes,
  redisUrl: config.redisUrl,
});
const rci = new RciClient({
  baseUrl: config.rciUrl!,
  timeoutMs: config.rciTimeoutMs,
  connections: config.rciConnections,
  cache,
});
const responseCache =
  config.responseCache && cache.enabled
    ? new ResponseCache(cache, { maxBytes: config.responseCacheMaxBytes })
    : undefined;
const yoga = createGateway({
  rci,
  responseCache,
  logger: createLogger(() => {}),
  bulk: { maxItems: config.maxBulkItems, concurrency: config.bulkConcurrency },
});
const server = createServer((req, res) => void yoga(req, res));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send!({
    url: `http://127.0.0.1:${port}/graphql`,
    connections: config.rciConnections,
    bulkConcurrency: config.bulkConcurrency,
  });
});

process.on('message', (message: string) => {
  if (message === 'stats') {
    const cpu = process.cpuUsage();
    process.send!({ cpuMicros: cpu.user + cpu.system, rss: process.memoryUsage().rss, calls: rci.stats.calls });
  } else if (message === 'stop') {
    server.close();
    void rci.close().then(() => process.exit(0));
  }
});
