// s2check prove: one proof in detail.

import type { ModelBundle } from '../../compare/bundle.ts';
import { bundleAt } from '../../compare/bundle.ts';
import { show, tidy } from '../../space/expr.ts';
import { versionReport } from '../../compare/judge.ts';
import { pad, wrap } from '../../report/format.ts';
import { describeState } from '../../space/tokens.ts';
import { Prover } from '../../solver/prover.ts';
import { z3 } from '../../solver/z3.ts';
import { verify } from '../../compare/verify.ts';
import { UsageError, unknown } from '../../parse/errors.ts';
import type { Io } from '../common.ts';
import { summary } from '../select.ts';
import { LIMIT_OPTIONS, noPositionals, parse, parseLimits, resolveProfile, resolveOne } from '../common.ts';

export async function cmdProve(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string' },
    property: { type: 'string' },
    profile: { type: 'string' },
    ...LIMIT_OPTIONS,
  });
  noPositionals('prove', positionals);
  if (typeof values.version !== 'string') throw new UsageError('prove needs --version ID|FILE');
  if (typeof values.property !== 'string') throw new UsageError('prove needs --property ID');
  const one = await resolveOne(base, values.version);
  const version = one.version;
  const bundle = bundleAt(one.bundle, version.id);
  const property = bundle.system.properties.find((p) => p.id === values.property);
  if (!property) throw unknown('property', values.property, bundle.system.properties.map((p) => p.id));
  const profile = resolveProfile(base, (values.profile as string) ?? base.defaultProfile);
  const limits = parseLimits(values);
  const prover = new Prover(bundle.system, bundle.checker, await z3(), { ...limits, canonicalWitnesses: true });
  const verified = await verify(bundle.system, bundle.checker, prover, version.id, profile.ids, { properties: [property] });
  const report = versionReport(bundle, version, profile.name, verified);
  const line = report.properties[0];
  const proof = verified.proofs!.get(property.id)!;
  const { space } = bundle.system;
  const hard = new Set(bundle.assumptions.filter((a) => a.kind === 'hard').map((a) => a.id));
  const out: string[] = [];
  const item = (label: string, text: string) => out.push(...wrap(text, ' '.repeat(16), `  ${pad(label, 13)} `));
  out.push(...wrap(`prove ${version.id} ${property.id} (profile ${profile.name}, ${report.feasibleStates} feasible states)`, '  ', ''));
  item('statement', property.statement);
  if (property.kind === 'formula') item('formula', `${show(tidy(property.premise))} -> ${show(tidy(property.conclusion), 3)}`);
  const over = property.kind === 'encodings-agree' ? ` over all ${report.feasibleStates} feasible states` : '';
  item('z3', `${proof.verdict} in ${proof.ms} ms${over}`);
  const enumVerdict = verified.enumeration.properties[0].verdict;
  const enumLine =
    property.kind === 'formula'
      ? `${enumVerdict}: ${line.violatingStates} violating of ${line.premiseStates} states meeting the premise`
      : property.kind === 'encodings-agree'
        ? 'n/a (the Z3 side is the prover\'s)'
        : enumVerdict;
  item('counting', enumLine);
  const describe = (index: number) => {
    const c = bundle.checker.counterexample(index);
    return `state ${index}: ${describeState(space, index, c.preset, c.differs)}`;
  };
  if (proof.assumptionsUsed) {
    item(proof.verdict === 'vacuous' ? 'vacuous given' : 'needs', proof.assumptionsUsed.length ? '' : '(no assumption)');
    if (proof.assumptionsUsed.length) out.pop();
    for (const id of proof.assumptionsUsed) {
      const a = bundle.assumptions.find((x) => x.id === id)!;
      item(proof.assumptionsUsed[0] === id ? (proof.verdict === 'vacuous' ? 'vacuous given' : 'needs') : '', `${id} (${a.kind}): ${a.reason}`);
    }
  }
  if (proof.verdict === 'proved' && proof.holdsUnderHard !== undefined) {
    item('hard only', proof.holdsUnderHard ? 'still proved' : 'not proved');
    if (proof.hardCounterexample !== undefined) {
      item('without soft', describe(proof.hardCounterexample));
      item('', bundle.outcomeLine(version.id, proof.hardCounterexample));
    }
  }
  // The example check shows (the enumeration's); Z3's own witness beside it when it is another state.
  const example = line.counterexample?.index ?? proof.counterexample;
  if (example !== undefined && (proof.counterexample !== undefined || line.verdict === 'violated')) {
    item(property.kind === 'encodings-agree' ? 'differ on' : 'counterexample', describe(example));
    item('outcome', bundle.outcomeLine(version.id, example));
    if (proof.counterexample !== undefined && proof.counterexample !== example) item('z3 witness', `state ${proof.counterexample} (also violating; the example above is the one check shows)`);
  }
  if (proof.deadRules?.length) for (const d of proof.deadRules) item('dead', `${d.rule}${d.assumptions.length ? ` given ${d.assumptions.join(' ')}` : ' under any assumptions'}`);
  if (proof.disagreement) item('disagreement', proof.disagreement);
  if (proof.reason) item('reason', proof.reason);
  if (line.conflict) item('CONFLICT', line.conflict);
  const soft = (proof.assumptionsUsed ?? []).filter((id) => !hard.has(id)).length;
  const needs = proof.verdict === 'proved' && property.kind === 'formula' ? ` (needs ${soft} soft assumption${soft === 1 ? '' : 's'})` : '';
  const conflict = line.conflict ? ', CONFLICT with counting' : '';
  out.push(summary(`summary: ${version.id} ${property.id} ${proof.verdict}${needs}${conflict}`, `summary: ${property.id} ${proof.verdict}${needs}${conflict}`, `summary: ${proof.verdict}${needs}${conflict}`));
  io.out(out.join('\n') + '\n');
  return line.conflict ? 1 : proof.verdict === 'inconclusive' ? 3 : 0;
}
