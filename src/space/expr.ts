// A small typed expression language in which properties, assumptions and
// derived facts are written once. It has two interpreters: the concrete one
// below (compiled to closures over integer digits, used by the enumerator)
// and the Z3 one in src/solver/ (used by the prover). Neither the language
// nor its interpreters know anything about the model that uses them.

export interface EnumSort {
  readonly kind: 'enum';
  readonly name: string;
  readonly values: readonly string[];
}
export type Sort = { readonly kind: 'bool' } | EnumSort;
export const BOOL: Sort = { kind: 'bool' };

export function enumSort(name: string, values: readonly string[]): EnumSort {
  return { kind: 'enum', name, values };
}

/**
 * A variable: a name from a vocabulary, seen in a frame. Frame '' is the
 * state under check; other frames are relational copies (the baseline
 * version on the same state, or the same version on a twin state).
 */
export interface VarRef {
  readonly name: string;
  readonly frame: string;
}

export type Bool =
  | { readonly op: 'lit'; readonly value: boolean }
  | { readonly op: 'var'; readonly ref: VarRef }
  | { readonly op: 'not'; readonly arg: Bool }
  | { readonly op: 'and' | 'or'; readonly args: readonly Bool[] }
  | { readonly op: 'implies' | 'iff'; readonly lhs: Bool; readonly rhs: Bool }
  | { readonly op: 'eq'; readonly lhs: Enum; readonly rhs: Enum }
  | { readonly op: 'ite'; readonly cond: Bool; readonly then: Bool; readonly else: Bool };

export type Enum =
  | { readonly op: 'evar'; readonly ref: VarRef; readonly sort: EnumSort }
  | { readonly op: 'elit'; readonly sort: EnumSort; readonly value: string }
  | { readonly op: 'eite'; readonly cond: Bool; readonly then: Enum; readonly else: Enum; readonly sort: EnumSort };

export type Term = Bool | Enum;

export const TRUE: Bool = { op: 'lit', value: true };
export const FALSE: Bool = { op: 'lit', value: false };

export function boolVar(name: string, frame = ''): Bool {
  return { op: 'var', ref: { name, frame } };
}
export function enumVar(name: string, sort: EnumSort, frame = ''): Enum {
  return { op: 'evar', ref: { name, frame }, sort };
}
export function lit(sort: EnumSort, value: string): Enum {
  if (!sort.values.includes(value)) throw new Error(`${value} is not a value of ${sort.name} (${sort.values.join(' ')})`);
  return { op: 'elit', sort, value };
}
export function not(arg: Bool): Bool {
  return { op: 'not', arg };
}
export function and(...args: Bool[]): Bool {
  return args.length === 1 ? args[0] : { op: 'and', args };
}
export function or(...args: Bool[]): Bool {
  return args.length === 1 ? args[0] : { op: 'or', args };
}
export function implies(lhs: Bool, rhs: Bool): Bool {
  return { op: 'implies', lhs, rhs };
}
export function iff(lhs: Bool, rhs: Bool): Bool {
  return { op: 'iff', lhs, rhs };
}
export function ite(cond: Bool, then: Bool, otherwise: Bool): Bool {
  return { op: 'ite', cond, then, else: otherwise };
}
export function eite(cond: Bool, then: Enum, otherwise: Enum): Enum {
  if (then.sort !== otherwise.sort && then.sort.name !== otherwise.sort.name) throw new Error(`ite branches of sorts ${then.sort.name} and ${otherwise.sort.name}`);
  return { op: 'eite', cond, then, else: otherwise, sort: then.sort };
}
export function eq(lhs: Enum, rhs: Enum): Bool {
  if (lhs.sort.name !== rhs.sort.name) throw new Error(`cannot compare ${lhs.sort.name} with ${rhs.sort.name}`);
  return { op: 'eq', lhs, rhs };
}
/** term = value, or term in {values...}. */
export function is(term: Enum, ...values: string[]): Bool {
  return or(...values.map((v) => eq(term, lit(term.sort, v))));
}

export function isBool(t: Term): t is Bool {
  return t.op !== 'evar' && t.op !== 'elit' && t.op !== 'eite';
}

/** Rewrite every variable through `f`; `f` returns undefined to keep one. */
export function mapVars(t: Bool, f: (ref: VarRef, sort: Sort) => Term | undefined): Bool;
export function mapVars(t: Enum, f: (ref: VarRef, sort: Sort) => Term | undefined): Enum;
export function mapVars(t: Term, f: (ref: VarRef, sort: Sort) => Term | undefined): Term {
  const b = (x: Bool): Bool => mapVars(x, f);
  const e = (x: Enum): Enum => mapVars(x, f);
  switch (t.op) {
    case 'lit':
    case 'elit':
      return t;
    case 'var': {
      const r = f(t.ref, BOOL);
      if (r && !isBool(r)) throw new Error(`${t.ref.name} is boolean but was replaced by an enum term`);
      return r ?? t;
    }
    case 'evar': {
      const r = f(t.ref, t.sort);
      if (r && isBool(r)) throw new Error(`${t.ref.name} is an enum but was replaced by a boolean term`);
      return r ?? t;
    }
    case 'not':
      return not(b(t.arg));
    case 'and':
    case 'or':
      return { op: t.op, args: t.args.map(b) };
    case 'implies':
    case 'iff':
      return { op: t.op, lhs: b(t.lhs), rhs: b(t.rhs) };
    case 'eq':
      return { op: 'eq', lhs: e(t.lhs), rhs: e(t.rhs) };
    case 'ite':
      return ite(b(t.cond), b(t.then), b(t.else));
    case 'eite':
      return { op: 'eite', cond: b(t.cond), then: e(t.then), else: e(t.else), sort: t.sort };
  }
}

/** The same expression seen from another frame (variables of frame '' move there). */
export function inFrame<T extends Term>(t: T, frame: string): T {
  return mapVars(t as Bool, (ref, sort) =>
    ref.frame === '' ? (sort.kind === 'bool' ? boolVar(ref.name, frame) : enumVar(ref.name, sort, frame)) : undefined,
  ) as unknown as T;
}

/** Every variable an expression reads, deduplicated, in first-seen order. */
export function varsOf(t: Term): Array<{ ref: VarRef; sort: Sort }> {
  const seen = new Map<string, { ref: VarRef; sort: Sort }>();
  mapVars(t as Bool, (ref, sort) => {
    const key = `${ref.frame}\u0000${ref.name}`;
    if (!seen.has(key)) seen.set(key, { ref, sort });
    return undefined;
  });
  return [...seen.values()];
}

// ---------------------------------------------------------------------------
// Concrete interpreter. Variables resolve to (frame slot, digit slot); an
// environment is one digit row per frame. Booleans are digits 0/1, enums the
// position of the value in the sort.

export type Env = readonly Int32Array[];
export type Resolver = (ref: VarRef) => { frame: number; slot: number };

// Expressions are compiled to JavaScript source and then to a function, so
// that V8 sees straight-line code instead of a tree of closures (several
// times faster in the enumerator's inner loop). Only numbers and operators
// reach the generated source: names are resolved to slots first.

/** How each operator is written in one flavour of generated source. */
interface Dialect {
  readonly lit: (value: boolean) => string;
  readonly var: (digit: string) => string;
  readonly not: (x: string) => string;
  readonly and: (xs: readonly string[]) => string;
  readonly or: (xs: readonly string[]) => string;
  readonly implies: (a: string, b: string) => string;
  readonly iff: (a: string, b: string) => string;
  readonly eq: (a: string, b: string) => string;
  /** if-then-else, for booleans and enum positions alike. */
  readonly ite: (c: string, a: string, b: string) => string;
}

/** JavaScript booleans with short-circuit operators. */
const SHORT_CIRCUIT: Dialect = {
  lit: (v) => (v ? 'true' : 'false'),
  var: (d) => `(${d} === 1)`,
  not: (x) => `!${x}`,
  and: (xs) => (xs.length ? `(${xs.join(' && ')})` : 'true'),
  or: (xs) => (xs.length ? `(${xs.join(' || ')})` : 'false'),
  implies: (a, b) => `(!${a} || ${b})`,
  iff: (a, b) => `(${a} === ${b})`,
  eq: (a, b) => `(${a} === ${b})`,
  ite: (c, a, b) => `(${c} ? ${a} : ${b})`,
};

/**
 * 0/1 integers, every operand evaluated on every call (bitwise operators,
 * and SEL(c, a, b) for if-then-else, a function the caller passes in). The
 * checker's pass uses it so that no code is reached for the first time
 * after V8 optimised the loop, which would throw the optimised code away.
 */
const BRANCH_FREE: Dialect = {
  lit: (v) => (v ? '1' : '0'),
  var: (d) => d,
  not: (x) => `(${x} ^ 1)`,
  and: (xs) => (xs.length ? `(${xs.join(' & ')})` : '1'),
  or: (xs) => (xs.length ? `(${xs.join(' | ')})` : '0'),
  implies: (a, b) => `((${a} ^ 1) | ${b})`,
  iff: (a, b) => `(${a} ^ ${b} ^ 1)`,
  eq: (a, b) => `((${a} === ${b}) | 0)`,
  ite: (c, a, b) => `SEL(${c}, ${a}, ${b})`,
};

function boolIn(d: Dialect, t: Bool, digit: (ref: VarRef) => string): string {
  const b = (x: Bool) => boolIn(d, x, digit);
  switch (t.op) {
    case 'lit':
      return d.lit(t.value);
    case 'var':
      return d.var(digit(t.ref));
    case 'not':
      return d.not(b(t.arg));
    case 'and':
      return d.and(t.args.map(b));
    case 'or':
      return d.or(t.args.map(b));
    case 'implies':
      return d.implies(b(t.lhs), b(t.rhs));
    case 'iff':
      return d.iff(b(t.lhs), b(t.rhs));
    case 'eq':
      return d.eq(enumIn(d, t.lhs, digit), enumIn(d, t.rhs, digit));
    case 'ite':
      return d.ite(b(t.cond), b(t.then), b(t.else));
  }
}

function enumIn(d: Dialect, t: Enum, digit: (ref: VarRef) => string): string {
  switch (t.op) {
    case 'elit':
      return String(t.sort.values.indexOf(t.value));
    case 'evar':
      return digit(t.ref);
    case 'eite':
      return d.ite(boolIn(d, t.cond, digit), enumIn(d, t.then, digit), enumIn(d, t.else, digit));
  }
}

/**
 * JavaScript source of an expression; `digit(ref)` gives the source of a
 * variable's digit (0/1 for booleans, the value position for enums).
 */
export function boolCode(t: Bool, digit: (ref: VarRef) => string): string {
  return boolIn(SHORT_CIRCUIT, t, digit);
}

export function enumCode(t: Enum, digit: (ref: VarRef) => string): string {
  return enumIn(SHORT_CIRCUIT, t, digit);
}

/** The same as boolCode, branch-free: a 0/1 integer (see BRANCH_FREE). */
export function boolCodeEager(t: Bool, digit: (ref: VarRef) => string): string {
  return boolIn(BRANCH_FREE, t, digit);
}

/** The same as enumCode, branch-free (see BRANCH_FREE). */
export function enumCodeEager(t: Enum, digit: (ref: VarRef) => string): string {
  return enumIn(BRANCH_FREE, t, digit);
}

function envDigit(resolve: Resolver): (ref: VarRef) => string {
  return (ref) => {
    const { frame, slot } = resolve(ref);
    return `env[${frame}][${slot}]`;
  };
}

function boolSource(t: Bool, resolve: Resolver): string {
  return boolCode(t, envDigit(resolve));
}

function enumSource(t: Enum, resolve: Resolver): string {
  return enumCode(t, envDigit(resolve));
}

export function compileBool(t: Bool, resolve: Resolver): (env: Env) => boolean {
  return new Function('env', `return ${boolSource(t, resolve)};`) as (env: Env) => boolean;
}

export function compileEnum(t: Enum, resolve: Resolver): (env: Env) => number {
  return new Function('env', `return ${enumSource(t, resolve)};`) as (env: Env) => number;
}

// ---------------------------------------------------------------------------
// Printing, in the syntax the query language reads (src/parse.ts).

const PREC: Record<string, number> = { iff: 1, implies: 2, or: 3, and: 4 };

export function showRef(ref: VarRef): string {
  return ref.frame === '' ? ref.name : `${ref.frame}:${ref.name}`;
}

/** The same condition without double negations: what the catalogues print (never `!!(...)`). */
export function tidy<T extends Term>(t: T): T {
  const go = (x: Term): Term => {
    switch (x.op) {
      case 'not':
        return x.arg.op === 'not' ? go(x.arg.arg) : { ...x, arg: go(x.arg) as Bool };
      case 'and':
      case 'or':
        return { ...x, args: x.args.map((a) => go(a) as Bool) };
      case 'implies':
      case 'iff':
        return { ...x, lhs: go(x.lhs) as Bool, rhs: go(x.rhs) as Bool };
      case 'ite':
        return { ...x, cond: go(x.cond) as Bool, then: go(x.then) as Bool, else: go(x.else) as Bool };
      case 'eite':
        return { ...x, cond: go(x.cond) as Bool };
      default:
        return x;
    }
  };
  return go(t) as T;
}

export function show(t: Term, outer = 0): string {
  const wrap = (s: string, p: number) => (p < outer ? `(${s})` : s);
  switch (t.op) {
    case 'lit':
      return t.value ? 'true' : 'false';
    case 'elit':
      return t.value;
    case 'var':
    case 'evar':
      return showRef(t.ref);
    case 'not':
      return `!${show(t.arg, 9)}`;
    case 'and':
      return t.args.length ? wrap(t.args.map((a) => show(a, PREC.and + 1)).join(' & '), PREC.and) : 'true';
    case 'or':
      return t.args.length ? wrap(t.args.map((a) => show(a, PREC.or + 1)).join(' | '), PREC.or) : 'false';
    case 'implies':
      return wrap(`${show(t.lhs, PREC.implies + 1)} -> ${show(t.rhs, PREC.implies)}`, PREC.implies);
    case 'iff':
      return wrap(`${show(t.lhs, PREC.iff + 1)} <-> ${show(t.rhs, PREC.iff + 1)}`, PREC.iff);
    case 'eq':
      return wrap(`${show(t.lhs, 9)} = ${show(t.rhs, 9)}`, 5);
    case 'ite':
    case 'eite':
      return `ite(${show(t.cond)}, ${show(t.then)}, ${show(t.else)})`;
  }
}
