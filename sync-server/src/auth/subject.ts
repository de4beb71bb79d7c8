// The signed-in user as the access rules see them (`can` from @workmate/domain/access).
import type { Subject } from '@workmate/domain/access';
import type { SessionUser } from './users.ts';

export function subjectOf(user: SessionUser): Subject {
  // Departments a user leads come from the org directory once areas with department-scoped grants
  // (leave approval, time approval) exist; until then no department scope applies.
  return { permissions: user.permissions, employeeId: user.employeeId, departmentIds: [] };
}
