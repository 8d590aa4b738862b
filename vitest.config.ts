import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // A rule file imports 's2check' (the API); the command line resolves it with
  // bin/resolve-hooks.mjs, which do not apply to modules vitest loads: here
  // it names the same file, so that commands run in-process (test/helpers/
  // run.ts) load rule files as the binary does.
  resolve: { alias: [{ find: /^s2check$/, replacement: fileURLToPath(new URL('model/api.ts', import.meta.url)) }] },
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end tests run the built command line: build it first.
    globalSetup: ['test/helpers/global-setup.ts'],
    // Test files share their worker's modules (one model, its tables and
    // counts, one Z3 per worker) instead of loading them again per file;
    // no test replaces a module or changes process-wide state.
    isolate: false,
    // Transformed modules are kept on disk (keyed by their content) between
    // runs: a developer's second run skips most of the transform time.
    experimental: { fsModuleCache: true },
    // One worker per core (vitest's default leaves one core idle): many
    // files mostly wait for the processes or the solver they start.
    maxWorkers: os.availableParallelism(),
    // Exhaustive passes and Z3 proofs take seconds, not milliseconds.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
