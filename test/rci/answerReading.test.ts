import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { records, type FieldSpec, type RecordName } from '../../src/rci/resources.js';
import { answerReading, type Completeness } from '../../src/rci/schemas.js';

// An RCI answer is read by a fast reader, and by the zod schema whenever the fast reader gives up; the
// schema also words the error. Both must read every answer alike, or an answer would read differently
// depending on which of the two read it. Answers are generated from the catalogue: well-formed ones, the
// spellings RCI is read leniently in (ids in any case or dashed, one-of values in any case, the doc's
// other property names, lists wrapped, bare or as a single value, unknown and write-only properties),
// and malformed ones (values of the wrong type, missing required fields, unknown one-of values).

const recordNames = Object.keys(records) as RecordName[];

const hex = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => Buffer.from(bytes).toString('hex'));
const dashedForm = (h: string) =>
  `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
/** A GUID in any case, dashed or not, or almost one. */
const guidSpelling = fc.oneof(
  fc.mixedCase(hex),
  fc.mixedCase(hex.map(dashedForm)),
  hex.map((h) => h.slice(1)),
  hex.map((h) => `{${dashedForm(h)}}`),
);
/** Any text, ids in every spelling among it: whether a string field holds an id is the reader's business. */
const text = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 3, arbitrary: guidSpelling },
  { weight: 1, arbitrary: fc.constantFrom('', 'Europe/Helsinki', 'America/Argentina/Buenos_Aires', '../x') },
);
/** A JSON value of any type: for a field, most likely the wrong one. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(1.5, -1, 0, 2 ** 53, 1e300, 'true', '1', [], {}),
);

const integer = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(2 ** 53, -(2 ** 53), 0.5));
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());

/** A list as RCI may answer it: bare, a single bare value, or in its wrapper (full, single, empty, null). */
function listAnswer(item: fc.Arbitrary<unknown>, wrapper: string | undefined): fc.Arbitrary<unknown> {
  const items = fc.array(item, { maxLength: 3 });
  const name = wrapper ?? 'item';
  return fc.oneof(
    items,
    item,
    fc.record({ [name]: items }),
    fc.record({ [name]: item }),
    fc.constantFrom({}, { [name]: null }),
    fc.record({ [name]: items, other: anyJson }),
  );
}

/** A value for a field of the catalogue, of its type (not necessarily valid: an enum's value may be unknown). */
function fieldValue(spec: FieldSpec): fc.Arbitrary<unknown> {
  const t = spec.type;
  switch (t.kind) {
    case 'string':
    case 'datetime':
      return text;
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return integer;
    case 'number':
      return number;
    case 'enum':
      return fc.oneof(
        { weight: 4, arbitrary: fc.mixedCase(fc.constantFrom(...t.values)) },
        { weight: 1, arbitrary: fc.string() },
      );
    case 'stringList':
      return listAnswer(text, t.wrapper);
    case 'objectList':
      return listAnswer(objectAnswer(t.of, 'full'), t.wrapper);
  }
}

type Entry = [string, unknown];
const ABSENT: Entry[] = [];

/** The properties one field adds to an answer: none, null, a value of its type or of any type, under its name or its aliases. */
function fieldEntries(field: string, spec: FieldSpec, required: boolean): fc.Arbitrary<Entry[]> {
  const value = fc.oneof({ weight: 12, arbitrary: fieldValue(spec) }, { weight: 1, arbitrary: anyJson });
  const names = [field, ...(spec.aliases ?? [])];
  const named = fc.oneof(
    fc.tuple(fc.constantFrom(...names), value).map((entry): Entry[] => [entry]),
    // The property and one of its other names, in either order.
    fc.tuple(fc.constantFrom(...names), value, value, fc.boolean()).map(([alias, a, b, first]): Entry[] =>
      first
        ? [
            [field, a],
            [alias, b],
          ]
        : [
            [alias, b],
            [field, a],
          ],
    ),
  );
  return fc.oneof(
    { weight: required ? 24 : 6, arbitrary: named },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((name): Entry[] => [[name, null]]) },
  );
}

/** Properties the catalogue does not know, including names an object inherits. */
const unknownEntries = fc.array(
  fc.tuple(fc.oneof(fc.string(), fc.constantFrom('colour', '__proto__', 'constructor', 'toString', 'id')), anyJson),
  { maxLength: 2 },
);

const objectAnswers = new Map<string, fc.Arbitrary<unknown>>();

/** An answer for a record: its fields (required ones nearly always), unknown properties, in any order. */
function objectAnswer(name: RecordName, completeness: Completeness): fc.Arbitrary<unknown> {
  const key = `${name}:${completeness}`;
  const cached = objectAnswers.get(key);
  if (cached) return cached;
  const fields = Object.entries(records[name].fields as Record<string, FieldSpec>).map(([field, spec]) =>
    fieldEntries(field, spec, spec.required === true && (field === 'id' || completeness === 'full')),
  );
  const answer = fc
    .tuple(fc.tuple(...fields), unknownEntries)
    .map(([known, unknown]) => [...known.flat(), ...unknown])
    .chain((entries) => fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }))
    // fromEntries defines each property, so `__proto__` is an own property, as JSON.parse makes it.
    .map((entries) => Object.fromEntries(entries));
  objectAnswers.set(key, answer);
  return answer;
}

/** What an answer reads as, with the order of properties and those present as undefined made visible. */
function layout(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(layout);
  if (typeof value === 'object' && value !== null) return Object.entries(value).map(([k, v]) => [k, layout(v)]);
  return value;
}

describe('the fast reader and the schema read every answer alike', () => {
  it.each(recordNames)('%s', (name) => {
    const answer = fc.constantFrom<Completeness>('full', 'summary').chain((completeness) =>
      fc.record({
        completeness: fc.constant(completeness),
        // As the client gets it: JSON text, parsed.
        text: fc
          .oneof({ weight: 12, arbitrary: objectAnswer(name, completeness) }, { weight: 1, arbitrary: anyJson })
          .map((json) => JSON.stringify(json)),
      }),
    );
    fc.assert(
      fc.property(answer, ({ completeness, text }) => {
        const { fast, schema } = answerReading(name, completeness);
        const input: unknown = JSON.parse(text);
        const read = fast(input);
        expect(JSON.stringify(input), 'the fast reader leaves the answer as it came').toBe(text);
        const parsed = schema.safeParse(JSON.parse(text));
        if (parsed.success) expect(layout(read)).toEqual(layout(parsed.data));
        else expect(read, `the schema refuses it: ${parsed.error.message}`).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });
});
