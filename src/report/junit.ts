// check --format junit: the check report as JUnit XML for CI. One testsuite
// per version; one testcase per version x property (classname = version,
// name = property); an unexpected verdict or a conflict is a <failure>
// carrying the reason and the counterexample, an inconclusive proof an
// <error>, a verdict only the prover gives (--no-prove) <skipped>. When
// artefacts are compared or updated, each version has one more testcase,
// name "artefact", failing on drift. No timings: the same run gives the
// same bytes.

import type { ModelBundle } from '../compare/bundle.ts';
import type { PropertyLine, VersionReport } from '../compare/judge.ts';
import { exitCode } from '../compare/judge.ts';

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    // ASCII only; anything else as a character reference.
    .replace(/[^\x09\x0a\x0d\x20-\x7e]/g, (c) => `&#${c.codePointAt(0)};`);

interface Case {
  readonly name: string;
  readonly failure?: { readonly type: string; readonly message: string; readonly body: string };
  readonly error?: { readonly type: string; readonly message: string; readonly body: string };
  readonly skipped?: string;
  readonly out?: string;
}

function evidence(p: PropertyLine): string[] {
  const lines: string[] = [];
  if (p.counterexample) lines.push(`counterexample: state ${p.counterexample.index}: ${p.counterexample.state} (${p.violatingStates} of ${p.premiseStates} states)`);
  if (p.deadRules?.length) lines.push(`dead rules: ${p.deadRules.join(' ')}`);
  if (p.failure) lines.push(`failure: ${p.failure}`);
  if (p.conflict) lines.push(`counting and Z3 disagree: ${p.conflict}`);
  if (p.disagreement) lines.push(`disagreement: ${p.disagreement}`);
  if (p.assumptionsUsed?.length && p.proof === 'proved') lines.push(`needs: ${p.assumptionsUsed.join(' ')}`);
  return lines;
}

function propertyCase(bundle: ModelBundle, p: PropertyLine): Case {
  const explain = bundle.system.properties.find((x) => x.id === p.id)?.explain;
  if (p.verdict === 'inconclusive') {
    return { name: p.id, error: { type: 'inconclusive', message: `inconclusive (proof ${p.proof ?? 'none'})`, body: evidence(p).join('\n') } };
  }
  if (!p.asExpected) {
    const body = [
      `expected ${p.expected}, found ${p.verdict}${p.proof ? ` (z3 ${p.proof})` : ''}`,
      ...(p.verdict === 'violated' && explain ? [`why it matters: ${explain}`] : []),
      ...evidence(p),
      ...(p.reason ? [`expectation said: ${p.reason}`] : []),
    ];
    return { name: p.id, failure: { type: p.conflict ? 'conflict' : 'unexpected-verdict', message: `expected ${p.expected}, found ${p.verdict}`, body: body.join('\n') } };
  }
  if (p.verdict === 'pending') return { name: p.id, skipped: 'judged by the prover only (--no-prove)' };
  const out = [`${p.verdict}${p.proof ? ` (z3 ${p.proof})` : ''}`, ...evidence(p), ...(p.reason ? [`reason: ${p.reason}`] : [])];
  return { name: p.id, out: out.join('\n') };
}

function artefactCase(r: VersionReport): Case | undefined {
  const a = r.artefact;
  if (!a) return undefined;
  const changes = a.changes.map((c) => `${c.op} ${c.line}`).join('\n');
  if (a.status === 'drifted') {
    return { name: 'artefact', failure: { type: 'artefact-drift', message: `${a.file} differs in ${a.changes.length} lines; if intended, run s2check check --update`, body: changes } };
  }
  if (a.status === 'missing') return { name: 'artefact', failure: { type: 'artefact-missing', message: `${a.file} is missing; run s2check check --update`, body: '' } };
  if (a.status === 'not-updated') return { name: 'artefact', error: { type: 'inconclusive', message: `${a.file} not updated: ${a.note ?? ''}`, body: '' } };
  return { name: 'artefact', out: `${a.file}: ${a.status}${a.note ? ` (${a.note})` : ''}${changes ? `\n${changes}` : ''}` };
}

export function checkJunit(bundle: ModelBundle, reports: readonly VersionReport[]): string {
  const suites = reports.map((r) => {
    const cases = [...r.properties.map((p) => propertyCase(bundle, p)), ...[artefactCase(r)].filter((c): c is Case => c !== undefined)];
    return { r, cases };
  });
  const count = (cases: readonly Case[], k: 'failure' | 'error' | 'skipped') => cases.filter((c) => c[k] !== undefined).length;
  const all = suites.flatMap((s) => s.cases);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="s2check check" tests="${all.length}" failures="${count(all, 'failure')}" errors="${count(all, 'error')}" skipped="${count(all, 'skipped')}">`,
  );
  for (const { r, cases } of suites) {
    const id = xml(r.version.id);
    out.push(
      `  <testsuite name="${id}" tests="${cases.length}" failures="${count(cases, 'failure')}" errors="${count(cases, 'error')}" skipped="${count(cases, 'skipped')}">`,
    );
    out.push(`    <properties>`);
    out.push(`      <property name="profile" value="${xml(r.profile)}"/>`);
    out.push(`      <property name="feasibleStates" value="${r.feasibleStates}"/>`);
    if (r.version.file) out.push(`      <property name="file" value="${xml(r.version.file)}"/>`);
    out.push(`    </properties>`);
    for (const c of cases) {
      const open = `    <testcase classname="${id}" name="${xml(c.name)}"`;
      if (c.failure) out.push(`${open}>`, `      <failure type="${xml(c.failure.type)}" message="${xml(c.failure.message)}">${xml(c.failure.body)}</failure>`, `    </testcase>`);
      else if (c.error) out.push(`${open}>`, `      <error type="${xml(c.error.type)}" message="${xml(c.error.message)}">${xml(c.error.body)}</error>`, `    </testcase>`);
      else if (c.skipped) out.push(`${open}>`, `      <skipped message="${xml(c.skipped)}"/>`, `    </testcase>`);
      else if (c.out) out.push(`${open}>`, `      <system-out>${xml(c.out)}</system-out>`, `    </testcase>`);
      else out.push(`${open}/>`);
    }
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  out.push(`<!-- s2check exit code ${exitCode(reports)} -->`);
  return out.join('\n') + '\n';
}
