import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents (TypedDocumentNode) for the operations the tests and the examples use, generated from
 * the committed schema.graphql. Run `npm run codegen` after changing an operation or the schema.
 */
const config: CodegenConfig = {
  schema: './schema.graphql',
  generates: {
    './test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // NodeNext needs explicit .js extensions in the generated imports.
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, scalars: { DateTime: 'string' } },
    },
    // The typed client of examples/: what a frontend generates for its own operations. It also writes
    // examples/gql/persisted-documents.json (hash → document), the manifest the gateway serves with
    // PERSISTED_DOCUMENTS, and each generated document carries its hash in `__meta__.hash`.
    './examples/gql/': {
      documents: ['examples/**/*.ts', '!examples/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, scalars: { DateTime: 'string' } },
    },
  },
  ignoreNoDocuments: true,
};

export default config;
