import { CriticalityLevel } from '@graphql-inspector/core';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyAcknowledgements } from './acknowledgements.js';
import { addSection, releaseSection } from './changelog.js';
import {
  acknowledgementsFile,
  changelogFile,
  checkSchema,
  formatCheck,
  releasedDir,
  sdlFiles,
  type SchemaChange,
} from './check.js';

function parseVersion(version: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/**
 * Why `next` cannot follow `previous`, or undefined when it can. A release with breaking changes raises
 * the major version (the minor one while the major is 0, as semver allows before 1.0.0).
 */
export function versionRefusal(previous: string, next: string, breaking: boolean): string | undefined {
  const to = parseVersion(next);
  const from = parseVersion(previous);
  if (!to) return `${next} is not a version of the form MAJOR.MINOR.PATCH`;
  if (!from) return `the last release in ${changelogFile} (${previous}) is not a version of the form MAJOR.MINOR.PATCH`;
  const order = to[0] - from[0] || to[1] - from[1] || to[2] - from[2];
  if (order <= 0) return `${next} is not after the last release, ${previous}`;
  if (breaking) {
    const raised = from[0] === 0 ? to[0] > 0 || to[1] > from[1] : to[0] > from[0];
    if (!raised) {
      const needed = from[0] === 0 ? `${from[0]}.${from[1] + 1}.0` : `${from[0] + 1}.0.0`;
      return `${next} keeps breaking changes in a compatible version: release ${needed} or later`;
    }
  }
  return undefined;
}

export interface Release {
  version: string;
  changes: SchemaChange[];
  section: string;
}

/**
 * Releases the current SDL as `version`: refuses unless the schema check passes; then adds the changes
 * since the last release to the CHANGELOG, copies the SDL files into the released folder and clears
 * the acknowledgements, which were all for changes now released.
 */
export async function releaseSchema(root: string, version: string, date: string): Promise<Release> {
  const result = await checkSchema(root);
  if (!result.ok) throw new Error(`${formatCheck(result)}\nNothing released: fix the check first.`);
  if (!result.releasedVersion) throw new Error(`${changelogFile} names no previous release (a "## x.y.z" heading)`);
  const breaking = result.changes.some((c) => c.level === CriticalityLevel.Breaking);
  const refusal = versionRefusal(result.releasedVersion, version, breaking);
  if (refusal) throw new Error(`${refusal}. Nothing released.`);
  if (result.changes.length === 0) {
    throw new Error(`The SDL has not changed since ${result.releasedVersion}. Nothing released.`);
  }

  const section = releaseSection(version, date, result.changes);
  const changelogPath = join(root, changelogFile);
  writeFileSync(changelogPath, addSection(readFileSync(changelogPath, 'utf8'), section));
  for (const file of sdlFiles) copyFileSync(join(root, file), join(root, releasedDir, file));
  writeFileSync(join(root, acknowledgementsFile), emptyAcknowledgements);
  return { version, changes: result.changes, section };
}
