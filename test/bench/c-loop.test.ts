// The plain C loop of the benchmark (bench/c-loop/): generated from the
// model for every version of the series, and, where the machine has gcc,
// compiled and run with counts equal to the checker's. (It stopped
// generating once the model grew mainline fields and relative frames, and
// the benchmark said "Not run" for it until this test.)

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateCLoop } from '../../bench/c-loop/generate.ts';
import { runCLoop } from '../../bench/c-loop/run.ts';
import { PROFILES } from '../../model/assumptions.ts';
import { makeSystem } from '../../model/system.ts';
import { Checker } from '../../src/enumerate/check.ts';
import { TableCache } from '../../src/enumerate/table.ts';

// Each loop is compiled once per source and compiler (the binary is kept
// here); it runs, and its counts are compared, every time.
const compiled = fileURLToPath(new URL('../../node_modules/.cache/s2check/c-loop', import.meta.url));

const hasGcc = (() => {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('the plain C loop', () => {
  it('is generated for every version of the series', () => {
    const sys = makeSystem();
    const checker = new Checker(sys, new TableCache(sys));
    for (const id of sys.versionIds) {
      const { source, properties } = generateCLoop(sys, checker, id, PROFILES.default);
      expect(source).toMatch(/int main\(/);
      expect(properties.length).toBeGreaterThan(0);
    }
  });

  it.skipIf(!hasGcc)('compiled with gcc, counts what the checker counts (v10 and v9, which reads baseline)', () => {
    for (const id of ['v10', 'v9']) {
      const r = runCLoop(id, 1, { compiled });
      expect(r.error).toBeUndefined();
      expect(r.agrees).toBe(true);
      expect(r.feasible).toBe(79104);
    }
  });
});
