// Memory per idle socket: server RSS (from /proc) before and after opening many authenticated sockets
// that completed the sync handshake, spread over many docs (`profile/<uuid>` docs on our server; the
// peers take the same names).
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { residentBytes } from './process-memory.ts';
import { openIdleSyncSocket } from './raw-sync-socket.ts';
import type { Target } from './targets.ts';

export type IdleMemoryResult = {
  target: string;
  sockets: number;
  docs: number;
  rssBeforeMB: number;
  rssAfterMB: number;
  growthMB: number;
  bytesPerSocket: number;
  /** Growth of the JS heap in use (after a full GC) per socket: steadier than RSS, but misses native memory. */
  heapBytesPerSocket: number;
  openSeconds: number;
};

const PARALLEL_OPENS = 200;
/** Let timers, lazily allocated buffers and the allocator settle, then force a full GC, before reading RSS. */
const SETTLE_MS = 3000;
/**
 * Sockets opened (and kept open) before the first reading, as a share of those measured. Without them,
 * the growth included what V8 compiled while the first sockets opened — the upgrade, session and sync
 * code reaching its optimised tiers: up to ~0.8 MB, which varied from run to run with what got optimised
 * when (a heap snapshot diff showed the same objects per socket in two runs whose per-socket heap
 * differed by 77 bytes: all of it compiled code and its deopt data). Warmed up, the growth is the sockets.
 */
const WARM_UP_SHARE = 0.1;

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function measureIdleMemory(target: Target, sockets: number, docs: number): Promise<IdleMemoryResult> {
  const names = Array.from({ length: docs }, () => `profile/${randomUUID()}`);
  const warm = await openSockets(target, names, Math.round(sockets * WARM_UP_SHARE), 0);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const heapBefore = await target.collectGarbage();
  const before = residentBytes(target.pid);
  const started = Date.now();
  const open = await openSockets(target, names, sockets, warm.length);
  const openSeconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const heapAfter = await target.collectGarbage();
  const after = residentBytes(target.pid);
  for (const ws of [...warm, ...open]) ws.terminate();
  return {
    target: target.label,
    sockets,
    docs,
    rssBeforeMB: mb(before),
    rssAfterMB: mb(after),
    growthMB: mb(after - before),
    bytesPerSocket: Math.round((after - before) / sockets),
    heapBytesPerSocket: Math.round((heapAfter - heapBefore) / sockets),
    openSeconds: Math.round(openSeconds * 10) / 10,
  };
}

/** Opens `count` sockets over the docs, PARALLEL_OPENS at a time, the first on docs[offset % docs]. */
async function openSockets(target: Target, docs: string[], count: number, offset: number): Promise<WebSocket[]> {
  const open: WebSocket[] = [];
  for (let next = 0; next < count; ) {
    const batch = Array.from({ length: Math.min(PARALLEL_OPENS, count - next) }, (_, i) => docs[(offset + next + i) % docs.length]!);
    open.push(...(await Promise.all(batch.map((name) => openIdleSyncSocket(target, name)))));
    next += batch.length;
  }
  return open;
}
