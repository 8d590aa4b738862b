// check --kernel PATH: what the C front end derived from a kernel tree, and
// its agreement, state for state, with the hand-written version the kernel
// profile names for that release (or --against ID), under every profile.
// Differences are shown as conditions, with an example state and the C
// line (rule function:line) that decided it.

import type { ModelBundle } from '../../compare/bundle.ts';
import { computeDiff } from '../../compare/diff.ts';
import { padLeft, wrap } from '../../report/format.ts';
import { stateTokens } from '../select.ts';
import { z3Agreement } from './kernel-z3.ts';
import type { KernelDerivation } from '../../../model/kernel/derive.ts';

export interface KernelReport {
  readonly text: string;
  /** Every profile: no feasible state differs. */
  readonly agrees: boolean;
  readonly json: Record<string, unknown>;
}

const MAX_GROUPS = 8;

/**
 * States feasible for both versions under the assumptions, and those
 * where their decisions differ (every output of both decisions compared),
 * from the decision tables: the fast path of the agreement; the
 * conditions of a difference come from computeDiff. Where the assumptions
 * read outcomes (end-to-end: the memslot accepted), a state may be
 * feasible for one version only: `onlyA`, `onlyB`.
 */
export function tableAgreement(bundle: ModelBundle, a: string, b: string, ids: readonly string[]): { feasible: number; differing: number; onlyA: number; onlyB: number } {
  const ta = bundle.checker.tables.get(a);
  const tb = bundle.checker.tables.get(b);
  const w = ta.width;
  let fa: ((i: number) => boolean) | undefined;
  let fb: ((i: number) => boolean) | undefined;
  let differing = 0;
  let onlyA = 0;
  let onlyB = 0;
  // The flat arrays once: each is a getter (built from the tree on first use).
  const [failedA, failedB, outA, outB] = [ta.failed, tb.failed, ta.outputs, tb.outputs];
  for (let i = 0; i < bundle.system.space.size; i++) {
    let differs = failedA[i] !== 0 || failedB[i] !== 0;
    for (let o = 0; o < w && !differs; o++) if (outA[i * w + o] !== outB[i * w + o]) differs = true;
    if (!differs) continue;
    // feasibility is asked only where the decisions differ
    fa ??= bundle.checker.feasibility(a, ids);
    fb ??= bundle.checker.feasibility(b, ids);
    const [ia, ib] = [fa(i), fb(i)];
    if (ia && ib) differing++;
    else if (ia) onlyA++;
    else if (ib) onlyB++;
  }
  // Where the two tables agree on a state, so does its feasibility.
  return { feasible: bundle.checker.countFeasible(b, ids) - onlyB, differing, onlyA, onlyB };
}

export async function kernelReport(bundle: ModelBundle, derivedId: string, d: KernelDerivation, prove: boolean): Promise<KernelReport> {
  const out: string[] = [];
  const against = d.against.id;
  out.push(...wrap(`== kernel ${d.file}${d.release ? ` (Linux ${d.release})` : ''} as ${derivedId}`, '   ', ''));
  out.push(...wrap(`compared with ${against}: ${d.against.why}`, '   ', '   '));
  out.push(`   derived: fault ${d.fault.length} rules, memslot ${d.memslot.length} rules`);
  out.push(...wrap(`rules: ${[...d.version.faultRules, ...d.version.memslotRules].join(' ')}`, '     ', '   '));
  out.push(`   predicate map: ${d.predicatesUsed} of ${d.predicatesTotal} entries used`);
  const used = d.environment.filter((e) => e.used);
  out.push(`   environment assumptions met in the code: ${used.length} of ${d.environment.length}`);
  for (const e of used) out.push(...wrap(`${e.id}${e.pinsOff ? ' (pins off a path)' : ''}: ${e.reason}`, '       ', '     '));
  if (d.neutral.length) out.push(`   ${d.neutral.length} unmapped conditions the outcome does not depend on (set aside)`);
  let agrees = true;
  const profiles: Array<Record<string, unknown>> = [];
  for (const name of Object.keys(bundle.profiles)) {
    const fast = tableAgreement(bundle, against, derivedId, bundle.profiles[name]);
    // the same question to Z3, from the two Z3 encodings (not the tables)
    const proof = prove ? await z3Agreement(bundle, against, derivedId, bundle.profiles[name]) : undefined;
    const z = proof === undefined ? undefined : proof.result;
    // States one version's outcomes make feasible and the other's do not: not compared, said.
    const only = { feasibleOnlyAgainst: fast.onlyA, feasibleOnlyDerived: fast.onlyB };
    // A profile's first line (agrees, DIFFERS), then those states if any.
    const headline = (text: string) => {
      out.push(...wrap(`${text} (profile ${name})`, '     ', '   '));
      if (fast.onlyA || fast.onlyB) out.push(...wrap(`feasible for one only: ${fast.onlyA} for ${against}, ${fast.onlyB} for the C (the profile's assumptions read outcomes)`, '       ', '     '));
    };
    if (fast.differing === 0) {
      profiles.push({ profile: name, feasible: fast.feasible, differing: 0, ...only, z3: z ?? null });
      headline(`agrees with ${against} on all ${fast.feasible} states feasible for both`);
      if (proof?.result === 'proved') out.push('     z3: proved, no feasible state where they differ');
      else if (proof) {
        out.push(`     z3: ${z}: the Z3 encodings ${proof.result === 'refuted' ? 'DISAGREE with the tables' : 'gave no answer'}`);
        agrees = false;
      }
      continue;
    }
    const diff = computeDiff(bundle, against, derivedId, { name, ids: bundle.profiles[name] });
    if (diff.failures.length) {
      const f = diff.failures[0];
      out.push(...wrap(`profile ${name}: the derived rules fail on ${f.states} states (state ${f.index}: ${f.message})`, '     ', '   '));
      agrees = false;
      continue;
    }
    profiles.push({ profile: name, feasible: diff.feasible, differing: diff.differing, ...only, z3: z ?? null });
    if (diff.differing === 0) {
      headline(`agrees with ${against} on all ${diff.feasible} states feasible for both`);
      continue;
    }
    agrees = false;
    headline(`DIFFERS from ${against} on ${diff.differing} of ${diff.feasible} states feasible for both`);
    if (proof?.result === 'refuted') {
      // Z3's state must be one where the tables differ
      const ta = bundle.checker.tables.get(against);
      const tb = bundle.checker.tables.get(derivedId);
      const i = proof.index;
      const differs = [...Array(ta.width).keys()].some((o) => ta.outputs[i * ta.width + o] !== tb.outputs[i * tb.width + o]);
      out.push(`     z3: refuted, ${differs ? 'its state is one where the tables differ too' : 'on a state where the tables AGREE'}`);
      if (!differs) agrees = false;
    } else if (proof) out.push(`     z3: ${z}`);
    for (const g of diff.groups.slice(0, MAX_GROUPS)) {
      out.push(...wrap(`${g.class}, ${g.states} states: ${against} ${g.before}; C ${g.after}`, '       ', '     '));
      for (const c of g.conditions.slice(0, 3)) out.push(...wrap(c.text, ' '.repeat(15), `     ${padLeft(String(c.states), 8)}  `));
      out.push(...wrap(stateTokens(bundle, g.example), '         ', '       e.g. '));
      // Both C lines: the memslot's outcome is decided apart from the fault's.
      out.push(...wrap(`C: ${bundle.outcomeLine(derivedId, g.example, { memslotRule: 'always' })}`, '         ', '       '));
    }
    if (diff.groups.length > MAX_GROUPS) out.push(`     +${diff.groups.length - MAX_GROUPS} more groups (s2check diff ${against} ${d.file})`);
  }
  return {
    text: `${out.join('\n')}\n\n`,
    agrees,
    json: {
      file: d.file,
      release: d.release ?? null,
      version: derivedId,
      against,
      why: d.against.why,
      faultRules: d.version.faultRules,
      memslotRules: d.version.memslotRules,
      predicatesUsed: d.predicatesUsed,
      environment: d.environment,
      neutral: d.neutral.map((u) => ({ fn: u.fn, line: u.line, text: u.text })),
      agreement: profiles,
      agrees,
    },
  };
}
