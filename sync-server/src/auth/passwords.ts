// Password hashing with argon2id. Parameters follow the OWASP recommendation for argon2id
// (19 MiB memory, 2 iterations, 1 lane): ~20–40 ms per hash on our 2-core machines.
import { hash, verify } from '@node-rs/argon2';

// `algorithm: 2` is Algorithm.Argon2id; the package exports it as a const enum we cannot import.
const params = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, params);

// Process-wide, like the dummy hash below: the sign-in throttle's bound is on this count, and the
// metrics report it (observability/auth-metrics.ts).
let verifications = 0;

/** Password hashes this process has verified, the dummy hash included. */
export const passwordVerifications = (): number => verifications;

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  verifications++;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the email is unknown, so an unknown account costs as much time as a wrong
// password and response times do not reveal which emails exist.
let dummyHash: Promise<string> | null = null;
export function verifyAgainstDummy(password: string): Promise<boolean> {
  dummyHash ??= hashPassword('workmate-no-such-user-' + Math.random());
  return dummyHash.then((h) => verifyPassword(h, password)).then(() => false);
}
