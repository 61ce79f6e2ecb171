import { type Change, ChangeType, CriticalityLevel, diff, type SerializableChange } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/** One change between the released SDL and the current one, as graphql-inspector names it. */
export interface SdlChange {
  /** graphql-inspector's change type, e.g. `FIELD_REMOVED`. */
  type: string;
  /** The schema coordinate it touches, e.g. `User.email` (empty for schema-wide changes). */
  path: string;
  message: string;
  level: CriticalityLevel;
  /** Why graphql-inspector rates it breaking or dangerous. */
  why?: string;
}

// Fields, enum values and input fields go away through `@deprecated(reason:)` first: once a release has
// told clients (introspection, codegen warnings), removing them is listed, not refused. Removing one that
// the released SDL did not deprecate stays breaking, as graphql-inspector rates it.
function removesWhatWasDeprecated(change: SerializableChange): boolean {
  switch (change.type) {
    case ChangeType.FieldRemoved:
      return change.meta.isRemovedFieldDeprecated;
    case ChangeType.EnumValueRemoved:
      return change.meta.isEnumValueDeprecated;
    case ChangeType.InputFieldRemoved:
      return change.meta.isInputFieldDeprecated;
    default:
      return false;
  }
}

// graphql-inspector rates a removed directive as dangerous, but a removed `@key` is a join another
// subgraph may rely on: the supergraph stops composing, so for a federation subgraph it is breaking.
function removesFederationKey(change: SerializableChange): boolean {
  return (
    (change.type === ChangeType.DirectiveUsageObjectRemoved ||
      change.type === ChangeType.DirectiveUsageInterfaceRemoved) &&
    change.meta.removedDirectiveName === 'key'
  );
}

function rate(change: Change): { level: CriticalityLevel; why?: string } {
  const typed = change as SerializableChange;
  if (removesWhatWasDeprecated(typed)) {
    return {
      level: CriticalityLevel.Dangerous,
      why: 'It was deprecated in the released SDL; operations that still select it will fail.',
    };
  }
  if (removesFederationKey(typed)) {
    return {
      level: CriticalityLevel.Breaking,
      why: 'Another subgraph may reference this entity by that key; the supergraph would no longer compose.',
    };
  }
  const { level, reason } = change.criticality;
  return level === CriticalityLevel.NonBreaking || !reason ? { level } : { level, why: reason };
}

// The SDL files are printed by graphql-js and @apollo/subgraph; subgraph.graphql uses federation
// directives it does not define, which only SDL validation would refuse.
function build(sdl: string) {
  return buildSchema(sdl, { assumeValidSDL: true });
}

/** Every change from `releasedSdl` to `currentSdl`, rated with the rules above. */
export async function diffSdl(releasedSdl: string, currentSdl: string): Promise<SdlChange[]> {
  const changes = await diff(build(releasedSdl), build(currentSdl));
  return changes.map((change) => ({
    type: change.type as string,
    path: change.path ?? '',
    message: change.message,
    ...rate(change),
  }));
}
