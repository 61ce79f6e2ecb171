import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS (main) and ESM (module) builds. Node loads the CommonJS one for
    // graphql-yoga; without this, Vite would give our code the ESM one, and `instanceof GraphQLError`
    // would fail across the two copies (errors would be masked in tests but not in production).
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own simulator and gateway on ephemeral ports, so files run in parallel safely.
    pool: 'forks',
  },
});
