import { CriticalityLevel } from '@graphql-inspector/core';
import type { SchemaChange } from './check.js';

const releaseHeading = /^## (\d+\.\d+\.\d+)\b/m;

/** The version of the newest release section (sections are newest first). */
export function lastReleasedVersion(changelog: string): string | undefined {
  return releaseHeading.exec(changelog)?.[1];
}

// Beyond this many changes of one type (a directive added to every field, descriptions reworded), a
// release lists their paths on one line instead of one line each.
const listedOneByOne = 5;

function entries(changes: SchemaChange[]): string[] {
  const byType = new Map<string, SchemaChange[]>();
  for (const change of changes) byType.set(change.type, [...(byType.get(change.type) ?? []), change]);
  const lines: string[] = [];
  for (const [type, group] of byType) {
    if (group.length > listedOneByOne) {
      const files = new Set(group.flatMap((c) => c.files));
      const only = files.size === 1 ? ` (${[...files].join('')} only)` : '';
      lines.push(`- ${group.length} × \`${type}\`${only}: ${group.map((c) => `\`${c.path}\``).join(', ')}`);
      continue;
    }
    for (const change of group) {
      const only = change.files.length === 1 ? ` (${change.files[0]} only)` : '';
      const reason = change.acknowledgement ? ` Reason: ${change.acknowledgement.reason}` : '';
      lines.push(`- \`${change.path}\`: ${change.message}${only}.${reason}`);
    }
  }
  return lines;
}

/** The CHANGELOG section of a release: its changes since the previous one, most critical first. */
export function releaseSection(version: string, date: string, changes: SchemaChange[]): string {
  const lines = [`## ${version} (${date})`];
  const groups: [string, CriticalityLevel][] = [
    ['Breaking changes', CriticalityLevel.Breaking],
    ['Dangerous changes', CriticalityLevel.Dangerous],
    ['Other changes', CriticalityLevel.NonBreaking],
  ];
  for (const [title, level] of groups) {
    const group = changes.filter((c) => c.level === level);
    if (group.length > 0) lines.push('', `### ${title}`, '', ...entries(group));
  }
  return `${lines.join('\n')}\n`;
}

/** Puts `section` above the newest release section (or at the end of a changelog that has none). */
export function addSection(changelog: string, section: string): string {
  const at = releaseHeading.exec(changelog)?.index;
  if (at === undefined) return `${changelog.trimEnd()}\n\n${section}`;
  return `${changelog.slice(0, at)}${section}\n${changelog.slice(at)}`;
}
