import { resourceNames, type ResourceName } from '../rci/resources.js';
import { registerReads } from './reads.js';
import { registerWrites } from './writes.js';

/**
 * Every collection of the catalogue gets what its entry describes: its node type, lookup and
 * connection (root collections) or its field on the parent (nested ones), from reads.ts, and a
 * mutation per documented write, from writes.ts. What differs from that lives in the domain files
 * (users.ts, queues.ts, ...).
 */
/** Collections a domain file registers by hand instead. */
const specialised: ReadonlySet<ResourceName> = new Set([
  // A user's skills carry a level: `User.skills`, `setUserSkill` and `removeUserSkill` in users.ts.
  'userSkills',
]);

for (const resource of resourceNames) {
  if (specialised.has(resource)) continue;
  registerReads(resource);
  registerWrites(resource);
}
