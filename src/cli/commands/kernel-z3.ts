// The agreement of two versions proved with Z3: is there a state,
// feasible for both under the assumptions, where their decisions differ?
// Each version's Z3 encoding is used as is (for a version derived from C,
// the encoding read off the derived guards; for a hand-written one, its
// independent z3.ts), so this is a check independent of the decision
// tables that tableAgreement() compares.

import type { ModelBundle } from '../../compare/bundle.ts';
import type { Bool, Term, VarRef } from '../../space/expr.ts';
import { isBool } from '../../space/expr.ts';
import { boolToZ3, enumToZ3 } from '../../solver/translate.ts';
import type { ZBoolTerm, ZTerm } from '../../solver/z3.ts';
import { check, solverLogic, z3 } from '../../solver/z3.ts';

export type Z3Agreement = { readonly result: 'proved' } | { readonly result: 'refuted'; readonly index: number } | { readonly result: 'inconclusive' };

export async function z3Agreement(bundle: ModelBundle, a: string, b: string, assumptionIds: readonly string[], resourceLimit = 5_000_000): Promise<Z3Agreement> {
  const z = await z3();
  const { system } = bundle;
  const fields: Record<string, ZTerm> = {};
  const background: ZBoolTerm[] = [];
  for (const f of system.space.fields) {
    if (f.type === 'bool') fields[f.name] = z.Bool.const(f.name);
    else {
      const x = z.Int.const(f.name);
      fields[f.name] = x;
      background.push(z.And(x.ge(0), x.lt(f.values!.length)));
    }
  }
  // the outputs of a version: the first branch whose guard holds decides
  const outputsOf = (id: string): Record<string, ZTerm> => {
    const out: Record<string, ZTerm> = {};
    for (const d of system.symbolic(id)(z, fields)) {
      for (const name of Object.keys(d.branches[0]?.outputs ?? {})) {
        let t: ZTerm = d.branches[d.branches.length - 1].outputs[name];
        for (let i = d.branches.length - 2; i >= 0; i--) t = z.If(d.branches[i].when, d.branches[i].outputs[name], t) as ZTerm;
        out[name] = t;
      }
    }
    return out;
  };
  const oa = outputsOf(a);
  const ob = outputsOf(b);
  // the assumptions, over each version's own outputs and derived facts
  const resolverOf = (id: string, outs: Record<string, ZTerm>) => {
    const derived = new Map<string, ZTerm>();
    const resolve = (ref: VarRef): ZTerm => {
      const t = fields[ref.name] ?? outs[ref.name] ?? derived.get(ref.name);
      if (t) return t;
      const def: Term | undefined = system.derived(id)[ref.name];
      if (!def) throw new Error(`unknown variable ${ref.name}`);
      const term = isBool(def) ? boolToZ3(z, def, resolve) : enumToZ3(z, def, resolve);
      derived.set(ref.name, term);
      return term;
    };
    return resolve;
  };
  const ra = resolverOf(a, oa);
  const rb = resolverOf(b, ob);
  const solver = new z.Solver(solverLogic());
  if (resourceLimit) solver.set('rlimit', resourceLimit);
  for (const t of background) solver.add(t);
  for (const spec of system.assumptions.filter((x) => assumptionIds.includes(x.id))) {
    solver.add(boolToZ3(z, spec.formula as Bool, ra));
    solver.add(boolToZ3(z, spec.formula as Bool, rb));
  }
  const names = Object.keys(oa).filter((n) => n in ob);
  solver.add(z.Or(...names.map((n) => z.Not((oa[n] as ZBoolTerm).eq(ob[n] as never)))));
  try {
    const r = await check(solver, []);
    if (r === 'unsat') return { result: 'proved' };
    if (r !== 'sat') return { result: 'inconclusive' };
    const m = solver.model();
    const digits = system.space.fields.map((f) => {
      const v = m.eval(fields[f.name], true);
      return f.type === 'bool' ? (String(v) === 'true' ? 1 : 0) : Number(String(v));
    });
    return { result: 'refuted', index: system.space.indexOfDigits(digits) };
  } finally {
    solver.release();
  }
}
