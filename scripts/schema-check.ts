import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkSchema, formatCheck } from './schema-changes/check.js';

// npm run schema:check [-- --all] [--root <dir>]: fails on breaking changes to schema.graphql or
// subgraph.graphql since the last release unless schema-changes.json acknowledges each with a reason.
const { values } = parseArgs({ options: { all: { type: 'boolean' }, root: { type: 'string' } } });
const root = values.root ?? fileURLToPath(new URL('..', import.meta.url));

try {
  const result = await checkSchema(root);
  console.log(formatCheck(result, { all: values.all }));
  process.exitCode = result.ok ? 0 : 1;
} catch (error) {
  console.error(`Schema check failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
