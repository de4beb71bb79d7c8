export * from './close-codes.ts';
export * from './message-types.ts';
export * from './doc-names.ts';
export * from './doc-access.ts';
export * from './endpoint-access.ts';
export * as orgDoc from './docs/org.ts';
export * as profileDoc from './docs/profile.ts';
export type { Employee, EmployeeFields, EmployeeField, Department, OrgRole, EmploymentType, EmployeeStatus } from './docs/org.ts';
export type { Profile, ProfileFields, ProfileField } from './docs/profile.ts';
