import { expect } from 'vitest';
import { startGateway } from '../support/gateway.js';
import { startRedis } from '../support/redis.js';
import { WALK_AUTH, walkEveryMutation } from './walk.js';

// Every mutation written through one of two gateways whose caches (RCI answers and whole responses)
// live in one real Redis: each read through the other gateway, as the writer and as another caller.
const warnings: string[] = [];

walkEveryMutation(async () => {
  const redis = await startRedis();
  // The walk proves invalidation, not outages (redis-outages.test.ts): a command answered late because
  // a busy machine held up the event loop must not stop the use of Redis half-way through a walk.
  const cache = {
    ttlMs: 600_000,
    redisUrl: redis.url,
    redisCommandTimeoutMs: 5_000,
    warn: (message: string) => warnings.push(message),
  };
  const a = await startGateway({ simulator: { auth: WALK_AUTH }, cache, responseCache: {}, metrics: true });
  const b = await startGateway({ over: a.sim, cache, responseCache: {}, metrics: true });
  for (let i = 0; i < 200 && !(a.cache!.available && b.cache!.available); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  expect(a.cache!.available && b.cache!.available).toBe(true);
  return {
    gateways: [a, b],
    close: async () => {
      await b.close();
      await a.close();
      await redis.stop();
      // Redis was used throughout.
      expect(warnings).toEqual([]);
    },
  };
});
