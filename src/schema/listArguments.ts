import type { ArgBuilder, ArgumentRef, InputObjectRef } from '@pothos/core';
import type { ListQuery } from '../rci/session.js';
import { recordSpec, type ListSpec, type RecordName, type ResourceName, type SearchSpec } from '../rci/resources.js';
import { builder, type Types } from './builder.js';
import { rciIdIfGlobal } from './globalIds.js';
import { userInputError } from './inputErrors.js';
import { constantCase } from './naming.js';
import { DateTime } from './scalars.js';

/**
 * The arguments of a list, from its catalogue entry: the `<Type>Filter` input (exactly the search
 * parameters RCI documents for the list), the `<Type>Order` input and `sortLocale` where RCI sorts it,
 * and their translation into RCI's search and sort parameters.
 */

/** A list's filter as given: search parameter → value. */
export type FilterShape = Record<string, string | boolean | null | undefined>;
/** One sort key as given. */
export interface OrderShape {
  field: string;
  direction?: string | null;
}
const filterRefs = new Map<string, InputObjectRef<Types, FilterShape>>();

function searchInputType(record: RecordName, param: string, search: SearchSpec) {
  if (search.kind === 'flag') return 'Boolean' as const;
  if (search.kind === 'after' || search.kind === 'before') return DateTime;
  const field = recordSpec(record).fields[search.field ?? param];
  return field?.type.kind === 'boolean' ? ('Boolean' as const) : ('String' as const);
}

function searchDescription(param: string, search: SearchSpec): string {
  if (search.kind !== 'pattern') return search.description;
  const what = search.description ?? `Pattern matched against \`${search.field ?? param}\`.`;
  return `${what} \`*\` matches any run of characters and \`?\` one character.`;
}

/** The `<Type>Filter` input of a list: exactly its documented searchable fields. */
function filterInput(name: string, record: RecordName, list: ListSpec) {
  if (Object.keys(list.search).length === 0) return undefined;
  let ref = filterRefs.get(name);
  if (!ref) {
    ref = builder.inputRef<FilterShape>(name).implement({
      description: `Filters of the list; several are combined with AND.`,
      fields: (t) =>
        Object.fromEntries(
          Object.entries(list.search).map(([param, search]) => [
            param,
            t.field({
              type: searchInputType(record, param, search),
              required: false,
              description: searchDescription(param, search),
            }),
          ]),
        ),
    });
    filterRefs.set(name, ref);
  }
  return ref;
}

const SortDirection = builder.enumType('SortDirection', {
  description: 'Direction of a sort.',
  values: { ASC: { value: 'ASC', description: 'Ascending.' }, DESC: { value: 'DESC', description: 'Descending.' } },
});

const orderRefs = new Map<RecordName, InputObjectRef<Types, OrderShape>>();

/** The `<Type>Order` input: every scalar field of the record, ascending or descending. */
function orderInput(record: RecordName) {
  let ref = orderRefs.get(record);
  if (!ref) {
    const spec = recordSpec(record);
    const sortable = Object.entries(spec.fields).filter(
      ([, f]) => !f.writeOnly && f.type.kind !== 'stringList' && f.type.kind !== 'objectList',
    );
    const fieldEnum = builder.enumType(`${spec.typeName}SortField`, {
      description: `Fields a list of ${spec.typeName} can be sorted by.`,
      values: Object.fromEntries(
        sortable.map(([f]) => [constantCase(f), { value: f, description: `Sort by \`${f}\`.` }]),
      ),
    });
    ref = builder.inputRef<OrderShape>(`${spec.typeName}Order`).implement({
      description: `One sort key of a list of ${spec.typeName}.`,
      fields: (t) => ({
        field: t.field({ type: fieldEnum, required: true, description: 'The field to sort by.' }),
        direction: t.field({
          type: SortDirection,
          required: false,
          defaultValue: 'ASC',
          description: 'ASC by default.',
        }),
      }),
    });
    orderRefs.set(record, ref);
  }
  return ref;
}

/** The list arguments as a resolver receives them. */
export interface ListArgs {
  filter?: FilterShape | null;
  orderBy?: readonly OrderShape[] | null;
  sortLocale?: string | null;
}

/** The refs of the list arguments; a list has those of them RCI supports for it. */
export type ListArgRefs = {
  filter?: ArgumentRef<Types, FilterShape | null | undefined>;
  orderBy?: ArgumentRef<Types, OrderShape[] | null | undefined>;
  sortLocale?: ArgumentRef<Types, string | null | undefined>;
};

/** The arguments a list takes, from its description: filter, orderBy and sortLocale where RCI supports them. */
export function listArgs(arg: ArgBuilder<Types>, filterName: string, record: RecordName, list: ListSpec): ListArgRefs {
  const args: ListArgRefs = {};
  const filter = filterInput(filterName, record, list);
  if (filter)
    args.filter = arg({ type: filter, required: false, description: 'Only objects matching every given field.' });
  if (list.sort) {
    args.orderBy = arg({
      type: [orderInput(record)],
      required: false,
      description: `Sort keys, most significant first. RCI's default: ${list.sort.default.join(', ')}.`,
    });
    args.sortLocale = arg.string({
      required: false,
      description: 'BCP 47 language tag (e.g. `fi`, `en-US`) whose collation the sort uses.',
    });
  }
  return args;
}

/** Longest filter value sent to RCI: pattern matching costs grow with it. */
const MAX_FILTER_LENGTH = 256;

const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * Maps list arguments to RCI query parameters. `resource` is what the list holds: a filter on its `id`,
 * or on a parameter that names another resource, accepts a global id as well as an RCI id.
 */
export function toListQuery(args: ListArgs, list: ListSpec, resource: ResourceName): ListQuery {
  const query: ListQuery = {};
  if (args.filter) {
    const search: Record<string, string> = {};
    for (const [param, value] of Object.entries(args.filter)) {
      if (value === null || value === undefined) continue;
      const spec = list.search[param];
      if (!spec) throw userInputError(`'${param}' cannot filter this list`);
      if (typeof value === 'string' && value.length > MAX_FILTER_LENGTH) {
        throw userInputError(`Filter '${param}' must be at most ${MAX_FILTER_LENGTH} characters long`);
      }
      const names = param === 'id' ? resource : spec.kind === 'pattern' ? spec.refersTo : undefined;
      search[param] =
        names && typeof value === 'string' ? rciIdIfGlobal(names, value, `filter.${param}`) : String(value);
    }
    query.search = search;
  }
  if (args.orderBy?.length) query.sort = args.orderBy.map((o) => `${o.direction === 'DESC' ? '-' : ''}${o.field}`);
  if (args.sortLocale) {
    if (!BCP47.test(args.sortLocale)) throw userInputError(`sortLocale '${args.sortLocale}' is not a BCP 47 tag`);
    if (!query.sort) query.sort = [...(list.sort?.default ?? [])];
    query.sortLocale = args.sortLocale;
  }
  return query;
}
