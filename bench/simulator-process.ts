import { spawn } from 'node:child_process';

/**
 * Starts the RCI simulator in its own process, as the real RCI would be, so the figures a benchmark
 * prints are the gateway's alone. Resolves once it listens.
 */
export async function startSimulatorProcess(options: {
  scale: string;
  /** `fixedMs,jitterMs` */
  latency: string;
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
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
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
