import { readFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { RciClient } from '../src/rci/client.js';
import { schema } from '../src/schema/index.js';
import { createLogger } from '../src/server/logging.js';
import { createGateway, servedSchema } from '../src/server/yoga.js';

describe('schema.graphql', () => {
  it('is the printed current schema (run `npm run schema:print` after changing the schema)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(`${printSchema(servedSchema())}\n`);
  });

  it('has the directives a running gateway serves, `@defer` and `@stream` among them', async () => {
    // Introspection answers without any RCI call: the client never connects.
    const rci = new RciClient({ baseUrl: 'http://127.0.0.1:9/RI/rci' });
    const yoga = createGateway({ rci, logger: createLogger(() => {}) });
    const response = await yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { directives { name } } }' }),
    });
    const served = ((await response.json()) as { data: { __schema: { directives: { name: string }[] } } }).data.__schema
      .directives;
    await rci.close();
    expect(served.map((d) => d.name)).toEqual(expect.arrayContaining(['defer', 'stream']));
    expect(
      servedSchema()
        .getDirectives()
        .map((d) => d.name)
        .sort(),
    ).toEqual(served.map((d) => d.name).sort());
  });

  it('describes every type and field', () => {
    const undocumented: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
      if (!type.description) undocumented.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) undocumented.push(`${type.name}.${field.name}`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
