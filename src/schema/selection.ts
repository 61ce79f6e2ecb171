import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { recordSpec, type RecordName } from '../rci/resources.js';
import { graphqlFieldName } from './naming.js';

/**
 * The record fields a connection's selection reads from its nodes (`nodes { … }` and
 * `edges { node { … } }`, through fragments): a scalar is read from the field of its name in the graph
 * (`email`, `timeZoneId`), and a relation named after the field holding the other object's id
 * (`User.timeZone`) reads that field. Directives are not evaluated: a field under `@skip` still counts,
 * which at worst names one field too many.
 */
export function nodeFieldsSelected(info: GraphQLResolveInfo, record: RecordName): Set<string> {
  const byName = recordFieldsRead(record);
  const needed = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: 'connection' | 'edge' | 'node') => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, depth);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        visit(info.fragments[selection.name.value]?.selectionSet, depth);
      } else if (depth === 'node') {
        const field = byName.get(selection.name.value);
        if (field) needed.add(field);
      } else if (depth === 'connection' && selection.name.value === 'nodes') {
        visit(selection.selectionSet, 'node');
      } else if (depth === 'connection' && selection.name.value === 'edges') {
        visit(selection.selectionSet, 'edge');
      } else if (depth === 'edge' && selection.name.value === 'node') {
        visit(selection.selectionSet, 'node');
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 'connection');
  return needed;
}

/**
 * The record field each field of a record's type reads, by GraphQL field name: a scalar reads the field
 * of its name in the graph (`email`, `timeZoneId`, `rciId`), and a relation named after the field
 * holding the other object's id (`User.timeZone`) reads that field. Other fields read only the id.
 */
export function recordFieldsRead(record: RecordName): ReadonlyMap<string, string> {
  const byName = new Map<string, string>();
  for (const field of Object.keys(recordSpec(record).fields)) {
    byName.set(field, field);
    byName.set(graphqlFieldName(record, field), field);
  }
  return byName;
}
