// A minimal metrics registry rendering the Prometheus text exposition format (version 0.0.4): counters and
// gauges (set directly or read from a callback at scrape time) and histograms. No labels — each metric
// is one series, which is all the sync server needs and keeps the format trivially correct.

type MetricType = 'counter' | 'gauge' | 'histogram';

type Metric = { name: string; help: string; type: MetricType; samples(): Array<[suffix: string, value: number]> };

export type Counter = { inc(by?: number): void; readonly value: number };
export type Gauge = { set(value: number): void; readonly value: number };
export type Histogram = { observe(value: number): void; readonly count: number; readonly sum: number };

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Prometheus number syntax: integers as such, non-finite values by name. */
function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

const escapeHelp = (help: string) => help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string): Counter {
    let value = 0;
    this.register({ name, help, type: 'counter', samples: () => [['', value]] });
    return {
      inc(by = 1) {
        // A counter only goes up; a negative step would make rate() report a reset.
        if (by > 0) value += by;
      },
      get value() {
        return value;
      },
    };
  }

  gauge(name: string, help: string): Gauge {
    let value = 0;
    this.register({ name, help, type: 'gauge', samples: () => [['', value]] });
    return {
      set(next) {
        value = next;
      },
      get value() {
        return value;
      },
    };
  }

  /** A gauge whose value is read when the metrics are scraped (e.g. a set's size, the process RSS). */
  gaugeFrom(name: string, help: string, read: () => number): void {
    this.register({ name, help, type: 'gauge', samples: () => [['', read()]] });
  }

  /** A counter kept elsewhere (e.g. a module's running total), read when the metrics are scraped. */
  counterFrom(name: string, help: string, read: () => number): void {
    this.register({ name, help, type: 'counter', samples: () => [['', read()]] });
  }

  /** `buckets` are upper bounds, ascending; +Inf is added. */
  histogram(name: string, help: string, buckets: readonly number[]): Histogram {
    const bounds = [...buckets].sort((a, b) => a - b);
    const counts = bounds.map(() => 0);
    let count = 0;
    let sum = 0;
    this.register({
      name,
      help,
      type: 'histogram',
      samples: () => [
        ...bounds.map((le, i): [string, number] => [`_bucket{le="${formatValue(le)}"}`, counts[i]!]),
        ['_bucket{le="+Inf"}', count],
        ['_sum', sum],
        ['_count', count],
      ],
    });
    return {
      observe(value) {
        count++;
        sum += value;
        // Buckets are cumulative: every bound at or above the value counts it.
        for (let i = 0; i < bounds.length; i++) if (value <= bounds[i]!) counts[i]!++;
      },
      get count() {
        return count;
      },
      get sum() {
        return sum;
      },
    };
  }

  /** Every metric in the Prometheus text format, ending with a newline. */
  render(): string {
    const lines: string[] = [];
    for (const metric of this.metrics.values()) {
      lines.push(`# HELP ${metric.name} ${escapeHelp(metric.help)}`, `# TYPE ${metric.name} ${metric.type}`);
      for (const [suffix, value] of metric.samples()) lines.push(`${metric.name}${suffix} ${formatValue(value)}`);
    }
    return lines.join('\n') + '\n';
  }

  private register(metric: Metric): void {
    if (!NAME.test(metric.name)) throw new Error(`Metric name "${metric.name}" is invalid: use letters, digits, _ and :, not starting with a digit.`);
    if (this.metrics.has(metric.name)) throw new Error(`Metric "${metric.name}" is registered twice: register each metric once and share it.`);
    this.metrics.set(metric.name, metric);
  }
}

/** Content-Type of the text format, for the HTTP answer. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Reads the text format back into `name{labels}` → value; for tests and tooling. Throws on a malformed line. */
export function parseMetricsText(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!match) throw new Error(`Malformed metrics line: ${JSON.stringify(line)}`);
    const raw = match[2]!;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    if (Number.isNaN(value) && raw !== 'NaN') throw new Error(`Malformed metrics value: ${JSON.stringify(line)}`);
    samples.set(match[1]!, value);
  }
  return samples;
}
