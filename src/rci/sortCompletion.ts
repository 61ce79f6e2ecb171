import type { ListQuery } from './session.js';
import type { FieldSpec, ListSpec, RecordSpec } from './resources.js';
import type { RciObject } from './schemas.js';

/**
 * Summary lists completed through `sort`. `GET /users` answers `id, firstName, surname` "+ all fields
 * used in query parameter", and `sort` is a query parameter: naming a field in it brings that field in
 * the list answer. Named *after* the effective sort keys (the client's, or the doc's default sort), the
 * extra keys leave the order as it was — they only order objects equal in every earlier key, which RCI
 * leaves in no documented order anyway. One list call then answers what would otherwise take one by-id
 * GET per item.
 */

/** Whether RCI can sort by a field (and so whether naming it in `sort` is accepted). */
function sortable(spec: FieldSpec | undefined): boolean {
  return spec !== undefined && !spec.writeOnly && spec.type.kind !== 'stringList' && spec.type.kind !== 'objectList';
}

const keyField = (key: string) => (key.startsWith('-') ? key.slice(1) : key);

/**
 * The query with `sort` naming every needed field its summary lacks, after the effective sort keys;
 * the query unchanged when the list cannot be completed this way or needs nothing.
 */
export function completeSummaryBySort(
  list: ListSpec,
  record: RecordSpec,
  query: ListQuery,
  needed: Iterable<string>,
): ListQuery {
  if (!list.summary?.addsQueried || !list.sort) return query;
  const carried = new Set<string>([...list.summary.fields, ...Object.keys(query.search ?? {})]);
  const missing = [...new Set(needed)].filter((field) => !carried.has(field) && sortable(record.fields[field]));
  if (missing.length === 0) return query;
  const keys = query.sort ?? [...list.sort.default];
  const sorted = new Set(keys.map(keyField));
  return { ...query, sort: [...keys, ...missing.filter((field) => !sorted.has(field))] };
}

/**
 * The fields every item of a summary list answer can be read from: the summary's own, the searched
 * ones, and each sort key the answer shows RCI added. A sort key no item carries is not trusted — RCI
 * may not have added it, or no object on the page has a value — so it is read by id as before.
 */
export function summaryFields(
  list: ListSpec,
  query: ListQuery,
  rows: readonly RciObject[],
): ReadonlySet<string> | undefined {
  if (!list.summary) return undefined;
  const present = new Set<string>(list.summary.fields);
  if (!list.summary.addsQueried) return present;
  for (const param of Object.keys(query.search ?? {})) present.add(param);
  for (const field of (query.sort ?? []).map(keyField)) {
    if (!present.has(field) && rows.some((row) => field in row)) present.add(field);
  }
  return present;
}
