import { printSubgraphSchema } from '@apollo/subgraph';
import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';
import { servedSchema } from '../src/server/yoga.js';

// schema.graphql is the printed served schema (with the directives the server adds, `@defer` and
// `@stream`); subgraph.graphql the Apollo Federation v2 subgraph SDL (with @link and @key, which
// `printSchema` drops) for composition pipelines and schema registries.
// test/schema.test.ts and test/federation/subgraph.test.ts fail when either is stale.
writeFileSync(new URL('../schema.graphql', import.meta.url), `${printSchema(servedSchema())}\n`);
writeFileSync(new URL('../subgraph.graphql', import.meta.url), `${printSubgraphSchema(schema)}\n`);
console.log('schema.graphql and subgraph.graphql written');
