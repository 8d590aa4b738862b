// Why each rule did or did not fire on one state, from the version's Z3
// encoding (System.symbolic): its branches are the version's rules in
// order, each with the guard the kernel writes, and the first branch whose
// guard holds decides.
//
// The ts-pattern encoding cannot say why an earlier rule did not fire (it
// runs as one match), so the reason comes from the Z3 guards: for a rule
// that did not fire, a minimal set of the state's field values under which
// its guard is false whatever the other fields are; for the deciding rule,
// a minimal set under which its guard is true. The set is found by asking
// only sat/unsat questions in a fixed order (see `minimal`), so it does not
// depend on the solver's unsat cores or models and is reproducible.
// The two encodings are proved to agree on every feasible state
// (encodings-agree); where a guard contradicts the ts-pattern rules on this
// state (a rule before the deciding one whose guard holds, or a deciding
// rule whose guard is false), the trace says so instead of explaining.

import type { System } from '../space/system.ts';
import type { Z3, ZBoolTerm, ZIntTerm, ZTerm } from './z3.ts';
import { check } from './z3.ts';

export interface RuleStep {
  readonly rule: string;
  /** 'skipped': an earlier rule did not fire, this one did not either; 'decides'; 'after': not evaluated. */
  readonly role: 'skipped' | 'decides' | 'after';
  /** Field values (name, digit) that settle the guard: false for 'skipped', true for 'decides'. */
  readonly because?: ReadonlyArray<readonly [field: string, digit: number]>;
  /** The Z3 guard contradicts the ts-pattern rules on this state. */
  readonly disagrees?: boolean;
}

export interface DecisionTrace {
  readonly decision: string;
  readonly steps: readonly RuleStep[];
}

/**
 * Trace every decision of a version on one state. `deciding[d]` is the
 * index of the rule that decided decision d (from the concrete table).
 */
export async function traceRules(system: System, z: Z3, versionId: string, index: number, deciding: readonly number[]): Promise<DecisionTrace[]> {
  const { space } = system;
  const digits = space.digits(index);
  const fields: Record<string, ZTerm> = {};
  for (const f of space.fields) fields[f.name] = f.type === 'bool' ? z.Bool.const(f.name) : z.Int.const(f.name);
  const literal = (k: number): ZBoolTerm => {
    const f = space.fields[k];
    const t = fields[f.name];
    return f.type === 'bool' ? (digits[k] ? (t as ZBoolTerm) : z.Not(t as ZBoolTerm)) : (t as ZIntTerm).eq(digits[k]);
  };
  const literals = space.fields.map((_, k) => literal(k));
  const solver = new z.Solver();
  for (const f of space.fields) {
    const t = fields[f.name] as ZIntTerm;
    if (f.type === 'enum') solver.add(z.And(t.ge(0), t.lt(f.values.length)));
  }

  /** Is `goal` unsatisfiable together with the literals of `keep`? */
  const unsat = async (goal: ZBoolTerm, keep: readonly number[]): Promise<boolean> => {
    solver.push();
    solver.add(goal);
    for (const k of keep) solver.add(literals[k]);
    const r = await check(solver, []);
    solver.pop();
    return r === 'unsat';
  };
  /**
   * A small set of the state's literals that refutes `goal` (undefined when
   * all of them do not): one literal if one suffices (the first in field
   * order), else the smaller of the two sets found by deleting literals
   * front to back and back to front (ties: the one naming earlier fields).
   */
  const minimal = async (goal: ZBoolTerm): Promise<number[] | undefined> => {
    const all = space.fields.map((_, k) => k);
    if (!(await unsat(goal, all))) return undefined;
    if (await unsat(goal, [])) return [];
    for (const k of all) if (await unsat(goal, [k])) return [k];
    const deletion = async (order: readonly number[]) => {
      let keep = all;
      for (const k of order) {
        const trial = keep.filter((x) => x !== k);
        if (await unsat(goal, trial)) keep = trial;
      }
      return keep;
    };
    const back = await deletion([...all].reverse());
    const front = await deletion(all);
    return front.length < back.length ? front : back;
  };

  const decisions = system.symbolic(versionId)(z, fields);
  const out: DecisionTrace[] = [];
  for (let d = 0; d < decisions.length; d++) {
    const { id, branches } = decisions[d];
    const steps: RuleStep[] = [];
    for (let r = 0; r < branches.length; r++) {
      const rule = branches[r].rule;
      if (r > deciding[d]) {
        steps.push({ rule, role: 'after' });
        continue;
      }
      // Did not fire: the guard is false, so the literals refute it. Decides: its negation is refuted.
      const goal = r < deciding[d] ? branches[r].when : z.Not(branches[r].when);
      const keep = await minimal(goal);
      const role = r < deciding[d] ? 'skipped' : 'decides';
      if (!keep) steps.push({ rule, role, disagrees: true });
      else steps.push({ rule, role, because: keep.map((k) => [space.fields[k].name, digits[k]] as const) });
    }
    out.push({ decision: id, steps });
  }
  return out;
}
