import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RciClient } from '../../src/rci/client.js';
import { createLogger } from '../../src/server/logging.js';
import { createGateway, CSRF_HEADER } from '../../src/server/yoga.js';
import { startGate } from '../support/gate.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { serve, type Served } from '../support/http.js';

// GraphiQL in headless Chromium (Debian's; `.ci/run` installs it when missing), against the gateway on a
// real port: the page must render without internet, run its default query and show RCI data. The
// screenshot is kept in test-artifacts/ for whoever reads the run.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

let gw: TestGateway;
let server: Served;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: run \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
  }
  gw = await startGateway();
  server = await serve(gw.yoga.requestListener);
  profile = mkdtempSync(join(tmpdir(), 'graphiql-test-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // As root, without a sandbox; and no background traffic to Google's services, which would hang here.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1400, height: 900 },
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await server?.close();
  await gw?.close();
});

describe('GraphiQL', () => {
  it('runs the default query and shows RCI data in the result panel', async () => {
    const first = await gw.query<{ queues: { nodes: { name: string }[] } }, never>(
      '{ queues(first: 1) { nodes { name } } }',
    );
    const queueName = first.data!.queues.nodes[0].name;
    gw.sim.clearRequests();

    const page = await context.newPage();
    const offline: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.origin) && !/^(data|blob):/.test(request.url())) offline.push(request.url());
    });
    await page.goto(`${server.origin}/graphql`);
    const editor = page.locator('.graphiql-query-editor');
    await expect
      .poll(async () => normalise(await editor.innerText()), { timeout: 10_000 })
      .toContain('query QueuesAndAgents');

    const answered = page.waitForResponse(
      (r) =>
        r.url().endsWith('/graphql') &&
        r.request().method() === 'POST' &&
        (r.request().postData() ?? '').includes('QueuesAndAgents'),
    );
    await page.locator('.graphiql-execute-button').click();
    const response = await answered;
    expect(response.status()).toBe(200);
    // It would pass the CSRF check as a GET too.
    expect(await response.request().headerValue(CSRF_HEADER)).toBe('graphiql');
    const result = page.locator('.graphiql-response');
    await expect
      .poll(async () => normalise(await result.innerText()), { timeout: 10_000 })
      .toContain(`"name": "${queueName}"`);
    expect(normalise(await result.innerText())).toContain('"data"');
    expect(normalise(await result.innerText())).not.toContain('"errors"');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('graphiql.png', ARTIFACTS).pathname, fullPage: true });
    expect(gw.calls().length).toBeGreaterThan(1);
    expect(offline).toEqual([]);
  });

  it('shows the User type and its description from the RCI doc in the docs explorer (introspection answered)', async () => {
    const page = await context.newPage();
    // GraphiQL asks for the schema with graphql-js's introspection query before anything else.
    const introspection = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('IntrospectionQuery'),
    );
    await page.goto(`${server.origin}/graphql`);
    const answer = (await (await introspection).json()) as { data?: unknown; errors?: unknown };
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toBeTruthy();

    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const explorer = page.locator('.graphiql-doc-explorer');
    // Opened from the list of all types: GraphiQL's search shows its first 100 matches only, and more
    // than 100 names contain "user" (every mutation of users, and its bulk twin).
    await explorer.getByRole('link', { name: 'User', exact: true }).first().click();
    await expect
      .poll(async () => normalise(await explorer.locator('.graphiql-doc-explorer-title').innerText()), {
        timeout: 10_000,
      })
      .toBe('User');
    expect(normalise(await explorer.innerText())).toContain('Entity representing a user.');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('graphiql-docs.png', ARTIFACTS).pathname, fullPage: true });
  });

  it('shows an incremental answer as it arrives: the users first, their deferred roles when RCI answers', async () => {
    // A gateway whose RCI calls for roles wait until the test lets them through.
    const gate = await startGate(gw.sim.url);
    const rci = new RciClient({ baseUrl: gate.url });
    const deferring = await serve(createGateway({ rci, logger: createLogger(() => {}) }).requestListener);
    try {
      gate.hold(/\/roles$/);
      const query = `query Roster { users(first: 3) { nodes { firstName ... @defer { roles { name } } } } }`;
      const page = await context.newPage();
      await page.goto(`${deferring.origin}/graphql?query=${encodeURIComponent(query)}`);
      const editor = page.locator('.graphiql-query-editor');
      await expect.poll(async () => normalise(await editor.innerText()), { timeout: 10_000 }).toContain('@defer');
      const answered = page.waitForResponse(
        (r) =>
          r.url().includes('/graphql') &&
          r.request().method() === 'POST' &&
          (r.request().postData() ?? '').includes('query Roster'),
      );
      await page.locator('.graphiql-execute-button').click();
      expect((await answered).headers()['content-type']).toMatch(/^multipart\/mixed/);

      const result = page.locator('.graphiql-response');
      await expect.poll(async () => normalise(await result.innerText()), { timeout: 10_000 }).toContain('"John"');
      // The roles are still held back: what is shown is the first part.
      await gate.whenHeld(3);
      expect(normalise(await result.innerText())).not.toContain('"roles"');
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: new URL('graphiql-defer-first.png', ARTIFACTS).pathname, fullPage: true });

      gate.release();
      await expect
        .poll(async () => normalise(await result.innerText()), { timeout: 10_000 })
        .toContain('"name": "CC Supervisor"');
      expect(normalise(await result.innerText())).not.toContain('"errors"');
      await page.screenshot({ path: new URL('graphiql-defer-done.png', ARTIFACTS).pathname, fullPage: true });
    } finally {
      await deferring.close();
      await rci.close();
      await gate.close();
    }
  });
});

/** GraphiQL's editors render spaces as U+00A0. */
function normalise(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}
