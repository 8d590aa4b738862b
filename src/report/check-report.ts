// The check report: results set against the versions' expectations and
// the committed proof artefacts, as text (for mail), JSON (for machines;
// schema in docs/json-schema.md) or JUnit XML (for CI).

import type { ArtefactRun, ArtefactStatus } from '../compare/artefact-status.ts';
import type { VersionReport } from '../compare/judge.ts';
import { driftCount, exitCode, inconclusiveCount, unexpectedCount } from '../compare/judge.ts';
import type { ModelBundle, VersionInfo } from '../compare/bundle.ts';
import type { CheckVerdict, Counterexample, RuleCount } from '../enumerate/check.ts';
import type { ProofVerdict } from '../solver/prover.ts';
import type { Verified } from '../compare/verify.ts';
import { pad, padLeft, WIDTH, wrap } from './format.ts';

export const CHECK_SCHEMA = { name: 's2check/check', version: 3 } as const;

/**
 * The last line, at most WIDTH columns: the long form when it fits, else
 * shorter ones (a run with many inconclusive proofs and drifted artefacts
 * still gets one line).
 */
function summaryLine(nv: number, verdicts: number, unexpected: number, inconclusive: number, reports: readonly VersionReport[]): string {
  const status = (s: ArtefactStatus['status']) => reports.filter((r) => r.artefact?.status === s).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const notJudged = reports.reduce((n, r) => n + r.properties.filter((p) => p.notJudged).length, 0);
  const ok = verdicts - unexpected - inconclusive - notJudged;
  const inc = `${inconclusive ? `, ${inconclusive} inconclusive` : ''}${notJudged ? `, ${notJudged} not judged` : ''}`;
  const kinds = (['drifted', 'missing', 'created', 'updated'] as const).filter((s) => status(s) > 0);
  const long = kinds.map((s) => `, ${plural(status(s), 'artefact')} ${s}`).join('');
  const short = kinds.map((s) => `, ${status(s)} ${s}`).join('');
  const candidates = [
    `summary: ${plural(nv, 'version')}, ${verdicts} verdicts, ${ok} as expected, ${unexpected} unexpected${inc}${long}`,
    `summary: ${plural(nv, 'version')}, ${ok} as expected, ${unexpected} unexpected${inc}${long}`,
    `summary: ${ok}/${verdicts} as expected, ${unexpected} unexpected${inc}${long}`,
    `summary: ${ok}/${verdicts} as expected, ${unexpected} unexpected${inc}${short}`,
  ];
  return candidates.find((c) => c.length <= WIDTH) ?? candidates[candidates.length - 1];
}

/** At most this many changed lines of one artefact in the text report. */
const MAX_CHANGES = 40;

function artefactLines(a: ArtefactStatus): string[] {
  const out: string[] = [];
  const n = a.changes.length;
  const lines = `${n} line${n === 1 ? '' : 's'}`;
  const head: Record<ArtefactStatus['status'], string> = {
    fresh: 'fresh',
    drifted: `DRIFTED, ${lines} differ (- committed, + now):`,
    missing: 'MISSING',
    created: `created (${n} facts)`,
    updated: `updated, ${lines} changed:`,
    unchanged: 'unchanged',
    'not-updated': 'NOT updated',
  };
  out.push(...wrap(`artefact ${a.file}: ${head[a.status]}${a.note ? ` (${a.note})` : ''}`, '      ', '  '));
  if (a.status === 'drifted' || a.status === 'updated') {
    for (const c of a.changes.slice(0, MAX_CHANGES)) out.push(...wrap(`${c.op} ${c.line}`, '      ', '  '));
    if (n > MAX_CHANGES) out.push(`  ... and ${n - MAX_CHANGES} more changed lines`);
  }
  return out;
}

/** The artefacts line of the text report. */
function artefactSummary(run: ArtefactRun | undefined, reports: readonly VersionReport[]): string[] {
  if (!run) return [];
  const dir = run.dir.endsWith('/') ? run.dir : `${run.dir}/`;
  if (!run.compared) return wrap(`artefacts: not compared (${run.reason})`, '  ', '');
  const count = new Map<string, number>();
  for (const r of reports) if (r.artefact) count.set(r.artefact.status, (count.get(r.artefact.status) ?? 0) + 1);
  const order: ArtefactStatus['status'][] = run.updating ? ['created', 'updated', 'unchanged', 'not-updated'] : ['fresh', 'drifted', 'missing'];
  const parts = order.filter((s) => count.get(s)).map((s) => `${count.get(s)} ${s}`);
  const drifted = reports.some((r) => r.artefact?.status === 'drifted');
  const advice = run.updating || driftCount(reports) === 0 ? '' : drifted ? '; if intended, run s2check check --update and commit' : '; create them with s2check check --update';
  return wrap(`artefacts: ${parts.join(', ')} in ${dir}${advice}`, '  ', '');
}

export function checkText(bundle: ModelBundle, reports: readonly VersionReport[], artefacts?: ArtefactRun): string {
  const out: string[] = [];
  const hard = new Set(bundle.assumptions.filter((a) => a.kind === 'hard').map((a) => a.id));
  const mark = (ids: readonly string[]) => ids.map((id) => (hard.has(id) ? id : `${id}*`)).join(' ');
  for (const r of reports) {
    const v = r.version;
    out.push(...wrap(`== ${v.id}${v.alias ? ` (${v.alias})` : ''}${v.file ? ` from ${v.file}` : ''}: ${v.title} [${v.date}]`, '   ', ''));
    out.push(...wrap(`source: ${v.source}`, '     ', '   '));
    out.push(`   ${r.feasibleStates} feasible states of ${r.totalStates} (profile ${r.profile})`);
    if (r.failure) {
      // The root cause first, in one block: every other line follows from it.
      const f = r.failure;
      out.push(...wrap(`FAILURE: the rules fail on ${f.states} of ${f.feasible} feasible states; fix this first, the verdicts below are not judged`, '     ', '   '));
      out.push(...wrap(`e.g. state ${f.index}: ${f.state}`, '       ', '     '));
      out.push(...wrap(f.message, '       ', '     '));
    }
    if (!r.judged) out.push(...wrap(`no expected verdicts declared for profile ${r.profile}: verdicts shown, not judged`, '   ', '   '));
    out.push(`  ${pad('property', 48)} ${pad('verdict', 8)} ${r.proved ? 'z3' : ''}`);
    for (const p of r.properties) {
      const flag = p.notJudged ? (r.failure && p.id !== 'total' ? ' -' : '') : p.asExpected ? '' : p.verdict === 'inconclusive' ? ' ?' : ' !';
      const row = `  ${pad(p.id, 48)} ${pad(p.verdict, 8)} ${p.proof ?? ''}${flag}`.trimEnd();
      if (row.length <= WIDTH) out.push(row);
      else {
        // Too wide (a long id, an inconclusive proof): the id alone, then the verdicts right-aligned.
        const rest = `${p.verdict} ${p.proof ?? ''}${flag}`.trimEnd();
        out.push(`  ${p.id}`, `${' '.repeat(Math.max(0, WIDTH - rest.length))}${rest}`);
      }
      const sub = (text: string) => out.push(...wrap(text, '        ', '      '));
      const kind = bundle.system.properties.find((x) => x.id === p.id)?.kind;
      if (p.verdict === 'violated' && p.counterexample && kind !== 'encodings-agree') {
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
      if (p.base && p.base.violatingStates !== p.violatingStates) {
        sub(`${p.base.worse ? 'WORSE than' : 'better than'} base ${p.base.version}: ${p.base.violatingStates} -> ${p.violatingStates} violating states`);
      }
      if (kind === 'encodings-agree' && p.verdict === 'holds') sub(`on all ${r.feasibleStates} feasible states`);
      if (p.disagreement) {
        if (p.counterexample) sub(`they differ on state ${p.counterexample.index}: ${p.counterexample.state}`);
        sub(p.disagreement);
      }
      if (p.notJudged) continue;
      if (r.failure && kind === 'total') {
        sub('UNEXPECTED: the rules fail (FAILURE above); the Z3 encoding, written apart, has no such failure.');
        continue;
      }
      if (!p.asExpected) {
        sub(
          p.conflict
            ? `UNEXPECTED: counting and Z3 disagree${p.expected === p.verdict ? ` (the verdict ${p.verdict} is the one expected)` : ''}.`
            : p.base?.worse && p.expected === p.verdict
              ? `UNEXPECTED: more violating states than base ${p.base.version} (${p.base.violatingStates} -> ${p.violatingStates}).`
              : p.verdict === 'inconclusive'
              ? `inconclusive (expected ${p.expected}).`
              : `UNEXPECTED: expected ${p.expected}, found ${p.verdict}.`,
        );
        const prop = bundle.system.properties.find((x) => x.id === p.id)!;
        if (p.verdict === 'violated') sub(prop.explain);
        if (p.conflict) sub(`counting and Z3 disagree: ${p.conflict}`);
        if (p.failure && !r.failure) sub(`failure: ${p.failure}`);
        if (p.reason) sub(`expectation said: ${p.reason}`);
      }
    }
    if (r.artefact && r.artefact.status !== 'fresh' && r.artefact.status !== 'unchanged') out.push(...artefactLines(r.artefact));
    out.push('');
  }
  out.push(...artefactSummary(artefacts, reports));
  const verdicts = reports.reduce((n, r) => n + r.properties.length, 0);
  const unexpected = unexpectedCount(reports);
  const inconclusive = inconclusiveCount(reports);
  if (reports.some((r) => r.proved)) out.push('* soft assumption (not guaranteed by the kernel or the architecture)');
  if (reports.some((r) => r.properties.some((p) => p.notJudged && r.failure && p.id !== 'total'))) out.push('- not judged: the version fails on some states (FAILURE above)');
  out.push(summaryLine(reports.length, verdicts, unexpected, inconclusive, reports));
  return out.join('\n') + '\n';
}

/** `exit`: the run's exit code when more than the reports decide it (a failed --update write, a kernel that disagrees). */
export function checkJson(reports: readonly VersionReport[], artefacts?: ArtefactRun, exit = exitCode(reports)): string {
  const status = (s: ArtefactStatus['status']) => reports.filter((r) => r.artefact?.status === s).length;
  const doc = {
    schema: CHECK_SCHEMA.name,
    version: CHECK_SCHEMA.version,
    exit,
    unexpected: unexpectedCount(reports),
    inconclusive: inconclusiveCount(reports),
    artefacts: {
      compared: artefacts?.compared ?? false,
      updating: artefacts?.updating ?? false,
      dir: artefacts?.dir ?? null,
      reason: artefacts?.reason ?? null,
      fresh: status('fresh'),
      drifted: status('drifted'),
      missing: status('missing'),
      created: status('created'),
      updated: status('updated'),
      unchanged: status('unchanged'),
      notUpdated: status('not-updated'),
    },
    versions: reports.map((r) => ({
      id: r.version.id,
      alias: r.version.alias ?? null,
      aliases: r.version.aliases ?? [],
      domain: r.version.domain ?? [],
      previous: r.version.previous ?? null,
      file: r.version.file ?? null,
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
        notJudged: p.notJudged ?? null,
        base: p.base ?? null,
      })),
      source: r.version.source,
      judged: r.judged,
      failure: r.failure ?? null,
      rules: r.rules,
      artefact: r.artefact ? { file: r.artefact.file, status: r.artefact.status, note: r.artefact.note ?? null, changes: r.artefact.changes } : null,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
