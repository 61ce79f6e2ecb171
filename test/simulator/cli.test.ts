// The standalone simulator (`npm run simulator`, i.e. tsx src/simulator/cli.ts): prints its URL, serves the
// doc's examples, honours its options, never prints credentials, and stops cleanly on SIGTERM/SIGINT.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call } from './support.js';

const root = resolve(import.meta.dirname, '../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const running: ChildProcessWithoutNullStreams[] = [];

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

function start(args: string[]): Promise<Started> {
  const child = spawn(tsx, ['src/simulator/cli.ts', ...args], { cwd: root });
  running.push(child);
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /RCI simulator listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise({ child, url: match[1], output: () => output });
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (code) => r(code))));
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('the standalone simulator', () => {
  it('prints its base URL, serves the examples and stops cleanly on SIGTERM', async () => {
    const { child, url } = await start(['--port', '0']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/RI\/rci$/);
    const john = await call(url, 'GET', '/users/E936C474B22311D38FBE0090279A922E');
    expect(john.json()).toMatchObject({ firstName: 'John', surname: 'Fox' });
    expect((await call(url, 'GET', '/queues/B8F0CA9CFC0411D3A2230050DA29E0F4')).json().name).toBe('Sales');
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('takes its options and never prints credentials', async () => {
    const { child, url, output } = await start([
      '--port=0',
      '--scale',
      '20',
      '--seed',
      '9',
      '--write-status',
      '201',
      '--latency',
      '1,2',
      '--auth',
      'admin:TopSecret1',
      '--readonly-auth',
      'viewer:TopSecret2',
    ]);
    const admin = { authorization: `Basic ${Buffer.from('admin:TopSecret1').toString('base64')}` };
    const viewer = { authorization: `Basic ${Buffer.from('viewer:TopSecret2').toString('base64')}` };
    expect((await call(url, 'GET', '/users')).status).toBe(401);
    expect((await call(url, 'GET', '/users?limit=1000', { headers: admin })).json()).toHaveLength(103);
    expect((await call(url, 'POST', '/roles', { body: { name: 'x' }, headers: viewer })).status).toBe(403);
    const role = (await call(url, 'POST', '/roles', { body: { name: 'x' }, headers: admin })).text;
    expect((await call(url, 'DELETE', `/roles/${role}`, { headers: admin })).status).toBe(201);
    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(output()).not.toContain('TopSecret');
  });

  it('injects the faults given as JSON rules', async () => {
    const { child, url } = await start([
      '--port',
      '0',
      '--fault',
      '{"method":"GET","path":"/skills","status":503,"times":1}',
      '--fault',
      '{"method":"DELETE","drop":"before"}',
    ]);
    expect((await call(url, 'GET', '/skills')).status).toBe(503);
    expect((await call(url, 'GET', '/skills')).status).toBe(200);
    expect((await call(url, 'GET', '/users')).status).toBe(200);
    await expect(call(url, 'DELETE', '/skills/0')).rejects.toThrow();
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('refuses a fault rule it cannot apply', async () => {
    const refusals = {
      '{"colour":"red","status":503}': '--fault expects a JSON object',
      '{"status":503,"drop":"after"}': '--fault: A fault rule needs one of status, drop and answerBytes',
      '{"rate":2,"status":503}': '--fault: A fault rate must be within 0..1',
    };
    for (const [rule, message] of Object.entries(refusals)) {
      const child = spawn(tsx, ['src/simulator/cli.ts', '--fault', rule], { cwd: root });
      running.push(child);
      let output = '';
      child.stderr.on('data', (c) => (output += c));
      expect(await exited(child)).toBe(2);
      expect(output).toContain(message);
    }
  });

  it('refuses bad options with a usage message and exit code 2, without echoing secrets', async () => {
    const child = spawn(tsx, ['src/simulator/cli.ts', '--write-status', '200', 'stray:Secret3'], { cwd: root });
    running.push(child);
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    expect(await exited(child)).toBe(2);
    expect(output).toContain('Usage: npm run simulator');
    expect(output).not.toContain('Secret3');
  });
});
