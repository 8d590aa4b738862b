// s2check query: is there a feasible state where a condition holds? The
// decision diagrams (src/count/) count the states and pick a witness
// (closest to a preset) without visiting them; the output calls this side
// `enumeration`, as its counts are the enumeration's. Z3 answers the same
// question from the Z3 encoding: satisfiable (and the witness satisfies it
// there too), or unsatisfiable with the minimal set of assumptions the
// proof needs. The two must agree.

import type { ModelBundle } from '../../compare/bundle.ts';
import { bundleAt } from '../../compare/bundle.ts';
import type { Bool } from '../../space/expr.ts';
import { and, boolVar, enumSort, enumVar, eq, lit, not } from '../../space/expr.ts';
import { pad, wrap } from '../../report/format.ts';
import { Prover } from '../../solver/prover.ts';
import { z3 } from '../../solver/z3.ts';
import { UsageError } from '../../parse/errors.ts';
import type { Io } from '../common.ts';
import { LIMIT_OPTIONS, parse, parseLimits, resolveProfile, resolveOne } from '../common.ts';
import { conditionText, parseCondition, stateTokens, summary } from '../select.ts';

export interface Witnesses {
  /** Feasible states where the condition holds. */
  readonly count: number;
  readonly feasible: number;
  /** The one closest to a preset (ties: the preset listed first, then the lowest index). */
  readonly witness?: number;
}

/** Count the feasible states where `formula` holds and pick a witness: sets of states, not a visit. */
export function findWitnesses(bundle: ModelBundle, versionId: string, assumptionIds: readonly string[], formula: Bool): Witnesses {
  const sets = bundle.checker.stateSets;
  const selected = sets.selected(versionId, assumptionIds, formula);
  const count = sets.mdd.count(selected);
  const feasible = sets.countFeasible(versionId, assumptionIds);
  // No preset, nothing to be close to: no witness.
  const witness = bundle.system.presets.length ? sets.closestToPresets(selected)?.index : undefined;
  return { count, feasible, witness };
}

/** The formula that holds on exactly one state. */
export function stateFormula(bundle: ModelBundle, index: number): Bool {
  const { space } = bundle.system;
  const digits = space.digits(index);
  return and(
    ...space.fields.map((f, k) => {
      if (f.type === 'bool') return digits[k] ? boolVar(f.name) : not(boolVar(f.name));
      const sort = enumSort(f.name, f.values);
      return eq(enumVar(f.name, sort), lit(sort, f.values[digits[k]]));
    }),
  );
}

export async function cmdQuery(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string' },
    profile: { type: 'string' },
    ...LIMIT_OPTIONS,
  });
  if (typeof values.version !== 'string') throw new UsageError("query needs --version ID|FILE and a condition, e.g. 'fault.attr = NORMAL & !pfn.mapMemory'");
  if (positionals.length === 0) throw new UsageError("query needs a condition, e.g. 'fault.attr = NORMAL & !pfn.mapMemory'");
  const one = await resolveOne(base, values.version);
  const version = one.version;
  const bundle = bundleAt(one.bundle, version.id);
  const profile = resolveProfile(bundle, (values.profile as string) ?? bundle.defaultProfile);
  const limits = parseLimits(values);
  const text = positionals.join(' ');
  const formula = parseCondition(bundle, text);
  const v = version.id;

  const out: string[] = [];
  const item = (label: string, text: string) => out.push(...wrap(text, ' '.repeat(15), `  ${pad(label, 12)} `));
  const assumption = (id: string) => `${id}${bundle.assumptions.find((a) => a.id === id)?.kind === 'hard' ? '' : '*'}`;
  out.push(`query ${v} (profile ${profile.name}):`);
  out.push(...wrap(conditionText(text), '    ', '  '));

  const found = findWitnesses(bundle, v, profile.ids, formula);
  item('counting', `${found.count} of ${found.feasible} feasible states satisfy it`);
  if (found.witness !== undefined) {
    item('witness', stateTokens(bundle, found.witness));
    item('', bundle.outcomeLine(v, found.witness));
  }

  const session = new Prover(bundle.system, bundle.checker, await z3(), limits).session(v, profile.ids);
  const z = await session.unsatisfiable(session.toZ3(formula));
  let disagreement: string | undefined;
  let inconclusive = false;
  if (z.result === 'unknown') {
    inconclusive = true;
    item('z3', 'inconclusive (the solver gave up; try a larger --timeout)');
  } else if (z.result === 'sat') {
    // Z3 finds a state on its own; the enumeration's witness must satisfy it there too.
    let confirmed = 'sat';
    if (found.witness !== undefined) confirmed = (await session.unsatisfiable(session.toZ3(and(formula, stateFormula(bundle, found.witness))))).result;
    if (found.witness === undefined) disagreement = 'Z3 finds a feasible state where the condition holds; counting finds none';
    else if (confirmed === 'unsat') disagreement = `Z3 says the witness (state ${found.witness}) does not satisfy the condition`;
    else if (confirmed === 'unknown') inconclusive = true;
    item('z3', found.witness !== undefined ? `satisfiable; the witness satisfies it in the Z3 encoding too${confirmed === 'unknown' ? ' (inconclusive)' : ''}` : 'satisfiable');
  } else {
    const used = z.used ?? [];
    item('z3', `unsatisfiable; the proof needs ${used.length ? used.map(assumption).join(' ') : 'no assumption'}`);
    if (found.count > 0) disagreement = `counting finds ${found.count} states, Z3 proves there is none`;
    // What the soft assumptions exclude: the same question under the hard ones alone.
    const hard = bundle.assumptions.filter((a) => a.kind === 'hard').map((a) => a.id);
    if (used.some((id) => !hard.includes(id))) {
      const h = findWitnesses(bundle, v, hard, formula);
      item('hard only', `${h.count} of ${h.feasible} states feasible under the hard assumptions alone satisfy it${h.witness !== undefined ? ', e.g.' : ''}`);
      if (h.witness !== undefined) {
        item('', stateTokens(bundle, h.witness));
        item('', bundle.outcomeLine(v, h.witness));
      }
    }
  }
  if (disagreement) item('DISAGREEMENT', `${disagreement}: counting and the Z3 encoding disagree (a bug in one of them)`);
  if (out.some((l) => l.includes('*'))) out.push('* soft assumption (not guaranteed by the kernel or the architecture)');
  const verdict = disagreement
    ? `summary: ${v}: DISAGREEMENT between counting and Z3`
    : found.count > 0
      ? `summary: ${v}: yes, ${found.count} feasible state${found.count === 1 ? '' : 's'} (profile ${profile.name})`
      : `summary: ${v}: no feasible state (profile ${profile.name})`;
  out.push(summary(verdict + (inconclusive ? '; Z3 inconclusive' : '')));
  io.out(out.join('\n') + '\n');
  return disagreement ? 1 : inconclusive ? 3 : 0;
}
