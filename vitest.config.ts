// Test projects: unit (pure code beside its source), integration (our real server on a real Postgres),
// e2e (real Chromium against the real server with the built PWA). See the README's Tests section.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/**/*.spec.ts', 'sync-server/src/**/*.spec.ts', 'web/**/*.spec.ts', 'tests/bench/**/*.spec.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
