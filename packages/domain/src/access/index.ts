export * from './permissions.ts';
export * from './can.ts';
export * from './permission-catalogue.ts';
export * from './default-roles.ts';
export * from './password-policy.ts';
export * from './delegation.ts';
