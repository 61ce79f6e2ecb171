import { pathToFileURL } from 'node:url';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { graphql } from './gql/index.js';
import type { QueueRosterQuery } from './gql/graphql.js';

/**
 * A frontend-style use of the gateway: one typed operation (`npm run codegen` generates its types into
 * examples/gql/ from the `graphql()` call below) sent with plain `fetch`. The result is typed end to end:
 * `roster[0].queueGroups?.[0]?.name` is a `string`, `roster[0].type` the `QueueType` union of literals.
 * Relations are nullable (a failed RCI call nulls only its own field, beside an error), so the types
 * say where a partial answer can have holes; this example treats any error as a failure.
 *
 * It sends the operation's hash, never its text: codegen writes every operation of examples/ into
 * examples/gql/persisted-documents.json, and a gateway started with that manifest (PERSISTED_DOCUMENTS)
 * runs only those operations.
 *
 *   PERSISTED_DOCUMENTS=examples/gql/persisted-documents.json npm start
 *   GATEWAY_URL=http://localhost:4000/graphql npx tsx examples/queue-roster.ts
 */
export const QueueRoster = graphql(`
  query QueueRoster($first: Int!) {
    queues(first: $first) {
      nodes {
        id
        name
        type
        addresses
        queueGroups {
          name
        }
        extensions {
          name
        }
      }
    }
  }
`);

export type RosterQueue = NonNullable<NonNullable<QueueRosterQuery['queues']>['nodes'][number]>;

/** The hash codegen gave a document (`sha256:…`), as listed in the persisted-documents manifest. */
export function documentHash(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('This document has no persisted hash: run `npm run codegen`');
  return hash;
}

/**
 * Sends one trusted operation as a browser would: a JSON POST of its hash and variables, the result's
 * type taken from the document.
 */
export async function request<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<TResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ documentId: documentHash(document), variables }),
  });
  const body = (await response.json()) as { data?: TResult | null; errors?: { message: string }[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`GraphQL error (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join('; ')}`);
  }
  return body.data;
}

/** The first `first` queues, each with its type, addresses, queue groups and extensions. */
export async function fetchQueueRoster(url: string, first = 10): Promise<RosterQueue[]> {
  const data = await request(url, QueueRoster, { first });
  return (data.queues?.nodes ?? []).filter((queue) => queue !== null);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const url = process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql';
  for (const queue of await fetchQueueRoster(url)) {
    const groups = (queue.queueGroups ?? []).map((g) => g?.name).join(', ') || '-';
    console.log(
      `${queue.name.padEnd(24)} ${queue.type.padEnd(8)} ${queue.addresses.join(' ').padEnd(16)} groups: ${groups}`,
    );
  }
}
