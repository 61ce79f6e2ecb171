import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './entities.js';
import './memberships.js';
import './nodes.js';
import './users.js';
import './queues.js';
import './customIvrs.js';
import './disruptions.js';

builder.queryType({ description: 'Reads of the RCI: every object by id, every collection as a connection.' });

/** The gateway's schema, built once per process. */
export const schema: GraphQLSchema = builder.toSchema({ sortSchema: true });
