import { resourceNames, type ResourceName } from '../rci/resources.js';
import { registerReads } from './kit.js';
import { registerWrites } from './writes.js';

/**
 * Every collection of the catalogue gets what the kit derives from its entry: its node type, lookup
 * and connection (root collections) or its field on the parent (nested ones), and a mutation per
 * documented write. What differs from that lives in the domain files (users.ts, queues.ts, ...).
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
