// The direct check (src/solver/z3.ts) calls Z3's C entry point on this
// thread instead of z3-solver's threaded Solver.check(). It must answer
// exactly as the high-level check does, leave the solver in the same state
// (unsat cores, models) and honour the timeout.

import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Z3, ZBoolTerm } from '../../src/solver/z3.ts';
import { check, directCheckInUse, z3 } from '../../src/solver/z3.ts';

let z: Z3;
beforeAll(async () => {
  z = await z3();
}, 30_000);

describe('direct check', () => {
  it('is in use with the pinned z3-solver', () => {
    expect(directCheckInUse()).toBe(true);
  });

  it('answers as Solver.check() on random CNF queries under random assumptions', async () => {
    const vars = Array.from({ length: 6 }, (_, i) => z.Bool.const(`dc${i}`));
    const lit = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean());
    const seen = { sat: 0, unsat: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(lit, { minLength: 1, maxLength: 3 }), { maxLength: 12 }), fc.array(lit, { maxLength: 3 }), async (clauses, assumed) => {
        const term = ([k, pos]: [number, boolean]): ZBoolTerm => (pos ? vars[k] : z.Not(vars[k]));
        const solver = new z.Solver();
        try {
          for (const c of clauses) solver.add(z.Or(...c.map(term)));
          const assumptions = assumed.map(([k, pos]) => (pos ? vars[k] : z.Not(vars[k])));
          // Assumptions must be constants for cores: track them behind literals.
          const tracks = assumptions.map((a, i) => {
            const t = z.Bool.const(`dc-a${i}`);
            solver.add(z.Implies(t, a));
            return t;
          });
          const direct = await check(solver, tracks);
          const core = direct === 'unsat' ? solver.unsatCore().sexpr() : '';
          const model = direct === 'sat' ? vars.map((v) => solver.model().eval(v, true).toString()) : [];
          const threaded = await solver.check(...tracks);
          expect(direct).toBe(threaded);
          if (direct === 'unsat') expect(solver.unsatCore().sexpr()).toBe(core);
          if (direct === 'sat') {
            // The direct model satisfies every clause and assumption.
            const value = ([k, pos]: [number, boolean]) => (model[k] === 'true') === pos;
            for (const c of clauses) expect(c.some(value)).toBe(true);
            for (const a of assumed) expect(value(a)).toBe(true);
          }
          if (direct !== 'unknown') seen[direct]++;
        } finally {
          solver.release();
        }
      }),
      { numRuns: 150 },
    );
    expect(seen.sat).toBeGreaterThan(10);
    expect(seen.unsat).toBeGreaterThan(10);
  }, 60_000);

  it('answers unknown when the timeout runs out', async () => {
    // Pigeonhole, 10 pigeons in 9 holes: far beyond 50 ms for Z3.
    const solver = new z.Solver();
    try {
      solver.set('timeout', 50);
      const n = 9;
      const p = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n }, (_, j) => z.Bool.const(`ph${i}_${j}`)));
      for (const row of p) solver.add(z.Or(...row));
      for (let j = 0; j < n; j++) for (let i = 0; i <= n; i++) for (let k = i + 1; k <= n; k++) solver.add(z.Or(z.Not(p[i][j]), z.Not(p[k][j])));
      expect(await check(solver, [])).toBe('unknown');
      expect(solver.reasonUnknown()).toMatch(/timeout|canceled/);
    } finally {
      solver.release();
    }
  }, 60_000);

  it('answers as Solver.check() under assumptions that are not literals', async () => {
    const solver = new z.Solver();
    try {
      const x = z.Int.const('dc-x');
      solver.add(x.lt(3));
      for (const bound of [1, 2, 3, 4]) {
        const a = x.gt(bound);
        expect(await check(solver, [a])).toBe(await solver.check(a));
      }
    } finally {
      solver.release();
    }
  });
});
