// The one Z3 instance of the process. z3-solver's init() loads a large
// WebAssembly module; it is called once and shared, and solver calls are
// made one at a time.

import type { Arith, Bool as ZBool, Context } from 'z3-solver';

export type Z3 = Context<'main'>;
export type ZBoolTerm = ZBool<'main'>;
export type ZIntTerm = Arith<'main'>;
/** Booleans are Z3 Bools; enumerations are Z3 Ints ranging over the value positions. */
export type ZTerm = ZBoolTerm | ZIntTerm;

let instance: Promise<Z3> | undefined;

export function z3(): Promise<Z3> {
  instance ??= (async () => {
    const { init } = await import('z3-solver');
    const { Context } = await init();
    return Context('main');
  })();
  return instance;
}

export function isZBool(z: Z3, t: ZTerm): t is ZBoolTerm {
  return z.isBool(t);
}
