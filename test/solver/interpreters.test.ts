// The two interpreters of src/space/expr.ts must agree: the concrete one
// (compileBool, used by the enumerator) and the Z3 one (boolToZ3, used by
// the prover). Random expressions over every operator, random values; Z3
// is asked, with every variable fixed to its value, whether the term can be
// true and whether it can be false: exactly one must be possible, and it
// must be the concrete value.

import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Bool, Enum, Resolver, VarRef } from '../../src/space/expr.ts';
import { boolCodeEager, compileBool, enumSort, show } from '../../src/space/expr.ts';
import { boolToZ3 } from '../../src/solver/translate.ts';
import type { Z3, ZBoolTerm, ZIntTerm, ZTerm } from '../../src/solver/z3.ts';
import { check, z3 } from '../../src/solver/z3.ts';

// --- Vocabulary: 3 booleans, 2 enums of one 3-valued sort ---------------------

const BOOL_VARS = ['b.p', 'b.q', 'b.r'] as const;
const ENUM_VARS = ['e.x', 'e.y'] as const;
const SORT = enumSort('colour', ['RED', 'GREEN', 'BLUE']);
const NAMES = [...BOOL_VARS, ...ENUM_VARS];
const SLOT: Record<string, number> = Object.fromEntries(NAMES.map((n, i) => [n, i]));

const resolve: Resolver = (ref: VarRef) => {
  if (ref.frame !== '' || !(ref.name in SLOT)) throw new Error(`unexpected variable ${ref.frame}:${ref.name}`);
  return { frame: 0, slot: SLOT[ref.name] };
};

// --- Generators -----------------------------------------------------------------
// Nodes are built as raw objects (not through and()/or(), which collapse a
// single argument), so that empty and one-argument and/or reach both
// interpreters too.

const ref = (name: string): VarRef => ({ name, frame: '' });

const { bool: boolArb } = fc.letrec<{ bool: Bool; enum: Enum }>((tie) => ({
  bool: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.boolean().map((value): Bool => ({ op: 'lit', value })),
    fc.constantFrom(...BOOL_VARS).map((name): Bool => ({ op: 'var', ref: ref(name) })),
    tie('bool').map((arg): Bool => ({ op: 'not', arg })),
    fc
      .tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(tie('bool'), { maxLength: 3 }))
      .map(([op, args]): Bool => ({ op, args })),
    fc
      .tuple(fc.constantFrom('implies' as const, 'iff' as const), tie('bool'), tie('bool'))
      .map(([op, lhs, rhs]): Bool => ({ op, lhs, rhs })),
    fc.tuple(tie('bool'), tie('bool'), tie('bool')).map(([cond, then, otherwise]): Bool => ({ op: 'ite', cond, then, else: otherwise })),
    fc.tuple(tie('enum'), tie('enum')).map(([lhs, rhs]): Bool => ({ op: 'eq', lhs, rhs })),
  ),
  enum: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ENUM_VARS).map((name): Enum => ({ op: 'evar', ref: ref(name), sort: SORT })),
    fc.constantFrom(...SORT.values).map((value): Enum => ({ op: 'elit', sort: SORT, value })),
    fc
      .tuple(tie('bool'), tie('enum'), tie('enum'))
      .map(([cond, then, otherwise]): Enum => ({ op: 'eite', cond, then, else: otherwise, sort: SORT })),
  ),
}));

/** Digits in slot order: booleans 0/1, enums the value position. */
const valuesArb = fc.tuple(
  ...BOOL_VARS.map(() => fc.integer({ min: 0, max: 1 })),
  ...ENUM_VARS.map(() => fc.integer({ min: 0, max: SORT.values.length - 1 })),
);

// --- Z3 side ---------------------------------------------------------------------

let z: Z3;
let consts: Record<string, ZTerm>;

beforeAll(async () => {
  z = await z3();
  consts = Object.fromEntries([
    ...BOOL_VARS.map((n) => [n, z.Bool.const(`interp:${n}`)] as const),
    ...ENUM_VARS.map((n) => [n, z.Int.const(`interp:${n}`)] as const),
  ]);
}, 30_000);

const z3Resolve = (r: VarRef): ZTerm => {
  if (r.frame !== '' || !(r.name in consts)) throw new Error(`unexpected variable ${r.frame}:${r.name}`);
  return consts[r.name];
};

/** What Z3 says the term is, with every variable fixed to `digits`. Throws unless exactly one of true/false is possible. */
async function z3Value(solver: InstanceType<Z3['Solver']>, t: Bool, digits: readonly number[]): Promise<boolean> {
  const term = boolToZ3(z, t, z3Resolve);
  solver.push();
  try {
    BOOL_VARS.forEach((n, i) => solver.add(digits[i] ? (consts[n] as ZBoolTerm) : z.Not(consts[n] as ZBoolTerm)));
    ENUM_VARS.forEach((n, j) => solver.add((consts[n] as ZIntTerm).eq(digits[BOOL_VARS.length + j])));
    const canBeTrue = await check(solver, [term]);
    const canBeFalse = await check(solver, [z.Not(term)]);
    const answers = `true: ${canBeTrue}, false: ${canBeFalse}`;
    if ((canBeTrue === 'sat') === (canBeFalse === 'sat') || canBeTrue === 'unknown' || canBeFalse === 'unknown') {
      throw new Error(`Z3 does not decide ${show(t)} on ${digits.join(',')} (${answers})`);
    }
    return canBeTrue === 'sat';
  } finally {
    solver.pop();
  }
}

describe('the branch-free source (boolCodeEager) agrees with compileBool', () => {
  it('on random expressions over every operator and random values', () => {
    const sel = (c: number, a: number, b: number) => (c !== 0 ? a : b);
    fc.assert(
      fc.property(boolArb, valuesArb, (t, digits) => {
        const env = [Int32Array.from(digits)];
        const code = boolCodeEager(t, (r) => `env[0][${resolve(r).slot}]`);
        const eager = new Function('env', 'SEL', `return ${code};`)(env, sel) as number;
        expect(eager === 0 || eager === 1, code).toBe(true);
        expect(eager === 1, show(t)).toBe(compileBool(t, resolve)(env));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compileBool and boolToZ3 agree', () => {
  it('on random expressions over every operator and random values', async () => {
    const solver = new z.Solver();
    let trueSeen = 0;
    let falseSeen = 0;
    await fc.assert(
      fc.asyncProperty(boolArb, valuesArb, async (t, digits) => {
        const env = [Int32Array.from(digits)];
        const concrete = compileBool(t, resolve)(env);
        const symbolic = await z3Value(solver, t, digits);
        if (concrete) trueSeen++;
        else falseSeen++;
        expect(symbolic, `${show(t)} on ${digits.join(',')}`).toBe(concrete);
      }),
      { numRuns: 200 },
    );
    // The generator must exercise both answers, or the comparison says little.
    expect(trueSeen).toBeGreaterThan(20);
    expect(falseSeen).toBeGreaterThan(20);
  }, 30_000);

  it('on hand-picked corner cases (empty and/or, eite chains, literal-only eq)', async () => {
    const solver = new z.Solver();
    const x: Enum = { op: 'evar', ref: ref('e.x'), sort: SORT };
    const y: Enum = { op: 'evar', ref: ref('e.y'), sort: SORT };
    const blue: Enum = { op: 'elit', sort: SORT, value: 'BLUE' };
    const red: Enum = { op: 'elit', sort: SORT, value: 'RED' };
    const p: Bool = { op: 'var', ref: ref('b.p') };
    const cases: Array<[Bool, number[], boolean]> = [
      [{ op: 'and', args: [] }, [0, 0, 0, 0, 0], true],
      [{ op: 'or', args: [] }, [1, 1, 1, 2, 2], false],
      [{ op: 'eq', lhs: blue, rhs: blue }, [0, 0, 0, 0, 0], true],
      [{ op: 'eq', lhs: blue, rhs: red }, [0, 0, 0, 0, 0], false],
      [{ op: 'eq', lhs: { op: 'eite', cond: p, then: x, else: y, sort: SORT }, rhs: blue }, [1, 0, 0, 2, 0], true],
      [{ op: 'eq', lhs: { op: 'eite', cond: p, then: x, else: y, sort: SORT }, rhs: blue }, [0, 0, 0, 2, 0], false],
      [{ op: 'eq', lhs: x, rhs: y }, [0, 0, 0, 1, 1], true],
      [{ op: 'implies', lhs: p, rhs: { op: 'lit', value: false } }, [1, 0, 0, 0, 0], false],
    ];
    for (const [t, digits, want] of cases) {
      expect(compileBool(t, resolve)([Int32Array.from(digits)]), show(t)).toBe(want);
      expect(await z3Value(solver, t, digits), show(t)).toBe(want);
    }
  });
});
