import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkSchema, formatCheck } from '../scripts/schema-changes/check.js';
import { releaseSchema } from '../scripts/schema-changes/release.js';

// Each test is a copy of the repository's schema files in a temporary directory: the real schema.graphql
// and subgraph.graphql as the released SDL, the same text with one edit as the current SDL. The check and
// the release run on them as they run on the repository.
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const sdlFiles = ['schema.graphql', 'subgraph.graphql'] as const;
const realSdl = Object.fromEntries(sdlFiles.map((f) => [f, readFileSync(join(repoRoot, f), 'utf8')]));
const changelog = '# Changelog\n\nIntro.\n\n## 0.1.0 (2026-11-29)\n\nFirst release.\n';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

type Edit = (sdl: string, file: (typeof sdlFiles)[number]) => string;

function fixture({ released = (s: string) => s, current }: { released?: Edit; current: Edit }): string {
  const root = mkdtempSync(join(tmpdir(), 'schema-check-'));
  roots.push(root);
  mkdirSync(join(root, 'released'));
  for (const file of sdlFiles) {
    writeFileSync(join(root, 'released', file), released(realSdl[file], file));
    writeFileSync(join(root, file), current(realSdl[file], file));
  }
  writeFileSync(join(root, 'CHANGELOG.md'), changelog);
  return root;
}

function acknowledge(root: string, acknowledged: unknown[]): void {
  writeFileSync(join(root, 'schema-changes.json'), JSON.stringify({ acknowledged }, null, 2));
}

/** Applies `edit` to the lines of the body of `type <typeName>` (both SDL files print it the same way). */
function editType(sdl: string, typeName: string, edit: (body: string[]) => string[]): string {
  const lines = sdl.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`type ${typeName} `));
  const open = lines.findIndex((line, i) => i >= start && line.endsWith('{'));
  const close = lines.findIndex((line, i) => i > open && line === '}');
  expect(start, `type ${typeName}`).toBeGreaterThanOrEqual(0);
  return [...lines.slice(0, open + 1), ...edit(lines.slice(open + 1, close)), ...lines.slice(close)].join('\n');
}

/** The field's definition lines: its description above it, the field line and its blank separator. */
function fieldLines(body: string[], field: string): [number, number] {
  const at = body.findIndex((line) => line.startsWith(`  ${field}:`));
  expect(at, field).toBeGreaterThanOrEqual(0);
  let from = at;
  if (body[at - 1]?.trim().endsWith('"""')) {
    from = at - 1;
    while (!body[from].trim().startsWith('"""') || (from === at - 1 && body[from].trim() === '"""')) from--;
  }
  return [from, at + (body[at + 1] === '' ? 2 : 1)];
}

const removeField =
  (typeName: string, field: string): Edit =>
  (sdl) =>
    editType(sdl, typeName, (body) => {
      const [from, to] = fieldLines(body, field);
      return [...body.slice(0, from), ...body.slice(to)];
    });

const deprecateField =
  (typeName: string, field: string, reason: string): Edit =>
  (sdl) =>
    editType(sdl, typeName, (body) =>
      body.map((line) => (line.startsWith(`  ${field}:`) ? `${line} @deprecated(reason: "${reason}")` : line)),
    );

/** Runs a script of scripts/ as `npm run` does, on the fixture. */
function run(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}`, ...args], { cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run schema:check', () => {
  it('fails on a removed field, naming it, and passes once it is acknowledged with a reason', async () => {
    const root = fixture({ current: removeField('User', 'email') });

    const refused = await run('schema-check.ts', ['--root', root]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('NOT ACKNOWLEDGED: FIELD_REMOVED User.email');
    expect(refused.stdout).toContain("Field 'email' was removed from object type 'User'");
    expect(refused.stdout).toContain(
      'add to schema-changes.json: {"type":"FIELD_REMOVED","path":"User.email","reason":"…"}',
    );
    expect(refused.stdout).toContain('Schema check failed: 1 unacknowledged breaking change(s).');

    acknowledge(root, [{ type: 'FIELD_REMOVED', path: 'User.email', reason: 'RCI stopped returning it.' }]);
    const passed = await run('schema-check.ts', ['--root', root]);
    expect(passed.stdout).toContain('acknowledged: FIELD_REMOVED User.email');
    expect(passed.stdout).toContain('reason: RCI stopped returning it.');
    expect(passed.stdout).toContain('Schema check passed');
    expect(passed.code).toBe(0);
  });

  it('finds the removal in both SDL files, one change for both', async () => {
    const result = await checkSchema(fixture({ current: removeField('User', 'email') }));
    expect(result.ok).toBe(false);
    expect(result.unacknowledged.map(({ type, path, files }) => ({ type, path, files }))).toEqual([
      { type: 'FIELD_REMOVED', path: 'User.email', files: ['schema.graphql', 'subgraph.graphql'] },
    ]);
  });

  it('lists a dangerous change and passes', async () => {
    const addArgument: Edit = (sdl) =>
      editType(sdl, 'Query', (body) =>
        body.flatMap((line) =>
          line === '  users('
            ? [line, '    """Only users in this time zone."""', '    timeZoneId: String', '']
            : [line],
        ),
      );
    const result = await checkSchema(fixture({ current: addArgument }));
    expect(result.ok).toBe(true);
    expect(result.changes.map(({ type, path, level }) => ({ type, path, level }))).toEqual([
      { type: 'FIELD_ARGUMENT_ADDED', path: 'Query.users.timeZoneId', level: 'DANGEROUS' },
    ]);
    const report = formatCheck(result);
    expect(report).toContain('Dangerous changes (1; listed, they do not fail the check):');
    expect(report).toContain("FIELD_ARGUMENT_ADDED Query.users.timeZoneId: Argument 'timeZoneId: String' added");
    expect(report).toContain('Schema check passed (1 dangerous).');
  });

  it('lets a field deprecated in the released SDL go away as a dangerous change', async () => {
    const result = await checkSchema(
      fixture({ released: deprecateField('User', 'email', 'Use login.'), current: removeField('User', 'email') }),
    );
    expect(result.ok).toBe(true);
    expect(result.changes.map(({ type, path, level }) => ({ type, path, level }))).toEqual([
      { type: 'FIELD_REMOVED', path: 'User.email', level: 'DANGEROUS' },
    ]);
  });

  it('refuses an acknowledgement without a reason, and the change stays unacknowledged', async () => {
    const root = fixture({ current: removeField('User', 'email') });
    acknowledge(root, [
      { type: 'FIELD_REMOVED', path: 'User.email', reason: '  ' },
      { type: 'FIELD_REMOVED', path: 'User.email' },
    ]);
    const result = await checkSchema(root);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'acknowledged[0].reason is empty: say why the break is acceptable and what clients should use instead',
      'acknowledged[1].reason is required: say why the break is acceptable and what clients should use instead',
    ]);
    expect(result.unacknowledged.map((c) => c.path)).toEqual(['User.email']);
    expect(formatCheck(result)).toContain('schema-changes.json is refused:');
  });

  it('reports an acknowledgement that matches no breaking change', async () => {
    const root = fixture({ current: removeField('User', 'email') });
    acknowledge(root, [
      { type: 'FIELD_REMOVED', path: 'User.email', reason: 'RCI stopped returning it.' },
      { type: 'FIELD_REMOVED', path: 'User.phone', reason: 'Planned, not done.' },
    ]);
    const result = await checkSchema(root);
    expect(result.ok).toBe(false);
    expect(result.stale).toEqual([{ type: 'FIELD_REMOVED', path: 'User.phone', reason: 'Planned, not done.' }]);
    expect(formatCheck(result)).toContain('Schema check failed: 1 stale acknowledgement(s).');
  });

  it('treats a removed @key of the subgraph as breaking', async () => {
    const dropKey: Edit = (sdl, file) =>
      file === 'subgraph.graphql'
        ? sdl.replace(
            'type User implements Node\n  @key(fields: "id")\n  @key(fields: "rciId")\n',
            'type User implements Node\n  @key(fields: "id")\n',
          )
        : sdl;
    const result = await checkSchema(fixture({ current: dropKey }));
    expect(result.unacknowledged.map(({ type, path, files }) => ({ type, path, files }))).toEqual([
      { type: 'DIRECTIVE_USAGE_OBJECT_REMOVED', path: 'User.@key', files: ['subgraph.graphql'] },
    ]);
  });
});

describe('npm run schema:release', () => {
  it('makes the current SDL the released one, records its changes in CHANGELOG.md and clears acknowledgements', async () => {
    const root = fixture({ current: removeField('User', 'email') });
    acknowledge(root, [{ type: 'FIELD_REMOVED', path: 'User.email', reason: 'RCI stopped returning it.' }]);

    const released = await run('schema-release.ts', ['--root', root, '0.2.0']);
    expect(released.stderr).toBe('');
    expect(released.code).toBe(0);

    for (const file of sdlFiles) {
      expect(readFileSync(join(root, 'released', file), 'utf8')).toBe(readFileSync(join(root, file), 'utf8'));
    }
    const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
    expect(text).toMatch(
      /^# Changelog\n\nIntro\.\n\n## 0\.2\.0 \(\d{4}-\d{2}-\d{2}\)\n\n### Breaking changes\n\n- `User\.email`: Field 'email' was removed from object type 'User'\. Reason: RCI stopped returning it\.\n\n## 0\.1\.0 \(2026-11-29\)\n/,
    );
    expect(JSON.parse(readFileSync(join(root, 'schema-changes.json'), 'utf8'))).toEqual({ acknowledged: [] });

    const after = await checkSchema(root);
    expect(after).toMatchObject({ ok: true, releasedVersion: '0.2.0', changes: [] });
  });

  it('refuses while the check fails, and a version that does not say the release breaks', async () => {
    const root = fixture({ current: removeField('User', 'email') });
    await expect(releaseSchema(root, '0.2.0', '2026-12-01')).rejects.toThrow(
      /NOT ACKNOWLEDGED: FIELD_REMOVED User\.email[\s\S]*Nothing released: fix the check first\./,
    );
    acknowledge(root, [{ type: 'FIELD_REMOVED', path: 'User.email', reason: 'RCI stopped returning it.' }]);
    await expect(releaseSchema(root, '0.1.1', '2026-12-01')).rejects.toThrow(
      '0.1.1 keeps breaking changes in a compatible version: release 0.2.0 or later. Nothing released.',
    );
    await expect(releaseSchema(root, '0.1.0', '2026-12-01')).rejects.toThrow('0.1.0 is not after the last release');
    expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toBe(changelog);
    expect(readFileSync(join(root, 'released', 'schema.graphql'), 'utf8')).toBe(realSdl['schema.graphql']);
  });

  it('lists dangerous and other changes in their own sections', async () => {
    const root = fixture({
      released: deprecateField('User', 'email', 'Use login.'),
      current: (sdl, file) =>
        removeField('User', 'email')(sdl.replace('"""A page of User objects."""', '"""One page of users."""'), file),
    });
    const release = await releaseSchema(root, '0.1.1', '2026-12-01');
    expect(release.section).toBe(
      [
        '## 0.1.1 (2026-12-01)',
        '',
        '### Dangerous changes',
        '',
        "- `User.email`: Field 'email' (deprecated) was removed from object type 'User'.",
        '',
        '### Other changes',
        '',
        "- `UserConnection`: Description 'A page of User objects.' on type 'UserConnection' has changed to 'One page of users.'.",
        '',
      ].join('\n'),
    );
  });

  it('lists many changes of one type on one line', async () => {
    const fields = ['chat', 'chatName', 'email', 'externalId', 'login', 'phone'];
    const root = fixture({
      current: (sdl, file) => fields.reduce((text, field) => deprecateField('User', field, 'Unused.')(text, file), sdl),
    });
    const release = await releaseSchema(root, '0.1.1', '2026-12-01');
    expect(release.section).toContain(
      '- 6 × `FIELD_DEPRECATION_ADDED`: `User.chat.@deprecated`, `User.chatName.@deprecated`, `User.email.@deprecated`, `User.externalId.@deprecated`, `User.login.@deprecated`, `User.phone.@deprecated`\n',
    );
  });
});
