// The sign-in metrics: password hashes verified, the work the sign-in throttle bounds — a burst of
// guesses that got past it would show here.
import { passwordVerifications } from '../auth/passwords.ts';
import type { MetricsRegistry } from './metrics-registry.ts';

export function registerAuthMetrics(registry: MetricsRegistry): void {
  registry.counterFrom(
    'workmate_password_verifications_total',
    'Password hashes verified: sign-ins, password changes, and unknown emails against the dummy hash.',
    passwordVerifications,
  );
}
