// The direct check (src/solver/z3.ts) calls Z3's C entry point on this
// thread instead of z3-solver's threaded Solver.check(). It must answer
// exactly as the high-level check does, leave the solver in the same state
// (unsat cores, models) and honour the timeout.

import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Z3, ZBoolTerm } from '../../src/solver/z3.ts';
import { check, directCheckInUse, stateModel, unsatCoreAsts, z3, z3Glue } from '../../src/solver/z3.ts';

let z: Z3;
beforeAll(async () => {
  z = await z3();
}, 30_000);

describe('direct check', () => {
  it('is in use with the pinned z3-solver', () => {
    expect(directCheckInUse()).toBe(true);
  });

  it('runs on the glue without the table check (the pinned build has the line once; every test here runs on it)', () => {
    expect(process.env.S2CHECK_Z3_AS_PUBLISHED).toBeUndefined();
    expect(z3Glue).toBe('lean');
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
          if (direct === 'unsat') {
            // The core by address (what the prover reads) names the same literals.
            const asts = unsatCoreAsts(solver)!;
            expect(tracks.map((t, i) => (asts.has(t.ast as unknown as number) ? `dc-a${i}` : '')).filter(Boolean).sort()).toEqual(
              tracks.map((_, i) => `dc-a${i}`).filter((n) => new RegExp(`\\b${n}\\b`).test(core)).sort(),
            );
            expect(asts.size, core).toBe(core.replace(/[()]|ast-vector/g, ' ').split(/\s+/).filter(Boolean).length);
          }
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

// stateModel confirms the counting side's witnesses against the Z3
// encoding without a solver: it must give the truth value a solver gives
// on that state, and nothing for a term over a constant it does not give.
describe('ground evaluation', () => {
  it('agrees with a solver on random formulas over booleans and small integers', async () => {
    const bs = Array.from({ length: 3 }, (_, i) => z.Bool.const(`ge-b${i}`));
    const xs = Array.from({ length: 2 }, (_, i) => z.Int.const(`ge-x${i}`));
    type F = { k: 'b'; i: number } | { k: 'eq'; i: number; v: number } | { k: 'not'; a: F } | { k: 'and' | 'or'; a: F; b: F } | { k: 'ite'; c: F; a: F; b: F };
    const { f } = fc.letrec<{ f: F }>((tie) => ({
      f: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.record({ k: fc.constant('b' as const), i: fc.integer({ min: 0, max: 2 }) }),
        fc.record({ k: fc.constant('eq' as const), i: fc.integer({ min: 0, max: 1 }), v: fc.integer({ min: 0, max: 2 }) }),
        fc.record({ k: fc.constant('not' as const), a: tie('f') }),
        fc.record({ k: fc.constantFrom('and' as const, 'or' as const), a: tie('f'), b: tie('f') }),
        fc.record({ k: fc.constant('ite' as const), c: tie('f'), a: tie('f'), b: tie('f') }),
      ),
    }));
    const term = (x: F): ZBoolTerm => {
      switch (x.k) {
        case 'b':
          return bs[x.i];
        case 'eq':
          return xs[x.i].eq(x.v);
        case 'not':
          return z.Not(term(x.a));
        case 'and':
          return z.And(term(x.a), term(x.b));
        case 'or':
          return z.Or(term(x.a), term(x.b));
        case 'ite':
          return z.If(term(x.c), term(x.a), term(x.b)) as ZBoolTerm;
      }
    };
    const state = fc.tuple(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2, maxLength: 2 }));
    await fc.assert(
      fc.asyncProperty(f, state, async (x, [b, v]) => {
        const t = term(x);
        const from = [...bs, ...xs];
        const to = [...b.map((y) => z.Bool.val(y)), ...v.map((y) => z.Int.val(y))];
        const solver = new z.Solver();
        try {
          from.forEach((c, k) => solver.add((c as ZBoolTerm).eq(to[k] as ZBoolTerm)));
          solver.add(t);
          const expected = (await check(solver, [])) === 'sat';
          const model = stateModel(from, to)!;
          try {
            expect(model.value(t)).toBe(expected);
          } finally {
            model.release();
          }
        } finally {
          solver.release();
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('says nothing of a term over a constant the state does not give', () => {
    const b = z.Bool.const('ge-free');
    const c = z.Bool.const('ge-bound');
    const yes = stateModel([c], [z.Bool.val(true)])!;
    const no = stateModel([c], [z.Bool.val(false)])!;
    try {
      expect(yes.value(z.And(b, c))).toBeUndefined();
      expect(no.value(z.And(b, c))).toBe(false);
      expect(yes.value(c)).toBe(true);
    } finally {
      yes.release();
      no.release();
    }
  });
});
