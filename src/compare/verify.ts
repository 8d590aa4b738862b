// One version checked both ways: the exhaustive enumeration over the
// ts-pattern encoding and the Z3 proofs over the Z3 encoding, side by side.
// The two must agree; when they do not, that is a failure with both pieces
// of evidence.

import type { CheckResult, CheckVerdict, PropertyResult } from '../enumerate/check.ts';
import type { Checker } from '../enumerate/check.ts';
import type { Property } from '../space/property.ts';
import type { ProofResult, Prover } from '../solver/prover.ts';
import { InternalError } from '../solver/prover.ts';
import type { Session } from '../solver/prover.ts';
import type { System } from '../space/system.ts';

export interface Verified {
  readonly enumeration: CheckResult;
  /** By property id; absent when proofs were not asked for. */
  readonly proofs?: ReadonlyMap<string, ProofResult>;
  /** Property ids whose enumeration and proof verdicts disagree, with why. */
  readonly conflicts: ReadonlyMap<string, string>;
  /** The final verdict of each property (encodings-agree comes from the prover). */
  readonly verdicts: ReadonlyMap<string, CheckVerdict | 'inconclusive'>;
  readonly proofMs: number;
  readonly enumerationMs: number;
}

const MATCH: Record<string, string> = { holds: 'proved', violated: 'refuted', vacuous: 'vacuous' };

export interface VerifyOptions {
  /** The properties to check (default: the whole catalogue). */
  readonly properties?: readonly Property[];
  /**
   * Called with the fraction of this version done: enumeration first (a
   * third), then each proof; with the enumeration elsewhere, the proofs
   * take the first two thirds and the caller reports the rest.
   */
  readonly onProgress?: (fraction: number, what: string) => void;
  /**
   * The enumeration, computed elsewhere (another thread): the proofs run
   * first, then this is awaited. Without it, the checker runs it here.
   */
  readonly enumeration?: Promise<{ readonly result: CheckResult; readonly ms: number }>;
}

export async function verify(
  system: System,
  checker: Checker,
  prover: Prover | undefined,
  versionId: string,
  assumptionIds: readonly string[],
  options: VerifyOptions = {},
): Promise<Verified> {
  const { properties = system.properties, onProgress } = options;
  const enumerate = async () => {
    if (options.enumeration) {
      const { result, ms } = await options.enumeration;
      return { enumeration: result, enumerationMs: ms };
    }
    const t0 = performance.now();
    // The enumeration is about a third of a version's time, the proofs the rest.
    checker.progress = onProgress && ((done, total) => onProgress((done / total) / 3, `counting ${done}/${total} states`));
    const enumeration = checker.check(versionId, assumptionIds, properties);
    checker.progress = undefined;
    return { enumeration, enumerationMs: performance.now() - t0 };
  };
  if (!prover) {
    const { enumeration, enumerationMs } = await enumerate();
    const verdicts = new Map<string, CheckVerdict | 'inconclusive'>(enumeration.properties.map((p) => [p.id, p.verdict]));
    return { enumeration, conflicts: new Map(), verdicts, proofMs: 0, enumerationMs };
  }
  // With the enumeration elsewhere, the proofs go first and it is awaited after.
  const early = options.enumeration ? undefined : await enumerate();
  const t1 = performance.now();
  const { proofs, conflicts, unrelated } = await proveAll(prover, versionId, assumptionIds, properties, onProgress && ((k, n) => onProgress((early ? 1 / 3 : 0) + ((2 / 3) * k) / n, `proofs ${k}/${n}`)));
  const proofMs = performance.now() - t1;
  const { enumeration, enumerationMs } = early ?? (await enumerate());
  const verdicts = new Map<string, CheckVerdict | 'inconclusive'>(enumeration.properties.map((p) => [p.id, p.verdict]));
  if (unrelated) {
    // The two encodings do not even name the same rules: nothing symbolic can be compared.
    for (const p of properties) if (p.kind === 'encodings-agree') verdicts.set(p.id, 'violated');
    return { enumeration, proofs, conflicts, verdicts, proofMs, enumerationMs };
  }
  for (const r of enumeration.properties) {
    const proof = proofs.get(r.id)!;
    if (conflicts.has(r.id)) continue;
    if (properties.find((p) => p.id === r.id)?.kind === 'encodings-agree') {
      verdicts.set(r.id, proof.verdict === 'proved' ? 'holds' : proof.verdict === 'refuted' ? 'violated' : 'inconclusive');
      continue;
    }
    if (proof.verdict === 'inconclusive') {
      verdicts.set(r.id, 'inconclusive');
      continue;
    }
    const conflict = disagreement(r, proof);
    if (conflict) conflicts.set(r.id, conflict);
  }
  return { enumeration, proofs, conflicts, verdicts, proofMs, enumerationMs };
}

/** Every property proved on the Z3 side; internal errors become conflicts. */
async function proveAll(
  prover: Prover,
  versionId: string,
  assumptionIds: readonly string[],
  properties: readonly Property[],
  /** Called before proof k of n. */
  onProgress?: (k: number, n: number) => void,
): Promise<{ proofs: Map<string, ProofResult>; conflicts: Map<string, string>; unrelated: boolean }> {
  const proofs = new Map<string, ProofResult>();
  const conflicts = new Map<string, string>();
  let session;
  try {
    session = prover.session(versionId, assumptionIds);
  } catch (e) {
    if (!(e instanceof InternalError)) throw e;
    for (const p of properties) proofs.set(p.id, { id: p.id, verdict: 'inconclusive', reason: e.message, ms: 0 });
    conflicts.set('encodings-agree', e.message);
    return { proofs, conflicts, unrelated: true };
  }
  session.prepare(properties);
  for (const [k, p] of properties.entries()) {
    onProgress?.(k, properties.length);
    // The agreement query is the largest; a solver of its own keeps the others light.
    const s: Session = p.kind === 'encodings-agree' ? session.fork() : session;
    try {
      proofs.set(p.id, await proveOne(s, p));
    } catch (e) {
      if (!(e instanceof InternalError)) throw e;
      // Z3 found a counterexample the ts-pattern rules do not confirm: the
      // encodings disagree. Said loudly, and the other properties go on.
      proofs.set(p.id, { id: p.id, verdict: 'inconclusive', reason: `internal error: ${e.message}`, ms: 0 });
      conflicts.set(p.id, e.message);
    } finally {
      if (s !== session) s.dispose();
    }
  }
  session.dispose();
  return { proofs, conflicts, unrelated: false };
}

function disagreement(r: PropertyResult, proof: ProofResult): string | undefined {
  if (MATCH[r.verdict] === proof.verdict) {
    if (r.id === 'no-dead-rules' && proof.deadRules) {
      const a = [...(r.deadRules ?? [])].sort().join(' ');
      const b = proof.deadRules.map((d) => d.rule).sort().join(' ');
      if (a !== b) return `dead rules differ: counting [${a}], Z3 [${b}]`;
    }
    return undefined;
  }
  const evidence =
    proof.verdict === 'refuted' ? ` (Z3 counterexample state ${proof.counterexample})` : r.counterexample ? ` (counted counterexample state ${r.counterexample.index})` : '';
  return `counting says ${r.verdict}, Z3 says ${proof.verdict}${evidence}`;
}

async function proveOne(session: import('../solver/prover.ts').Session, p: Property): Promise<ProofResult> {
  const t0 = performance.now();
  const ms = () => Math.round(performance.now() - t0);
  switch (p.kind) {
    case 'formula':
      return session.proveFormula(p);
    case 'total': {
      const r = await session.total();
      if (r.result === 'unknown') return { id: p.id, verdict: 'inconclusive', reason: 'Z3 answered unknown', ms: ms() };
      return r.result === 'unsat' ? { id: p.id, verdict: 'proved', assumptionsUsed: r.used, ms: ms() } : { id: p.id, verdict: 'refuted', ms: ms() };
    }
    case 'no-dead-rules': {
      const r = await session.deadRules();
      if ('inconclusive' in r) return { id: p.id, verdict: 'inconclusive', reason: r.inconclusive, ms: ms() };
      return { id: p.id, verdict: r.length ? 'refuted' : 'proved', deadRules: r, ms: ms() };
    }
    case 'encodings-agree': {
      const r = await session.agree();
      if (r.result === 'unknown') return { id: p.id, verdict: 'inconclusive', reason: 'Z3 answered unknown', ms: ms() };
      return r.result === 'unsat'
        ? { id: p.id, verdict: 'proved', ms: ms() }
        : { id: p.id, verdict: 'refuted', counterexample: r.disagreement!.index, disagreement: r.disagreement!.text, ms: ms() };
    }
  }
}
