// The one place that says which docs exist and how they are named. A doc name is what the client puts
// in `/sync/<name>` and what the server stores under; the server parses every name it is given here.

/** The kinds of doc. Each area adds its kind here, its access in doc-access.ts and a schema in ./docs. */
export const docKinds = ['org', 'profile'] as const;
export type DocKind = (typeof docKinds)[number];

export type DocRef =
  /** The company directory: departments, job roles, employees without private fields. */
  | { kind: 'org' }
  /** One employee's private data (address, birthday, bank details): HR and the employee only. */
  | { kind: 'profile'; employeeId: string };

export type DocNameError = { ok: false; reason: string };
export type DocNameResult = { ok: true; ref: DocRef; name: string } | DocNameError;

const MAX_DOC_NAME_LENGTH = 200;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Formats a doc reference as its canonical name, e.g. `org` or `profile/<employee id>`. */
export function docName(ref: DocRef): string {
  switch (ref.kind) {
    case 'org':
      return 'org';
    case 'profile':
      return `profile/${ref.employeeId}`;
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
    case 'profile':
      if (rest.length !== 1 || !uuid.test(rest[0]!)) return { ok: false, reason: '`profile/<employee id>` needs one lower-case UUID' };
      return { ok: true, ref: { kind: 'profile', employeeId: rest[0]! }, name };
    default:
      return { ok: false, reason: `unknown doc kind "${kind}"; known kinds: ${docKinds.join(', ')}` };
  }
}
