// Exact counting (src/count/) against the exhaustive pass: the same
// counts, witnesses, failures and dead rules on every shipped version under
// every profile, and on random models (random spaces, rule lists that may
// throw, assumptions, twin and reference frames, derived facts and
// properties). The decision diagram itself is held to brute force.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Bool, Enum, EnumSort } from '../../src/space/expr.ts';
import { and, boolVar, enumSort, enumVar, eq, iff, implies, ite, lit, not, or } from '../../src/space/expr.ts';
import { Checker } from '../../src/enumerate/check.ts';
import { TableCache } from '../../src/enumerate/table.ts';
import { Mdd } from '../../src/count/mdd.ts';
import { tableDiagramLines } from '../../src/count/table-diagram.ts';
import type { Node } from '../../src/count/mdd.ts';
import type { FieldSpec } from '../../src/space/space.ts';
import { Space } from '../../src/space/space.ts';
import type { Property } from '../../src/space/property.ts';
import type { ConcreteEncoding, System } from '../../src/space/system.ts';
import { makeSystem } from '../../model/system.ts';
import { PROFILES } from '../../model/assumptions.ts';

describe('counting equals enumeration on the shipped versions', () => {
  const sys = makeSystem();
  const checker = new Checker(sys, new TableCache(sys));
  for (const id of sys.versionIds) {
    it(`${id}: every profile`, () => {
      for (const ids of Object.values(PROFILES)) {
        expect(checker.check(id, ids)).toEqual(checker.enumerate(id, ids));
        expect(checker.countFeasible(id, ids)).toBe(checker.enumerateFeasible(id, ids));
      }
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

const OUT_A = enumSort('o.a', ['x', 'y', 'z']);

interface RandomRule {
  /** Field -> digit; the rule fires when every one matches. */
  readonly guard: ReadonlyArray<readonly [number, number]>;
  readonly a: number;
  readonly b: boolean;
  /** The rule throws instead of deciding (a broken encoding). */
  readonly fails: boolean;
}

interface RandomModel {
  readonly radices: number[];
  readonly versions: RandomRule[][];
  readonly assumptions: Bool[];
  readonly formulas: Array<{ premise: Bool; conclusion: Bool }>;
  readonly twin: readonly [number, number];
  readonly presets: number[][];
}

function ruleArb(radices: number[]): fc.Arbitrary<RandomRule> {
  return fc.record({
    guard: fc.array(
      fc.integer({ min: 0, max: radices.length - 1 }).chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: 0, max: radices[k] - 1 }))),
      { maxLength: 3 },
    ),
    a: fc.integer({ min: 0, max: 2 }),
    b: fc.boolean(),
    fails: fc.boolean().map((x) => x && Math.random() < 0.3),
  });
}

function fieldSort(radices: number[], k: number): EnumSort | undefined {
  return radices[k] === 2 ? undefined : enumSort(`s${k}`, Array.from({ length: radices[k] }, (_, v) => `v${v}`));
}

/** A random formula over fields, outputs and derived facts, in any frame. */
function formulaArb(radices: number[]): fc.Arbitrary<Bool> {
  const frames = ['', '', 'ref', 'twin'];
  const atom: fc.Arbitrary<Bool> = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: radices.length - 1 }), fc.nat(), fc.constantFrom(...frames)).map(([k, v, f]) => {
      const sort = fieldSort(radices, k);
      return sort ? eq(enumVar(`f${k}`, sort, f), lit(sort, sort.values[v % sort.values.length])) : boolVar(`f${k}`, f);
    }),
    fc.tuple(fc.constantFrom('x', 'y', 'z'), fc.constantFrom(...frames)).map(([v, f]) => eq(enumVar('o.a', OUT_A, f), lit(OUT_A, v))),
    fc.constantFrom(...frames).map((f) => boolVar('o.b', f)),
    fc.constantFrom(...frames).map((f) => boolVar('d.both', f)),
    fc.constantFrom(...frames).map((f) => eq(enumVar('d.a', OUT_A, f), lit(OUT_A, 'x'))),
  );
  const { e } = fc.letrec<{ e: Bool }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      atom,
      tie('e').map((x) => not(x as Bool)),
      fc.tuple(tie('e'), tie('e')).map(([x, y]) => and(x as Bool, y as Bool)),
      fc.tuple(tie('e'), tie('e')).map(([x, y]) => or(x as Bool, y as Bool)),
      fc.tuple(tie('e'), tie('e')).map(([x, y]) => implies(x as Bool, y as Bool)),
      fc.tuple(tie('e'), tie('e')).map(([x, y]) => iff(x as Bool, y as Bool)),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([x, y, z]) => ite(x as Bool, y as Bool, z as Bool)),
    ),
  }));
  return e;
}

/** Assumptions read the state under check only (fields and its own outputs). */
function selfOnly(t: Bool): boolean {
  return !JSON.stringify(t).includes('"frame":"ref"') && !JSON.stringify(t).includes('"frame":"twin"');
}

const modelArb: fc.Arbitrary<RandomModel> = fc
  .array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 5 })
  .chain((radices) =>
    fc.record({
      radices: fc.constant(radices),
      versions: fc.tuple(fc.array(ruleArb(radices), { maxLength: 5 }), fc.array(ruleArb(radices), { maxLength: 5 })),
      assumptions: fc.array(formulaArb(radices).filter(selfOnly), { maxLength: 2 }),
      formulas: fc.array(fc.record({ premise: formulaArb(radices), conclusion: formulaArb(radices) }), { minLength: 1, maxLength: 4 }),
      twin: fc.integer({ min: 0, max: radices.length - 1 }).chain((k) => fc.tuple(fc.constant(k), fc.integer({ min: 0, max: radices[k] - 1 }))),
      presets: fc.array(fc.tuple(...radices.map((n) => fc.integer({ min: 0, max: n - 1 }))), { minLength: 1, maxLength: 3 }),
    }),
  );

function randomSystem(m: RandomModel): System {
  const fields: FieldSpec[] = m.radices.map((n, k) => {
    const sort = fieldSort(m.radices, k);
    return sort ? { name: `f${k}`, type: 'enum', values: sort.values } : { name: `f${k}`, type: 'bool' };
  });
  const space = new Space(fields);
  const ids = ['r0', 'r1'];
  const encoding = (id: string): ConcreteEncoding => {
    // The last rule is a catch-all; a state no rule takes has no outcome (a failure).
    const rules = m.versions[ids.indexOf(id)];
    return {
      id,
      decisions: [{ id: 'd', rules: [...rules.map((_, i) => `rule${i}`), 'none'] }],
      evaluate(digit, out, r) {
        for (let i = 0; i < rules.length; i++) {
          const rule = rules[i];
          if (rule.guard.every(([k, v]) => digit(k) === v)) {
            if (rule.fails) throw new Error(`rule${i} throws`);
            out[0] = rule.a;
            out[1] = rule.b ? 1 : 0;
            r[0] = i;
            return;
          }
        }
        if (digit(0) === 0) throw new Error('no rule matches');
        out[0] = 0;
        out[1] = 0;
        r[0] = rules.length;
      },
    };
  };
  const twinField = fields[m.twin[0]];
  const twinValue = twinField.type === 'bool' ? m.twin[1] === 1 : twinField.values[m.twin[1]];
  const properties: Property[] = [
    ...m.formulas.map((f, i): Property => ({ id: `p${i}`, category: 'random', kind: 'formula', statement: '', reason: '', explain: '', ...f })),
    { id: 'total', category: 'structural', kind: 'total', statement: '', reason: '', explain: '' },
    { id: 'no-dead-rules', category: 'structural', kind: 'no-dead-rules', statement: '', reason: '', explain: '' },
  ];
  const s0 = fieldSort(m.radices, 0);
  const f0 = s0 ? eq(enumVar('f0', s0), lit(s0, 'v1')) : boolVar('f0');
  const derived = (id: string): Record<string, Bool | Enum> => ({
    // Definitions differ by version, and one reads the one before it.
    'd.a': id === 'r0' ? enumVar('o.a', OUT_A) : lit(OUT_A, 'z'),
    'd.both': id === 'r0' ? and(boolVar('o.b'), f0) : or(boolVar('o.b'), eq(enumVar('d.a', OUT_A), lit(OUT_A, 'y'))),
  });
  return {
    space,
    outputs: [
      { name: 'o.a', type: 'enum', values: OUT_A.values },
      { name: 'o.b', type: 'bool' },
    ],
    versionIds: ids,
    encoding,
    symbolic: () => {
      throw new Error('no symbolic encoding');
    },
    derived,
    assumptions: m.assumptions.map((formula, i) => ({ id: `a${i}`, kind: 'hard', formula })),
    frames: [
      { id: 'ref', version: 'r0', overrides: {}, doc: '' },
      { id: 'twin', version: 'self', overrides: { [twinField.name]: twinValue }, doc: '' },
    ],
    properties,
    presets: m.presets.map((d, i) => ({ name: `preset${i}`, index: space.indexOfDigits(d) })),
  };
}

describe('counting equals enumeration on random models', () => {
  it('same counts, witnesses, failures and dead rules', () => {
    fc.assert(
      fc.property(modelArb, (m) => {
        const sys = randomSystem(m);
        const checker = new Checker(sys, new TableCache(sys));
        const ids = sys.assumptions.map((a) => a.id);
        for (const id of sys.versionIds) {
          for (const set of [[], ids]) {
            expect(checker.check(id, set)).toEqual(checker.enumerate(id, set));
            expect(checker.countFeasible(id, set)).toBe(checker.enumerateFeasible(id, set));
          }
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
