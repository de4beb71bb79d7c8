import { describe, expect, it } from 'vitest';
import { roleLabel } from './role-label.ts';

describe('roleLabel', () => {
  it('uses the company’s own name for a role', () => expect(roleLabel('teamlead', new Map([['teamlead', 'Schichtleitung']]))).toBe('Schichtleitung'));
  it('falls back to the default role’s name', () => expect(roleLabel('hr')).toBe('Personal/HR'));
  it('shows the key of a role it knows nothing about', () => expect(roleLabel('lager')).toBe('lager'));
});
