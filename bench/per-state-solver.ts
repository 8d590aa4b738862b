// The method s2check does not use for encodings-agree: one solver call per
// state. Measured on a sample of feasible states, extrapolated.
import { PROFILES } from '../model/assumptions.ts';
import type { System } from '../src/space/system.ts';
import type { Checker } from '../src/enumerate/check.ts';
import type { Z3, ZBoolTerm, ZIntTerm, ZTerm } from '../src/solver/z3.ts';

export async function perStateAgreement(system: System, checker: Checker, z: Z3, versionId: string, sample: number) {
  const { space, outputs } = system;
  const fields: Record<string, ZTerm> = {};
  for (const f of space.fields) fields[f.name] = f.type === 'bool' ? z.Bool.const(f.name) : z.Int.const(f.name);
  const decisions = system.symbolic(versionId)(z, fields);
  const solver = new z.Solver();
  // The Z3 outcome of each decision as if-then-else chains.
  const outTerms: Record<string, ZTerm> = {};
  for (const d of decisions) {
    for (const name of Object.keys(d.branches[0].outputs)) {
      let t = d.branches[d.branches.length - 1].outputs[name];
      for (let i = d.branches.length - 2; i >= 0; i--) t = z.If(d.branches[i].when, d.branches[i].outputs[name], t) as ZTerm;
      outTerms[name] = t;
    }
  }
  const feasible = checker.feasibility(versionId, PROFILES.default);
  const table = checker.tables.get(versionId);
  const states: number[] = [];
  // A deterministic spread of feasible states.
  // 7919 is prime to the size of the space, so this visits every index once.
  for (let n = 0; states.length < sample && n < space.size; n++) {
    const i = (n * 7919) % space.size;
    if (feasible(i)) states.push(i);
  }
  const t = performance.now();
  let disagreements = 0;
  for (const index of states) {
    const digits = space.digits(index);
    solver.push();
    space.fields.forEach((f, k) => {
      const x = fields[f.name];
      solver.add(f.type === 'bool' ? (digits[k] ? (x as ZBoolTerm) : z.Not(x as ZBoolTerm)) : (x as ZIntTerm).eq(digits[k]));
    });
    await solver.check();
    const m = solver.model();
    const at = table.at(index);
    outputs.forEach((o, k) => {
      const v = m.eval(outTerms[o.name], true).toString();
      const digit = o.type === 'bool' ? (v === 'true' ? 1 : 0) : Number(v);
      if (digit !== at.outputs[k]) disagreements++;
    });
    solver.pop();
  }
  const ms = performance.now() - t;
  return { states: states.length, ms, msPerState: ms / states.length, disagreements };
}
