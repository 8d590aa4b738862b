// Judging a version: its checked results (enumeration and proofs) set
// against the expectations its author declared, with the exit code that
// follows. Reports render what this decides; they decide nothing.

import type { ArtefactStatus } from './artefact-status.ts';
import type { ModelBundle, VersionInfo } from './bundle.ts';
import { bundleAt, findVersionInfo } from './bundle.ts';
import { checkCached } from './diff.ts';
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
  /** The base version's violating states (VersionInfo.base), and whether this version has more. */
  readonly base?: { readonly version: string; readonly violatingStates: number; readonly worse: boolean };
  /**
   * Why this line is not judged: its version fails on some states (the
   * root cause, reported first), or no expectations exist for the profile.
   */
  readonly notJudged?: string;
}

/** The version fails (a rule throws or no rule matches) on some feasible states. */
export interface VersionFailure {
  readonly states: number;
  readonly feasible: number;
  readonly index: number;
  readonly state: string;
  readonly message: string;
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
  /** The root cause when the version fails on some states: every other line follows from it. */
  readonly failure?: VersionFailure;
  /** Expectations were declared for this profile (false: verdicts shown, not judged). */
  readonly judged: boolean;
}

export function versionReport(bundle: ModelBundle, version: VersionInfo, profile: string, verified: Verified): VersionReport {
  const result = verified.enumeration;
  const { space, properties } = bundle.system;
  const expectations = expectationsFor(bundle, version, profile, result.assumptions);
  // A rule file may leave verdicts undeclared: those count against it only when violated.
  const lenient = version.file !== undefined;
  const name = (c: Counterexample) => describeState(space, c.index, c.preset, c.differs);
  const total = result.properties.find((r) => properties.find((p) => p.id === r.id)?.kind === 'total');
  const failure: VersionFailure | undefined =
    total && total.violatingStates > 0 && total.counterexample
      ? { states: total.violatingStates, feasible: result.feasibleStates, index: total.counterexample.index, state: name(total.counterexample), message: total.failure ?? 'no rule decides' }
      : undefined;
  return {
    version,
    profile,
    assumptions: result.assumptions,
    totalStates: result.totalStates,
    feasibleStates: result.feasibleStates,
    rules: result.rules,
    proved: verified.proofs !== undefined,
    failure,
    judged: expectations !== undefined,
    properties: result.properties.map((r) => {
      const p = properties.find((x) => x.id === r.id)!;
      const exp = expectations?.[r.id];
      const expected = exp?.verdict ?? 'undeclared';
      const proof = verified.proofs?.get(r.id);
      const verdict = verified.verdicts.get(r.id) ?? r.verdict;
      const conflict = verified.conflicts.get(r.id);
      // Without proofs, encodings-agree stays pending and is judged by the prover run only.
      const expectedHere = verdict === 'pending' ? 'pending' : expected;
      // The example: the enumeration's; for encodings-agree (the prover's alone), the state where they differ.
      const example = r.counterexample ?? (proof?.counterexample !== undefined && p.kind === 'encodings-agree' ? bundle.checker.counterexample(proof.counterexample) : undefined);
      // When the version fails, every line but total's follows from the failure: shown, not judged.
      const notJudged =
        failure && p.kind !== 'total'
          ? `not judged: the version fails on ${failure.states} states (property total)`
          : !expectations && !conflict && verdict !== 'inconclusive'
            ? `not judged: no expected verdicts declared for profile ${profile}`
            : undefined;
      const judgedOk = expectations && (exp || !lenient) ? expectedHere === verdict : verdict !== 'violated';
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
        asExpected: notJudged !== undefined || (!conflict && verdict !== 'inconclusive' && judgedOk),
        notJudged,
        reason: exp?.reason,
        premiseStates: r.premiseStates,
        violatingStates: r.violatingStates,
        counterexample: example && { ...example, state: name(example) },
        deadRules: r.deadRules,
        failure: r.failure,
      };
    }),
  };
}

/**
 * The verdicts a version expects under a profile: those it declares for
 * it (VersionInfo.expectedByProfile), the default ones under the default
 * profile; undefined when there are none: verdicts are then shown, not judged.
 * A version that expects another's verdicts (VersionInfo.expectsVerdictsOf)
 * expects them as counted on its own space under the profile's
 * assumptions (`ids`).
 */
export function expectationsFor(bundle: ModelBundle, version: VersionInfo, profile: string, ids?: readonly string[]): VersionInfo['expected'] | undefined {
  if (version.expectsVerdictsOf && ids) return verdictsOf(bundle, version.expectsVerdictsOf, profile, ids);
  const declared = version.expectedByProfile?.[profile];
  if (declared) return declared;
  if (profile === bundle.defaultProfile) return version.expected;
  return undefined;
}

/**
 * Another version's verdicts counted on this bundle's space: with the
 * reason it declares where its declared verdict is the same, else saying
 * where the verdict comes from. encodings-agree, which only the prover
 * decides, is expected to hold.
 */
function verdictsOf(bundle: ModelBundle, otherId: string, profile: string, ids: readonly string[]): VersionInfo['expected'] {
  const other = findVersionInfo(bundle, otherId);
  const id = other?.id ?? otherId;
  const declared = other && expectationsFor(bundleAt(bundle, id), other, profile);
  const counted = checkCached(bundle.checker, id, ids);
  return Object.fromEntries(
    counted.properties.map((r) => {
      const verdict: CheckVerdict = r.verdict === 'pending' ? 'holds' : r.verdict;
      const d = declared?.[r.id];
      return [r.id, { verdict, reason: d?.verdict === verdict ? d.reason : `${id}'s verdict on these states` }];
    }),
  );
}

/**
 * Set a version's violation counts against its base version's (a rule
 * file that declares meta.base): a count that got worse is unexpected.
 */
export function againstBase(report: VersionReport, base: { id: string; violating: ReadonlyMap<string, number> }): VersionReport {
  return {
    ...report,
    properties: report.properties.map((p) => {
      const n = base.violating.get(p.id);
      if (n === undefined || p.notJudged) return p;
      const worse = p.violatingStates > n;
      return { ...p, base: { version: base.id, violatingStates: n, worse }, asExpected: p.asExpected && !worse };
    }),
  };
}

export function unexpectedCount(reports: readonly VersionReport[]): number {
  return reports.reduce((n, r) => n + r.properties.filter((p) => !p.asExpected && p.verdict !== 'inconclusive').length, 0);
}

export function inconclusiveCount(reports: readonly VersionReport[]): number {
  return reports.reduce((n, r) => n + r.properties.filter((p) => p.verdict === 'inconclusive' && !p.notJudged).length, 0);
}

/** Artefacts that differ from the fresh results or are missing. */
export function driftCount(reports: readonly VersionReport[]): number {
  return reports.filter((r) => r.artefact?.status === 'drifted' || r.artefact?.status === 'missing').length;
}

/** 0 as expected, 1 something unexpected or an artefact drifted, 3 only inconclusive left. */
export function exitCode(reports: readonly VersionReport[]): number {
  return unexpectedCount(reports) > 0 || driftCount(reports) > 0 ? 1 : inconclusiveCount(reports) > 0 ? 3 : 0;
}

