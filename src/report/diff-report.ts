// The diff report: text (mail), markdown (review comments, docs/history.md)
// and JSON (schema s2check/diff, docs/json-schema.md). Every form ends
// with the same summary line and says mechanically whether the change
// touches correctness (a property changed) or only attributes.

import type { ModelBundle, VersionInfo } from '../compare/bundle.ts';
import type { DiffResult } from '../compare/diff.ts';
import { pad, padLeft, WIDTH, wrap } from './format.ts';

export const DIFF_SCHEMA = { name: 's2check/diff', version: 3 } as const;

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : /(s|sh|ch|x)$/.test(w) ? 'es' : 's'}`;

/** A line as is when it fits, else wrapped (wrap() would collapse the alignment). */
const fit = (line: string, indent: string): string[] => (line.length <= WIDTH ? [line] : wrap(line, indent, line.match(/^ */)![0]));

function name(v: VersionInfo): string {
  return `${v.id}${v.file ? ` (${v.file})` : ''}`;
}

/** Does the change touch correctness? The one-line answer and whether it does. */
export function correctness(bundle: ModelBundle, d: DiffResult): { affected: boolean; text: string } {
  // A fix and a regression are not said in the same words: what got
  // worse (a verdict now violated, more violating states) comes first.
  const worse = d.properties.filter((p) => (p.verdictChanged ? p.after === 'violated' : p.violatingAfter > p.violatingBefore));
  const better = d.properties.filter((p) => !worse.includes(p));
  const say = (p: (typeof d.properties)[number]) => (p.verdictChanged ? `${p.id} (${p.before} -> ${p.after})` : `${p.id} (${p.violatingBefore} -> ${p.violatingAfter} violating)`);
  if (worse.length || better.length) {
    const parts = [
      ...(worse.length ? [`REGRESSION in ${worse.map(say).join(', ')}`] : []),
      ...(better.length ? [`fixed or improved: ${better.map(say).join(', ')}`] : []),
    ];
    return { affected: true, text: `correctness: ${parts.join('; ')}` };
  }
  const functional = d.classes.filter((c) => bundle.outcomes.functionalClasses.includes(c.id));
  if (functional.length) {
    const n = functional.reduce((k, c) => k + c.states, 0);
    return {
      affected: false,
      text: `correctness: no property changed; ${plural(n, 'state')} refused or allowed differently (${functional.map((c) => c.id).join(', ')}): a change of behaviour to review, not of the properties`,
    };
  }
  if (d.differing) return { affected: false, text: 'correctness: no property changed; only attributes changed (cacheability, exec, tags): performance, not correctness' };
  return { affected: false, text: 'correctness: unchanged; no feasible state differs' };
}

/** The last line; class counts are conditions per class. Falls back to a shorter form past WIDTH. */
export function diffSummary(d: DiffResult): string {
  const conditions = d.groups.reduce((n, g) => n + g.conditions.length, 0);
  const verdicts = d.properties.filter((p) => p.verdictChanged).length;
  const head = `summary: ${plural(d.differing, 'state')} differ in ${plural(conditions, 'condition')}`;
  const classes = d.classes.map((c) => `${c.conditions} ${c.id}`).join(', ');
  const tail = `, ${plural(verdicts, 'verdict')} changed`;
  const short = `summary: ${d.differing} differ in ${plural(conditions, 'condition')}`;
  const candidates = classes
    ? [`${head}: ${classes}${tail}`, `${head}: ${classes}`, `${short}: ${classes}`, `${head}${tail}`, head]
    : [`${head}${tail}`, head];
  return candidates.find((c) => c.length <= WIDTH) ?? candidates[candidates.length - 1];
}

function classCounts(d: DiffResult): string {
  return d.classes.map((c) => `${c.conditions} ${c.id} (${plural(c.states, 'state')})`).join(', ');
}

/** States feasible for one version only, as a reader is told (not compared). */
function onlyText(d: DiffResult): string {
  return `feasible for one only: ${d.feasibleOnly.a} for ${d.a}, ${d.feasibleOnly.b} for ${d.b} (the profile's assumptions read outcomes; not compared)`;
}

export function diffText(bundle: ModelBundle, d: DiffResult, a: VersionInfo, b: VersionInfo): string {
  const out: string[] = [];
  out.push(...wrap(`diff ${name(a)} -> ${name(b)} (profile ${d.profile})`, '  ', ''));
  out.push(...wrap(`${a.id}: ${a.title}`, '    ', '  '));
  out.push(...wrap(`source: ${a.source}`, '      ', '    '));
  out.push(...wrap(`${b.id}: ${b.title}`, '    ', '  '));
  out.push(...wrap(`source: ${b.source}`, '      ', '    '));
  out.push('  (count beside a condition: states of the group, each counted once,');
  out.push('  under the first condition that covers it)');
  out.push(`  ${d.feasible} states feasible for both; ${d.differing} differ`);
  if (d.feasibleOnly.a || d.feasibleOnly.b) out.push(...wrap(onlyText(d), '    ', '  '));
  if (d.pinned) out.push(...wrap(`compared where ${d.pinned.join(', ')} ${d.pinned.length === 1 ? 'is' : 'are'} neutral (outside one version's domain)`, '    ', '  '));
  for (const g of d.groups) {
    out.push('');
    out.push(`${g.class}, ${plural(g.states, 'state')}`);
    out.push(...wrap(g.before, '         ', '  was    '));
    out.push(...wrap(g.after, '         ', '  now    '));
    for (const c of g.conditions) out.push(...wrap(c.text, ' '.repeat(11), `  ${padLeft(String(c.states), 7)}  `));
  }
  out.push('');
  if (d.properties.length) {
    out.push(`properties (counted, profile ${d.profile}):`);
    const w = Math.min(32, Math.max(...d.properties.map((p) => p.id.length)));
    for (const p of d.properties) {
      const what = p.verdictChanged
        ? `${p.before} -> ${p.after} (${p.violatingBefore} -> ${p.violatingAfter} violating)`
        : `${p.after}, ${p.violatingBefore} -> ${p.violatingAfter} violating`;
      const one = `  ${pad(p.id, w)} ${what}`;
      out.push(...(one.length <= WIDTH ? [one] : [...fit(`  ${p.id}`, '      '), ...wrap(what, '      ')]));
    }
  } else out.push(`properties (counted, profile ${d.profile}): no change`);
  out.push(...wrap(correctness(bundle, d).text, '  ', ''));
  if (d.classes.length) out.push(...wrap(`classes: ${classCounts(d)}`, '  ', ''));
  out.push(diffSummary(d));
  return out.join('\n') + '\n';
}

export function diffMarkdown(bundle: ModelBundle, d: DiffResult, a: VersionInfo, b: VersionInfo, level = 3): string {
  const h = '#'.repeat(level);
  const out: string[] = [];
  const para = (text: string) => out.push(...wrap(text, ''), '');
  out.push(...wrap(`${h} ${name(a)} -> ${name(b)}`, ''), '');
  para(
    `Profile \`${d.profile}\`: ${d.feasible} states feasible for both, ${d.differing} differ${d.pinned ? ` (compared where ${d.pinned.map((n) => `\`${n}\``).join(', ')} ${d.pinned.length === 1 ? 'is' : 'are'} neutral)` : ''}${d.feasibleOnly.a || d.feasibleOnly.b ? `; ${onlyText(d)}` : ''}. ${a.id}: ${a.title}. ${b.id}: ${b.title}.`,
  );
  for (const g of d.groups) {
    out.push(...wrap(`${h}# ${g.class}, ${plural(g.states, 'state')}`, ''), '');
    out.push(...wrap(`- was: \`${g.before}\``, '  ', ''));
    out.push(...wrap(`- now: \`${g.after}\``, '  ', ''));
    out.push('- where:');
    for (const c of g.conditions) out.push(...wrap(`- ${plural(c.states, 'state')}: \`${c.text}\``, '    ', '  '));
    out.push('');
  }
  if (d.properties.length) {
    out.push(`Properties (counted, profile \`${d.profile}\`):`, '');
    for (const p of d.properties) {
      const what = p.verdictChanged
        ? `${p.before} -> ${p.after} (${p.violatingBefore} -> ${p.violatingAfter} violating states)`
        : `still ${p.after}, ${p.violatingBefore} -> ${p.violatingAfter} violating states`;
      out.push(...wrap(`- \`${p.id}\`: ${what}`, '  '));
    }
    out.push('');
  } else para(`Properties (counted, profile \`${d.profile}\`): no change.`);
  para(`**${correctness(bundle, d).text}**`);
  if (d.classes.length) para(`Classes: ${classCounts(d)}.`);
  out.push(diffSummary(d));
  return out.join('\n') + '\n';
}

export function diffJson(bundle: ModelBundle, d: DiffResult, a: VersionInfo, b: VersionInfo): string {
  const c = correctness(bundle, d);
  const doc = {
    schema: DIFF_SCHEMA.name,
    version: DIFF_SCHEMA.version,
    a: { id: a.id, file: a.file ?? null, title: a.title },
    b: { id: b.id, file: b.file ?? null, title: b.title },
    profile: d.profile,
    pinned: d.pinned ?? [],
    feasibleStates: d.feasible,
    feasibleOnlyA: d.feasibleOnly.a,
    feasibleOnlyB: d.feasibleOnly.b,
    differingStates: d.differing,
    classes: bundle.outcomes.classes.map((k) => {
      const x = d.classes.find((y) => y.id === k.id);
      return { id: k.id, doc: k.doc, conditions: x?.conditions ?? 0, states: x?.states ?? 0 };
    }),
    groups: d.groups.map((g) => ({
      class: g.class,
      before: g.before,
      after: g.after,
      states: g.states,
      example: g.example,
      conditions: g.conditions.map((x) => ({ condition: x.text, states: x.states })),
    })),
    properties: d.properties.map((p) => ({
      id: p.id,
      before: p.before,
      after: p.after,
      violatingBefore: p.violatingBefore,
      violatingAfter: p.violatingAfter,
      verdictChanged: p.verdictChanged,
    })),
    correctness: { affected: c.affected, text: c.text },
    summary: diffSummary(d),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
