import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './catalogue.js';
import './memberships.js';
import './nodes.js';
import './users.js';
import './queues.js';
import './customIvrs.js';
import './disruptions.js';
import { completeSubgraphSchema } from './federation.js';

builder.queryType({ description: 'Reads of the RCI: every object by id, every collection as a connection.' });
builder.mutationType({ description: 'Writes to the RCI: every POST, PUT and DELETE it documents.' });

/**
 * The gateway's schema, built once per process. It is also an Apollo Federation v2 subgraph
 * (`_service`, `_entities`; see federation.ts).
 */
export const schema: GraphQLSchema = completeSubgraphSchema(builder.toSubGraphSchema({ sortSchema: true }));
