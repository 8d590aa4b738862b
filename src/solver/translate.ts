// The second interpreter of the expression layer: expressions to Z3 terms.
// Booleans become Z3 Bools; an enumeration becomes a Z3 Int holding the
// position of its value in the sort (its range is asserted where the
// variable is declared).

import type { Bool, Enum, VarRef } from '../space/expr.ts';
import type { Z3, ZBoolTerm, ZIntTerm, ZTerm } from './z3.ts';
import { intVal } from './z3.ts';

export type SymbolicResolver = (ref: VarRef) => ZTerm;

export function boolToZ3(z: Z3, t: Bool, resolve: SymbolicResolver): ZBoolTerm {
  const b = (x: Bool) => boolToZ3(z, x, resolve);
  switch (t.op) {
    case 'lit':
      return z.Bool.val(t.value);
    case 'var':
      return resolve(t.ref) as ZBoolTerm;
    case 'not':
      return z.Not(b(t.arg));
    case 'and':
      return t.args.length ? z.And(...t.args.map(b)) : z.Bool.val(true);
    case 'or':
      return t.args.length ? z.Or(...t.args.map(b)) : z.Bool.val(false);
    case 'implies':
      return z.Implies(b(t.lhs), b(t.rhs));
    case 'iff':
      return z.Iff(b(t.lhs), b(t.rhs));
    case 'eq':
      return enumToZ3(z, t.lhs, resolve).eq(enumToZ3(z, t.rhs, resolve));
    case 'ite':
      return z.If(b(t.cond), b(t.then), b(t.else)) as ZBoolTerm;
  }
}

export function enumToZ3(z: Z3, t: Enum, resolve: SymbolicResolver): ZIntTerm {
  switch (t.op) {
    case 'elit':
      return intVal(z, t.sort.values.indexOf(t.value));
    case 'evar':
      return resolve(t.ref) as ZIntTerm;
    case 'eite':
      return z.If(boolToZ3(z, t.cond, resolve), enumToZ3(z, t.then, resolve), enumToZ3(z, t.else, resolve)) as ZIntTerm;
  }
}
