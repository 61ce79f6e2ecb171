import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../src/simulator/index.js';

/**
 * The simulator as a real HTTP server for one test file: started once, and before each test set back to
 * its seeded data, with no faults, no latency and an empty request log. The handle stands for the running
 * simulator from `beforeAll` on. Hooks registered after this call see it started, and (after-hooks run
 * last-registered first) close what they built over it before it stops.
 */
export function useSimulator(): RunningSimulator {
  let current: RunningSimulator | undefined;
  beforeAll(async () => {
    current = await startSimulator({ port: 0 });
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    const sim = running();
    sim.reset();
    sim.setFaults([]);
    sim.setLatency(undefined);
    sim.clearRequests();
  });
  function running(): RunningSimulator {
    if (!current) throw new Error('the simulator starts in beforeAll');
    return current;
  }
  return new Proxy({} as RunningSimulator, {
    get(_target, property) {
      const sim = running();
      const value: unknown = Reflect.get(sim, property, sim);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(sim) : value;
    },
  });
}
