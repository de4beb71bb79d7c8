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

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function measureIdleMemory(target: Target, sockets: number, docs: number): Promise<IdleMemoryResult> {
  const names = Array.from({ length: docs }, () => `profile/${randomUUID()}`);
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const heapBefore = await target.collectGarbage();
  const before = residentBytes(target.pid);
  const started = Date.now();
  const open: WebSocket[] = [];
  for (let next = 0; next < sockets; ) {
    const batch = Array.from({ length: Math.min(PARALLEL_OPENS, sockets - next) }, (_, i) => names[(next + i) % docs]!);
    open.push(...(await Promise.all(batch.map((name) => openIdleSyncSocket(target, name)))));
    next += batch.length;
  }
  const openSeconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, SETTLE_MS));
  const heapAfter = await target.collectGarbage();
  const after = residentBytes(target.pid);
  for (const ws of open) ws.terminate();
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
