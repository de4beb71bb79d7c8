// The one place that says which docs exist and how they are named. A doc name is what the client puts
// in `/sync/<name>` and what the server stores under; the server parses every name it is given here.

/** The kinds of doc. Each area adds its kind here and a schema module in ./docs. */
export const docKinds = ['org'] as const;
export type DocKind = (typeof docKinds)[number];

export type DocRef = { kind: 'org' };

export type DocNameError = { ok: false; reason: string };
export type DocNameResult = { ok: true; ref: DocRef; name: string } | DocNameError;

const MAX_DOC_NAME_LENGTH = 200;

/** Formats a doc reference as its canonical name, e.g. `org` or (later) `invoices/2026`. */
export function docName(ref: DocRef): string {
  switch (ref.kind) {
    case 'org':
      return 'org';
  }
}

/** Parses a doc name; refuses anything that is not the canonical name of a known doc. */
export function parseDocName(name: string): DocNameResult {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_DOC_NAME_LENGTH) {
    return { ok: false, reason: `doc name must be 1–${MAX_DOC_NAME_LENGTH} characters` };
  }
  const [kind, ...rest] = name.split('/');
  switch (kind) {
    case 'org':
      if (rest.length > 0) return { ok: false, reason: '`org` takes no further path segments' };
      return { ok: true, ref: { kind: 'org' }, name };
    default:
      return { ok: false, reason: `unknown doc kind "${kind}"; known kinds: ${docKinds.join(', ')}` };
  }
}
