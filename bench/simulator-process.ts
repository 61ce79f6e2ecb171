import { spawn } from 'node:child_process';
import type { FaultRule } from '../src/simulator/index.js';

/**
 * Starts the RCI simulator in its own process, as the real RCI would be, so the figures a benchmark
 * prints are the gateway's alone. Resolves once it listens.
 */
export async function startSimulatorProcess(options: {
  scale: string;
  /** `fixedMs,jitterMs` */
  latency: string;
  /** Failure injection; a path is a prefix (the command line cannot pass a RegExp). @default none */
  faults?: (Omit<FaultRule, 'path'> & { path?: string })[];
}): Promise<{ url: string; stop: () => void }> {
  const simulator = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/simulator/cli.ts',
      '--port',
      '0',
      '--scale',
      options.scale,
      '--seed',
      '1',
      '--latency',
      options.latency,
      ...(options.faults ?? []).flatMap((rule) => ['--fault', JSON.stringify(rule)]),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // Whatever ends the benchmark (a failure too), it leaves no simulator behind.
  process.on('exit', () => simulator.kill('SIGKILL'));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    simulator.stdout.on('data', (chunk) => {
      out += String(chunk);
      const match = /listening on (http:\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    simulator.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { url, stop: () => simulator.kill('SIGTERM') };
}
