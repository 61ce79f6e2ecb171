import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Redis server (`apt-get install redis-server`), started by the tests and stopped after. */
const REDIS_SERVER = '/usr/bin/redis-server';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server; without `persist` its data goes with it. */
  stop(): Promise<void>;
  /** Starts it again on the same port (with `persist`, with the data it had). */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open and nothing is answered until `resume`. */
  pause(): void;
  resume(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/**
 * A real redis-server on a free port: in memory only, or with `persist` an append-only file in a
 * temporary directory, fsynced on every write, so a stopped server starts again with every key it had.
 */
export async function startRedis(options: { persist?: boolean } = {}): Promise<TestRedis> {
  const port = await freePort();
  let storage = ['--save', '', '--appendonly', 'no'];
  if (options.persist) {
    const dir = mkdtempSync(join(tmpdir(), 'redis-test-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    storage = ['--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];
  }
  let child: ChildProcess | undefined;
  const start = async () => {
    const process = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', ...storage], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = process;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      process.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      process.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGCONT');
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}

/**
 * A TCP relay in front of a Redis: one gateway's own network path to it, which a test can cut (as a
 * network partition would, while other gateways still reach Redis) and restore. It records what the
 * gateway sent, so the order of its commands can be read.
 */
export interface RedisLink {
  url: string;
  /** Drops every connection through the link and refuses new ones until `restore`. */
  cut(): void;
  restore(): void;
  /** Everything sent through the link since the last `clearSent()`, as text (RESP). */
  sent(): string;
  clearSent(): void;
  close(): Promise<void>;
}

export async function linkTo(redis: TestRedis): Promise<RedisLink> {
  const sockets = new Set<Socket>();
  let open = true;
  let sent = '';
  const server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = connect(redis.port, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      sent += chunk.toString('latin1');
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on('close', drop);
      socket.on('error', drop);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  const cut = () => {
    open = false;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  return {
    url: `redis://127.0.0.1:${address.port}`,
    cut,
    restore() {
      open = true;
    },
    sent: () => sent,
    clearSent() {
      sent = '';
    },
    async close() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
