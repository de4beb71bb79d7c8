// Which of this instance's open docs are open on another instance too. Another instance relays an edit to
// its clients only once it is stored, so a room whose doc is open elsewhere flushes after the short
// CLUSTER_FLUSH_INTERVAL_MS; a doc open here alone keeps FLUSH_INTERVAL_MS and writes no more than before.
//
// On the bus: opening a doc says `ask` ("I have it open — who else?"), instances with it open answer
// `open`; closing says `closed`. Instances sharing a doc renew their word every RENEW_MS; an instance not
// heard of for TTL_MS (it died, or its `closed` was lost) is forgotten. After the bus reconnects, every
// open doc asks again. Only docs open on several instances cost messages: one alone is never renewed.
import type { ClusterBus, DocsOpen } from './cluster-bus.ts';

export const RENEW_MS = 10_000;
export const TTL_MS = 35_000;

export type DocPeersOptions = {
  renewMs?: number;
  ttlMs?: number;
  /** The clock (tests). */
  now?: () => number;
};

export class DocPeers {
  private readonly local = new Set<string>();
  /** doc → other instance → until when it counts as having the doc open. */
  private readonly elsewhere = new Map<string, Map<string, number>>();
  private readonly renewal: NodeJS.Timeout;
  private readonly ttlMs: number;
  private readonly now: () => number;

  /** `changed` is told whenever a local doc becomes open elsewhere too, or no longer. */
  constructor(
    private readonly bus: Pick<ClusterBus, 'publishDocsOpen'>,
    private readonly changed: (doc: string) => void,
    options: DocPeersOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? TTL_MS;
    this.now = options.now ?? Date.now;
    this.renewal = setInterval(() => this.renew(), options.renewMs ?? RENEW_MS);
    this.renewal.unref();
  }

  /** Whether another instance has this (locally open) doc open too. */
  isOpenElsewhere(doc: string): boolean {
    return this.elsewhere.has(doc);
  }

  opened(doc: string): void {
    if (this.local.has(doc)) return;
    this.local.add(doc);
    this.bus.publishDocsOpen([doc], 'ask');
  }

  closed(doc: string): void {
    if (!this.local.delete(doc)) return;
    this.elsewhere.delete(doc);
    this.bus.publishDocsOpen([doc], 'closed');
  }

  /** What another instance said about its docs; only docs open here matter. */
  heard({ instance, docs, state }: DocsOpen): void {
    const answer: string[] = [];
    for (const doc of docs) {
      if (!this.local.has(doc)) continue;
      if (state === 'closed') {
        this.forget(doc, instance);
        continue;
      }
      this.remember(doc, instance);
      if (state === 'ask') answer.push(doc);
    }
    if (answer.length > 0) this.bus.publishDocsOpen(answer, 'open');
  }

  /** Messages sent while the bus was down are lost: ask again about every open doc. */
  reconnected(): void {
    if (this.local.size > 0) this.bus.publishDocsOpen([...this.local], 'ask');
  }

  /** Forgets instances not heard of within the TTL and renews this instance's word for docs still shared. */
  renew(): void {
    const now = this.now();
    for (const [doc, peers] of this.elsewhere) {
      for (const [instance, until] of peers) if (until <= now) this.forget(doc, instance);
    }
    if (this.elsewhere.size > 0) this.bus.publishDocsOpen([...this.elsewhere.keys()], 'open');
  }

  /** Stops renewing and tells the others this instance has nothing open any more (best effort). */
  close(): void {
    clearInterval(this.renewal);
    if (this.local.size > 0) this.bus.publishDocsOpen([...this.local], 'closed');
    this.local.clear();
    this.elsewhere.clear();
  }

  private remember(doc: string, instance: string): void {
    let peers = this.elsewhere.get(doc);
    const wasAlone = !peers;
    if (!peers) this.elsewhere.set(doc, (peers = new Map()));
    peers.set(instance, this.now() + this.ttlMs);
    if (wasAlone) this.changed(doc);
  }

  private forget(doc: string, instance: string): void {
    const peers = this.elsewhere.get(doc);
    if (!peers?.delete(instance) || peers.size > 0) return;
    this.elsewhere.delete(doc);
    this.changed(doc);
  }
}
