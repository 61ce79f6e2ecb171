import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

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
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return { child, output: () => ({ stdout, stderr }) };
}

describe('start-up', () => {
  it('with no RCI_URL, serves GraphiQL and the graph over the embedded simulator, printing both URLs', async () => {
    const { output } = start({ PORT: '0' });
    const deadline = Date.now() + 20_000;
    while (!/gateway: (http:\S+)/.test(output().stdout) && Date.now() < deadline)
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
    [{ PORT: 'eighty' }, /PORT/],
    [{ RCI_URL: 'not a url' }, /RCI_URL/],
  ])('stops on a bad value, naming the variable: %o', async (env, message) => {
    const { child, output } = start({ PORT: '0', ...env, RCI_USERNAME: 'svc', RCI_PASSWORD: 'irrelevant-secret' });
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
    [{ RCI_URL: 'ftp://rci.example.com' }, /RCI_URL/],
    [{ RCI_USERNAME: 'svc' }, /RCI_USERNAME and RCI_PASSWORD/],
    [{ CORS_ORIGINS: 'app.example.com' }, /CORS_ORIGINS/],
    [{ RCI_CACHE_TTL_MS: '-5' }, /RCI_CACHE_TTL_MS/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [{ RCI_URL: 'https://svc:pw@rci.example.com/RI/rci' }, /RCI_URL: must not carry credentials/],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('applies the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      rciUrl: undefined,
      port: 4000,
      host: '0.0.0.0',
      rciTimeoutMs: 10_000,
      rciConnections: 128,
      rciRetries: 2,
      rciMaxCallsPerRequest: 5000,
      rciUsername: undefined,
      rciPassword: undefined,
      corsOrigins: ['*'],
      rciCacheTtlMs: 5000,
      rciCacheMaxBytes: 64 * 2 ** 20,
      redisUrl: undefined,
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
        RCI_USERNAME: 'svc',
        RCI_PASSWORD: 'pw',
        CORS_ORIGINS: 'https://app.example.com, http://localhost:3000',
        RCI_CACHE_TTL_MS: '0',
        RCI_CACHE_MAX_BYTES: '1048576',
        REDIS_URL: 'redis://cache.example.com:6379/2',
      }),
    ).toEqual({
      rciUrl: 'https://rci.example.com/RI/rci',
      port: 8080,
      host: '127.0.0.1',
      rciTimeoutMs: 2500,
      rciConnections: 8,
      rciRetries: 0,
      rciMaxCallsPerRequest: 300,
      rciUsername: 'svc',
      rciPassword: 'pw',
      corsOrigins: ['https://app.example.com', 'http://localhost:3000'],
      rciCacheTtlMs: 0,
      rciCacheMaxBytes: 1048576,
      redisUrl: 'redis://cache.example.com:6379/2',
    });
  });
});
