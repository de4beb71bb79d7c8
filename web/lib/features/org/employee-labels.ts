// UI labels for the org schema's enumerations, in the current language.
import type { EmployeeStatus, EmploymentType } from '@workmate/sync-protocol';
import { t, type MessageKey } from '$lib/i18n/translate.ts';

const statusKeys: Record<EmployeeStatus, MessageKey> = {
  active: 'employee.statusActive',
  onLeave: 'employee.statusOnLeave',
  left: 'employee.statusLeft',
};

const typeKeys: Record<EmploymentType, MessageKey> = {
  fulltime: 'employee.typeFulltime',
  parttime: 'employee.typeParttime',
  minijob: 'employee.typeMinijob',
  student: 'employee.typeStudent',
  apprentice: 'employee.typeApprentice',
};

export const statusLabel = (status: EmployeeStatus) => t(statusKeys[status]);
export const employmentTypeLabel = (type: EmploymentType) => t(typeKeys[type]);

export function toneOfStatus(status: EmployeeStatus): 'success' | 'warning' | 'neutral' {
  return status === 'active' ? 'success' : status === 'onLeave' ? 'warning' : 'neutral';
}
