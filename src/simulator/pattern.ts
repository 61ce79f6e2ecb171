/**
 * The `*`/`?` search patterns of list queries, matched without regular expressions.
 *
 * A pattern matches the whole value, case-insensitively; `*` is any run of characters (also none, also
 * line breaks), `?` exactly one character (one Unicode code point), and every other character is literal.
 * Case-insensitivity is Unicode simple case folding, the comparison a RegExp with the `iu` flags makes
 * (`ß` matches `ẞ`, `σ` matches `ς` and `Σ`, `K` matches the Kelvin sign; `ı` and `İ` match only themselves).
 *
 * Matching is the classic two-pointer glob algorithm: on a mismatch it backtracks only to the last `*`,
 * letting that star swallow one more character. That is at most |value| × |pattern| steps (and usually
 * about |value|), never the exponential backtracking a regular expression with many `.*` can take.
 */

/** A pattern element: a case-folded code point, or one of the wildcards below (negative, never a code point). */
const STAR = -1;
const ANY = -2;

/** A pattern ready to match: its elements, consecutive stars merged. */
export interface Pattern {
  readonly elements: Int32Array;
}

export function compilePattern(pattern: string): Pattern {
  const elements: number[] = [];
  for (let i = 0; i < pattern.length;) {
    const cp = pattern.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    if (cp === 0x2a /* * */) {
      if (elements[elements.length - 1] !== STAR) elements.push(STAR);
    } else if (cp === 0x3f /* ? */) {
      elements.push(ANY);
    } else {
      elements.push(fold(cp));
    }
  }
  return { elements: Int32Array.from(elements) };
}

/** Counts the steps of matches it is passed to: the bound above is a promise, and tests count it. */
export interface MatchMeter {
  steps: number;
}

/** Whether the pattern matches the whole value. */
export function matchesPattern(pattern: Pattern, value: string, meter?: MatchMeter): boolean {
  const p = pattern.elements;
  const v = foldAll(value);
  let pi = 0;
  let vi = 0;
  /** The position of the last `*` met (-1: none yet), and where in the value its run currently ends. */
  let star = -1;
  let starEnd = 0;
  while (vi < v.length) {
    if (meter) meter.steps++;
    if (pi < p.length && (p[pi] === v[vi] || p[pi] === ANY)) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === STAR) {
      star = pi++;
      starEnd = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++starEnd;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === STAR) pi++;
  return pi === p.length;
}

/** The value's code points, case-folded. */
function foldAll(value: string): Int32Array {
  const out = new Int32Array(value.length);
  let n = 0;
  for (let i = 0; i < value.length;) {
    const cp = value.codePointAt(i)!;
    i += cp > 0xffff ? 2 : 1;
    out[n++] = fold(cp);
  }
  return n === out.length ? out : out.subarray(0, n);
}

/**
 * Where Unicode simple case folding (CaseFolding.txt, statuses C and S) differs from "upper-case, then
 * lower-case": `ı` has no folding, and three characters fold onto a canonically equivalent one.
 */
const FOLD_EXCEPTIONS = new Map<number, number>([
  [0x0131, 0x0131], // ı LATIN SMALL LETTER DOTLESS I (toUpperCase gives I)
  [0x1fd3, 0x0390], // ΐ GREEK SMALL LETTER IOTA WITH DIALYTIKA AND OXIA
  [0x1fe3, 0x03b0], // ΰ GREEK SMALL LETTER UPSILON WITH DIALYTIKA AND OXIA
  [0xfb05, 0xfb06], // ﬅ LATIN SMALL LIGATURE LONG S T
]);

/** Folds of BMP code points, computed once each (0: not yet; no BMP code point above U+007F folds to U+0000). */
const bmpFolds = new Uint16Array(0x10000);

function fold(cp: number): number {
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? cp + 0x20 : cp;
  if (cp > 0xffff) return computeFold(cp);
  return bmpFolds[cp] || (bmpFolds[cp] = computeFold(cp));
}

function computeFold(cp: number): number {
  const exception = FOLD_EXCEPTIONS.get(cp);
  if (exception !== undefined) return exception;
  const c = String.fromCodePoint(cp);
  // Upper-casing first joins the variants of one letter (ς, σ and Σ; ϐ and β; µ and μ; ſ and s) before
  // lower-casing; a mapping to several characters (ß → SS, İ → i̇) is not a simple folding and is skipped.
  const upper = single(c.toUpperCase()) ?? cp;
  return single(String.fromCodePoint(upper).toLowerCase()) ?? single(c.toLowerCase()) ?? cp;
}

/** The code point of a one-code-point string, otherwise undefined. */
function single(s: string): number | undefined {
  const cp = s.codePointAt(0);
  return cp !== undefined && s.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}
