// Runs a room's server writers (employee numbering) only while this instance holds the doc's writer lease:
// with several instances serving one doc, exactly one hands out numbers. The others keep trying, so when
// the holder closes the room or dies, one of them takes over — after catching up with everything the
// holder stored, so it continues the numbering without a gap or a duplicate.
import type { DocLeases } from '../cluster/doc-leases.ts';
import type { Logger } from '../logger.ts';
import type { Room } from './room.ts';
import type { ServerWriter } from './server-writers.ts';

/** How often an instance without the lease asks for it again. */
export const LEASE_RETRY_MS = 1_000;

/** Starts trying to take the lease; returns the function that stops the writers and gives the lease back. */
export function runWritersWhileLeased(room: Room, writers: readonly ServerWriter[], leases: DocLeases, log: Logger): () => void {
  let stopped = false;
  let holding = false;
  /** Bumped when the lease is lost, so an attempt in flight does not start writers on a lost lease. */
  let generation = 0;
  let running: Array<() => void> = [];
  let retry: NodeJS.Timeout | null = null;

  const stopWriters = () => {
    for (const stop of running) stop();
    running = [];
  };
  const tryLater = () => {
    if (!stopped && !retry) retry = setTimeout(attempt, LEASE_RETRY_MS);
  };
  const giveBack = () => {
    if (!holding) return;
    holding = false;
    void leases.release(room.name);
  };

  async function attempt(): Promise<void> {
    retry = null;
    if (stopped || holding) return;
    const started = generation;
    try {
      if (!(await leases.tryAcquire(room.name))) return tryLater();
      holding = true;
      // Numbers the previous holder stored must be in the doc before we count on from them.
      if (!stopped) await room.catchUp();
    } catch (error) {
      log.warn('could not take the writer lease; will retry', { doc: room.name, error: (error as Error).message });
      giveBack();
      return tryLater();
    }
    if (stopped) return giveBack();
    if (generation !== started) return tryLater();
    log.debug('holding the writer lease', { doc: room.name });
    const reportFailure = (error: Error) =>
      log.error('a server writer failed; the doc is served, its server-written fields wait for the next change', {
        doc: room.name,
        error: error.message,
      });
    try {
      running = writers.map((writer) => writer(room.doc, reportFailure));
    } catch (error) {
      reportFailure(error as Error);
    }
  }

  const stopListening = leases.onLost((doc) => {
    if (doc !== room.name) return;
    generation++;
    holding = false;
    stopWriters();
    tryLater();
  });
  void attempt().catch((error: Error) => log.error('writer lease attempt failed', { doc: room.name, error: error.message }));

  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    stopListening();
    stopWriters();
    giveBack();
  };
}
