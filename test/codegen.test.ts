import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../codegen.js';

// The committed typed clients (test/gql/ and examples/gql/) are what `npm run codegen` generates from
// schema.graphql and the documents in test/ and examples/: codegen runs here with the project's own
// config, without writing, and every output must equal the file on disk. When this fails, run
// `npm run codegen` and commit the result.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('generated clients', () => {
  it('are up to date with schema.graphql and the documents', { timeout: 60_000 }, async () => {
    const outputs: { filename: string; content: string }[] = await generate(
      { ...config, cwd: root, silent: true },
      false,
    );
    const outputDirs = Object.keys(config.generates);
    expect(outputs.length).toBeGreaterThan(0);

    const stale: string[] = [];
    for (const output of outputs) {
      const path = resolve(root, output.filename);
      let committed: string | undefined;
      try {
        committed = readFileSync(path, 'utf8');
      } catch {
        committed = undefined;
      }
      if (committed !== output.content) stale.push(relative(root, path));
    }
    expect(stale, 'stale generated files: run `npm run codegen`').toEqual([]);

    // Nothing else lies in the output folders (a file codegen no longer generates is stale too).
    const generated = outputs.map((o) => relative(root, resolve(root, o.filename))).sort();
    const onDisk = outputDirs
      .flatMap((dir) => readdirSync(join(root, dir)).map((file) => relative(root, join(root, dir, file))))
      .sort();
    expect(onDisk, 'files in the output folders that codegen does not generate').toEqual(generated);
  });
});
