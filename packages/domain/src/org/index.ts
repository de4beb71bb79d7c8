export * from './employee-number.ts';
