/**
 * Standalone RCI simulator: `npm run simulator -- --port 8080 [--scale 1000] ...` (see `--help`).
 * It prints its base URL and runs until SIGINT/SIGTERM. Credentials given to it are never printed.
 */
import { parseArgs } from 'node:util';
import { startSimulator, type FaultRule, type SimulatorOptions } from './index.js';
import { checkFaultRule } from './server.js';

const USAGE = `Usage: npm run simulator -- [options]

  --port <n>              TCP port (default 8080; 0 picks a free one)
  --host <address>        interface to listen on (default 127.0.0.1)
  --scale <n>             add a generated data set of about 5×n users (default 0: the doc's examples only)
  --seed <n>              seed of the generated data set and of new ids (default 1)
  --write-status 201|204  status of a successful PUT/DELETE (default 204)
  --latency <ms>[,<jitter>]  delay every answer by ms plus up to jitter ms
  --auth <user:password>  require HTTP Basic auth; repeatable
  --readonly-auth <user:password>  a user that may only GET (403 otherwise); repeatable
  --max-body-bytes <n>    largest accepted body (default 1048576)
  --fault <json>          inject failures: a fault rule as JSON, e.g. {"method":"GET","status":503,"rate":0.05}
                          or {"drop":"before","rate":0.01} (see the README); repeatable, the first rule that
                          applies wins
  --help                  this text`;

/** A usage error: its message never repeats a credential. */
class UsageError extends Error {}

function integer(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} expects an integer ≥ ${min}`);
  return Number(value);
}

function credentials(option: string, values: string[] | undefined, readOnly: boolean) {
  return (values ?? []).map((value) => {
    const colon = value.indexOf(':');
    if (colon <= 0) throw new UsageError(`--${option} expects user:password`);
    return { username: value.slice(0, colon), password: value.slice(colon + 1), readOnly };
  });
}

const FAULT_USAGE =
  '--fault expects a JSON object {method?, path?, rate?, times?, delayMs?} with one of status, drop ("before" or "after") and answerBytes, or a delayMs alone';

/** A fault rule given as JSON (its path a prefix: the command line cannot give a RegExp). */
function faultRule(value: string): FaultRule {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new UsageError(FAULT_USAGE);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(FAULT_USAGE);
  const { method, path, drop, rate, status, answerBytes, delayMs, times, ...rest } = parsed as Record<string, unknown>;
  const numbers = [rate, status, answerBytes, delayMs, times];
  const typed =
    Object.keys(rest).length === 0 &&
    (method === undefined || typeof method === 'string') &&
    (path === undefined || typeof path === 'string') &&
    (drop === undefined || drop === 'before' || drop === 'after') &&
    numbers.every((n) => n === undefined || typeof n === 'number');
  if (!typed) throw new UsageError(FAULT_USAGE);
  try {
    checkFaultRule(parsed);
  } catch (error) {
    throw new UsageError(`--fault: ${(error as Error).message}`);
  }
  return parsed;
}

function parseCommandLine(args: string[]): SimulatorOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        'write-status': { type: 'string' },
        latency: { type: 'string' },
        auth: { type: 'string', multiple: true },
        'readonly-auth': { type: 'string', multiple: true },
        'max-body-bytes': { type: 'string' },
        fault: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // Node's messages name options, not their values, except for a stray argument, which may be a secret.
    const { code, message } = error as NodeJS.ErrnoException;
    throw new UsageError(
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL' ? 'Unexpected argument (options start with --)' : message,
    );
  }
  const v = parsed.values;
  if (v.help) return 'help';
  const writeStatus = integer('write-status', v['write-status'], 204);
  if (writeStatus !== 201 && writeStatus !== 204) throw new UsageError('--write-status expects 201 or 204');
  let latency: SimulatorOptions['latency'];
  if (v.latency !== undefined) {
    const match = /^(\d+)(?:,(\d+))?$/.exec(v.latency);
    if (!match) throw new UsageError('--latency expects <ms> or <ms>,<jitter ms>');
    latency = { fixedMs: Number(match[1]), jitterMs: match[2] === undefined ? 0 : Number(match[2]) };
  }
  const users = [...credentials('auth', v.auth, false), ...credentials('readonly-auth', v['readonly-auth'], true)];
  return {
    port: integer('port', v.port, 8080),
    host: v.host ?? '127.0.0.1',
    data: { scale: integer('scale', v.scale, 0), seed: integer('seed', v.seed, 1) },
    writeStatus,
    latency,
    auth: users.length ? { users } : undefined,
    maxBodyBytes: integer('max-body-bytes', v['max-body-bytes'], 1024 * 1024, 1),
    faults: (v.fault ?? []).map(faultRule),
    // Nobody reads the log of a standalone server; keeping it would only grow memory.
    requestLog: false,
  };
}

async function main(): Promise<void> {
  let options: SimulatorOptions | 'help';
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const started = performance.now();
  const simulator = await startSimulator(options).catch((error: NodeJS.ErrnoException) => {
    console.error(`Cannot start the RCI simulator on ${options.host}:${options.port}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  console.log(`RCI simulator listening on ${simulator.url}`);
  const scale = options.data?.scale ?? 0;
  console.log(
    `data: the documentation's examples${scale ? ` + generated scale ${scale} (seed ${options.data?.seed})` : ''}` +
      ` (ready in ${Math.round(performance.now() - started)} ms)` +
      (options.auth ? `; HTTP Basic auth required (${options.auth.users.length} user(s))` : ''),
  );
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    simulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
