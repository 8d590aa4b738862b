// s2check history: the versions x properties matrix of verdicts under the
// default profile, and what changed from each version to the next.
//
// Source of the verdicts: the committed proof artefacts when they are
// present and fresh, else a fresh check with proofs. "Fresh" is decided
// without Z3: the enumeration is recomputed (cheap) and its facts (table
// digest, state counts, verdicts, counterexamples, rule counts) must equal
// the artefact's; the verdicts only the prover gives (encodings-agree)
// are then read from the artefact. A version whose artefact is missing,
// unreadable or stale is checked afresh, with proofs.

import path from 'node:path';
import { ArtefactError, artefactFacts, artefactPath, comparable, lineDiff, readArtefact, shownPath } from '../compare/artefacts.ts';
import type { ModelBundle, VersionInfo } from '../compare/bundle.ts';
import { bundleAt } from '../compare/bundle.ts';
import type { FinalVerdict, VersionReport } from '../compare/judge.ts';
import { versionReport } from '../compare/judge.ts';
import { pad, WIDTH, wrap } from './format.ts';
import { Prover } from '../solver/prover.ts';
import type { ProverOptions } from '../solver/prover.ts';
import { z3 } from '../solver/z3.ts';
import { verify } from '../compare/verify.ts';
import { checkCached } from '../compare/diff.ts';
import { UsageError } from '../parse/errors.ts';

export interface HistoryCell {
  readonly verdict: FinalVerdict;
  readonly asExpected: boolean;
}

export interface History {
  readonly profile: string;
  readonly versions: readonly VersionInfo[];
  readonly properties: readonly string[];
  /** cells[property][version] */
  readonly cells: ReadonlyArray<ReadonlyArray<HistoryCell>>;
  /** Where each version's verdicts come from. */
  readonly sources: ReadonlyArray<{ readonly version: string; readonly source: 'artefact' | 'recomputed'; readonly why?: string }>;
}

export const VERDICT_CHAR: Record<string, string> = {
  holds: '+',
  violated: 'x',
  vacuous: 'o',
  inconclusive: '?',
  pending: '-',
};

export async function computeHistory(
  bundle: ModelBundle,
  opts: { proofsDir?: string; limits?: ProverOptions; versions?: readonly VersionInfo[] } = {},
): Promise<History> {
  const profile = bundle.defaultProfile;
  const ids = bundle.profiles[profile];
  const dir = path.resolve(opts.proofsDir ?? bundle.proofsDir);
  let prover: Prover | undefined;
  const provers = new Map<string, Prover>();
  const reports: VersionReport[] = [];
  const sources: Array<{ version: string; source: 'artefact' | 'recomputed'; why?: string }> = [];
  const root = bundle;
  const versions = opts.versions ?? root.versions;
  for (const v of versions) {
    // Each version in its own space (a mainline domain, or the series').
    bundle = bundleAt(root, v.id);
    const enumeration = checkCached(bundle.checker, v.id, ids);
    const enumerated = versionReport(bundle, v, profile, {
      enumeration,
      conflicts: new Map(),
      verdicts: new Map(enumeration.properties.map((p) => [p.id, p.verdict])),
      proofMs: 0,
      enumerationMs: 0,
    });
    let committed: string[] | undefined;
    let why: string | undefined;
    try {
      const file = artefactPath(dir, v.id);
      committed = readArtefact(file, shownPath(file), v.id);
      if (!committed) why = 'no artefact';
    } catch (e) {
      // A corrupt or foreign artefact is an input error, as in check.
      if (!(e instanceof ArtefactError)) throw e;
      throw new UsageError(e.message);
    }
    if (committed) {
      const fresh = artefactFacts(bundle, enumerated);
      if (lineDiff(comparable(committed, fresh, false), comparable(fresh, fresh, false)).length === 0) {
        // The prover's verdicts (pending in the enumeration) from the artefact.
        const proverVerdict = new Map(
          committed.flatMap((l) => {
            const m = /^property (\S+) verdict (\S+)$/.exec(l);
            return m ? [[m[1], m[2] as FinalVerdict] as const] : [];
          }),
        );
        const properties = enumerated.properties.map((p) => {
          if (p.verdict !== 'pending') return p;
          const verdict = proverVerdict.get(p.id) ?? 'pending';
          return { ...p, verdict, asExpected: verdict !== 'inconclusive' && (p.expected === 'undeclared' ? verdict !== 'violated' : p.expected === verdict) };
        });
        reports.push({ ...enumerated, properties });
        sources.push({ version: v.id, source: 'artefact' });
        continue;
      }
      why = 'stale artefact';
    }
    prover = provers.get(bundle.domain ?? '');
    if (!prover) provers.set(bundle.domain ?? '', (prover = new Prover(bundle.system, bundle.checker, await z3(), opts.limits ?? {})));
    reports.push(versionReport(bundle, v, profile, await verify(bundle.system, bundle.checker, prover, v.id, ids)));
    sources.push({ version: v.id, source: 'recomputed', why });
  }
  const properties = bundle.system.properties.map((p) => p.id);
  const cells = properties.map((pid) =>
    reports.map((r) => {
      const p = r.properties.find((x) => x.id === pid)!;
      return { verdict: p.verdict, asExpected: p.asExpected };
    }),
  );
  return { profile, versions, properties, cells, sources };
}

/** Column labels of at most two characters: "v10" -> "10", "baseline" -> "b" (indices when they clash). */
export function shortLabels(ids: readonly string[]): string[] {
  // Releases: "6.18" -> "18", "7.0" -> "70" (the last two digits).
  const release = (id: string) => (/^\d+\.\d+$/.test(id) ? id.replace('.', '').slice(-2) : undefined);
  const label = (id: string) => /^[A-Za-z]+(\d{1,2})$/.exec(id)?.[1] ?? release(id) ?? (id.length <= 2 ? id : id[0]);
  const labels = ids.map(label);
  return new Set(labels).size === labels.length ? labels : ids.map((_, i) => String(i));
}

export function historyText(h: History): string {
  const out: string[] = [];
  const labels = shortLabels(h.versions.map((v) => v.id));
  const nameWidth = Math.max(8, ...h.properties.map((p) => p.length));
  out.push(`history of ${h.versions.length} versions x ${h.properties.length} properties (profile ${h.profile})`);
  // One table when every column fits the width; else one per part of the
  // line (the series, then mainline: versions with a previous release),
  // each split again if it still does not fit.
  const columns = h.versions.map((_, i) => i);
  const fits = (n: number, cw: number) => nameWidth + 1 + n * cw <= WIDTH;
  const parts: number[][] = [];
  if (fits(columns.length, 2)) parts.push(columns);
  else {
    const line = [columns.filter((i) => !h.versions[i].previous), columns.filter((i) => h.versions[i].previous)].filter((x) => x.length);
    const most = Math.max(1, Math.floor((WIDTH - nameWidth - 1) / 2));
    for (const part of line) for (let k = 0; k < part.length; k += most) parts.push(part.slice(k, k + most));
  }
  parts.forEach((part, n) => {
    const cw = fits(part.length, 3) ? 3 : 2;
    const cell = (x: string) => pad(x, cw);
    if (parts.length > 1) {
      if (n > 0) out.push('');
      out.push(`${h.versions[part[0]].id} .. ${h.versions[part[part.length - 1]].id}:`);
    }
    out.push(`${pad('property', nameWidth)} ${part.map((i) => cell(labels[i])).join('')}`.trimEnd());
    h.properties.forEach((pid, k) => {
      const row = part.map((i) => h.cells[k][i]).map((c) => cell(`${VERDICT_CHAR[c.verdict] ?? '?'}${c.asExpected ? '' : '!'}`)).join('');
      out.push(`${pad(pid, nameWidth)} ${row}`.trimEnd());
    });
  });
  out.push('');
  out.push('legend: + holds, x violated, o vacuous, ? inconclusive, - not judged;');
  out.push('  ! differs from the expected verdict');
  out.push(...wrap(`versions: ${h.versions.map((v, i) => `${labels[i]} = ${v.id}${v.alias ? ` (${v.alias})` : ''}`).join(', ')}`, '  ', ''));
  const recomputed = h.sources.filter((s) => s.source === 'recomputed');
  const src = recomputed.length
    ? `source: artefacts for ${h.sources.length - recomputed.length}, recomputed with proofs for ${recomputed.map((s) => `${s.version} (${s.why})`).join(', ')}`
    : `source: the committed artefacts (all ${h.sources.length} fresh)`;
  out.push(...wrap(src, '  ', ''));
  out.push('');
  out.push('changes from the previous version:');
  let changes = 0;
  for (let i = 1; i < h.versions.length; i++) {
    const changed = h.properties.flatMap((pid, k) => {
      const a = h.cells[k][i - 1].verdict;
      const b = h.cells[k][i].verdict;
      return a === b ? [] : [`${pid} ${a} -> ${b}`];
    });
    changes += changed.length;
    const head = `${h.versions[i].id} (from ${h.versions[i - 1].id}):`;
    if (!changed.length) out.push(`  ${head} none`);
    else out.push(`  ${head}`, ...changed.flatMap((c) => wrap(c, '        ', '    ')));
  }
  const unexpected = h.cells.reduce((n, row) => n + row.filter((c) => !c.asExpected).length, 0);
  const cells = h.versions.length * h.properties.length;
  out.push(`summary: ${h.versions.length} versions, ${cells} verdicts, ${unexpected} unexpected, ${changes} changes`);
  return out.join('\n') + '\n';
}

export function historyUnexpected(h: History): number {
  return h.cells.reduce((n, row) => n + row.filter((c) => !c.asExpected && c.verdict !== 'inconclusive').length, 0);
}
