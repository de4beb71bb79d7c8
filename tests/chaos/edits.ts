// What chaos clients type, and how to find it again: every counted edit carries a unique id — a key in
// the doc's `chaosEdits` map, a `⟦id⟧` token inserted into a text, or a new employee record — so the end
// of a run can list every edit that is missing. Uncounted edits (a field overwritten last-writer-wins,
// a filler character deleted) only add concurrency; they must converge, but cannot be "present".
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { orgDoc, profileDoc } from '@workmate/sync-protocol';

export type EditKind = 'key' | 'token' | 'employee';
/** One counted edit: present at the end iff `id` is found in `doc` as its kind says. */
export type Edit = { doc: string; kind: EditKind; id: string };

export type Random = () => number;

/** Which seeded employee's notes and fields the org edits touch. */
export type EditTargets = { orgEmployeeId: string };

const EDITS_MAP = 'chaosEdits';
/** Profile docs have no text field of their own; chaos edits type into this top-level text. */
const PROFILE_TEXT = 'chaosNotes';
const FILLER = '·';
const tokenOf = (id: string) => `⟦${id}⟧`;
const TOKEN = /⟦([^⟧]*)⟧/g;

/** A seeded PRNG (mulberry32), so a failing run can be replayed with the same seed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** The text chaos edits type into, or null while the doc has not got it (e.g. not synced yet). */
function chaosText(doc: Y.Doc, docName: string, targets: EditTargets): Y.Text | null {
  if (docName !== 'org') return doc.getText(PROFILE_TEXT);
  // Only type into the notes the record already has: creating a second notes text concurrently would
  // make one of them win and hide the other's tokens (a test artefact, not a sync loss).
  const notes = orgDoc.employeesOf(doc).get(targets.orgEmployeeId)?.get('notes');
  return notes instanceof Y.Text ? notes : null;
}

/**
 * Makes one random edit as a user would (one transaction) and returns it if it is a counted edit.
 * `id` must be unique across the whole run, e.g. `${clientName}-${seq}`.
 */
export function makeRandomEdit(doc: Y.Doc, docName: string, id: string, random: Random, targets: EditTargets): Edit | null {
  const roll = random();
  const now = new Date().toISOString();
  if (roll < 0.4) {
    doc.transact(() => doc.getMap(EDITS_MAP).set(id, { at: now }));
    return { doc: docName, kind: 'key', id };
  }
  if (roll < 0.75) {
    const text = chaosText(doc, docName, targets);
    if (!text) return null;
    const at = pick(random, boundaries(text.toString()));
    doc.transact(() => text.insert(at, tokenOf(id) + FILLER));
    return { doc: docName, kind: 'token', id };
  }
  if (roll < 0.83) {
    const text = chaosText(doc, docName, targets);
    const fillers = text ? [...text.toString()].flatMap((c, i) => (c === FILLER ? [i] : [])) : [];
    if (text && fillers.length > 0) doc.transact(() => text.delete(pick(random, fillers), 1));
    return null;
  }
  if (roll < 0.95 || docName !== 'org') {
    doc.transact(() => {
      if (docName === 'org') orgDoc.setEmployeeField(doc, targets.orgEmployeeId, 'position', `Position ${id}`, now);
      else profileDoc.setProfileField(doc, 'city', `Stadt ${id}`, now);
    });
    return null;
  }
  const employeeId = randomUUID();
  doc.transact(() => orgDoc.insertEmployee(doc, employeeId, { ...orgDoc.emptyEmployeeFields, firstName: 'Chaos', lastName: id }, now));
  return { doc: docName, kind: 'employee', id: employeeId };
}

/** Positions where an insert cannot land inside another edit's token: the start, the end, after each token. */
function boundaries(text: string): number[] {
  return [0, ...[...text.matchAll(TOKEN)].map((m) => m.index + m[0].length), text.length];
}

/** Ids of every counted edit of `kind` found in the doc. */
export function editIdsIn(doc: Y.Doc, docName: string, targets: EditTargets): Record<EditKind, Set<string>> {
  const text = chaosText(doc, docName, targets)?.toString() ?? '';
  return {
    key: new Set(doc.getMap(EDITS_MAP).keys()),
    token: new Set([...text.matchAll(TOKEN)].map((m) => m[1]!)),
    employee: docName === 'org' ? new Set(orgDoc.employeesOf(doc).keys()) : new Set(),
  };
}

/** The edits of `made` that are not in the given docs (by doc name). */
export function missingEdits(made: readonly Edit[], docs: ReadonlyMap<string, Y.Doc>, targets: EditTargets): Edit[] {
  const found = new Map([...docs].map(([name, doc]) => [name, editIdsIn(doc, name, targets)]));
  return made.filter((edit) => !found.get(edit.doc)?.[edit.kind].has(edit.id));
}

/** The root types a doc's content lives in (a Y.Doc does not say which root is a map and which a text). */
export type ContentRoots = { maps: readonly string[]; texts: readonly string[] };

/** The roots of the chaos docs: the schema's own plus what chaos edits add. */
export function chaosRoots(docName: string): ContentRoots {
  return docName === 'org'
    ? { maps: ['employees', 'departments', 'roles', EDITS_MAP], texts: [] }
    : { maps: ['profile', EDITS_MAP], texts: [PROFILE_TEXT] };
}

/** Everything the doc holds in `roots` as one canonical string (keys sorted), to compare replicas. */
export function docContent(doc: Y.Doc, roots: ContentRoots): string {
  const content = Object.fromEntries([
    ...roots.maps.map((name) => [`map:${name}`, doc.getMap(name).toJSON()]),
    ...roots.texts.map((name) => [`text:${name}`, doc.getText(name).toString()]),
  ]);
  return stableStringify(content);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** True when both docs have integrated exactly the same operations (and nothing waits for a gap). */
export function sameStateVector(a: Y.Doc, b: Y.Doc): boolean {
  const va = Y.decodeStateVector(Y.encodeStateVector(a));
  const vb = Y.decodeStateVector(Y.encodeStateVector(b));
  if (va.size !== vb.size) return false;
  for (const [client, clock] of va) if (vb.get(client) !== clock) return false;
  return a.store.pendingStructs === null && b.store.pendingStructs === null && a.store.pendingDs === null && b.store.pendingDs === null;
}

/**
 * Why two docs' state vectors differ, for a failure message: the clients whose clocks differ
 * (`client: a/b`) and any pending structs or deletes (updates waiting for something they build on).
 */
export function stateVectorDifference(a: Y.Doc, b: Y.Doc): string {
  const va = Y.decodeStateVector(Y.encodeStateVector(a));
  const vb = Y.decodeStateVector(Y.encodeStateVector(b));
  const clocks = [...new Set([...va.keys(), ...vb.keys()])]
    .filter((client) => va.get(client) !== vb.get(client))
    .map((client) => `${client}: ${va.get(client) ?? 0}/${vb.get(client) ?? 0}`);
  const pending = (doc: Y.Doc, side: string) =>
    [doc.store.pendingStructs ? `${side} has pending structs (missing ${[...doc.store.pendingStructs.missing].map(([c, k]) => `${c}:${k}`).join(', ')})` : '', doc.store.pendingDs ? `${side} has pending deletes` : ''].filter(Boolean);
  return [...clocks, ...pending(a, 'replica'), ...pending(b, 'server')].join('; ');
}
