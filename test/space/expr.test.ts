// The concrete interpreter of src/space/expr.ts against a reference evaluator
// written here, on random expressions and environments; and show().

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Bool, Enum, Resolver, VarRef } from '../../src/space/expr.ts';
import { boolVar, compileBool, compileEnum, enumSort, enumVar, inFrame, show, varsOf } from '../../src/space/expr.ts';

// --- Vocabulary -----------------------------------------------------------------

const BOOL_VARS = ['bv.alpha', 'bv.beta', 'bv.gamma', 'bv.delta'] as const;
const ENUM_VAR = 'ev.kind';
const SORT = enumSort('kind', ['LO', 'MID', 'HI']);
const NAMES = [...BOOL_VARS, ENUM_VAR];

/** Frame 0 slots: bools first, then the enum. */
const SLOT: Record<string, number> = Object.fromEntries(NAMES.map((n, i) => [n, i]));
const resolve: Resolver = (ref: VarRef) => {
  if (ref.frame !== '' || !(ref.name in SLOT)) throw new Error(`unexpected variable ${ref.frame}:${ref.name}`);
  return { frame: 0, slot: SLOT[ref.name] };
};

type Values = Record<string, boolean | string>;

// --- Reference evaluator ------------------------------------------------------

function evalBool(t: Bool, v: Values): boolean {
  switch (t.op) {
    case 'lit':
      return t.value;
    case 'var':
      return v[t.ref.name] as boolean;
    case 'not':
      return !evalBool(t.arg, v);
    case 'and':
      return t.args.every((a) => evalBool(a, v));
    case 'or':
      return t.args.some((a) => evalBool(a, v));
    case 'implies':
      return !evalBool(t.lhs, v) || evalBool(t.rhs, v);
    case 'iff':
      return evalBool(t.lhs, v) === evalBool(t.rhs, v);
    case 'eq':
      return evalEnum(t.lhs, v) === evalEnum(t.rhs, v);
    case 'ite':
      return evalBool(t.cond, v) ? evalBool(t.then, v) : evalBool(t.else, v);
  }
}

function evalEnum(t: Enum, v: Values): string {
  switch (t.op) {
    case 'elit':
      return t.value;
    case 'evar':
      return v[t.ref.name] as string;
    case 'eite':
      return evalBool(t.cond, v) ? evalEnum(t.then, v) : evalEnum(t.else, v);
  }
}

// --- Generators -----------------------------------------------------------------

/** Raw AST nodes (not the smart constructors), so that and/or of 0 and 1 arguments occur too. */
function exprArbs(minArgs: number) {
  return fc.letrec<{ bool: Bool; enm: Enum }>((tie) => {
    const bool = tie('bool') as fc.Arbitrary<Bool>;
    const enm = tie('enm') as fc.Arbitrary<Enum>;
    return {
      bool: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.boolean().map((value): Bool => ({ op: 'lit', value })),
        fc.constantFrom(...BOOL_VARS).map((name) => boolVar(name)),
        bool.map((arg): Bool => ({ op: 'not', arg })),
        fc.tuple(fc.constantFrom('and' as const, 'or' as const), fc.array(bool, { minLength: minArgs, maxLength: 4 })).map(([op, args]): Bool => ({ op, args })),
        fc.tuple(fc.constantFrom('implies' as const, 'iff' as const), bool, bool).map(([op, lhs, rhs]): Bool => ({ op, lhs, rhs })),
        fc.tuple(bool, bool, bool).map(([cond, then, els]): Bool => ({ op: 'ite', cond, then, else: els })),
        fc.tuple(enm, enm).map(([lhs, rhs]): Bool => ({ op: 'eq', lhs, rhs })),
      ),
      enm: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constant(enumVar(ENUM_VAR, SORT)),
        fc.constantFrom(...SORT.values).map((value): Enum => ({ op: 'elit', sort: SORT, value })),
        fc.tuple(bool, enm, enm).map(([cond, then, els]): Enum => ({ op: 'eite', cond, then, else: els, sort: SORT })),
      ),
    };
  });
}

const { bool: boolArb, enm: enumArb } = exprArbs(0);
/** Without empty and/or (which show() prints as nothing). */
const { bool: printableBoolArb } = exprArbs(1);

const valuesArb: fc.Arbitrary<Values> = fc
  .tuple(fc.tuple(...BOOL_VARS.map(() => fc.boolean())), fc.constantFrom(...SORT.values))
  .map(([bs, e]) => ({ ...Object.fromEntries(BOOL_VARS.map((n, i) => [n, bs[i]])), [ENUM_VAR]: e }));

function envOf(v: Values): [Int32Array] {
  const row = new Int32Array(NAMES.length + 3).fill(-7); // extra slots hold junk
  for (const n of BOOL_VARS) row[SLOT[n]] = v[n] ? 1 : 0;
  row[SLOT[ENUM_VAR]] = SORT.values.indexOf(v[ENUM_VAR] as string);
  return [row];
}

/** Every assignment of the vocabulary (2^4 * 3 = 48). */
const ALL_VALUES: Values[] = [];
for (let b = 0; b < 16; b++)
  for (const e of SORT.values) ALL_VALUES.push({ ...Object.fromEntries(BOOL_VARS.map((n, i) => [n, ((b >> i) & 1) === 1])), [ENUM_VAR]: e });

function namesIn(t: Bool | Enum, acc = new Set<string>()): Set<string> {
  switch (t.op) {
    case 'lit':
    case 'elit':
      break;
    case 'var':
    case 'evar':
      acc.add(t.ref.name);
      break;
    case 'not':
      namesIn(t.arg, acc);
      break;
    case 'and':
    case 'or':
      t.args.forEach((a) => namesIn(a, acc));
      break;
    case 'implies':
    case 'iff':
    case 'eq':
      namesIn(t.lhs, acc);
      namesIn(t.rhs, acc);
      break;
    case 'ite':
    case 'eite':
      namesIn(t.cond, acc);
      namesIn(t.then, acc);
      namesIn(t.else, acc);
      break;
  }
  return acc;
}

// --- A parser of show()'s syntax, to check its parenthesisation --------------

type Node =
  | { k: 'lit'; v: boolean }
  | { k: 'name'; n: string }
  | { k: 'not'; a: Node }
  | { k: 'bin'; op: string; l: Node; r: Node }
  | { k: 'ite'; c: Node; t: Node; e: Node };

function parse(src: string): Node {
  const toks = src.match(/<->|->|[()!&|=,]|[A-Za-z_][A-Za-z0-9_.]*|\S/g) ?? [];
  let p = 0;
  const peek = () => toks[p];
  const take = (t?: string) => {
    const x = toks[p++];
    if (t !== undefined && x !== t) throw new Error(`expected ${t} at token ${p - 1} of '${src}', found ${x}`);
    return x;
  };
  // iff (non-associative) < implies (right) < or < and < eq < unary
  const iffE = (): Node => {
    const l = impE();
    if (peek() === '<->') {
      take();
      const r = impE();
      if (peek() === '<->') throw new Error(`chained <-> in '${src}'`);
      return { k: 'bin', op: '<->', l, r };
    }
    return l;
  };
  const impE = (): Node => {
    const l = orE();
    if (peek() === '->') {
      take();
      return { k: 'bin', op: '->', l, r: impE() };
    }
    return l;
  };
  const orE = (): Node => {
    let l = andE();
    while (peek() === '|') {
      take();
      l = { k: 'bin', op: '|', l, r: andE() };
    }
    return l;
  };
  const andE = (): Node => {
    let l = eqE();
    while (peek() === '&') {
      take();
      l = { k: 'bin', op: '&', l, r: eqE() };
    }
    return l;
  };
  const eqE = (): Node => {
    const l = unary();
    if (peek() === '=') {
      take();
      const r = unary();
      if (peek() === '=') throw new Error(`chained = in '${src}'`);
      return { k: 'bin', op: '=', l, r };
    }
    return l;
  };
  const unary = (): Node => {
    const t = take();
    if (t === '!') return { k: 'not', a: unary() };
    if (t === '(') {
      const e = iffE();
      take(')');
      return e;
    }
    if (t === 'true' || t === 'false') return { k: 'lit', v: t === 'true' };
    if (t === 'ite' && peek() === '(') {
      take('(');
      const c = iffE();
      take(',');
      const th = iffE();
      take(',');
      const e = iffE();
      take(')');
      return { k: 'ite', c, t: th, e };
    }
    if (t !== undefined && /^[A-Za-z_]/.test(t)) return { k: 'name', n: t };
    throw new Error(`unexpected token ${t} in '${src}'`);
  };
  const out = iffE();
  if (p !== toks.length) throw new Error(`trailing tokens in '${src}' at ${p}`);
  return out;
}

/** Dynamic evaluation: names are variables when known, else enum literals. */
function evalNode(n: Node, v: Values): boolean | string {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'name':
      return n.n in v ? v[n.n] : n.n;
    case 'not':
      return !evalNode(n.a, v);
    case 'ite':
      return evalNode(n.c, v) ? evalNode(n.t, v) : evalNode(n.e, v);
    case 'bin': {
      const l = evalNode(n.l, v);
      const r = evalNode(n.r, v);
      switch (n.op) {
        case '&':
          return (l as boolean) && (r as boolean);
        case '|':
          return (l as boolean) || (r as boolean);
        case '->':
          return !l || (r as boolean);
        case '<->':
        case '=':
          return l === r;
      }
      throw new Error(n.op);
    }
  }
}

// --- Tests ----------------------------------------------------------------------

describe('compileBool / compileEnum agree with a reference evaluator', () => {
  it('on random Bool expressions and random environments', () => {
    fc.assert(
      fc.property(boolArb, fc.array(valuesArb, { minLength: 1, maxLength: 8 }), (t, envs) => {
        const f = compileBool(t, resolve);
        for (const v of envs) expect(f(envOf(v)), show(t)).toBe(evalBool(t, v));
      }),
      { numRuns: 500 },
    );
  });

  it('on random Bool expressions and every environment', () => {
    fc.assert(
      fc.property(boolArb, (t) => {
        const f = compileBool(t, resolve);
        for (const v of ALL_VALUES) if (f(envOf(v)) !== evalBool(t, v)) expect({ t: show(t), v, got: f(envOf(v)) }).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('compileBool returns a real boolean', () => {
    fc.assert(
      fc.property(boolArb, valuesArb, (t, v) => {
        expect(typeof compileBool(t, resolve)(envOf(v))).toBe('boolean');
      }),
    );
  });

  it('on random Enum expressions (the value index)', () => {
    fc.assert(
      fc.property(enumArb, valuesArb, (t, v) => {
        expect(compileEnum(t, resolve)(envOf(v))).toBe(SORT.values.indexOf(evalEnum(t, v)));
      }),
      { numRuns: 300 },
    );
  });

  it('resolves variables of other frames to their env rows', () => {
    // The same expression seen from frame 'tw', resolved to env row 1.
    const twoFrames: Resolver = (ref) => ({ frame: ref.frame === '' ? 0 : 1, slot: SLOT[ref.name] });
    fc.assert(
      fc.property(boolArb, valuesArb, valuesArb, (t, v0, v1) => {
        const env = [envOf(v0)[0], envOf(v1)[0]];
        expect(compileBool(t, twoFrames)(env)).toBe(evalBool(t, v0));
        expect(compileBool(inFrame(t, 'tw'), twoFrames)(env)).toBe(evalBool(t, v1));
      }),
    );
  });

  it('edge cases: empty and/or are true/false', () => {
    const env = envOf(ALL_VALUES[0]);
    expect(compileBool({ op: 'and', args: [] }, resolve)(env)).toBe(true);
    expect(compileBool({ op: 'or', args: [] }, resolve)(env)).toBe(false);
  });
});

describe('varsOf / inFrame', () => {
  it('varsOf lists exactly the variables used, each once', () => {
    fc.assert(
      fc.property(boolArb, (t) => {
        const vs = varsOf(t);
        expect(new Set(vs.map((x) => x.ref.name))).toEqual(namesIn(t));
        expect(vs.length).toBe(namesIn(t).size);
        for (const x of vs) expect(x.sort.kind).toBe(x.ref.name === ENUM_VAR ? 'enum' : 'bool');
      }),
    );
  });

  it('inFrame moves every frame-0 variable', () => {
    fc.assert(
      fc.property(boolArb, (t) => {
        for (const x of varsOf(inFrame(t, 'tw'))) expect(x.ref.frame).toBe('tw');
      }),
    );
  });
});

describe('show()', () => {
  it('mentions every variable used, and no other', () => {
    fc.assert(
      fc.property(boolArb, (t) => {
        const s = show(t);
        const used = namesIn(t);
        for (const n of used) expect(s).toContain(n);
        for (const n of NAMES) if (!used.has(n)) expect(s).not.toContain(n);
      }),
      { numRuns: 300 },
    );
  });

  it('frame-qualified variables print as frame:name', () => {
    expect(show(inFrame(boolVar('bv.alpha'), 'tw'))).toBe('tw:bv.alpha');
  });

  it('parenthesises correctly: parsing show(t) back gives the same truth table', () => {
    fc.assert(
      fc.property(printableBoolArb, (t) => {
        const s = show(t);
        const n = parse(s);
        for (const v of ALL_VALUES) if (evalNode(n, v) !== evalBool(t, v)) expect({ s, v }).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('prints empty and/or as a formula (true / false), not as nothing', () => {
    // and() with no arguments is a valid AST (compileBool reads it as true).
    expect(show({ op: 'and', args: [] })).toBe('true');
    expect(show({ op: 'or', args: [] })).toBe('false');
  });
});
