import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';
import type { Json } from '../support/json.js';

/**
 * A second subgraph, written for the federation tests: a ticketing service that stores the RCI ids of
 * the users and queues its tickets belong to (as another team's service would), and adds
 * `User.openTickets`. It knows nothing of the gateway but the `rciId` keys.
 */
export interface Ticket {
  id: string;
  title: string;
  status: 'OPEN' | 'CLOSED';
  assigneeRciId: string;
  queueRciId: string;
}

export const ticketsTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Query {
    tickets: [Ticket!]!
  }

  type Ticket @key(fields: "id") {
    id: ID!
    title: String!
    status: TicketStatus!
    assignee: User!
    queue: Queue!
  }

  enum TicketStatus {
    OPEN
    CLOSED
  }

  type User @key(fields: "rciId") {
    rciId: String!
    openTickets: [Ticket!]!
  }

  # Only referenced here: the RCI subgraph resolves queues.
  type Queue @key(fields: "rciId", resolvable: false) {
    rciId: String!
  }
`);

export function createTicketsService(tickets: Ticket[]) {
  /** The operations this service was sent, in order, to count the gateway's calls to it. */
  const operations: string[] = [];
  const schema = buildSubgraphSchema([
    {
      typeDefs: ticketsTypeDefs,
      resolvers: {
        Query: { tickets: () => tickets },
        Ticket: {
          __resolveReference: (ref: { id: string }) => tickets.find((t) => t.id === ref.id) ?? null,
          assignee: (t: Ticket) => ({ rciId: t.assigneeRciId }),
          queue: (t: Ticket) => ({ rciId: t.queueRciId }),
        },
        User: {
          __resolveReference: (ref: { rciId: string }) => ({ rciId: ref.rciId }),
          openTickets: (user: { rciId: string }) =>
            tickets.filter((t) => t.assigneeRciId === user.rciId && t.status === 'OPEN'),
        },
      } as Json,
    },
  ]);
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [{ onParams: ({ params }) => void operations.push(params.query ?? '') }],
  });
  return { yoga, operations };
}
