// Judging a version: its checked results (enumeration and proofs) set
// against the expectations its author declared, with the exit code that
// follows. Reports render what this decides; they decide nothing.

import type { ArtefactStatus } from './artefact-status.ts';
import type { ModelBundle, VersionInfo } from './bundle.ts';
import type { CheckVerdict, Counterexample, RuleCount } from '../enumerate/check.ts';
import type { ProofVerdict } from '../solver/prover.ts';
import type { Verified } from './verify.ts';
import { describeState } from '../space/tokens.ts';

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
  /** The committed artefact, when this run compares with (or updates) it. */
  readonly artefact?: ArtefactStatus;
}

export function versionReport(bundle: ModelBundle, version: VersionInfo, profile: string, verified: Verified): VersionReport {
  const result = verified.enumeration;
  const { space, properties } = bundle.system;
  // Expectations are declared for the default profile only.
  const expectations = profile === bundle.defaultProfile ? version.expected : undefined;
  // A rule file may leave verdicts undeclared: those count against it only when violated.
  const lenient = version.file !== undefined;
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
          (expectations && (exp || !lenient) ? expectedHere === verdict : verdict !== 'violated'),
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

/** Artefacts that differ from the fresh results or are missing. */
export function driftCount(reports: readonly VersionReport[]): number {
  return reports.filter((r) => r.artefact?.status === 'drifted' || r.artefact?.status === 'missing').length;
}

/** 0 as expected, 1 something unexpected or an artefact drifted, 3 only inconclusive left. */
export function exitCode(reports: readonly VersionReport[]): number {
  return unexpectedCount(reports) > 0 || driftCount(reports) > 0 ? 1 : inconclusiveCount(reports) > 0 ? 3 : 0;
}

