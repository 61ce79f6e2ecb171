import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.js';
import { RciCache } from './rci/cache/index.js';
import { RciClient } from './rci/client.js';
import { startSimulator } from './simulator/index.js';
import { createGateway } from './server/yoga.js';

/**
 * Start-up: read the configuration, start the embedded RCI simulator when no RCI is configured, and
 * listen. This is the only module that decides about the simulator.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const simulator = config.rciUrl ? undefined : await startSimulator({ port: 0 });
  const rciUrl = config.rciUrl ?? simulator!.url;
  const cache = new RciCache({
    ttlMs: config.rciCacheTtlMs,
    maxBytes: config.rciCacheMaxBytes,
    redisUrl: config.redisUrl,
  });
  const rci = new RciClient({
    cache,
    baseUrl: rciUrl,
    timeoutMs: config.rciTimeoutMs,
    connections: config.rciConnections,
    retries: config.rciRetries,
    maxCallsPerRequest: config.rciMaxCallsPerRequest,
    serviceCredentials:
      config.rciUsername && config.rciPassword
        ? { username: config.rciUsername, password: config.rciPassword }
        : undefined,
  });
  const yoga = createGateway({ rci, corsOrigins: config.corsOrigins });
  const server = createServer(yoga);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`RCI GraphQL gateway: http://localhost:${port}/graphql (GraphiQL in a browser)`);
    console.log(simulator ? `RCI: embedded simulator at ${rciUrl}` : `RCI: ${rciUrl}`);
  });

  const stop = () => {
    server.close();
    void rci.close();
    void cache.close();
    void simulator?.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
