export * from './iban.ts';
export * from './tax-id.ts';
