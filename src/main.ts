import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type GatewayConfig } from './config.js';
import { RciCache } from './rci/cache/index.js';
import { ResponseCache } from './rci/cache/responses.js';
import { RciClient } from './rci/client.js';
import { RateLimiter } from './rci/rateLimit.js';
import { startEmbeddedSimulator } from './simulator/index.js';
import { Readiness, rciReadiness, redisReadiness } from './server/health.js';
import { createLogger, createPino, pinoSink } from './server/logging.js';
import { createMetrics, operationNamesIn, serveMetrics } from './server/metrics.js';
import { loadManifest } from './server/persisted.js';
import { shutDown, type Closable } from './server/shutdown.js';
import { combineObservers } from './server/observers.js';
import { createTracing } from './server/tracing.js';
import { createGateway } from './server/yoga.js';

/**
 * Start-up: read the configuration, start the embedded RCI simulator when no RCI is configured (never in
 * production: the configuration refuses that), listen, and shut down gracefully on SIGTERM/SIGINT. This is
 * the only module that decides about the simulator.
 */
async function main(): Promise<void> {
  let config: GatewayConfig;
  let manifest: Map<string, string> | undefined;
  try {
    config = loadConfig();
    manifest = config.persistedDocuments ? loadManifest(config.persistedDocuments) : undefined;
  } catch (error) {
    if (error instanceof ConfigError || (error instanceof Error && error.message.startsWith('PERSISTED_DOCUMENTS'))) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }

  const log = createPino({ level: config.logLevel });
  const simulator = config.rciUrl ? undefined : await startEmbeddedSimulator();
  const rciUrl = config.rciUrl ?? simulator!.url;
  const metrics = config.metrics
    ? createMetrics({
        operationNames: config.metricsOperationNames,
        trustedOperationNames: manifest && operationNamesIn(manifest.values()),
      })
    : undefined;
  const tracing = config.otelExporterOtlpEndpoint
    ? createTracing({ endpoint: config.otelExporterOtlpEndpoint, serviceName: config.otelServiceName })
    : undefined;
  const cache = new RciCache({
    ttlMs: config.rciCacheTtlMs,
    maxBytes: config.rciCacheMaxBytes,
    redisUrl: config.redisUrl,
    warn: (message) => log.warn(message),
    observer: metrics?.cacheObserver,
  });
  const rateLimit =
    config.rciRateLimit > 0
      ? new RateLimiter({
          ratePerSecond: config.rciRateLimit,
          burst: config.rciRateBurst,
          maxWaitMs: config.rciRateWaitMs,
          redisUrl: config.redisUrl,
          warn: (message) => log.warn(message),
          info: (message) => log.info(message),
        })
      : undefined;
  const responseCache =
    config.responseCache && cache.enabled
      ? new ResponseCache(cache, { maxBytes: config.responseCacheMaxBytes })
      : undefined;
  const rci = new RciClient({
    cache,
    rateLimit,
    baseUrl: rciUrl,
    timeoutMs: config.rciTimeoutMs,
    connections: config.rciConnections,
    retries: config.rciRetries,
    requestTimeoutMs: config.requestTimeoutMs,
    maxResponseBytes: config.rciMaxResponseBytes,
    breaker: {
      failures: config.rciBreakerFailures,
      coolDownMs: config.rciBreakerCooldownMs,
      probes: config.rciBreakerProbes,
    },
    maxCallsPerRequest: config.rciMaxCallsPerRequest,
    serviceCredentials:
      config.rciUsername && config.rciPassword
        ? { username: config.rciUsername, password: config.rciPassword }
        : undefined,
    observer: metrics || tracing ? combineObservers(metrics?.observer, tracing?.observer) : undefined,
  });
  const readiness = new Readiness({
    checks: config.redisUrl ? [rciReadiness(rci), redisReadiness(cache)] : [rciReadiness(rci)],
    timeoutMs: config.readinessTimeoutMs,
  });
  const yoga = createGateway({
    rci,
    corsOrigins: config.corsOrigins,
    logger: createLogger(pinoSink(log)),
    metrics,
    metricsEndpoint: config.metricsPort === undefined ? '/metrics' : false,
    tracing,
    readiness,
    responseCache,
    limits: {
      maxCost: config.maxQueryCost,
      assumedListSize: config.assumedListSize,
      maxResultObjects: config.maxResultObjects,
      maxTokens: config.maxQueryTokens,
    },
    bulk: { maxItems: config.maxBulkItems, concurrency: config.bulkConcurrency },
    maxRequestBytes: config.maxRequestBytes,
    persistedDocuments: manifest && {
      manifest,
      allowArbitraryDocuments: config.allowArbitraryDocuments,
    },
  });

  const server = createServer(yoga.requestListener);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, `RCI GraphQL gateway: http://localhost:${port}/graphql (GraphiQL in a browser)`);
  log.info(simulator ? `RCI: embedded simulator at ${rciUrl} (for local use only)` : 'RCI: configured by RCI_URL');
  if (config.rciUsername && !manifest) {
    log.warn(
      'RCI_USERNAME is set and PERSISTED_DOCUMENTS is not: anonymous callers may run any document as the service account',
    );
  }

  let metricsServer: Server | undefined;
  if (metrics && config.metricsPort !== undefined) {
    const served = await serveMetrics(metrics.registry, config.metricsPort, config.host);
    metricsServer = served.server;
    log.info({ port: served.port }, `metrics: http://localhost:${served.port}/metrics`);
  }

  // After the listener has drained: the RCI pool, then everything else (Redis, the exporters, …).
  const resources: Closable[] = [{ name: 'RCI connection pool', close: () => rci.close() }];
  resources.push({ name: config.redisUrl ? 'Redis' : 'answer cache', close: () => cache.close() });
  if (rateLimit) resources.push({ name: 'rate limit', close: () => rateLimit.close() });
  if (simulator) resources.push({ name: 'embedded simulator', close: () => simulator.close() });
  if (tracing) resources.push({ name: 'trace exporter', close: () => tracing.shutdown() });
  if (metricsServer) {
    const closing = metricsServer;
    resources.push({
      name: 'metrics listener',
      close: () => new Promise<void>((resolve) => (closing.closeAllConnections(), closing.close(() => resolve()))),
    });
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal}: shutting down`);
    shutDown({
      server,
      readiness,
      timeoutMs: config.shutdownTimeoutMs,
      resources,
      log: (message) => log.info(message),
    }).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
