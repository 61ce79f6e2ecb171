import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents (TypedDocumentNode) for the operations the tests use, generated from the committed
 * schema.graphql. Run `npm run codegen` after changing an operation or the schema.
 */
const config: CodegenConfig = {
  schema: './schema.graphql',
  documents: ['test/**/*.ts', '!test/gql/**'],
  generates: {
    './test/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      // NodeNext needs explicit .js extensions in the generated imports.
      config: { emitLegacyCommonJSImports: false, useTypeImports: true, scalars: { DateTime: 'string' } },
    },
  },
  ignoreNoDocuments: true,
};

export default config;
