import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import RelayPlugin from '@pothos/plugin-relay';
import type { GatewayContext } from '../context.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './paging.js';

/** The one Pothos builder: its context type, scalars and plugin options. Types live in the domain files. */
export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: {
    DateTime: { Input: string; Output: string };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  // An edge's node (and a `nodes` item) may need an RCI call of its own (a summary completed by id):
  // when that fails, only that node is null, not the page.
  DefaultNodeNullability: true;
}>({
  // Federation needs the directives plugin, or `@key` silently disappears from the subgraph SDL.
  plugins: [RelayPlugin, DirectivePlugin, FederationPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: { description: 'The objects of this page, without their cursors.' },
    edgesFieldOptions: { nullable: false, description: 'The objects of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: true, description: 'The object; null only when reading it failed (see `errors`).' },
    cursorFieldOptions: { description: 'Opaque cursor of this object, for `after` and `before`.' },
    pageInfoFieldOptions: { description: 'Where this page is in the list.' },
    nodeTypeOptions: { description: 'An object with a global id, fetchable with `node(id:)`.' },
    idFieldOptions: { description: 'Opaque global id of the object (Relay).' },
    pageInfoTypeOptions: { description: 'Paging state of a connection.' },
    hasNextPageFieldOptions: { description: 'Whether objects follow this page (exact: one more row is read).' },
    hasPreviousPageFieldOptions: { description: 'Whether objects precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first object of the page.' },
    endCursorFieldOptions: { description: 'Cursor of the last object of the page, for `after`.' },
    firstArgOptions: {
      description: `Page size from the start or from \`after\` (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).`,
    },
    afterArgOptions: { description: 'Cursor after which the page starts.' },
    lastArgOptions: { description: 'Page size counted back from `before` (needs `before`: RCI cannot count a list).' },
    beforeArgOptions: { description: 'Cursor before which the page ends.' },
    // `node` and `nodes` are defined in schema/nodes.ts so that a malformed global id is a clear
    // BAD_USER_INPUT rather than a masked internal error.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

/** The schema types of the builder, for helpers that take Pothos field and argument builders. */
export type Types = typeof builder.$inferSchemaTypes;
