import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import { collectionSpec, recordSpec, typeNameOf, type ResourceName } from '../rci/resources.js';
import { isJsonObject } from '../rci/json.js';
import type { GatewayContext } from '../context.js';
import { builder } from './builder.js';
import { loadEntity, type Entity } from './entities.js';
import { entityRef } from './entityTypes.js';
import { nodeResources, parseEntityId } from './globalIds.js';
import { userInputError } from './inputErrors.js';
import { publishCostDirectives } from './costDirectives.js';
import { MAX_REPRESENTATIONS } from './costModel.js';

/**
 * Apollo Federation v2: every entity type of the catalogue gets two keys, so another subgraph can join
 * on whichever it stores: `id` (the Relay global id) and `rciId` (the RCI's own id).
 *
 * Nested objects (a queue's extensions, a disruption set's events, ...) are read from RCI only under
 * their parent (`GET /queues/{queueId}/extensions/{id}`), so their RCI id alone does not lead to them.
 * Their `rciId` key is declared `resolvable: false`: composition then refuses a subgraph that tries to
 * reach them by `rciId` alone, instead of the gateway answering null at run time. Their global `id`
 * carries the parent's id and stays a resolvable key.
 *
 * Representations go through `ctx.loaders`, so N representations cost at most one RCI GET per distinct
 * object, and an object also selected elsewhere in the same request is not read twice.
 */

type Representation = { id?: unknown; rciId?: unknown };

for (const resource of nodeResources) {
  const ref = entityRef(resource);
  const nested = collectionSpec(resource).parent !== undefined;
  builder.asEntity(ref, {
    key: [
      builder.selection<{ id: string }>('id'),
      nested
        ? builder.keyDirective(builder.selection<{ rciId: string }>('rciId'), false)
        : builder.selection<{ rciId: string }>('rciId'),
    ],
    // Async so that a bad representation fails its own `_entities` item, not the whole list.
    resolveReference: async (representation, ctx: GatewayContext): Promise<Entity | null> => {
      const { id, parentId } = referencedId(resource, representation);
      return loadEntity(ctx, resource, id, parentId);
    },
  });
}

function referencedId(resource: ResourceName, representation: Representation): { id: string; parentId?: string } {
  const spec = collectionSpec(resource);
  const typeName = recordSpec(spec.record).typeName;
  if (representation.id !== undefined) {
    if (typeof representation.id !== 'string')
      throw userInputError(`A ${typeName} representation's 'id' must be a string`);
    return parseEntityId(resource, representation.id, 'representation.id');
  }
  if (representation.rciId !== undefined) {
    if (typeof representation.rciId !== 'string') {
      throw userInputError(`A ${typeName} representation's 'rciId' must be a string`);
    }
    if (spec.parent) {
      const parent = typeNameOf(spec.parent);
      throw userInputError(
        `A ${typeName} cannot be resolved by 'rciId' alone: RCI reads it only under its ${parent}. Use its 'id' key.`,
      );
    }
    return parseEntityId(resource, representation.rciId, 'representation.rciId');
  }
  throw userInputError(`A ${typeName} representation needs 'id' or 'rciId'`);
}

const entityTypeNames: ReadonlySet<string> = new Set(nodeResources.map(typeNameOf));

/**
 * Finishes the built subgraph schema: adds the cost directives routers read (costDirectives.ts) to the
 * SDL that `_service` publishes, documents the types and fields the federation spec adds (the served
 * schema describes everything), and makes a representation that names no entity type (or is no
 * object at all) a BAD_USER_INPUT of its own `_entities` item; @apollo/subgraph throws a plain Error for
 * it, which would fail the whole list as a masked internal error.
 */
export function completeSubgraphSchema(schema: GraphQLSchema): GraphQLSchema {
  const descriptions: Record<string, string> = {
    _Any: 'A representation of an entity: its `__typename` and the fields of one of its keys (federation).',
    _Entity: 'Every type another subgraph can join on (federation).',
    _Service: 'This subgraph, for a federation gateway or a composition pipeline.',
  };
  for (const [name, description] of Object.entries(descriptions)) {
    const type = schema.getType(name);
    if (type) type.description = description;
  }
  publishCostDirectives(schema);
  const fields = schema.getQueryType()?.getFields() ?? {};
  if (fields._service) {
    fields._service.description = 'The SDL of this subgraph, with its federation and cost directives.';
    // Printed from the finished schema: the SDL the builder printed has no cost directives.
    const sdl = printSubgraphSchema(schema);
    fields._service.resolve = () => ({ sdl });
  }
  const entities = fields._entities;
  const resolve = entities?.resolve;
  if (!entities || !resolve) return schema;
  entities.description =
    'Entities by their representations, for a federation gateway; null for each that RCI does not have.';
  entities.resolve = (source, args: { representations: unknown[] }, ctx, info) => {
    if (args.representations.length > MAX_REPRESENTATIONS) {
      throw userInputError(
        `At most ${MAX_REPRESENTATIONS} representations at once (got ${args.representations.length})`,
      );
    }
    const checked = args.representations.map(representationError);
    const valid = args.representations.filter((_, i) => checked[i] === null);
    const resolved = resolve(source, { ...args, representations: valid }, ctx, info) as unknown[];
    let next = 0;
    return checked.map((error) => (error ? Promise.reject(error) : resolved[next++]));
  };
  return schema;
}

function representationError(representation: unknown): GraphQLError | null {
  const typename = isJsonObject(representation) ? representation.__typename : undefined;
  if (typeof typename !== 'string') return userInputError('A representation must be an object with a __typename');
  if (entityTypeNames.has(typename)) return null;
  return userInputError(`'${typename.slice(0, 80)}' is not an entity type of this subgraph`);
}
