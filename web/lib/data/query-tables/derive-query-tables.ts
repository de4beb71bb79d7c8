// Which query tables each doc kind feeds. A kind without list screens derives none.
import type * as Y from 'yjs';
import type { DocRef } from '@workmate/sync-protocol';
import { deriveOrgTables } from './org-tables.ts';

export function deriveQueryTables(ref: DocRef, doc: Y.Doc, onError: (error: unknown) => void): () => void {
  switch (ref.kind) {
    case 'org':
      return deriveOrgTables(doc, onError);
    case 'profile':
      return () => undefined;
  }
}
