// Which permission each doc kind needs to be read and to be written. The server enforces this table at
// connect (read) and on every update frame (write); the web app uses it to decide what to open.
import type { DocKind } from './doc-names.ts';

export type DocAccess = { read: string; write: string };

export const docAccess: Record<DocKind, DocAccess> = {
  org: { read: 'org.read', write: 'org.write' },
};
