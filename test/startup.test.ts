import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startEmbeddedSimulator } from '../src/simulator/index.js';

// `npm start` as a user runs it: the real entry point, as a child process.
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return { child, output: () => ({ stdout, stderr }) };
}

describe('start-up', () => {
  it('with no RCI_URL, serves GraphiQL and the graph over the embedded simulator, printing both URLs', async () => {
    const { output } = start({ PORT: '0' });
    const deadline = Date.now() + 20_000;
    // Both start-up lines, whole: the process writes them one after the other, not in one chunk.
    while (!/embedded simulator[^\n]*\n/.test(output().stdout) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const gateway = /gateway: (http:\S+)/.exec(output().stdout)![1];
    expect(output().stdout).toMatch(/RCI: embedded simulator at http:\/\/127\.0\.0\.1:\d+\/RI\/rci/);
    const page = await fetch(gateway, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).toContain('GraphiQL');
    // No asset from a CDN: it must render on a machine without internet.
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    const answer = await fetch(gateway, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ user(id: "E936C474B22311D38FBE0090279A922E") { firstName surname } }' }),
    });
    expect(await answer.json()).toEqual({ data: { user: { firstName: 'John', surname: 'Fox' } } });
  });

  it.each([
    [{}, 'hit'],
    [{ RESPONSE_CACHE: 'false' }, undefined],
  ])('with %o, answers a repeated query from the response cache: %s', async (env, outcome) => {
    const { output } = start({ PORT: '0', ...env });
    const deadline = Date.now() + 20_000;
    while (!/embedded simulator[^\n]*\n/.test(output().stdout) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const gateway = /gateway: (http:\S+)/.exec(output().stdout)![1];
    const query = JSON.stringify({ query: '{ user(id: "E936C474B22311D38FBE0090279A922E") { firstName } }' });
    for (const requestId of ['first', 'repeat']) {
      const answer = await fetch(gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': requestId },
        body: query,
      });
      expect(await answer.json()).toEqual({ data: { user: { firstName: 'John' } } });
    }
    const repeat = () =>
      output()
        .stdout.split('\n')
        .filter((line) => line.includes('"requestId":"repeat"'));
    while (repeat().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect((JSON.parse(repeat()[0]) as { responseCache?: string }).responseCache).toBe(outcome);
  });

  it('logs JSON lines when stdout is not a terminal', async () => {
    const { output } = start({ PORT: '0' });
    const deadline = Date.now() + 20_000;
    while (!/embedded simulator[^\n]*\n/.test(output().stdout) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const lines = output().stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      const parsed = JSON.parse(line) as { level?: unknown; msg?: unknown };
      expect(parsed.level).toBe('info');
      expect(typeof parsed.msg).toBe('string');
    }
  });

  // A deployment that forgets RCI_URL must not quietly serve the simulator's invented data.
  it('with NODE_ENV=production and no RCI_URL, exits with status 2 saying what to set', async () => {
    const { child, output } = start({ PORT: '0', NODE_ENV: 'production' });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(output().stderr).toMatch(/RCI_URL: must be set when NODE_ENV=production/);
    expect(output().stdout).not.toMatch(/simulator/);
  });

  // With service credentials an anonymous caller is the service account: no web page may call as it.
  it.each<Record<string, string>>([{}, { CORS_ORIGINS: '*' }])(
    'with service credentials and any origin allowed (%o), refuses to start',
    async (cors) => {
      const { child, output } = start({ PORT: '0', RCI_USERNAME: 'svc', RCI_PASSWORD: 'the-service-secret', ...cors });
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(2);
      expect(output().stderr).toMatch(/CORS_ORIGINS: must list the allowed origins \(not \*\)/);
      expect(output().stderr).not.toContain('the-service-secret');
    },
  );

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ RCI_URL: 'not a url' }, /RCI_URL/],
  ])('stops on a bad value, naming the variable: %o', async (env, message) => {
    const { child, output } = start({
      PORT: '0',
      CORS_ORIGINS: 'https://app.example.com',
      ...env,
      RCI_USERNAME: 'svc',
      RCI_PASSWORD: 'irrelevant-secret',
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(output().stderr).toMatch(message);
    expect(output().stderr).not.toContain('irrelevant-secret');
  });
});

describe('loadConfig', () => {
  it.each([
    [{ RCI_TIMEOUT_MS: '0' }, /RCI_TIMEOUT_MS/],
    [{ RCI_CONNECTIONS: '-1' }, /RCI_CONNECTIONS/],
    [{ RCI_RETRIES: '99' }, /RCI_RETRIES/],
    [{ REQUEST_TIMEOUT_MS: '0' }, /REQUEST_TIMEOUT_MS/],
    [{ RCI_BREAKER_PROBES: '0' }, /RCI_BREAKER_PROBES/],
    [{ RCI_MAX_RESPONSE_BYTES: '100' }, /RCI_MAX_RESPONSE_BYTES/],
    [{ RCI_URL: 'ftp://rci.example.com' }, /RCI_URL/],
    [{ RCI_USERNAME: 'svc' }, /RCI_USERNAME and RCI_PASSWORD/],
    [{ CORS_ORIGINS: 'app.example.com' }, /CORS_ORIGINS/],
    [{ RCI_CACHE_TTL_MS: '-5' }, /RCI_CACHE_TTL_MS/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [{ RCI_RATE_LIMIT: '50/100' }, /RCI_RATE_LIMIT: must be a number/],
    [{ RCI_RATE_BURST: '1' }, /RCI_RATE_BURST/],
    [{ RCI_RATE_WAIT_MS: '-1' }, /RCI_RATE_WAIT_MS/],
    [{ RESPONSE_CACHE: 'yes' }, /RESPONSE_CACHE: must be true or false/],
    [{ RESPONSE_CACHE_MAX_BYTES: '0' }, /RESPONSE_CACHE_MAX_BYTES/],
    [{ RCI_URL: 'https://svc:pw@rci.example.com/RI/rci' }, /RCI_URL: must not carry credentials/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ METRICS: 'maybe' }, /METRICS: must be true or false/],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, /OTEL_EXPORTER_OTLP_ENDPOINT/],
    [{ SHUTDOWN_TIMEOUT_MS: 'soon' }, /SHUTDOWN_TIMEOUT_MS/],
    [{ NODE_ENV: 'production' }, /RCI_URL: must be set when NODE_ENV=production/],
    [{ RCI_USERNAME: 'svc', RCI_PASSWORD: 'pw' }, /CORS_ORIGINS: must list the allowed origins/],
    [{ RCI_USERNAME: 'svc', RCI_PASSWORD: 'pw', CORS_ORIGINS: 'https://app.example.com,*' }, /CORS_ORIGINS/],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('applies the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      rciUrl: undefined,
      port: 4000,
      host: '0.0.0.0',
      rciTimeoutMs: 10_000,
      rciConnections: 512,
      rciRetries: 2,
      rciMaxCallsPerRequest: 5000,
      requestTimeoutMs: 30_000,
      rciBreakerFailures: 10,
      rciBreakerCooldownMs: 5_000,
      rciBreakerProbes: 3,
      rciMaxResponseBytes: 8 * 2 ** 20,
      rciUsername: undefined,
      rciPassword: undefined,
      corsOrigins: ['*'],
      maxQueryCost: 20_000,
      assumedListSize: 10,
      maxResultObjects: 50_000,
      maxQueryTokens: 20_000,
      maxRequestBytes: 25_000_000,
      maxBulkItems: 500,
      bulkConcurrency: 32,
      nodeEnv: 'development',
      logLevel: 'info',
      metrics: true,
      metricsPort: undefined,
      metricsOperationNames: 100,
      otelExporterOtlpEndpoint: undefined,
      otelServiceName: 'rci-graphql-gateway',
      shutdownTimeoutMs: 10_000,
      readinessTimeoutMs: 2_000,
      persistedDocuments: undefined,
      allowArbitraryDocuments: false,
      rciCacheTtlMs: 5000,
      rciCacheMaxBytes: 64 * 2 ** 20,
      responseCache: true,
      responseCacheMaxBytes: 64 * 2 ** 20,
      redisUrl: undefined,
      rciRateLimit: 0,
      rciRateBurst: undefined,
      rciRateWaitMs: 1000,
    });
  });

  it('reads every variable, and strips a trailing slash from RCI_URL', () => {
    expect(
      loadConfig({
        RCI_URL: 'https://rci.example.com/RI/rci/',
        PORT: '8080',
        HOST: '127.0.0.1',
        RCI_TIMEOUT_MS: '2500',
        RCI_CONNECTIONS: '8',
        RCI_RETRIES: '0',
        RCI_MAX_CALLS_PER_REQUEST: '300',
        REQUEST_TIMEOUT_MS: '20000',
        RCI_BREAKER_FAILURES: '0',
        RCI_BREAKER_COOLDOWN_MS: '60000',
        RCI_BREAKER_PROBES: '1',
        RCI_MAX_RESPONSE_BYTES: '65536',
        RCI_USERNAME: 'svc',
        RCI_PASSWORD: 'pw',
        CORS_ORIGINS: 'https://app.example.com, http://localhost:3000',
        MAX_QUERY_COST: '0',
        ASSUMED_LIST_SIZE: '25',
        MAX_RESULT_OBJECTS: '1000',
        MAX_QUERY_TOKENS: '5000',
        MAX_REQUEST_BYTES: '65536',
        MAX_BULK_ITEMS: '50',
        BULK_CONCURRENCY: '4',
        NODE_ENV: 'production',
        LOG_LEVEL: 'debug',
        METRICS: 'true',
        METRICS_PORT: '9464',
        METRICS_OPERATION_NAMES: '20',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/',
        OTEL_SERVICE_NAME: 'rci-gateway-eu',
        SHUTDOWN_TIMEOUT_MS: '30000',
        READINESS_TIMEOUT_MS: '500',
        PERSISTED_DOCUMENTS: 'persisted-documents.json',
        ALLOW_ARBITRARY_DOCUMENTS: 'false',
        RCI_CACHE_TTL_MS: '0',
        RCI_CACHE_MAX_BYTES: '1048576',
        RESPONSE_CACHE: 'false',
        RESPONSE_CACHE_MAX_BYTES: '2097152',
        REDIS_URL: 'redis://cache.example.com:6379/2',
        RCI_RATE_LIMIT: '0.5',
        RCI_RATE_BURST: '400',
        RCI_RATE_WAIT_MS: '250',
      }),
    ).toEqual({
      rciUrl: 'https://rci.example.com/RI/rci',
      port: 8080,
      host: '127.0.0.1',
      rciTimeoutMs: 2500,
      rciConnections: 8,
      rciRetries: 0,
      rciMaxCallsPerRequest: 300,
      requestTimeoutMs: 20_000,
      rciBreakerFailures: 0,
      rciBreakerCooldownMs: 60_000,
      rciBreakerProbes: 1,
      rciMaxResponseBytes: 65_536,
      rciUsername: 'svc',
      rciPassword: 'pw',
      corsOrigins: ['https://app.example.com', 'http://localhost:3000'],
      maxQueryCost: 0,
      assumedListSize: 25,
      maxResultObjects: 1000,
      maxQueryTokens: 5000,
      maxRequestBytes: 65536,
      maxBulkItems: 50,
      bulkConcurrency: 4,
      nodeEnv: 'production',
      logLevel: 'debug',
      metrics: true,
      metricsPort: 9464,
      metricsOperationNames: 20,
      otelExporterOtlpEndpoint: 'http://otel-collector:4318',
      otelServiceName: 'rci-gateway-eu',
      shutdownTimeoutMs: 30_000,
      readinessTimeoutMs: 500,
      persistedDocuments: 'persisted-documents.json',
      allowArbitraryDocuments: false,
      rciCacheTtlMs: 0,
      rciCacheMaxBytes: 1048576,
      responseCache: false,
      responseCacheMaxBytes: 2097152,
      redisUrl: 'redis://cache.example.com:6379/2',
      rciRateLimit: 0.5,
      rciRateBurst: 400,
      rciRateWaitMs: 250,
    });
  });
});

describe('the embedded simulator', () => {
  it('keeps no request log, so it neither grows with traffic nor holds callers’ credentials', async () => {
    const sim = await startEmbeddedSimulator();
    try {
      for (let i = 0; i < 3; i++) {
        const answer = await fetch(`${sim.url}/users`, {
          headers: { accept: 'application/json', authorization: 'Basic c3ZjOnNlY3JldA==' },
        });
        expect(answer.status).toBe(200);
      }
      expect(sim.requests).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
