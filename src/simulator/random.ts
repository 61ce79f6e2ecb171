/**
 * A small seeded pseudo-random generator (mulberry32). The simulator draws its generated data set, its
 * new ids, its latency jitter and its fault rates from it, so one seed gives one reproducible run.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(values: readonly T[]): T;
  /** `count` distinct values (fewer when `values` is shorter). */
  sample<T>(values: readonly T[], count: number): T[];
  /** A new RCI id: 32 uppercase hexadecimal characters. */
  hexId(): string;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const next = (): number => next32() / 4294967296;
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: (values) => values[Math.floor(next() * values.length)],
    sample(values, count) {
      const pool = [...values];
      const out: (typeof pool)[number][] = [];
      while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      return out;
    },
    hexId: () =>
      [next32(), next32(), next32(), next32()].map((n) => n.toString(16).toUpperCase().padStart(8, '0')).join(''),
  };
}
