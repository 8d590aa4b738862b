// The query language (src/parse/expr.ts): what it reads, that it reads
// back everything show() prints, and that bad input of any shape gives a
// UsageError (message, expression, caret) and never another exception.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Bool, Enum, EnumSort } from '../../src/space/expr.ts';
import { and, boolVar, eite, enumVar, eq, iff, implies, ite, lit, not, or, show, TRUE, FALSE } from '../../src/space/expr.ts';
import { ExprError, MAX_DEPTH, parseExpr } from '../../src/parse/expr.ts';
import type { Vocabulary } from '../../src/parse/expr.ts';
import { UsageError } from '../../src/parse/errors.ts';
import { KVM_ARM64_STAGE2 as bundle } from '../../model/index.ts';

const FRAMES = bundle.system.frames.map((f) => f.id);
const VOCAB: Vocabulary = { names: bundle.vocabulary, predicates: bundle.predicates, frames: FRAMES };
const parse = (text: string) => parseExpr(text, VOCAB);

const BOOLS = bundle.vocabulary.filter((v) => v.sort.kind === 'bool').map((v) => v.name);
const ENUMS = bundle.vocabulary.filter((v) => v.sort.kind === 'enum') as Array<{ name: string; sort: EnumSort }>;
const sortOf = (name: string) => ENUMS.find((e) => e.name === name)!.sort;

/** The UsageError a bad input must give: an ExprError of at most three lines, the last a caret line. */
function expectExprError(text: string, message?: RegExp): ExprError {
  let caught: unknown;
  try {
    parse(text);
  } catch (e) {
    caught = e;
  }
  expect(caught, `no error for ${JSON.stringify(text.slice(0, 80))}`).toBeInstanceOf(ExprError);
  const e = caught as ExprError;
  expect(e).toBeInstanceOf(UsageError);
  const lines = e.message.split('\n');
  expect(lines.length).toBeLessThanOrEqual(3);
  expect(lines[2]).toMatch(/^ *\^+$/);
  // The caret sits under the reported column (or under an excerpt of it).
  for (const l of lines) expect(l.length).toBeLessThan(400);
  expect(e.message).toMatch(/^[\x20-\x7e\n]*$/);
  if (message) expect(lines[0]).toMatch(message);
  return e;
}

describe('parseExpr: what it reads', () => {
  it('booleans, enums compared with values, predicates, frames, constants', () => {
    expect(parse('vma.pfnmap')).toEqual(boolVar('vma.pfnmap'));
    expect(parse('fault.attr = NORMAL')).toEqual(eq(enumVar('fault.attr', sortOf('fault.attr')), lit(sortOf('fault.attr'), 'NORMAL')));
    expect(parse('NORMAL = fault.attr')).toEqual(eq(lit(sortOf('fault.attr'), 'NORMAL'), enumVar('fault.attr', sortOf('fault.attr'))));
    expect(parse('memslot.outcome != EINVAL')).toEqual(not(eq(enumVar('memslot.outcome', sortOf('memslot.outcome')), lit(sortOf('memslot.outcome'), 'EINVAL'))));
    expect(parse('SUPPORTED')).toEqual(bundle.predicates.SUPPORTED);
    expect(parse('baseline:fault.executable')).toEqual(boolVar('fault.executable', 'baseline'));
    expect(parse('fault.attr = request.attr')).toEqual(eq(enumVar('fault.attr', sortOf('fault.attr')), enumVar('request.attr', sortOf('request.attr'))));
    expect(parse('true | false')).toEqual(or(TRUE, FALSE));
    expect(parse('cmo.dcache = cmo.icache')).toEqual(iff(boolVar('cmo.dcache'), boolVar('cmo.icache')));
  });

  it('precedence: ! > = > & > | > -> (right) > <-> (left)', () => {
    const [a, b, c, d] = ['vma.io', 'vma.cow', 'cpu.fwb', 'cpu.dic'].map((n) => boolVar(n));
    expect(parse('vma.io | vma.cow & cpu.fwb')).toEqual(or(a, and(b, c)));
    expect(parse('!vma.io & vma.cow')).toEqual(and(not(a), b));
    expect(parse('vma.io -> vma.cow -> cpu.fwb')).toEqual(implies(a, implies(b, c)));
    expect(parse('vma.io <-> vma.cow <-> cpu.fwb')).toEqual(iff(iff(a, b), c));
    expect(parse('vma.io | vma.cow -> cpu.fwb <-> cpu.dic')).toEqual(iff(implies(or(a, b), c), d));
    expect(parse('(vma.io | vma.cow) & cpu.fwb')).toEqual(and(or(a, b), c));
    expect(parse('vma.io & vma.cow & cpu.fwb')).toEqual(and(a, b, c));
    expect(parse('(vma.io & vma.cow) & cpu.fwb')).toEqual(and(and(a, b), c));
    const attr = enumVar('fault.attr', sortOf('fault.attr'));
    expect(parse('!vma.io & fault.attr = DEVICE')).toEqual(and(not(a), eq(attr, lit(attr.sort as EnumSort, 'DEVICE'))));
  });

  it('reads back every property, assumption and derived fact', () => {
    for (const p of bundle.system.properties) {
      if (p.kind !== 'formula') continue;
      for (const f of [p.premise, p.conclusion]) expect(parse(show(f))).toEqual(f);
    }
    for (const a of bundle.system.assumptions) expect(parse(show(a.formula))).toEqual(a.formula);
    for (const v of bundle.system.versionIds) {
      for (const [name, def] of Object.entries(bundle.system.derived(v))) {
        if (def.op === 'evar' || def.op === 'elit' || def.op === 'eite') {
          const s = (def as Enum).sort;
          const e = eq(enumVar(name, s), def as Enum);
          expect(parse(show(e))).toEqual(e);
        } else expect(parse(show(def as Bool))).toEqual(def);
      }
    }
  });

  it('round trip on random expressions: parse(show(e)) equals e', () => {
    const boolLeaf = fc.oneof(
      fc.record({ name: fc.constantFrom(...BOOLS), frame: fc.constantFrom('', ...FRAMES) }).map(({ name, frame }) => boolVar(name, frame)),
      fc.constantFrom(TRUE, FALSE),
    );
    const enumVarArb = fc.record({ e: fc.constantFrom(...ENUMS), frame: fc.constantFrom('', ...FRAMES) }).map(({ e, frame }) => enumVar(e.name, e.sort, frame));
    const { bool } = fc.letrec<{ bool: Bool; enumOf: { v: Enum; other: Enum } }>((tie) => ({
      bool: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        boolLeaf,
        tie('bool').map((x) => not(x as Bool)),
        fc.array(tie('bool'), { minLength: 2, maxLength: 3 }).map((xs) => and(...(xs as Bool[]))),
        fc.array(tie('bool'), { minLength: 2, maxLength: 3 }).map((xs) => or(...(xs as Bool[]))),
        fc.tuple(tie('bool'), tie('bool')).map(([x, y]) => implies(x as Bool, y as Bool)),
        fc.tuple(tie('bool'), tie('bool')).map(([x, y]) => iff(x as Bool, y as Bool)),
        fc.tuple(tie('bool'), tie('bool'), tie('bool')).map(([x, y, z]) => ite(x as Bool, y as Bool, z as Bool)),
        fc.tuple(tie('enumOf'), fc.boolean()).map(([p, swap]) => {
          const { v, other } = p as { v: Enum; other: Enum };
          return swap ? eq(other, v) : eq(v, other);
        }),
      ),
      // A variable and another term of its sort (a value, a variable, or an ite of those).
      enumOf: enumVarArb.chain((v) => {
        const s = v.sort as EnumSort;
        const leaf = fc.oneof(fc.constantFrom(...s.values).map((x) => lit(s, x)), enumVarArb.filter((w) => w.sort.name === s.name));
        const other = fc.oneof(leaf, fc.tuple(tie('bool'), leaf, leaf).map(([c, x, y]) => eite(c as Bool, x, y)));
        return other.map((o) => ({ v, other: o }));
      }),
    }));
    fc.assert(
      fc.property(bool, (e) => {
        expect(parse(show(e))).toEqual(e);
      }),
      { numRuns: 500 },
    );
  });

  it('is linear on long flat input (100 kB)', () => {
    const text = Array.from({ length: 14_000 }, (_, i) => (i % 2 ? 'vma.io' : '!cpu.fwb')).join(' & ');
    expect(text.length).toBeGreaterThan(100_000);
    const e = parse(text);
    expect(e.op).toBe('and');
  });
});

describe('parseExpr: errors', () => {
  it('unknown names list the closest first', () => {
    const e = expectExprError('vma.pfnmp & vma.io', /^unknown name 'vma\.pfnmp' \(choose from: vma\.pfnmap /);
    expect(e.at).toBe(0);
    expect(e.message.split('\n')[2]).toBe('  ^^^^^^^^^');
    expectExprError('fault.attr = NORML', /unknown value 'NORML' of fault\.attr \(choose from: NORMAL /);
    expectExprError('vma.memType = normal', /unknown value 'normal' of vma\.memType \(choose from: NORMAL /);
    expectExprError('frob:vma.io', /unknown frame 'frob'/);
    expectExprError('baseline:vma.iox', /unknown name 'vma\.iox'/);
  });

  it('type errors', () => {
    expectExprError('vma.memType', /vma\.memType is an enum .*compare it, e\.g\. vma\.memType = NORMAL/);
    expectExprError('!vma.memType', /vma\.memType is an enum/);
    expectExprError('NORMAL', /'NORMAL' is a value: compare it/);
    expectExprError('vma.io = NORMAL', /'NORMAL' is a value/);
    expectExprError('vma.memType = fault.attr', /cannot compare vma\.memType with attr/);
    expectExprError('NORMAL = DEVICE', /neither side names a variable/);
    expectExprError('fault.attr = NORMAL = DEVICE', /comparisons do not chain/);
    expectExprError('vma.memType = vma.io', /vma\.memType is an enum/);
    expectExprError('ite(vma.io, NORMAL, vma.cow) = fault.attr', /expected a value of fault\.attr, found a condition|'NORMAL' is a value/);
  });

  it('syntax errors put the caret on the bad token', () => {
    expect(expectExprError('', /^empty expression/).at).toBe(0);
    expectExprError('   ', /^empty expression/);
    expect(expectExprError('(vma.io & vma.cow', /missing '\)' for the '\(' at column 1/).at).toBe(17);
    expect(expectExprError('vma.io)', /unexpected '\)'/).at).toBe(6);
    expect(expectExprError('vma.io &', /ends after '&'/).at).toBe(7);
    expect(expectExprError('vma.io | -> vma.cow', /expected a name/).at).toBe(9);
    expectExprError('vma.io # vma.cow', /unexpected character '#'/);
    expectExprError('fault.attr = "NORMAL"', /values are written bare/);
    // Terms side by side are a conjunction (the printed condition form): no error.
    expect(parse('vma.io vma.cow')).toEqual(parse('vma.io & vma.cow'));
    expectExprError('vma.io vma.cow )', /unexpected '\)'/);
    expectExprError('ite(vma.io, vma.cow)', /ite\(condition, then, else\)/);
  });

  it('deep nesting is an error, not a stack overflow (100 kB)', () => {
    for (const text of ['('.repeat(100_000), '!'.repeat(100_000) + 'vma.io', `${'('.repeat(50_000)}vma.io${')'.repeat(50_000)}`, Array.from({ length: 20_000 }, () => 'vma.io').join(' -> ')]) {
      const e = expectExprError(text, new RegExp(`nested more than ${MAX_DEPTH} levels`));
      expect(e.message.length).toBeLessThan(300);
    }
    // Just under the limit is fine.
    expect(parse(`${'('.repeat(MAX_DEPTH - 1)}vma.io${')'.repeat(MAX_DEPTH - 1)}`)).toEqual(boolVar('vma.io'));
  });

  const TOKENS = ['vma.io', 'vma.cow', 'fault.attr', 'vma.memType', 'NORMAL', 'DEVICE', 'SUPPORTED', 'baseline:fault.attr', 'true', 'ite', '!', '&', '|', '->', '<->', '=', '!=', '(', ')', ',', 'vma.pfnmp', 'NORML', '#', '"', '\u00e9', '\n', ' '];

  it('fuzz: any token soup parses or gives an ExprError', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }), fc.constantFrom(' ', ''), (toks, sep) => {
        const text = toks.join(sep);
        try {
          parse(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ExprError);
          const lines = (e as Error).message.split('\n');
          expect(lines.length).toBe(3);
          expect(lines[2]).toMatch(/^ *\^+$/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: arbitrary strings never throw anything but an ExprError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          parse(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ExprError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('fuzz: malformed variants of valid expressions', () => {
    const valid = ['!vma.pfnmap & !vma.mixedmap & (fault.attr = DEVICE | fault.attr = NORMAL_NC)', 'vma.mixedmap & !pfn.valid & request.sanitiseTags', 'baseline:fault.outcome = map -> vma.mixedmap'];
    const names = new Set(VOCAB.names.map((n) => n.name));
    const mutate = fc.oneof(
      // unknown field
      fc.tuple(fc.constantFrom(...valid), fc.stringMatching(/^[a-z]{3,8}\.[a-z]{3,8}$/)).filter(([, name]) => !names.has(name)).map(([v, name]) => ({ text: v.replace('vma.mixedmap', name) })),
      // bad enum value
      fc.tuple(fc.constantFrom(valid[0]), fc.stringMatching(/^[A-Z][A-Za-z_]{1,8}$/)).filter(([, val]) => !['NORMAL', 'NORMAL_NC', 'DEVICE', 'none'].includes(val)).map(([v, val]) => ({ text: v.replace('DEVICE', val) })),
      // unbalanced parentheses
      fc.constantFrom(...valid).map((v) => ({ text: `(${v}` })),
      fc.constantFrom(...valid).map((v) => ({ text: `${v})` })),
      fc.constantFrom(valid[0]).map((v) => ({ text: v.replace(')', '') })),
      // trailing operator
      fc.tuple(fc.constantFrom(...valid), fc.constantFrom('&', '|', '->', '<->', '=', '!=', '!', '(')).map(([v, op]) => ({ text: `${v} ${op}` })),
      // empty
      fc.constantFrom('', ' ', '\t\n').map((text) => ({ text })),
    );
    fc.assert(
      fc.property(mutate, ({ text }) => {
        let threw = false;
        try {
          parse(text);
        } catch (e) {
          threw = true;
          expect(e).toBeInstanceOf(ExprError);
          expect((e as Error).message.split('\n')).toHaveLength(3);
        }
        expect(threw, text).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
