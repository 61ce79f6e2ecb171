/**
 * List query parameters as the RCI documentation describes them, driven by each list's catalogue entry:
 * searchable fields with `*`/`?` patterns (combined with AND), `sort` with `-` for descending and an
 * optional `,LOCALE-xx` collation postfix, `offset`/`limit` paging, and event time filters.
 *
 * Decisions the documentation leaves open (documented in the README):
 * - patterns match the whole value, case-insensitively; `*` is any run of characters, `?` exactly one
 *   (matched in at most |value| × |pattern| steps, without regular expressions: see pattern.ts);
 * - on list-valued fields (addresses, keywords, queue ids) a value may list comma-separated
 *   alternatives, and the object matches when any element matches any alternative;
 * - booleans match their text `true`/`false`; a missing value never matches;
 * - `limit` is at most 1000; missing values sort last in either direction; without a LOCALE postfix
 *   strings collate as `en`.
 */
import { recordSpec, type FieldSpec, type ListSpec, type RecordName } from '../rci/resources.js';
import { compilePattern, matchesPattern } from './pattern.js';
import { badRequest } from './replies.js';
import type { Entity } from './store.js';
import { parseUtcTimestamp } from './validate.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
const DEFAULT_LOCALE = 'en';

/** The value (or values) a search parameter matches on an object, from where the catalogue says it comes. */
export type SearchValue = (entity: Entity, param: string) => unknown;

export interface ListQuery {
  matches(entity: Entity): boolean;
  /** Absent for lists without a documented sort: they keep the store's order. */
  compare?: (a: Entity, b: Entity) => number;
  /** Identifies the order `compare` gives, for caching sorted lists. */
  sortKey: string;
  offset: number;
  /** Absent for lists without paging: they answer everything. */
  limit?: number;
  /** Record properties named in the query parameters, which summary lists add to their fields. */
  queried: string[];
}

interface SortKey {
  field: string;
  descending: boolean;
}

export function parseListQuery(
  list: ListSpec,
  record: RecordName,
  rawQuery: string,
  searchValue: SearchValue,
): ListQuery {
  const fields = recordSpec(record).fields;
  const params = new URLSearchParams(rawQuery);
  const predicates: ((entity: Entity) => boolean)[] = [];
  const queried = new Set<string>();
  let sort: { keys: SortKey[]; locale: string } = {
    keys: (list.sort?.default ?? []).map((field) => ({ field, descending: false })),
    locale: DEFAULT_LOCALE,
  };
  let offset = 0;
  let limit = list.paged ? DEFAULT_LIMIT : undefined;

  for (const [param, value] of params) {
    if (param === 'sort' && list.sort) {
      const parsed = parseSort(value, fields);
      sort = { keys: parsed.keys ?? sort.keys, locale: parsed.locale };
      for (const key of parsed.keys ?? []) queried.add(key.field);
    } else if ((param === 'offset' || param === 'limit') && list.paged) {
      const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
      if (Number.isNaN(n)) throw badRequest(`Query parameter '${param}' must be a non-negative integer`);
      if (param === 'limit' && n > MAX_LIMIT) throw badRequest(`Query parameter 'limit' must be at most ${MAX_LIMIT}`);
      if (param === 'offset') offset = n;
      else limit = n;
    } else {
      const spec = list.search[param];
      if (!spec) {
        const known = [
          ...Object.keys(list.search),
          ...(list.sort ? ['sort'] : []),
          ...(list.paged ? ['offset', 'limit'] : []),
        ];
        throw badRequest(
          `Query parameter '${param}' is not supported here` +
            (known.length ? `; valid parameters: ${known.join(', ')}` : ''),
        );
      }
      if (spec.kind === 'pattern') {
        // Matching costs up to pattern length × value length: a bound keeps one request from
        // occupying the server (RCI documents none; see the README).
        if (value.length > MAX_PATTERN_LENGTH) {
          throw badRequest(`Query parameter '${param}' must be at most ${MAX_PATTERN_LENGTH} characters long`);
        }
        const field = spec.field ?? param;
        if (!spec.from && field in fields) queried.add(field);
        predicates.push(patternPredicate(value, (entity) => searchValue(entity, param)));
      } else if (spec.kind === 'flag') {
        const wanted = value.toLowerCase();
        if (wanted !== 'true' && wanted !== 'false')
          throw badRequest(`Query parameter '${param}' must be true or false`);
        predicates.push((entity) => Boolean(searchValue(entity, param)) === (wanted === 'true'));
      } else {
        const limitMs = parseUtcTimestamp(value);
        if (limitMs === null)
          throw badRequest(`Query parameter '${param}' must be an ISO 8601 UTC time, e.g. 2020-06-29T12:00:00.000Z`);
        const after = spec.kind === 'after';
        predicates.push((entity) => {
          const stored = searchValue(entity, param);
          if (typeof stored !== 'string') return false;
          const ms = Date.parse(stored);
          return after ? ms >= limitMs : ms <= limitMs;
        });
      }
    }
  }
  return {
    matches: (entity) => predicates.every((p) => p(entity)),
    compare: list.sort ? comparator(sort.keys, sort.locale, fields) : undefined,
    sortKey: JSON.stringify(sort),
    offset,
    limit,
    queried: [...queried],
  };
}

/** Filters and pages objects that are already in the query's order. */
export function filterAndPage(ordered: readonly Entity[], query: ListQuery): Entity[] {
  const end = query.limit === undefined ? Infinity : query.offset + query.limit;
  const out: Entity[] = [];
  let seen = 0;
  for (const entity of ordered) {
    if (seen >= end) break;
    if (!query.matches(entity)) continue;
    if (seen++ >= query.offset) out.push(entity);
  }
  return out;
}

/** The longest search pattern accepted. */
export const MAX_PATTERN_LENGTH = 256;

function patternPredicate(pattern: string, valueOf: (entity: Entity) => unknown): (entity: Entity) => boolean {
  const whole = compilePattern(pattern);
  const alternatives = pattern.split(',').map((p) => compilePattern(p.trim()));
  const text = (v: unknown): string | undefined =>
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  return (entity) => {
    const value = valueOf(entity);
    if (Array.isArray(value)) {
      return value.some((element) => {
        const t = text(element);
        return t !== undefined && alternatives.some((alternative) => matchesPattern(alternative, t));
      });
    }
    const t = text(value);
    return t !== undefined && matchesPattern(whole, t);
  };
}

/** The sort keys (absent when only a locale is given, keeping the default keys) and the collation locale. */
function parseSort(value: string, fields: Record<string, FieldSpec>): { keys?: SortKey[]; locale: string } {
  const parts = value.split(',').map((p) => p.trim());
  let locale = DEFAULT_LOCALE;
  const last = parts[parts.length - 1];
  const localeTag = /^LOCALE-(.+)$/i.exec(last ?? '');
  if (localeTag) {
    try {
      locale = Intl.getCanonicalLocales(localeTag[1])[0];
    } catch {
      throw badRequest(`Query parameter 'sort': '${localeTag[1]}' is not a valid BCP 47 language tag`);
    }
    parts.pop();
  }
  if (parts.length === 0) return { locale };
  const keys = parts.map((part) => {
    const descending = part.startsWith('-');
    const field = (descending ? part.slice(1) : part).trim();
    const spec = fields[field];
    if (!spec || spec.writeOnly || spec.type.kind === 'stringList' || spec.type.kind === 'objectList') {
      throw badRequest(`Query parameter 'sort': cannot sort by '${field}'`);
    }
    return { field, descending };
  });
  return { keys, locale };
}

function comparator(
  keys: SortKey[],
  locale: string,
  fields: Record<string, FieldSpec>,
): (a: Entity, b: Entity) => number {
  const collator = new Intl.Collator(locale);
  const compareValues = keys.map(({ field }) => {
    const kind = fields[field].type.kind;
    if (kind === 'string' || kind === 'enum')
      return (x: unknown, y: unknown) => collator.compare(x as string, y as string);
    if (kind === 'datetime') return (x: unknown, y: unknown) => Date.parse(x as string) - Date.parse(y as string);
    return (x: unknown, y: unknown) => Number(x) - Number(y);
  });
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const { field, descending } = keys[i];
      const x = a[field];
      const y = b[field];
      const xMissing = x === undefined || x === null;
      const yMissing = y === undefined || y === null;
      if (xMissing || yMissing) {
        if (xMissing && yMissing) continue;
        return xMissing ? 1 : -1;
      }
      const c = compareValues[i](x, y);
      if (c !== 0) return descending ? -c : c;
    }
    return 0;
  };
}
