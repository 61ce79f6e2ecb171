import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The gateway a benchmark measures, started the way users run it: `src/main.ts` with the Node flags of
 * `npm start`, or the production build `dist/main.js` as `npm run start:prod` runs it (build it first),
 * configured by the environment, with its defaults otherwise (metrics served, one log line per request,
 * read and dropped here as a log shipper would). It runs in a process of its own, so its CPU time and
 * memory are its own: a module preloaded into it answers `stats` messages over IPC. RCI calls are counted
 * from its own `/metrics`.
 */

/** The Node flags `npm start` and `npm run start:prod` give the gateway (package.json). */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=64', '--no-allocation-site-pretenuring'];

export interface GatewayStats {
  /** Process CPU time, user and system, in microseconds. */
  cpuMicros: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** What V8 allows the heap to grow to, in bytes. */
  heapLimit: number;
}

export interface BenchGateway {
  /** The GraphQL endpoint. */
  url: string;
  pid: number;
  stats(): Promise<GatewayStats>;
  /** RCI calls made so far (attempts, retries included), from its `/metrics`. */
  rciCalls(): Promise<number>;
  /** The peak resident set the kernel recorded for the process (Linux), in bytes. */
  peakRss(): number | undefined;
  /** Why the process ended before `stop`, if it did. */
  exitedEarly(): string | undefined;
  /** The last lines it wrote to stderr. */
  stderr(): string;
  /** SIGTERM, then SIGKILL after 15 s; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Preloaded into the gateway: answers `stats` with its CPU time and memory, and keeps nothing alive. */
const PROBE = `data:text/javascript,${encodeURIComponent(`
import { getHeapStatistics } from 'node:v8';
process.on('message', (message) => {
  if (message !== 'stats') return;
  const cpu = process.cpuUsage();
  process.send({ ...process.memoryUsage(), cpuMicros: cpu.user + cpu.system, heapLimit: getHeapStatistics().heap_size_limit });
});
process.channel?.unref();
`)}`;

export async function startGateway(options: {
  rciUrl: string;
  /** Variables added to this process's environment (RESPONSE_CACHE, RCI_CONNECTIONS, ...). */
  env?: Record<string, string>;
  /** Run `dist/main.js` (production) instead of `src/main.ts`. */
  build?: boolean;
  /** More Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
}): Promise<BenchGateway> {
  const entry = options.build ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(
    process.execPath,
    [...GATEWAY_NODE_FLAGS, ...(options.nodeFlags ?? []), '--import', PROBE, ...entry],
    {
      env: {
        ...process.env,
        ...options.env,
        ...(options.build ? { NODE_ENV: 'production' } : {}),
        RCI_URL: options.rciUrl,
        HOST: '127.0.0.1',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  process.on('exit', () => child.kill('SIGKILL'));
  let stopping = false;
  let early: string | undefined;
  child.once('exit', (code, signal) => {
    if (!stopping) early = `the gateway exited (${signal ?? `code ${code}`})`;
  });
  const { stdout, stderr: errors } = child;
  if (!stdout || !errors) throw new Error('the gateway was started without pipes');
  let stderr = '';
  errors.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /gateway: (http:\/\/\S+?\/graphql)/.exec(out);
      if (match) {
        stdout.off('data', onData);
        stdout.resume();
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    stdout.on('data', onData);
    child.once('exit', () => reject(new Error(`the gateway did not start: ${stderr}`)));
  });
  const metricsUrl = url.replace(/\/graphql$/, '/metrics');

  return {
    url,
    pid: child.pid!,
    stats() {
      const probed = new Promise<GatewayStats>((resolve) => child.once('message', (m) => resolve(m as GatewayStats)));
      child.send('stats');
      return probed;
    },
    async rciCalls() {
      const response = await fetch(metricsUrl);
      if (!response.ok) {
        throw new Error(
          `RCI calls are counted from ${metricsUrl} (${response.status}): leave METRICS on, METRICS_PORT unset`,
        );
      }
      return callsIn(await response.text());
    },
    peakRss() {
      try {
        const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
        return kb === undefined ? undefined : Number(kb) * 1024;
      } catch {
        return undefined;
      }
    },
    exitedEarly: () => early,
    stderr: () => stderr,
    async stop() {
      stopping = true;
      if (early || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** The RCI calls the gateway's metrics counted: every attempt is observed in `rci_call_duration_seconds`. */
function callsIn(metrics: string): number {
  let calls = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('rci_call_duration_seconds_count')) calls += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return calls;
}
