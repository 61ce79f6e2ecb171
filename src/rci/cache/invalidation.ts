import {
  collectionSpec,
  membershipNames,
  memberships,
  recordSpec,
  resourceNames,
  type ListSpec,
  type MembershipName,
  type MembershipSpec,
  type RecordName,
  type ResourceName,
} from '../resources.js';

/**
 * Which cached answers a write can change, derived from the catalogue. Every cached GET carries a set
 * of *tags* (collection and membership names); every write bumps the generation of a set of tags, and
 * an entry stored under an older generation of any of its tags is never answered again, for any
 * caller. Tags are per collection, not per object: writes are rare next to reads, and a coarse rule
 * that is obviously complete is worth more than a precise one that misses a case.
 *
 * A read of collection C (an object, a list, a page) depends on:
 * - C itself;
 * - every collection C's objects or search parameters refer to (`refersTo`): deleting a skill changes
 *   every user's skills list;
 * - every collection a search parameter of C takes its values from (`from`): adding an attribute to a
 *   custom IVR changes which IVRs an `attributeName` filter finds; deleting a queue drops it from the
 *   hidden references of reply templates, and so changes which templates a `queueId` filter finds.
 * A side of a membership (`/users/{u}/roles`) depends on the membership, on both collections (the
 * owner: deleted → 404; the member: renamed → the summaries embed the new name) and on what its
 * search parameters depend on.
 *
 * A search computed from the time of the request (an event's `active`) depends on no write: only the
 * TTL bounds how long a cached answer outlives a change of it.
 *
 * A write to C (create, update, delete) bumps C, every collection nested under C (deleting a queue
 * deletes its extensions), and every membership C takes part in (deleting a user leaves its roles).
 * Adding or removing a member bumps the membership, which both sides' lists depend on.
 */

export type ReadTarget =
  | { collection: ResourceName }
  | { membership: MembershipName }
  /** `GET /customIvrs/{id}/currentSourceCodeVersion`. */
  | { currentSourceCodeOf: 'customIvrs' };

export type WriteTarget = { collection: ResourceName } | { membership: MembershipName };

const collectionNames = resourceNames;
const membership = (name: MembershipName): MembershipSpec => memberships[name];

function referencesOf(record: RecordName, seen = new Set<RecordName>()): Set<ResourceName> {
  const out = new Set<ResourceName>();
  if (seen.has(record)) return out;
  seen.add(record);
  const fields = recordSpec(record).fields;
  for (const field of Object.values(fields)) {
    if (field.refersTo) out.add(field.refersTo);
    if (field.type.kind === 'objectList') for (const r of referencesOf(field.type.of, seen)) out.add(r);
  }
  return out;
}

/** The collections whose writes can change which objects of `listed` a list's search parameters find. */
function searchDependencies(listed: ResourceName, list: ListSpec): ResourceName[] {
  const out: ResourceName[] = [];
  for (const search of Object.values(list.search)) {
    if (search.kind === 'pattern' && search.refersTo) out.push(search.refersTo);
    const from = search.kind === 'pattern' || search.kind === 'flag' ? search.from : undefined;
    if (from?.kind === 'nested') out.push(from.collection);
    if (from?.kind === 'hidden') {
      const hidden = collectionSpec(listed).hidden?.[from.reference];
      if (!hidden) throw new Error(`${listed}: search source '${from.reference}' is no hidden reference`);
      out.push(hidden.refersTo);
    }
  }
  return out;
}

function readTagsOfCollection(name: ResourceName): string[] {
  const tags = new Set<string>([
    name,
    ...referencesOf(collectionSpec(name).record),
    ...searchDependencies(name, collectionSpec(name).list),
  ]);
  return [...tags].sort();
}

function readTagsOfMembership(name: MembershipName): string[] {
  const { a, b } = membership(name);
  const tags = new Set<string>([name, a.owner, a.member]);
  for (const side of [a, b]) for (const tag of searchDependencies(side.member, side.list)) tags.add(tag);
  return [...tags].sort();
}

function descendants(name: ResourceName): ResourceName[] {
  const children = collectionNames.filter((c) => collectionSpec(c).parent === name);
  return children.flatMap((c) => [c, ...descendants(c)]);
}

function writeTagsOfCollection(name: ResourceName): string[] {
  const involved = membershipNames.filter((m) => {
    const { a, b } = membership(m);
    return a.owner === name || a.member === name || b.owner === name || b.member === name;
  });
  return [...new Set<string>([name, ...descendants(name), ...involved])].sort();
}

const collectionReads = new Map(collectionNames.map((c) => [c, readTagsOfCollection(c)]));
const collectionWrites = new Map(collectionNames.map((c) => [c, writeTagsOfCollection(c)]));
const membershipReads = new Map(membershipNames.map((m) => [m, readTagsOfMembership(m)]));
const sourceCodeReads = [...new Set([...readTagsOfCollection('sourceCodes'), 'customIvrs'])].sort();

/** The tags a cached answer of this read carries. */
export function readTags(target: ReadTarget): readonly string[] {
  if ('collection' in target) return collectionReads.get(target.collection)!;
  if ('membership' in target) return membershipReads.get(target.membership)!;
  return sourceCodeReads;
}

/** The tags a write bumps: every answer carrying one of them is stale from now on. */
export function writeTags(target: WriteTarget): readonly string[] {
  if ('collection' in target) return collectionWrites.get(target.collection)!;
  return [target.membership];
}
