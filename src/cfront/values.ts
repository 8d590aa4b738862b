// Symbolic values of the C interpreter. Conditions and enumerations are
// terms of the project's expression layer (src/expr.ts), so that both of
// its interpreters (concrete and Z3) read what the front end derives.

import type { Bool, Enum } from '../space/expr.ts';
import { FALSE, show, TRUE } from '../space/expr.ts';

/** Where a value or an endpoint comes from: function and line. */
export interface Origin {
  readonly fn: string;
  readonly line: number;
}

export type V =
  /** A condition over the fields (and unknowns). */
  | { readonly k: 'bool'; readonly t: Bool }
  /** An enumerated field value. */
  | { readonly k: 'enum'; readonly t: Enum }
  | { readonly k: 'int'; readonly n: number }
  /** A named constant (upper-case identifier), possibly negated: '-EFAULT'. Nonzero, distinct from every other. */
  | { readonly k: 'sym'; readonly name: string; readonly origin?: Origin }
  /** A set of flags, each present under a condition (prot = R | X ...). */
  | { readonly k: 'bits'; readonly bits: ReadonlyMap<string, Bool> }
  /** ~(A | B): a mask clearing the named flags. */
  | { readonly k: 'nbits'; readonly names: readonly string[] }
  /** A value the front end does not model, by its canonical text. */
  | { readonly k: 'opaque'; readonly text: string; readonly nonnull?: boolean; readonly positive?: boolean }
  /** The address of a storage location (a local or one of its fields). */
  | { readonly k: 'ptr'; readonly path: string }
  /** Different values under disjoint conditions. */
  | { readonly k: 'choice'; readonly alts: ReadonlyArray<{ readonly g: Bool; readonly v: V }> }
  /** A struct whose unassigned fields read as zero. */
  | { readonly k: 'zero' }
  /** Declared and not initialised (reads as an opaque value named after it). */
  | { readonly k: 'undef'; readonly name: string }
  | { readonly k: 'void' };

export const VOID: V = { k: 'void' };
export const vbool = (t: Bool): V => ({ k: 'bool', t });
export const vint = (n: number): V => ({ k: 'int', n });

// --- Term identity ---------------------------------------------------------
// Structurally equal terms get the same number (memoised per object), so
// that equality and deduplication cost no printing of large terms.

const ids = new WeakMap<object, number>();
const table = new Map<string, number>();

export function termId(t: Bool | Enum): number {
  const known = ids.get(t);
  if (known !== undefined) return known;
  let key: string;
  switch (t.op) {
    case 'lit':
      key = t.value ? 'T' : 'F';
      break;
    case 'var':
    case 'evar':
      key = `v:${t.ref.frame}:${t.ref.name}`;
      break;
    case 'elit':
      key = `l:${t.sort.name}:${t.value}`;
      break;
    case 'not':
      key = `!${termId(t.arg)}`;
      break;
    case 'and':
    case 'or':
      key = `${t.op}(${t.args.map(termId).join(',')})`;
      break;
    case 'implies':
    case 'iff':
      key = `${t.op}(${termId(t.lhs)},${termId(t.rhs)})`;
      break;
    case 'eq':
      key = `=(${termId(t.lhs)},${termId(t.rhs)})`;
      break;
    case 'ite':
    case 'eite':
      key = `?(${termId(t.cond)},${termId(t.then)},${termId(t.else)})`;
      break;
  }
  let id = table.get(key);
  if (id === undefined) {
    id = table.size + 1;
    table.set(key, id);
  }
  ids.set(t, id);
  return id;
}

// --- Simplifying constructors of conditions --------------------------------

export function sNot(a: Bool): Bool {
  if (a.op === 'lit') return a.value ? FALSE : TRUE;
  if (a.op === 'not') return a.arg;
  return { op: 'not', arg: a };
}

export function sAnd(...xs: Bool[]): Bool {
  if (complementary(xs)) return FALSE;
  const args: Bool[] = [];
  for (const x of xs) {
    if (x.op === 'lit') {
      if (!x.value) return FALSE;
      continue;
    }
    if (x.op === 'and') args.push(...x.args);
    else args.push(x);
  }
  const uniq = dedupe(args);
  if (complementary(uniq)) return FALSE;
  if (uniq.length === 0) return TRUE;
  if (uniq.length === 1) return uniq[0];
  return { op: 'and', args: uniq };
}

export function sOr(...xs: Bool[]): Bool {
  if (complementary(xs)) return TRUE;
  const args: Bool[] = [];
  for (const x of xs) {
    if (x.op === 'lit') {
      if (x.value) return TRUE;
      continue;
    }
    if (x.op === 'or') args.push(...x.args);
    else args.push(x);
  }
  const uniq = dedupe(args);
  if (complementary(uniq)) return TRUE;
  if (uniq.length === 0) return FALSE;
  if (uniq.length === 1) return uniq[0];
  return { op: 'or', args: uniq };
}

export function sIte(c: Bool, a: Bool, b: Bool): Bool {
  if (c.op === 'lit') return c.value ? a : b;
  if (termId(a) === termId(b)) return a;
  if (a.op === 'lit' && b.op === 'lit') return a.value ? c : sNot(c);
  if (a.op === 'lit') return a.value ? sOr(c, b) : sAnd(sNot(c), b);
  if (b.op === 'lit') return b.value ? sOr(sNot(c), a) : sAnd(c, a);
  return { op: 'ite', cond: c, then: a, else: b };
}

/** Some x and !x both among xs. */
function complementary(xs: readonly Bool[]): boolean {
  const pos = new Set<number>();
  for (const x of xs) if (x.op !== 'not') pos.add(termId(x));
  return xs.some((x) => x.op === 'not' && pos.has(termId(x.arg)));
}

function dedupe(xs: Bool[]): Bool[] {
  const seen = new Set<number>();
  const out: Bool[] = [];
  for (const x of xs) {
    const k = termId(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}

/** A stable key of a value (equal keys: the same value). */
export function vkey(v: V): string {
  switch (v.k) {
    case 'bool':
    case 'enum':
      return `${v.k}:${termId(v.t)}`;
    case 'int':
      return `int:${v.n}`;
    case 'sym':
      return `sym:${v.name}@${v.origin ? `${v.origin.fn}:${v.origin.line}` : ''}`;
    case 'bits':
      return `bits:${[...v.bits].map(([n, g]) => `${n}=${termId(g)}`).sort().join(',')}`;
    case 'nbits':
      return `nbits:${[...v.names].sort().join(',')}`;
    case 'opaque':
      return `opaque:${v.text}`;
    case 'ptr':
      return `ptr:${v.path}`;
    case 'choice':
      return `choice:${v.alts.map((a) => `${termId(a.g)}?${vkey(a.v)}`).join(';')}`;
    case 'zero':
      return 'zero';
    case 'undef':
      return `undef:${v.name}`;
    case 'void':
      return 'void';
  }
}

/** The canonical text of a value inside a larger expression's text. */
export function vtext(v: V): string {
  switch (v.k) {
    case 'bool':
    case 'enum':
      return `(${show(v.t)})`;
    case 'int':
      return String(v.n);
    case 'sym':
      return v.name;
    case 'bits':
      return [...v.bits.keys()].join('|') || '0';
    case 'nbits':
      return `~(${v.names.join('|')})`;
    case 'opaque':
      return v.text;
    case 'ptr':
      return `&${v.path.replace(/^[^#]*#\d+\./, '')}`;
    case 'choice':
      return `choice(${v.alts.map((a) => vtext(a.v)).join(',')})`;
    case 'zero':
      return '{}';
    case 'undef':
      return v.name;
    case 'void':
      return 'void';
  }
}
