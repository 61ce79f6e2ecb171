import { startGateway } from '../support/gateway.js';
import { WALK_AUTH, walkEveryMutation } from './walk.js';

// Every mutation through one gateway whose caches (RCI answers and whole responses) are in memory.
walkEveryMutation(async () => {
  const gw = await startGateway({
    simulator: { auth: WALK_AUTH },
    cache: { ttlMs: 600_000 },
    responseCache: {},
    metrics: true,
  });
  return { gateways: [gw], close: () => gw.close() };
});
