// s2check coverage: per rule, how many feasible states it decides and
// under which conditions, counted on sets of states (no state visited);
// dead rules by counting and by Z3.

import type { ModelBundle } from '../../compare/bundle.ts';
import { bundleAt } from '../../compare/bundle.ts';
import { conditions, pathCubes, setLabelling } from '../../compare/group.ts';
import { pad, padLeft, wrap } from '../../report/format.ts';
import { Prover } from '../../solver/prover.ts';
import { z3 } from '../../solver/z3.ts';
import { UsageError } from '../../parse/errors.ts';
import type { Io } from '../common.ts';
import { LIMIT_OPTIONS, noPositionals, parse, parseLimits, resolveProfile, resolveOne } from '../common.ts';
import { conditionLines, kernelSites, summary } from '../select.ts';

/** Condition lines shown per rule. */
const MAX_CONDITIONS = 4;

export async function cmdCoverage(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string' },
    profile: { type: 'string' },
    ...LIMIT_OPTIONS,
  });
  noPositionals('coverage', positionals);
  if (typeof values.version !== 'string') throw new UsageError('coverage needs --version ID|FILE');
  const one = await resolveOne(base, values.version);
  const version = one.version;
  const bundle = bundleAt(one.bundle, version.id);
  const profile = resolveProfile(bundle, (values.profile as string) ?? bundle.defaultProfile);
  const limits = parseLimits(values);
  const v = version.id;
  const { space } = bundle.system;
  const table = bundle.checker.tables.get(v);
  // Counted as sets of states (the counter's), never state by state.
  const sets = bundle.checker.stateSets;
  const { mdd } = sets;
  const feasible = sets.feasible(v, profile.ids);
  const nFeasible = mdd.count(feasible);
  const start = pathCubes(space, table);
  const out: string[] = [];
  out.push(`coverage ${v}${version.alias ? ` (${version.alias})` : ''}, profile ${profile.name}: ${nFeasible} feasible states`);
  out.push('per rule, in order: the states it decides and the conditions under');
  out.push('which it decides them (among the feasible states); each count is');
  out.push('states of the rule, counted once, under the first condition that');
  out.push('covers it');
  out.push(...wrap(`source: ${version.source}`, '    ', ''));
  const deadEnum: string[] = [];
  let ruleCount = 0;
  const failed = mdd.count(mdd.and(feasible, sets.failedStates(v)));
  bundle.system.encoding(v).decisions.forEach((decision, d) => {
    const labels = new Map(decision.rules.map((_, r) => [r, mdd.and(feasible, sets.ruleSet(v, d, r))] as const));
    const groups = conditions(space, setLabelling(space, mdd, labels), { start });
    const sites = kernelSites(bundle, v, decision.id);
    out.push(...wrap(`${decision.id} rules: the checks of ${sites.entry}, in order`, '    ', ''));
    decision.rules.forEach((rule, r) => {
      const site = sites.changesTo(rule);
      if (site) out.push(` in ${site}:`);
      ruleCount++;
      const g = groups.find((x) => x.label === r);
      const n = g?.states ?? 0;
      out.push(`  ${pad(rule, 58)} ${padLeft(n ? String(n) : 'DEAD', 6)}`.trimEnd());
      if (!g) deadEnum.push(`${decision.id}/${rule}`);
      else out.push(...conditionLines(bundle, g, { indent: '    ', max: MAX_CONDITIONS }));
    });
  });
  if (failed) out.push(`FAILURE: the version fails on ${failed} feasible states (see check, property total)`);

  const session = new Prover(bundle.system, bundle.checker, await z3(), limits).session(v, profile.ids);
  const dead = await session.deadRules();
  const soft = (id: string) => `${id}${bundle.assumptions.find((a) => a.id === id)?.kind === 'hard' ? '' : '*'}`;
  out.push('dead rules (no feasible state reaches them)');
  const item = (label: string, text: string) => out.push(...wrap(text, ' '.repeat(15), `  ${pad(label, 12)} `));
  item('counting', deadEnum.length ? deadEnum.join(' ') : 'none');
  let agree = true;
  let inconclusive = false;
  if ('inconclusive' in dead) {
    inconclusive = true;
    item('z3', `inconclusive: ${dead.inconclusive}`);
  } else {
    if (dead.length === 0) item('z3', 'none');
    for (const x of dead) item(x === dead[0] ? 'z3' : '', `${x.rule} ${x.assumptions.length ? `given ${x.assumptions.map(soft).join(' ')}` : 'under any assumptions'}`);
    const zDead = dead.map((x) => x.rule);
    agree = zDead.length === deadEnum.length && zDead.every((r) => deadEnum.includes(r));
    if (!agree) item('DISAGREEMENT', 'counting and Z3 find different dead rules (a bug in one of the encodings)');
  }
  if (out.some((l) => l.includes('*'))) out.push('* soft assumption (not guaranteed by the kernel or the architecture)');
  const n = `${ruleCount} rules, ${deadEnum.length} dead`;
  out.push(summary(`summary: ${v}: ${n}${agree ? (inconclusive ? ', Z3 inconclusive' : ' (counting and Z3 agree)') : ', DISAGREEMENT with Z3'}`));
  io.out(out.join('\n') + '\n');
  return !agree || failed ? 1 : inconclusive ? 3 : 0;
}
