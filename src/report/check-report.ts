// The check report: results set against the versions' expectations, as
// text (for mail) or JSON (for machines; schema in docs/json-schema.md).

import type { ModelBundle, VersionInfo } from '../bundle.ts';
import type { CheckVerdict, Counterexample, RuleCount } from '../check.ts';
import type { ProofVerdict } from '../solver/prover.ts';
import type { Verified } from '../verify.ts';
import { describeState, pad, padLeft, wrap } from './format.ts';

export const CHECK_SCHEMA = { name: 's2check/check', version: 1 } as const;

export type FinalVerdict = CheckVerdict | 'inconclusive';

export interface PropertyLine {
  readonly id: string;
  readonly category: string;
  /** The final verdict: the enumeration's, checked against the proof (encodings-agree: the prover's). */
  readonly verdict: FinalVerdict;
  /** The Z3 verdict, when proofs ran. */
  readonly proof?: ProofVerdict;
  /** A minimal set of assumptions the proof (or the vacuity) needs. */
  readonly assumptionsUsed?: readonly string[];
  readonly holdsUnderHard?: boolean;
  /** Enumeration and proof disagree: both pieces of evidence. */
  readonly conflict?: string;
  readonly disagreement?: string;
  readonly deadRuleAssumptions?: ReadonlyArray<{ readonly rule: string; readonly assumptions: readonly string[] }>;
  readonly expected: CheckVerdict | 'undeclared';
  readonly asExpected: boolean;
  readonly reason?: string;
  readonly premiseStates: number;
  readonly violatingStates: number;
  readonly counterexample?: Counterexample & { readonly state: string };
  readonly deadRules?: readonly string[];
  readonly failure?: string;
}

export interface VersionReport {
  readonly version: VersionInfo;
  readonly profile: string;
  readonly assumptions: readonly string[];
  readonly totalStates: number;
  readonly feasibleStates: number;
  readonly properties: readonly PropertyLine[];
  readonly rules: readonly RuleCount[];
  readonly proved: boolean;
}

export function versionReport(bundle: ModelBundle, version: VersionInfo, profile: string, verified: Verified): VersionReport {
  const result = verified.enumeration;
  const { space, properties } = bundle.system;
  // Expectations are declared for the default profile only.
  const expectations = profile === bundle.defaultProfile ? version.expected : undefined;
  return {
    version,
    profile,
    assumptions: result.assumptions,
    totalStates: result.totalStates,
    feasibleStates: result.feasibleStates,
    rules: result.rules,
    proved: verified.proofs !== undefined,
    properties: result.properties.map((r) => {
      const p = properties.find((x) => x.id === r.id)!;
      const exp = expectations?.[r.id];
      const expected = exp?.verdict ?? 'undeclared';
      const proof = verified.proofs?.get(r.id);
      const verdict = verified.verdicts.get(r.id) ?? r.verdict;
      const conflict = verified.conflicts.get(r.id);
      // Without proofs, encodings-agree stays pending and is judged by the prover run only.
      const expectedHere = verdict === 'pending' ? 'pending' : expected;
      return {
        id: r.id,
        category: p.category,
        verdict,
        proof: proof?.verdict,
        assumptionsUsed: proof?.assumptionsUsed,
        holdsUnderHard: proof?.holdsUnderHard,
        conflict,
        disagreement: proof?.disagreement,
        deadRuleAssumptions: proof?.deadRules,
        expected,
        // Without declared expectations (other profiles), only violations and conflicts count against.
        asExpected:
          !conflict &&
          verdict !== 'inconclusive' &&
          (expectations ? expectedHere === verdict : verdict !== 'violated'),
        reason: exp?.reason,
        premiseStates: r.premiseStates,
        violatingStates: r.violatingStates,
        counterexample: r.counterexample && {
          ...r.counterexample,
          state: describeState(space, r.counterexample.index, r.counterexample.preset, r.counterexample.differs),
        },
        deadRules: r.deadRules,
        failure: r.failure,
      };
    }),
  };
}

export function unexpectedCount(reports: readonly VersionReport[]): number {
  return reports.reduce((n, r) => n + r.properties.filter((p) => !p.asExpected && p.verdict !== 'inconclusive').length, 0);
}

export function inconclusiveCount(reports: readonly VersionReport[]): number {
  return reports.reduce((n, r) => n + r.properties.filter((p) => p.verdict === 'inconclusive').length, 0);
}

/** 0 as expected, 1 something unexpected, 3 only inconclusive left. */
export function exitCode(reports: readonly VersionReport[]): number {
  return unexpectedCount(reports) > 0 ? 1 : inconclusiveCount(reports) > 0 ? 3 : 0;
}

export function checkText(bundle: ModelBundle, reports: readonly VersionReport[]): string {
  const out: string[] = [];
  const hard = new Set(bundle.assumptions.filter((a) => a.kind === 'hard').map((a) => a.id));
  const mark = (ids: readonly string[]) => ids.map((id) => (hard.has(id) ? id : `${id}*`)).join(' ');
  for (const r of reports) {
    const v = r.version;
    out.push(...wrap(`== ${v.id}${v.alias ? ` (${v.alias})` : ''}: ${v.title} [${v.date}]`, '   ', ''));
    out.push(`   ${r.feasibleStates} feasible states of ${r.totalStates} (profile ${r.profile})`);
    out.push(`  ${pad('property', 48)} ${pad('verdict', 8)} ${r.proved ? 'z3' : ''}`);
    for (const p of r.properties) {
      const flag = p.asExpected ? '' : p.verdict === 'inconclusive' ? ' ?' : ' !';
      out.push(`  ${pad(p.id, 48)} ${pad(p.verdict, 8)} ${p.proof ?? ''}${flag}`.trimEnd());
      const sub = (text: string) => out.push(...wrap(text, '        ', '      '));
      if (p.verdict === 'violated' && p.counterexample) {
        const count = p.id === 'total' ? `${p.violatingStates} failing states` : `${p.violatingStates} of ${p.premiseStates} states`;
        sub(`${count}, e.g. ${p.counterexample.state}`);
      }
      if (p.verdict === 'violated' && p.deadRules?.length) {
        const why = new Map((p.deadRuleAssumptions ?? []).map((d) => [d.rule, d.assumptions]));
        for (const rule of p.deadRules) {
          const needs = why.get(rule);
          sub(`dead: ${rule}${needs === undefined ? '' : needs.length ? ` (given ${mark(needs)})` : ' (under any assumptions)'}`);
        }
      }
      if (p.assumptionsUsed?.length && p.proof === 'proved') sub(`needs: ${mark(p.assumptionsUsed)}`);
      const kind = bundle.system.properties.find((x) => x.id === p.id)?.kind;
      if (kind === 'encodings-agree' && p.verdict === 'holds') sub(`on all ${r.feasibleStates} feasible states`);
      if (p.disagreement) sub(`disagreement: ${p.disagreement}`);
      if (!p.asExpected) {
        sub(`UNEXPECTED: expected ${p.expected}, found ${p.verdict}.`);
        const prop = bundle.system.properties.find((x) => x.id === p.id)!;
        if (p.verdict === 'violated') sub(prop.explain);
        if (p.conflict) sub(`enumeration and Z3 disagree: ${p.conflict}`);
        if (p.failure) sub(`failure: ${p.failure}`);
        if (p.reason) sub(`expectation said: ${p.reason}`);
      }
    }
    out.push('');
  }
  const verdicts = reports.reduce((n, r) => n + r.properties.length, 0);
  const unexpected = unexpectedCount(reports);
  const inconclusive = inconclusiveCount(reports);
  if (reports.some((r) => r.proved)) out.push('* soft assumption (not guaranteed by the kernel or the architecture)');
  out.push(
    `summary: ${reports.length} version${reports.length === 1 ? '' : 's'}, ${verdicts} verdicts, ` +
      `${verdicts - unexpected - inconclusive} as expected, ${unexpected} unexpected` +
      (inconclusive ? `, ${inconclusive} inconclusive` : ''),
  );
  return out.join('\n') + '\n';
}

export function checkJson(reports: readonly VersionReport[]): string {
  const doc = {
    schema: CHECK_SCHEMA.name,
    version: CHECK_SCHEMA.version,
    unexpected: unexpectedCount(reports),
    inconclusive: inconclusiveCount(reports),
    versions: reports.map((r) => ({
      id: r.version.id,
      alias: r.version.alias ?? null,
      title: r.version.title,
      profile: r.profile,
      proved: r.proved,
      assumptions: r.assumptions,
      totalStates: r.totalStates,
      feasibleStates: r.feasibleStates,
      properties: r.properties.map((p) => ({
        id: p.id,
        category: p.category,
        verdict: p.verdict,
        proof: p.proof ?? null,
        assumptionsUsed: p.assumptionsUsed ?? null,
        holdsUnderHard: p.holdsUnderHard ?? null,
        conflict: p.conflict ?? null,
        disagreement: p.disagreement ?? null,
        expected: p.expected,
        asExpected: p.asExpected,
        reason: p.reason ?? null,
        premiseStates: p.premiseStates,
        violatingStates: p.violatingStates,
        counterexample: p.counterexample
          ? { index: p.counterexample.index, preset: p.counterexample.preset, differs: p.counterexample.differs, state: p.counterexample.state }
          : null,
        deadRules: p.deadRules ?? null,
        deadRuleAssumptions: p.deadRuleAssumptions ?? null,
        failure: p.failure ?? null,
      })),
      rules: r.rules,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
