// Exact counting (src/count/) against the exhaustive pass: the same
// counts, witnesses, failures and dead rules on every shipped version under
// every profile, and on random models (test/helpers/random-model.ts), where
// one pass over several assumption sets is also held to a pass per set.
// The decision diagram itself is held to brute force.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Checker } from '../../src/enumerate/check.ts';
import { TableCache } from '../../src/enumerate/table.ts';
import { ALL, EMPTY, Mdd, mergeStates } from '../../src/count/mdd.ts';
import { mergeCubes } from '../../src/space/cubes.ts';
import { tableDiagramLines } from '../../src/count/table-diagram.ts';
import type { Node } from '../../src/count/mdd.ts';
import type { FieldSpec } from '../../src/space/space.ts';
import { Space } from '../../src/space/space.ts';
import { makeSystem } from '../../model/system.ts';
import { PROFILES } from '../../model/assumptions.ts';
import { modelArb, randomSystem } from '../helpers/random-model.ts';

describe('counting equals enumeration on the shipped versions', () => {
  const sys = makeSystem();
  const checker = new Checker(sys, new TableCache(sys));
  for (const id of sys.versionIds) {
    it(`${id}: every profile`, () => {
      // One exhaustive pass judges every profile (enumerateProfiles(): the
      // same results as a pass per profile, on the random models below).
      const profiles = Object.values(PROFILES);
      const enumerated = checker.enumerateProfiles(id, profiles);
      profiles.forEach((ids, p) => {
        expect(checker.check(id, ids)).toEqual(enumerated[p]);
        expect(checker.countFeasible(id, ids)).toBe(checker.enumerateFeasible(id, ids));
      });
    });
  }
});

// --- The decision diagram against brute force --------------------------------

/** A random set of states as a predicate and as a node, built by the same random recipe. */
type Recipe = { op: 'lit'; k: number; v: number } | { op: 'not'; a: Recipe } | { op: 'and' | 'or' | 'xor'; a: Recipe; b: Recipe };

function recipeArb(radices: number[]): fc.Arbitrary<Recipe> {
  const { r } = fc.letrec<{ r: Recipe }>((tie) => ({
    r: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: 0, max: radices.length - 1 }).chain((k) => fc.integer({ min: 0, max: radices[k] - 1 }).map((v): Recipe => ({ op: 'lit', k, v }))),
      tie('r').map((a): Recipe => ({ op: 'not', a: a as Recipe })),
      fc.tuple(fc.constantFrom('and', 'or', 'xor' as const), tie('r'), tie('r')).map(([op, a, b]): Recipe => ({ op, a: a as Recipe, b: b as Recipe })),
    ),
  }));
  return r;
}

function build(m: Mdd, r: Recipe): Node {
  switch (r.op) {
    case 'lit':
      return m.literal(r.k, r.v);
    case 'not':
      return m.not(build(m, r.a));
    case 'and':
      return m.and(build(m, r.a), build(m, r.b));
    case 'or':
      return m.or(build(m, r.a), build(m, r.b));
    case 'xor':
      return m.xor(build(m, r.a), build(m, r.b));
  }
}

function holds(r: Recipe, d: readonly number[]): boolean {
  switch (r.op) {
    case 'lit':
      return d[r.k] === r.v;
    case 'not':
      return !holds(r.a, d);
    case 'and':
      return holds(r.a, d) && holds(r.b, d);
    case 'or':
      return holds(r.a, d) || holds(r.b, d);
    case 'xor':
      return holds(r.a, d) !== holds(r.b, d);
  }
}

describe('decision diagrams', () => {
  const radicesArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 });
  it('count, lowest and closest agree with brute force', () => {
    fc.assert(
      fc.property(
        radicesArb.chain((radices) =>
          fc.tuple(
            fc.constant(radices),
            recipeArb(radices),
            fc.tuple(...radices.map((n) => fc.integer({ min: 0, max: n - 1 }))),
          ),
        ),
        ([radices, recipe, target]) => {
          const m = new Mdd(radices);
          const node = build(m, recipe);
          const space = new Space(radices.map((n, k): FieldSpec => ({ name: `f${k}`, type: 'enum', values: Array.from({ length: n }, (_, v) => `v${v}`) })));
          const members: number[][] = [];
          for (let i = 0; i < space.size; i++) {
            const d = Array.from(space.digits(i));
            if (holds(recipe, d)) members.push(d);
          }
          expect(m.count(node)).toBe(members.length);
          expect(m.lowest(node)).toEqual(members[0]);
          const dist = (d: number[]) => d.reduce((n, x, k) => n + (x === target[k] ? 0 : 1), 0);
          let best: number[] | undefined;
          for (const d of members) if (!best || dist(d) < dist(best)) best = d;
          expect(m.closest(node, target)).toEqual(best && { distance: dist(best), digits: best });
        },
      ),
      { numRuns: 300 },
    );
  });

  /** A random space, two random sets and a random cube (masks) over it. */
  const twoSetsArb = radicesArb.chain((radices) =>
    fc.tuple(
      fc.constant(radices),
      recipeArb(radices),
      recipeArb(radices),
      fc.tuple(...radices.map((n) => fc.integer({ min: 0, max: (1 << n) - 1 }))),
    ),
  );
  const statesOf = (radices: number[]) => {
    const space = new Space(radices.map((n, k): FieldSpec => ({ name: `f${k}`, type: 'enum', values: Array.from({ length: n }, (_, v) => `v${v}`) })));
    return Array.from({ length: space.size }, (_, i) => Array.from(space.digits(i)));
  };
  const inCube = (masks: readonly number[], d: readonly number[]) => d.every((x, k) => (masks[k] & (1 << x)) !== 0);

  it('combine, terminals, cube, meetsCube, forEachState and forall agree with brute force', () => {
    fc.assert(
      fc.property(twoSetsArb, ([radices, ra, rb, masks]) => {
        const m = new Mdd(radices);
        const a = build(m, ra);
        const b = build(m, rb);
        const states = statesOf(radices);
        // Two multi-terminal diagrams from sets, combined with a terminal per pair.
        const [x, y, z] = [m.terminal(), m.terminal(), m.terminal()];
        const multi = m.combine(a, b, (ta, tb) => (ta === EMPTY ? x : tb === ALL ? y : z));
        const asked = new Set<string>();
        const pairs = m.combine(multi, b, (t, u) => {
          asked.add(`${t},${u}`);
          return t === x ? EMPTY : t;
        });
        const expected = (d: number[]) => (!holds(ra, d) ? x : holds(rb, d) ? y : z);
        expect(states.filter((d) => m.relabel(multi, (t) => t === expected(d)) === EMPTY)).toEqual([]);
        expect(m.count(m.relabel(multi, (t) => t === y))).toBe(states.filter((d) => holds(ra, d) && holds(rb, d)).length);
        expect(m.count(m.relabel(pairs, (t) => t === z))).toBe(states.filter((d) => holds(ra, d) && !holds(rb, d)).length);
        // pair is asked only about terminals that meet on some state.
        const met = new Set(states.map((d) => `${expected(d)},${holds(rb, d) ? ALL : EMPTY}`));
        expect([...asked].filter((k) => !met.has(k))).toEqual([]);
        expect(new Set(m.terminals(multi))).toEqual(new Set(states.map(expected)));

        const cube = m.cube(masks);
        expect(m.count(cube)).toBe(states.filter((d) => inCube(masks, d)).length);
        expect(m.meetsCube(a, masks)).toBe(states.some((d) => holds(ra, d) && inCube(masks, d)));
        expect(m.meetsCube(a, masks)).toBe(m.and(a, cube) !== EMPTY);

        const visited: number[][] = [];
        m.forEachState(a, (d) => visited.push(Array.from(d)));
        expect(visited).toEqual(states.filter((d) => holds(ra, d)));

        for (let k = 0; k < radices.length; k++) {
          const all = m.forall(a, k);
          const every = (d: number[]) => Array.from({ length: radices[k] }, (_, v) => v).every((v) => holds(ra, d.map((x, j) => (j === k ? v : x))));
          expect(m.count(all)).toBe(states.filter(every).length);
          expect(m.and(all, m.not(a))).toBe(EMPTY);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('mergeStates makes the cubes mergeCubes makes of the listed states', () => {
    fc.assert(
      fc.property(
        radicesArb.chain((radices) => fc.tuple(fc.constant(radices), recipeArb(radices))),
        ([radices, recipe]) => {
          const m = new Mdd(radices);
          const set = build(m, recipe);
          const listed = statesOf(radices)
            .filter((d) => holds(recipe, d))
            .map((d) => Int8Array.from(d));
          expect(mergeStates(m, set)).toEqual(mergeCubes(listed, radices));
        },
      ),
      { numRuns: 300 },
    );
    // Sets with many siblings: unions of random cubes.
    fc.assert(
      fc.property(
        radicesArb.chain((radices) =>
          fc.tuple(fc.constant(radices), fc.array(fc.tuple(...radices.map((n) => fc.integer({ min: 0, max: (1 << n) - 1 }))), { maxLength: 4 })),
        ),
        ([radices, cubes]) => {
          const m = new Mdd(radices);
          const set = m.orAll(cubes.map((c) => m.cube(c)));
          const listed = statesOf(radices)
            .filter((d) => cubes.some((c) => inCube(c, d)))
            .map((d) => Int8Array.from(d));
          expect(mergeStates(m, set)).toEqual(mergeCubes(listed, radices));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is canonical: equal sets are the same node', () => {
    const m = new Mdd([2, 3, 2]);
    const a = m.or(m.literal(1, 0), m.literal(1, 2));
    const b = m.not(m.literal(1, 1));
    expect(a).toBe(b);
    expect(m.and(m.literal(0, 1), m.literal(0, 0))).toBe(0);
    expect(m.or(m.literal(2, 1), m.literal(2, 0))).toBe(1);
  });

  it('refuses a space too large to count exactly', () => {
    expect(() => new Mdd(Array.from({ length: 60 }, () => 2))).toThrow(/too large to count exactly/);
  });
});

// --- Random models: counting against the exhaustive pass ---------------------

describe('counting equals enumeration on random models', () => {
  it('same counts, witnesses, failures and dead rules', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const sys = randomSystem(m);
        const checker = new Checker(sys, new TableCache(sys));
        const ids = sys.assumptions.map((a) => a.id);
        // Sets that share some assumptions and not others: one pass over all
        // of them gives what a pass per set gives.
        const sets = [[], ids, ids.filter((_, k) => k % 2 === 0), ids.filter((_, k) => k % 2 === 1)];
        for (const id of sys.versionIds) {
          const together = checker.enumerateProfiles(id, sets);
          sets.forEach((set, p) => {
            expect(checker.check(id, set)).toEqual(together[p]);
            expect(checker.countFeasible(id, set)).toBe(checker.enumerateFeasible(id, set));
          });
          // A pass of its own gives the same: with no assumption, and with
          // a set that shares some of its assumptions with the others.
          for (const p of [0, 2]) expect(checker.enumerate(id, sets[p])).toEqual(together[p]);
        }
      }),
      { numRuns: 150 },
    );
  });
});

// --- The table digest's diagram ----------------------------------------------

describe('canonical table diagrams', () => {
  it('equal tables give equal diagrams; a change in one state changes it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }).chain((radices) => {
          const size = radices.reduce((a, b) => a * b, 1);
          return fc.tuple(
            fc.constant(radices),
            fc.array(fc.integer({ min: 0, max: 2 }), { minLength: size * 2, maxLength: size * 2 }),
            fc.integer({ min: 0, max: size - 1 }),
          );
        }),
        ([radices, digits, changed]) => {
          const size = radices.reduce((a, b) => a * b, 1);
          const rows = (outputs: number[]) => ({
            size,
            width: 2,
            decisions: 1,
            outputs: Int8Array.from(outputs),
            rules: new Int16Array(size),
            failures: new Map<number, string>(),
          });
          const lines = tableDiagramLines(radices, rows(digits));
          expect(tableDiagramLines(radices, rows([...digits]))).toEqual(lines);
          const other = [...digits];
          other[changed * 2] = (other[changed * 2] + 1) % 3;
          expect(tableDiagramLines(radices, rows(other))).not.toEqual(lines);
          const failing = rows(digits);
          failing.failures.set(changed, 'boom');
          expect(tableDiagramLines(radices, failing)).not.toEqual(lines);
        },
      ),
      { numRuns: 200 },
    );
  });
});
