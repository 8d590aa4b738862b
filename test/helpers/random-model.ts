// Random models for the tests that hold two methods to the same answer
// (counting against enumeration, the symbolic diff against the per-state
// one): random spaces, two versions of rule lists that may throw,
// assumptions, twin and reference frames, derived facts and properties.

import fc from 'fast-check';
import type { Bool, Enum, EnumSort } from '../../src/space/expr.ts';
import { and, boolVar, enumSort, enumVar, eq, iff, implies, ite, lit, not, or } from '../../src/space/expr.ts';
import type { FieldSpec } from '../../src/space/space.ts';
import { Space } from '../../src/space/space.ts';
import type { Property } from '../../src/space/property.ts';
import type { ConcreteEncoding, System } from '../../src/space/system.ts';

const OUT_A = enumSort('o.a', ['x', 'y', 'z']);

interface RandomRule {
  /** Field -> digit; the rule fires when every one matches. */
  readonly guard: ReadonlyArray<readonly [number, number]>;
  readonly a: number;
  readonly b: boolean;
  /** The rule throws instead of deciding (a broken encoding). */
  readonly fails: boolean;
}

export interface RandomModel {
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
export function formulaArb(radices: number[]): fc.Arbitrary<Bool> {
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

export const modelArb: fc.Arbitrary<RandomModel> = fc
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

export function randomSystem(m: RandomModel): System {
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

