import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests run the built command line: build it first.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Exhaustive passes and Z3 proofs take seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
