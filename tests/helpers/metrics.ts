// Reads the server's Prometheus metrics in tests: where the metrics listener is (from its start-up log
// line) and the current samples by name.
import { parseMetricsText } from '../../sync-server/src/observability/metrics-registry.ts';
import type { ServerProcess } from './server-process.ts';
import { waitFor } from './wait-for.ts';

/** The /metrics URL a server started with METRICS_PORT (and LOG_LEVEL info or lower) logged. */
export function metricsUrlOf(server: ServerProcess): Promise<string> {
  return waitFor(() => /"msg":"metrics on (http:\/\/[^"]+)"/.exec(server.output())?.[1], {
    what: 'the "metrics on …" log line (start the server with METRICS_PORT and LOG_LEVEL=info)',
  });
}

export type MetricsSnapshot = { get(name: string): number; text: string };

/** Scrapes /metrics; get(name) throws when the sample is missing, so a renamed metric fails loudly. */
export async function scrapeMetrics(url: string): Promise<MetricsSnapshot> {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}`);
  const text = await res.text();
  const samples = parseMetricsText(text);
  return {
    text,
    get(name) {
      const value = samples.get(name);
      if (value === undefined) throw new Error(`metric ${name} is missing from:\n${text}`);
      return value;
    },
  };
}
