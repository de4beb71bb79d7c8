// Which permission each doc needs to be read and to be written, and whose record it is. The server
// enforces this at connect (read) and on every update frame (write), with `can` from
// @workmate/domain/access; the web app uses the same table to decide what to open and offer.
import type { Resource } from '@workmate/domain/access';
import type { DocRef } from './doc-names.ts';

export type DocCheck = { permission: string; resource: Resource };
export type DocAccess = { read: DocCheck; write: DocCheck };

export function docAccess(ref: DocRef): DocAccess {
  switch (ref.kind) {
    case 'org':
      return { read: { permission: 'org.read', resource: {} }, write: { permission: 'org.write', resource: {} } };
    case 'profile': {
      const resource = { ownerEmployeeId: ref.employeeId };
      return { read: { permission: 'people.private.read', resource }, write: { permission: 'people.private.write', resource } };
    }
  }
}

/** One example ref per kind, for tests and tooling that iterate every doc kind. */
export const exampleDocRefs: Record<DocRef['kind'], (employeeId: string) => DocRef> = {
  org: () => ({ kind: 'org' }),
  profile: (employeeId) => ({ kind: 'profile', employeeId }),
};
