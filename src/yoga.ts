import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { createContext, type GatewayContext } from './context.js';
import type { RciClient } from './rci/client.js';
import { createLogger, type GatewayLogger } from './logging.js';
import { RciError } from './rci/errors.js';
import { schema } from './schema/index.js';

/** The query GraphiQL opens with: one request across the graph. */
export const DEFAULT_QUERY = `# One request, many RCI calls batched behind it: queues, their agents' details, roles and skills.
query QueuesAndAgents {
  queues(first: 5) {
    nodes {
      name
      type
      addresses
      queueGroups { name }
      extensions { name }
    }
  }
  users(first: 10) {
    nodes {
      firstName
      surname
      email
      timeZone { name }
      roles { name }
      skills { level skill { name } }
      userGroups { name }
    }
  }
}
`;

export interface YogaOptions {
  /** The RCI client (one per process: it owns the connection pool). */
  rci: RciClient;
  /** Path of the GraphQL endpoint. @default '/graphql' */
  graphqlEndpoint?: string;
  /** Where log lines go. @default one line per event on the console */
  logger?: GatewayLogger;
}

/**
 * Turns RCI failures into client errors with `extensions.code`; everything else stays masked. Never
 * shows stacks or original errors, whatever NODE_ENV says.
 */
function maskGatewayError(error: unknown, message: string): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof RciError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, ...original.details },
    });
  }
  return maskError(error, message, false);
}

/** Creates the gateway's Yoga instance. It listens on nothing: see main.ts, or call `yoga.fetch` in tests. */
export function createGateway(options: YogaOptions): YogaServerInstance<Record<string, unknown>, GatewayContext> {
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: options.graphqlEndpoint ?? '/graphql',
    context: ({ request }) => createContext(options.rci, request),
    maskedErrors: { maskError: maskGatewayError },
    graphiql: { title: 'RCI GraphQL gateway', defaultQuery: DEFAULT_QUERY },
    // GraphiQL's assets are inlined: it works on machines without internet access.
    renderGraphiQL,
    landingPage: false,
    logging: options.logger ?? createLogger(),
  });
}
