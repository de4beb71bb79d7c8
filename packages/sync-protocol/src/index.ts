export * from './close-codes.ts';
export * from './message-types.ts';
export * from './doc-names.ts';
export * from './doc-access.ts';
export * as orgDoc from './docs/org.ts';
export type { Employee, EmployeeFields, EmployeeField, Department, OrgRole, EmploymentType, EmployeeStatus } from './docs/org.ts';
