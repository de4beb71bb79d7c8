import { describe, expect, it } from 'vitest';
import { MetricsRegistry, parseMetricsText } from './metrics-registry.ts';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and callback gauges with HELP and TYPE lines', () => {
    const registry = new MetricsRegistry();
    const updates = registry.counter('app_updates_total', 'Updates received.');
    const depth = registry.gauge('app_queue_depth', 'Pending items.');
    registry.gaugeFrom('app_open', 'Open things.', () => 7);
    updates.inc();
    updates.inc(2);
    updates.inc(-5);
    depth.set(4);
    const text = registry.render();
    expect(text).toContain('# HELP app_updates_total Updates received.\n# TYPE app_updates_total counter\napp_updates_total 3\n');
    expect(text).toContain('# TYPE app_queue_depth gauge\napp_queue_depth 4\n');
    expect(parseMetricsText(text).get('app_open')).toBe(7);
  });

  it('renders a histogram with cumulative buckets, +Inf, _sum and _count', () => {
    const registry = new MetricsRegistry();
    const flush = registry.histogram('app_flush_seconds', 'Flush time.', [0.1, 0.01]);
    for (const v of [0.005, 0.05, 2]) flush.observe(v);
    const samples = parseMetricsText(registry.render());
    expect(samples.get('app_flush_seconds_bucket{le="0.01"}')).toBe(1);
    expect(samples.get('app_flush_seconds_bucket{le="0.1"}')).toBe(2);
    expect(samples.get('app_flush_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(samples.get('app_flush_seconds_count')).toBe(3);
    expect(samples.get('app_flush_seconds_sum')).toBeCloseTo(2.055);
  });

  it('refuses invalid and duplicate names', () => {
    const registry = new MetricsRegistry();
    registry.counter('ok_total', 'x');
    expect(() => registry.counter('ok_total', 'x')).toThrow(/registered twice/);
    expect(() => registry.gauge('1bad', 'x')).toThrow(/invalid/);
  });

  it('refuses malformed lines when parsing', () => {
    expect(() => parseMetricsText('metric one two\n')).toThrow(/Malformed/);
    expect(() => parseMetricsText('metric abc\n')).toThrow(/Malformed/);
  });
});
