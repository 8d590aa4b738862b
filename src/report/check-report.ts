// The check report: results set against the versions' expectations, as
// text (for mail) or JSON (for machines; schema in docs/json-schema.md).

import type { ModelBundle, VersionInfo } from '../bundle.ts';
import type { CheckResult, CheckVerdict, Counterexample, RuleCount } from '../check.ts';
import { describeState, pad, padLeft, wrap } from './format.ts';

export const CHECK_SCHEMA = { name: 's2check/check', version: 1 } as const;

export interface PropertyLine {
  readonly id: string;
  readonly category: string;
  readonly verdict: CheckVerdict;
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
}

export function versionReport(bundle: ModelBundle, version: VersionInfo, profile: string, result: CheckResult): VersionReport {
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
    properties: result.properties.map((r) => {
      const p = properties.find((x) => x.id === r.id)!;
      const exp = expectations?.[r.id];
      const expected = exp?.verdict ?? 'undeclared';
      return {
        id: r.id,
        category: p.category,
        verdict: r.verdict,
        expected,
        // Without declared expectations (other profiles), only violations count against.
        asExpected: expectations ? expected === r.verdict : r.verdict !== 'violated',
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
  return reports.reduce((n, r) => n + r.properties.filter((p) => !p.asExpected).length, 0);
}

export function checkText(bundle: ModelBundle, reports: readonly VersionReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const v = r.version;
    out.push(...wrap(`== ${v.id}${v.alias ? ` (${v.alias})` : ''}: ${v.title} [${v.date}]`, '   ', ''));
    out.push(`   ${r.feasibleStates} feasible states of ${r.totalStates} (profile ${r.profile})`);
    out.push(`  ${pad('property', 48)} ${pad('verdict', 8)} ${padLeft('states', 6)} ${padLeft('viol', 6)}`);
    for (const p of r.properties) {
      const mark = p.asExpected ? '' : ' !';
      out.push(`  ${pad(p.id, 48)} ${pad(p.verdict, 8)} ${padLeft(String(p.premiseStates), 6)} ${padLeft(String(p.violatingStates), 6)}${mark}`);
      if (!p.asExpected) {
        out.push(...wrap(`UNEXPECTED: expected ${p.expected}, found ${p.verdict}.`, '      ', '    '));
        const prop = bundle.system.properties.find((x) => x.id === p.id)!;
        if (p.verdict === 'violated') out.push(...wrap(prop.explain, '      ', '    '));
        if (p.counterexample) out.push(...wrap(`counterexample (state ${p.counterexample.index}): ${p.counterexample.state}`, '      ', '    '));
        if (p.failure) out.push(...wrap(`failure: ${p.failure}`, '      ', '    '));
        if (p.deadRules?.length) out.push(...wrap(`dead: ${p.deadRules.join(' ')}`, '      ', '    '));
        if (p.reason) out.push(...wrap(`expectation said: ${p.reason}`, '      ', '    '));
      }
    }
    const dead = r.rules.filter((x) => x.states === 0).map((x) => `${x.decision}/${x.rule}`);
    out.push(...wrap(`dead rules: ${dead.length ? dead.join(' ') : 'none'}`, '     ', '   '));
    out.push('');
  }
  const verdicts = reports.reduce((n, r) => n + r.properties.length, 0);
  const unexpected = unexpectedCount(reports);
  out.push(
    `summary: ${reports.length} version${reports.length === 1 ? '' : 's'}, ${verdicts} verdicts, ` +
      `${verdicts - unexpected} as expected, ${unexpected} unexpected`,
  );
  return out.join('\n') + '\n';
}

export function checkJson(reports: readonly VersionReport[]): string {
  const doc = {
    schema: CHECK_SCHEMA.name,
    version: CHECK_SCHEMA.version,
    unexpected: unexpectedCount(reports),
    versions: reports.map((r) => ({
      id: r.version.id,
      alias: r.version.alias ?? null,
      title: r.version.title,
      profile: r.profile,
      assumptions: r.assumptions,
      totalStates: r.totalStates,
      feasibleStates: r.feasibleStates,
      properties: r.properties.map((p) => ({
        id: p.id,
        category: p.category,
        verdict: p.verdict,
        expected: p.expected,
        asExpected: p.asExpected,
        reason: p.reason ?? null,
        premiseStates: p.premiseStates,
        violatingStates: p.violatingStates,
        counterexample: p.counterexample
          ? { index: p.counterexample.index, preset: p.counterexample.preset, differs: p.counterexample.differs, state: p.counterexample.state }
          : null,
        deadRules: p.deadRules ?? null,
        failure: p.failure ?? null,
      })),
      rules: r.rules,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
