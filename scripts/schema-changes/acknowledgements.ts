import { ChangeType } from '@graphql-inspector/core';
import { z } from 'zod';

/** A breaking change accepted for the next release, with the reason a reader of the CHANGELOG needs. */
export interface Acknowledgement {
  type: string;
  path: string;
  reason: string;
}

const changeTypes = Object.values(ChangeType) as [string, ...string[]];

const acknowledgementSchema = z.strictObject({
  type: z.enum(changeTypes, { error: 'must be a graphql-inspector change type, e.g. FIELD_REMOVED' }),
  path: z.string({ error: 'must be the path the check prints, e.g. User.email' }),
  reason: z
    .string({ error: 'is required: say why the break is acceptable and what clients should use instead' })
    .trim()
    .min(1, { error: 'is empty: say why the break is acceptable and what clients should use instead' }),
});

const fileSchema = z.strictObject({ acknowledged: z.array(z.unknown()) });

export const emptyAcknowledgements = `${JSON.stringify({ acknowledged: [] }, null, 2)}\n`;

/**
 * Reads the acknowledgements file. Entries that are malformed (no reason, an unknown change type, a
 * duplicate) are returned as problems, each naming its entry, and never acknowledge anything.
 */
export function parseAcknowledgements(text: string): { acknowledgements: Acknowledgement[]; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { acknowledgements: [], problems: [`not JSON: ${(error as Error).message}`] };
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    return { acknowledgements: [], problems: ['must be an object { "acknowledged": [ … ] } and nothing else'] };
  }
  const acknowledgements: Acknowledgement[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  file.data.acknowledged.forEach((entry, index) => {
    const parsed = acknowledgementSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.length > 0 ? `.${issue.path.join('.')}` : '';
        problems.push(`acknowledged[${index}]${field} ${issue.message}`);
      }
      return;
    }
    const key = matchKey(parsed.data);
    if (seen.has(key)) {
      problems.push(`acknowledged[${index}] repeats ${parsed.data.type} ${parsed.data.path}`);
      return;
    }
    seen.add(key);
    acknowledgements.push(parsed.data);
  });
  return { acknowledgements, problems };
}

/** An acknowledgement names its change by type and path, the two things the check prints for it. */
export function matchKey(change: { type: string; path: string }): string {
  return `${change.type} ${change.path}`;
}
