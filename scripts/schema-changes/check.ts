import { CriticalityLevel } from '@graphql-inspector/core';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Acknowledgement, matchKey, parseAcknowledgements } from './acknowledgements.js';
import { lastReleasedVersion } from './changelog.js';
import { diffSdl, type SdlChange } from './diff.js';

/** The SDL files a release publishes: the served schema and the federation subgraph SDL. */
export const sdlFiles = ['schema.graphql', 'subgraph.graphql'] as const;
export type SdlFile = (typeof sdlFiles)[number];
/** Where the SDL of the last release is kept, relative to the repository root. */
export const releasedDir = 'released';
export const acknowledgementsFile = 'schema-changes.json';
export const changelogFile = 'CHANGELOG.md';

/** A change found in one or both SDL files (most changes show in both: they print the same types). */
export interface SchemaChange extends SdlChange {
  files: SdlFile[];
  acknowledgement?: Acknowledgement;
}

export interface CheckResult {
  releasedVersion: string | undefined;
  changes: SchemaChange[];
  /** Breaking changes with no acknowledgement: each fails the check. */
  unacknowledged: SchemaChange[];
  /** Acknowledgements that match no breaking change: they would silently allow a later one. */
  stale: Acknowledgement[];
  /** Malformed entries in the acknowledgements file. */
  problems: string[];
  ok: boolean;
}

function read(root: string, file: string, hint: string): string {
  const path = join(root, file);
  if (!existsSync(path)) throw new Error(`${file} is missing: ${hint}`);
  return readFileSync(path, 'utf8');
}

/** Diffs the current SDL files under `root` against the released ones and applies the acknowledgements. */
export async function checkSchema(root: string): Promise<CheckResult> {
  const byKey = new Map<string, SchemaChange>();
  for (const file of sdlFiles) {
    const released = read(root, join(releasedDir, file), 'the SDL of the last release is kept there');
    const current = read(root, file, 'run `npm run schema:print`');
    for (const change of await diffSdl(released, current)) {
      const key = `${change.level} ${matchKey(change)} ${change.message}`;
      const known = byKey.get(key);
      if (known) known.files.push(file);
      else byKey.set(key, { ...change, files: [file] });
    }
  }
  const changes = [...byKey.values()];

  const ackPath = join(root, acknowledgementsFile);
  const { acknowledgements, problems } = existsSync(ackPath)
    ? parseAcknowledgements(readFileSync(ackPath, 'utf8'))
    : { acknowledgements: [], problems: [] };
  const byChange = new Map(acknowledgements.map((ack) => [matchKey(ack), ack]));
  const used = new Set<Acknowledgement>();
  for (const change of changes) {
    if (change.level !== CriticalityLevel.Breaking) continue;
    const ack = byChange.get(matchKey(change));
    if (ack) {
      change.acknowledgement = ack;
      used.add(ack);
    }
  }
  const unacknowledged = changes.filter((c) => c.level === CriticalityLevel.Breaking && !c.acknowledgement);
  const stale = acknowledgements.filter((ack) => !used.has(ack));
  const changelogPath = join(root, changelogFile);
  const releasedVersion = existsSync(changelogPath)
    ? lastReleasedVersion(readFileSync(changelogPath, 'utf8'))
    : undefined;
  return {
    releasedVersion,
    changes,
    unacknowledged,
    stale,
    problems,
    ok: unacknowledged.length === 0 && stale.length === 0 && problems.length === 0,
  };
}

const shownPerType = 5;

function where(change: SchemaChange): string {
  return change.files.length === sdlFiles.length ? '' : ` (${change.files.join(', ')} only)`;
}

/**
 * The check's report: every breaking change with what to do about it, dangerous changes one line each
 * (at most `shownPerType` of one type unless `all`, so a directive added to every field stays readable).
 */
export function formatCheck(result: CheckResult, { all = false } = {}): string {
  const lines: string[] = [];
  const against = result.releasedVersion ? `the ${result.releasedVersion} release` : 'the last release';
  lines.push(`Schema check: ${sdlFiles.join(' and ')} against ${against} (${releasedDir}/)`);

  const breaking = result.changes.filter((c) => c.level === CriticalityLevel.Breaking);
  const dangerous = result.changes.filter((c) => c.level === CriticalityLevel.Dangerous);
  const safe = result.changes.length - breaking.length - dangerous.length;

  if (breaking.length > 0) {
    lines.push('', `Breaking changes (${breaking.length}):`);
    for (const change of breaking) {
      const status = change.acknowledgement ? 'acknowledged' : 'NOT ACKNOWLEDGED';
      lines.push(`  ${status}: ${change.type} ${change.path}${where(change)}`, `    ${change.message}`);
      if (change.acknowledgement) {
        lines.push(`    reason: ${change.acknowledgement.reason}`);
      } else {
        if (change.why) lines.push(`    ${change.why}`);
        const entry = JSON.stringify({ type: change.type, path: change.path, reason: '…' });
        lines.push(`    to release it anyway, add to ${acknowledgementsFile}: ${entry}`);
      }
    }
  }

  if (dangerous.length > 0) {
    lines.push('', `Dangerous changes (${dangerous.length}; listed, they do not fail the check):`);
    const byType = new Map<string, SchemaChange[]>();
    for (const change of dangerous) byType.set(change.type, [...(byType.get(change.type) ?? []), change]);
    for (const [type, group] of byType) {
      for (const change of all ? group : group.slice(0, shownPerType)) {
        lines.push(`  ${change.type} ${change.path}${where(change)}: ${change.message}`);
      }
      if (!all && group.length > shownPerType) {
        lines.push(`  … and ${group.length - shownPerType} more ${type} (--all lists them)`);
      }
    }
  }

  if (safe > 0) lines.push('', `Safe changes: ${safe}.`);
  if (result.changes.length === 0) lines.push('', 'No changes.');

  if (result.stale.length > 0) {
    lines.push('', `Acknowledgements in ${acknowledgementsFile} that match no breaking change (remove them):`);
    for (const ack of result.stale) lines.push(`  ${ack.type} ${ack.path}`);
  }
  if (result.problems.length > 0) {
    lines.push('', `${acknowledgementsFile} is refused:`);
    for (const problem of result.problems) lines.push(`  ${problem}`);
  }

  lines.push('');
  if (result.ok) {
    const acknowledged = breaking.length > 0 ? `, ${breaking.length} acknowledged breaking` : '';
    lines.push(`Schema check passed (${dangerous.length} dangerous${acknowledged}).`);
  } else {
    const failures = [
      result.unacknowledged.length > 0 ? `${result.unacknowledged.length} unacknowledged breaking change(s)` : '',
      result.stale.length > 0 ? `${result.stale.length} stale acknowledgement(s)` : '',
      result.problems.length > 0 ? `${result.problems.length} problem(s) in ${acknowledgementsFile}` : '',
    ].filter(Boolean);
    lines.push(`Schema check failed: ${failures.join(', ')}.`);
  }
  return lines.join('\n');
}
