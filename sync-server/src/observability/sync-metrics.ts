// The sync server's metrics by name: what rooms and the doc store report through small hook objects,
// and what is read at scrape time from the parts that already know it (sockets, rooms, queue depth, RSS).
import { MetricsRegistry } from './metrics-registry.ts';

/** What a room reports; passed in RoomOptions. */
export type RoomMetrics = {
  /** An update was integrated into a doc in memory (from a client or from the server's own writers). */
  updateIntegrated(): void;
  /** A batch of `bytes` update bytes was appended to Postgres in `seconds`. */
  flushed(bytes: number, seconds: number): void;
  flushFailed(): void;
};

/** What the doc store reports; passed in PgDocStoreOptions. */
export type StoreMetrics = { compacted(): void; compactionFailed(): void };

/** Read when /metrics is scraped. */
export type SyncGaugeSources = {
  connectedSockets: () => number;
  openDocs: () => number;
  /** Updates received but not yet written to Postgres, over all rooms. */
  queueDepth: () => number;
  /** How long the oldest of those has waited, in seconds; 0 when none waits. */
  oldestUnstoredAgeSeconds: () => number;
  /** Connections the database pool holds open (busy or idle). */
  databaseConnections: () => number;
};

export type SyncMetrics = RoomMetrics & StoreMetrics & { readonly registry: MetricsRegistry };

// A flush is one INSERT of a batch: milliseconds normally, seconds when Postgres struggles.
const FLUSH_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createSyncMetrics(sources: SyncGaugeSources): SyncMetrics {
  const registry = new MetricsRegistry();
  registry.gaugeFrom('workmate_connected_sockets', 'Open sync websockets.', sources.connectedSockets);
  registry.gaugeFrom('workmate_open_docs', 'Docs held in memory (rooms).', sources.openDocs);
  registry.gaugeFrom('workmate_persistence_queue_depth', 'Doc updates received but not yet written to Postgres.', sources.queueDepth);
  registry.gaugeFrom(
    'workmate_unstored_updates_oldest_age_seconds',
    'How long the oldest doc update not yet written to Postgres has waited (0 when none waits).',
    sources.oldestUnstoredAgeSeconds,
  );
  const updates = registry.counter('workmate_doc_updates_total', 'Doc updates integrated into docs in memory.');
  const storedBytes = registry.counter('workmate_stored_update_bytes_total', 'Bytes of doc updates appended to Postgres.');
  const flushDuration = registry.histogram('workmate_flush_duration_seconds', 'Time to write one batch of doc updates to Postgres.', FLUSH_BUCKETS_SECONDS);
  const flushFailures = registry.counter('workmate_flush_failures_total', 'Batches of doc updates that could not be written (retried later).');
  const compactions = registry.counter('workmate_compaction_runs_total', 'Compactions of a doc update log into a snapshot that finished.');
  const compactionFailures = registry.counter('workmate_compaction_failures_total', 'Compactions that failed (retried after the next update).');
  registry.gaugeFrom('workmate_database_connections', 'Connections the database pool holds open, busy or idle.', sources.databaseConnections);
  registry.gaugeFrom('process_resident_memory_bytes', 'Resident memory size of the server process in bytes.', () => process.memoryUsage.rss());
  return {
    registry,
    updateIntegrated: () => updates.inc(),
    flushed(bytes, seconds) {
      storedBytes.inc(bytes);
      flushDuration.observe(seconds);
    },
    flushFailed: () => flushFailures.inc(),
    compacted: () => compactions.inc(),
    compactionFailed: () => compactionFailures.inc(),
  };
}
