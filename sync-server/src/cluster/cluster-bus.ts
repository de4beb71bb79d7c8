// How the server instances sharing one database tell each other what changed: "doc X now has updates up to
// position N in Postgres" (the others read the rows themselves) and "this user's access changed" (the others
// re-check their own sockets). Doc messages are small pointers; the data always comes from Postgres. Presence
// (y-protocols awareness: who looks at which page) is not stored anywhere, so it travels on the bus itself.
import { z } from 'zod';
import type { DocPosition } from '../persistence/doc-store.ts';

export type AccessChange =
  | { kind: 'user'; userId: string }
  | { kind: 'role'; roleKey: string }
  | { kind: 'sessions'; userId: string; which: { only: string[] } | { allExcept: string | null } };

export type DocStored = { doc: string; position: DocPosition };

export type AwarenessChanged = { doc: string; update: Uint8Array };

/**
 * Which docs another instance has open (`open`, with `ask` when it just opened them and wants to hear who
 * else has them) or no longer has open (`closed`). Rooms of docs open elsewhere flush sooner (doc-peers.ts).
 */
export type DocsOpen = { instance: string; docs: string[]; state: 'ask' | 'open' | 'closed' };

export interface ClusterBus {
  /** Tells the other instances that `doc` has updates up to `position` stored. */
  publish(doc: string, position: DocPosition): void;
  publishAccessChange(change: AccessChange): void;
  /** Presence of this instance's clients of `doc` changed (an encoded awareness update). */
  publishAwareness(doc: string, update: Uint8Array): void;
  /** Tells the other instances which docs this one opened (`ask`: please answer), still has open, or closed. */
  publishDocsOpen(docs: string[], state: DocsOpen['state']): void;
  /** Messages from the other instances (never this one's own); returns the function that unsubscribes. */
  subscribe(handlers: ClusterHandlers): () => void;
  close(): Promise<void>;
}

export type ClusterHandlers = {
  docStored?(message: DocStored): void;
  accessChanged?(change: AccessChange): void;
  awarenessChanged?(message: AwarenessChanged): void;
  docsOpen?(message: DocsOpen): void;
  /**
   * The bus was disconnected and is back: messages sent meanwhile are lost, so every open doc has to
   * look for updates it missed.
   */
  reconnected?(): void;
};

const uuid = z.uuid();
const messageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('doc'), origin: z.string(), doc: z.string().min(1), seq: z.number().int().nonnegative() }),
  z.object({
    type: z.literal('docs-open'),
    origin: z.string(),
    docs: z.array(z.string().min(1)).min(1),
    state: z.enum(['ask', 'open', 'closed']),
  }),
  z.object({ type: z.literal('awareness'), origin: z.string(), doc: z.string().min(1), update: z.base64() }),
  z.object({
    type: z.literal('access'),
    origin: z.string(),
    change: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('user'), userId: uuid }),
      z.object({ kind: z.literal('role'), roleKey: z.string().min(1) }),
      z.object({
        kind: z.literal('sessions'),
        userId: uuid,
        which: z.union([z.object({ only: z.array(z.string()) }), z.object({ allExcept: z.string().nullable() })]),
      }),
    ]),
  }),
]);

export type ClusterMessage = z.infer<typeof messageSchema>;

/**
 * Postgres NOTIFY payloads must stay below 8000 bytes. A doc pointer is ~100 bytes; only a session list
 * could grow, so long lists are split into several messages.
 */
export const MAX_PAYLOAD_BYTES = 4000;

export function encodeMessages(
  origin: string,
  what: { doc: DocStored } | { access: AccessChange } | { awareness: AwarenessChanged } | { docsOpen: Omit<DocsOpen, 'instance'> },
): string[] {
  if ('docsOpen' in what) return encodeDocsOpen(origin, what.docsOpen);
  if ('doc' in what) return [JSON.stringify({ type: 'doc', origin, doc: what.doc.doc, seq: what.doc.position })];
  if ('awareness' in what) {
    const { doc, update } = what.awareness;
    const payload = JSON.stringify({ type: 'awareness', origin, doc, update: Buffer.from(update).toString('base64') });
    // Presence is best effort: an oversized state (a client can put anything into it) stays on its instance.
    return Buffer.byteLength(payload) <= MAX_PAYLOAD_BYTES ? [payload] : [];
  }
  const change = what.access;
  const whole = JSON.stringify({ type: 'access', origin, change });
  if (Buffer.byteLength(whole) <= MAX_PAYLOAD_BYTES || change.kind !== 'sessions' || !('only' in change.which) || change.which.only.length < 2) {
    return [whole];
  }
  const only = change.which.only;
  const half = Math.ceil(only.length / 2);
  return [only.slice(0, half), only.slice(half)].flatMap((part) =>
    encodeMessages(origin, { access: { ...change, which: { only: part } } }),
  );
}

/** One message per group of doc names that fits below the NOTIFY limit (renewals list every shared doc). */
function encodeDocsOpen(origin: string, { docs, state }: Omit<DocsOpen, 'instance'>): string[] {
  const payloads: string[] = [];
  let group: string[] = [];
  const encode = (names: string[]) => JSON.stringify({ type: 'docs-open', origin, docs: names, state });
  for (const doc of docs) {
    if (group.length > 0 && Buffer.byteLength(encode([...group, doc])) > MAX_PAYLOAD_BYTES) {
      payloads.push(encode(group));
      group = [];
    }
    group.push(doc);
  }
  if (group.length > 0) payloads.push(encode(group));
  return payloads;
}

/** The message in a payload, or null for anything that is not one of ours (logged by the caller). */
export function decodeMessage(payload: string): ClusterMessage | null {
  try {
    const parsed = messageSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The subscribers of a bus, and handing them what arrived. */
export class ClusterSubscribers {
  private readonly handlers = new Set<ClusterHandlers>();

  add(handlers: ClusterHandlers): () => void {
    this.handlers.add(handlers);
    return () => this.handlers.delete(handlers);
  }

  /** A message from another instance (the caller drops this instance's own). */
  deliver(message: ClusterMessage): void {
    for (const h of this.handlers) {
      if (message.type === 'doc') h.docStored?.({ doc: message.doc, position: message.seq });
      else if (message.type === 'docs-open') h.docsOpen?.({ instance: message.origin, docs: message.docs, state: message.state });
      else if (message.type === 'awareness') h.awarenessChanged?.({ doc: message.doc, update: new Uint8Array(Buffer.from(message.update, 'base64')) });
      else h.accessChanged?.(message.change);
    }
  }

  reconnected(): void {
    for (const h of this.handlers) h.reconnected?.();
  }
}
