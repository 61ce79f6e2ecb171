import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { releaseSchema } from './schema-changes/release.js';

// npm run schema:release -- <version> [--root <dir>]: makes the current SDL the released one and records
// its changes in CHANGELOG.md. Refused while `npm run schema:check` fails.
const { values, positionals } = parseArgs({ allowPositionals: true, options: { root: { type: 'string' } } });
const root = values.root ?? fileURLToPath(new URL('..', import.meta.url));
const [version] = positionals;

if (!version || positionals.length > 1) {
  console.error('usage: npm run schema:release -- <version>   (e.g. 0.2.0)');
  process.exitCode = 1;
} else {
  try {
    const release = await releaseSchema(root, version, new Date().toISOString().slice(0, 10));
    console.log(
      `${release.section}\nReleased ${version}: released/ and CHANGELOG.md updated, acknowledgements cleared.`,
    );
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}
