import { Counter, type Metric, type Registry } from 'prom-client';

/**
 * Metrics counted on the hot path, once per RCI call or read: a cold page counts hundreds. prom-client
 * builds, validates and hashes a labels object on every `inc` and `observe`; here a count is a few map
 * lookups, and prom-client sees the totals only when the registry is scraped.
 */

interface Tally<Label extends string> {
  labels: Record<Label, string>;
  count: number;
}

/** A counter of two labels: counts are handed to a prom-client counter when scraped. */
export class TalliedCounter<A extends string, B extends string> {
  /** Counts by the first label's value, then the second's: no key is built per count. */
  private readonly tallies = new Map<string, Map<string, Tally<A | B>>>();
  private readonly labelNames: readonly [A, B];

  constructor(registry: Registry, name: string, help: string, labelNames: readonly [A, B]) {
    const tallies = this.tallies;
    const counter = new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        for (const byB of tallies.values()) {
          for (const tally of byB.values()) {
            if (tally.count === 0) continue;
            this.inc(tally.labels, tally.count);
            tally.count = 0;
          }
        }
      },
    });
    // Counts not yet handed over go with a reset too.
    const reset = counter.reset.bind(counter);
    counter.reset = () => {
      tallies.clear();
      reset();
    };
    this.labelNames = labelNames;
  }

  /** Counts one for the labels' values `a` and `b`. */
  add(a: string, b: string): void {
    let byB = this.tallies.get(a);
    if (!byB) this.tallies.set(a, (byB = new Map<string, Tally<A | B>>()));
    const tally = byB.get(b);
    if (tally) tally.count++;
    else {
      const [la, lb] = this.labelNames;
      byB.set(b, { labels: { [la]: a, [lb]: b } as Record<A | B, string>, count: 1 });
    }
  }
}

/** One line of a metric as prom-client's registry reads it from a metric's `get`. */
interface ExportedValue {
  labels: Record<string, string | number>;
  /** The series' own labels, printed after `labels`. */
  sharedLabels?: Record<string, string>;
  value: number;
  metricName: string;
}

interface ExportedMetric {
  name: string;
  help: string;
  type: 'histogram';
  aggregator: 'sum';
  values: ExportedValue[];
}

/** One series of a tallied histogram: its labels, its count per bucket (not cumulative), sum and count. */
interface Series {
  readonly labels: Record<string, string>;
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

/**
 * A histogram of three labels, registered in the registry as a metric of its own that exposes what
 * prom-client's `Histogram` exposes (`_bucket` series with `le`, `_sum`, `_count`), in the same format.
 */
export class TalliedHistogram<A extends string, B extends string, C extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** Series by the first label's value, then the second's, then the third's: no key is built per observation. */
  private readonly series = new Map<string, Map<string, Map<string, Series>>>();

  constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly [A, B, C],
    private readonly buckets: readonly number[],
  ) {
    // prom-client's registry takes any object with its metrics' shape: name, help, type, get and reset.
    registry.registerMetric(this as unknown as Metric);
  }

  observe(a: string, b: string, c: string, value: number): void {
    let byB = this.series.get(a);
    if (!byB) this.series.set(a, (byB = new Map<string, Map<string, Series>>()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map<string, Series>()));
    let series = byC.get(c);
    if (!series) {
      const [la, lb, lc] = this.labelNames;
      series = {
        labels: { [la]: a, [lb]: b, [lc]: c },
        counts: new Float64Array(this.buckets.length),
        sum: 0,
        count: 0,
      };
      byC.set(c, series);
    }
    const { buckets } = this;
    for (let i = 0; i < buckets.length; i++) {
      if (value <= buckets[i]) {
        series.counts[i]++;
        break;
      }
    }
    series.sum += value;
    series.count++;
  }

  /** What the registry prints: each series' labels kept apart from `le`, as prom-client's histogram does. */
  getForPromString(): ExportedMetric {
    const values: ExportedValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const byB of this.series.values()) {
      for (const byC of byB.values()) {
        for (const { labels, counts, sum, count } of byC.values()) {
          let cumulative = 0;
          this.buckets.forEach((bound, i) => {
            cumulative += counts[i];
            values.push({ labels: { le: bound }, sharedLabels: labels, value: cumulative, metricName: bucketName });
          });
          values.push({ labels: { le: '+Inf' }, sharedLabels: labels, value: count, metricName: bucketName });
          values.push({ labels: {}, sharedLabels: labels, value: sum, metricName: `${this.name}_sum` });
          values.push({ labels: {}, sharedLabels: labels, value: count, metricName: `${this.name}_count` });
        }
      }
    }
    return { name: this.name, help: this.help, type: 'histogram', aggregator: 'sum', values };
  }

  /** As JSON (`registry.getMetricsAsJSON`): each value's labels whole. */
  get(): ExportedMetric {
    const metric = this.getForPromString();
    metric.values = metric.values.map(({ sharedLabels, ...value }) => ({
      ...value,
      labels: { ...sharedLabels, ...value.labels },
    }));
    return metric;
  }

  reset(): void {
    this.series.clear();
  }
}
