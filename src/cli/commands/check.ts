// s2check check: every version against every property, by counting and
// by proof, and against the committed proof artefacts (src/compare/artefacts.ts).

import path from 'node:path';
import type { ArtefactRun } from '../../compare/artefact-status.ts';
import type { PendingWrite } from '../../compare/artefacts.ts';
import { ArtefactError, ArtefactWriteError, writeArtefactSet, artefactFacts, artefactPath, readArtefact, settleArtefact, shownPath } from '../../compare/artefacts.ts';
import type { ModelBundle, VersionInfo } from '../../compare/bundle.ts';
import { findVersionInfo } from '../../compare/bundle.ts';
import { bundleAt } from '../../compare/bundle.ts';
import type { VersionReport } from '../../compare/judge.ts';
import { againstBase, exitCode, versionReport } from '../../compare/judge.ts';
import { checkCached } from '../../compare/diff.ts';
import { checkJson, checkText } from '../../report/check-report.ts';
import { checkJunit } from '../../report/junit.ts';
import { Prover } from '../../solver/prover.ts';
import { z3 } from '../../solver/z3.ts';
import { verify } from '../../compare/verify.ts';
import { explorer, inProcess } from '../explorer.ts';
import { UsageError } from '../../parse/errors.ts';
import { SILENT, terminalProgress } from '../progress.ts';
import type { Io } from '../common.ts';
import { derivation } from '../../../model/kernel/load.ts';
import type { KernelReport } from './kernel.ts';
import { kernelReport } from './kernel.ts';
import { EXIT, checkProofsDir, format, LIMIT_OPTIONS, noPositionals, parse, parseLimits, resolveProfile, isVersionPath, resolveVersion, resolveVersions } from '../common.ts';

export async function cmdCheck(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string', multiple: true },
    rules: { type: 'string', multiple: true },
    kernel: { type: 'string', multiple: true },
    against: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    'no-prove': { type: 'boolean' },
    ...LIMIT_OPTIONS,
    update: { type: 'boolean' },
    proofs: { type: 'string' },
  });
  noPositionals('check', positionals);
  const fmt = format(values.format, ['text', 'json', 'junit']);
  // A kernel tree or mmu.c is derived like a rule file (model/kernel/).
  const kernels = (values.kernel as string[] | undefined) ?? [];
  if (typeof values.against === 'string') {
    resolveVersion(base, values.against);
    process.env.S2CHECK_AGAINST = values.against;
  }
  // --version takes ids, aliases, rule files and kernel paths alike; --rules FILE and --kernel PATH are --version too.
  const words = [...((values.version as string[] | undefined) ?? []), ...((values.rules as string[] | undefined) ?? []), ...kernels];
  const ruleFiles = [...new Set(words.filter((w) => !findVersionInfo(base, w) && isVersionPath(w)))];
  const update = values.update === true;
  const noProve = values['no-prove'] === true;
  const proofsDir = checkProofsDir(values.proofs);
  const profile = resolveProfile(base, (values.profile as string) ?? base.defaultProfile);
  const limits = parseLimits(values);

  // User rule files: their versions are checked (plus any --version named).
  const resolved = await resolveVersions(base, words.length ? words : base.versions.map((v) => v.id));
  const bundle = resolved.bundle;
  const versions: VersionInfo[] = [...new Map(resolved.versions.map((v) => [v.id, v])).values()];
  const fromFiles = ruleFiles.map((w) => resolved.versions[words.indexOf(w)].id);

  // Artefacts record the default profile of the shipped versions.
  const dir = path.resolve(proofsDir ?? bundle.proofsDir);
  // Only kernel trees (read off the C), or some rule file among them.
  const option = ruleFiles.every((w) => derivation(w)) ? '--kernel' : '--rules';
  const notCompared = ruleFiles.length
    ? `${option}: ${option === '--kernel' ? 'a version read off the C' : 'a proposal'} has no committed artefact`
    : profile.name !== bundle.defaultProfile
      ? `profile ${profile.name}; they record profile ${bundle.defaultProfile}`
      : undefined;
  if (update && notCompared) throw new UsageError(`check --update writes the ${bundle.defaultProfile}-profile artefacts of the shipped versions; drop ${ruleFiles.length ? option : '--profile'}`);
  if (update && noProve) throw new UsageError('check --update needs the proofs; drop --no-prove');
  const run: ArtefactRun = notCompared
    ? { compared: false, updating: false, dir: shownPath(dir), reason: notCompared }
    : { compared: true, updating: update, dir: shownPath(dir) };

  // Read (and validate) the committed artefacts before the long part: a
  // corrupt or foreign file is an input error.
  const committed = new Map<string, string[] | undefined | ArtefactError>();
  if (run.compared) {
    for (const v of versions) {
      const file = artefactPath(dir, v.id);
      try {
        committed.set(v.id, readArtefact(file, shownPath(file), v.id));
      } catch (e) {
        if (!(e instanceof ArtefactError)) throw e;
        if (!update) throw new UsageError(e.message);
        committed.set(v.id, e);
      }
    }
  }

  // Trees and row diagrams from a second thread while this one counts and
  // proves, if it can. Progress only for a person at a terminal reading text.
  const progress = fmt === 'text' ? terminalProgress() : SILENT;
  const job = {
    versions: versions.map((v) => v.id),
    profile: { name: profile.name, ids: profile.ids },
    ruleFiles,
    tableFacts: run.compared,
  };
  const shown = (n: number, what: string, f: number) => progress.update((n + f) / versions.length, `${versions[n].id} (${n + 1}/${versions.length}): ${what}`);
  const counts = noProve ? inProcess(bundle, job) : explorer(bundle, job);
  // Z3 starts while the worker explores the first trees.
  const solver = noProve ? undefined : z3();
  solver?.catch(() => {}); // awaited with the first proof; a failure is reported there
  // One prover per version space (the series' versions share one).
  const provers = new Map<string, Prover>();
  const proverOf = async (b: ModelBundle): Promise<Prover | undefined> => {
    if (noProve) return undefined;
    let p = provers.get(b.domain ?? '');
    if (!p) provers.set(b.domain ?? '', (p = new Prover(b.system, b.checker, await solver!, limits)));
    return p;
  };
  const reports: VersionReport[] = [];
  const pending: PendingWrite[] = [];
  try {
    for (const [n, v] of versions.entries()) {
      const onProgress = (f: number, what: string) => shown(n, what, f);
      const b = bundleAt(bundle, v.id);
      await counts.prepare(v.id);
      const counted = counts.get(v.id);
      // Awaited after the proofs; a failure meanwhile must not count as unhandled.
      counted.catch(() => {});
      const verified = await verify(b.system, b.checker, await proverOf(b), v.id, profile.ids, { onProgress, enumeration: counted });
      let report = versionReport(b, v, profile.name, verified);
      if (v.base) {
        // The base's violating states counted on this version's space (a
        // mainline base has more fields of its own).
        const base = resolveVersion(bundle, v.base);
        const r = checkCached(b.checker, base.id, profile.ids);
        report = againstBase(report, { id: base.id, violating: new Map(r.properties.map((p) => [p.id, p.violatingStates])) });
      }
      if (run.compared) {
        const file = artefactPath(dir, v.id);
        const inconclusive = report.properties.filter((p) => p.verdict === 'inconclusive').length;
        const facts = artefactFacts(b, report, (await counted).table);
        const artefact = settleArtefact(file, v.id, facts, committed.get(v.id), { update, proved: !noProve, inconclusive, defer: pending });
        report = { ...report, artefact };
      }
      reports.push(report);
    }
  } finally {
    await counts.close();
  }
  progress.done();
  // --update replaces the whole set or nothing; a failure is said after the report, exit 4.
  let writeError: string | undefined;
  if (pending.length) {
    try {
      writeArtefactSet(pending);
    } catch (e) {
      if (!(e instanceof ArtefactWriteError)) throw e;
      writeError = e.message;
      const failed = new Set(pending.map((w) => shownPath(w.file)));
      for (const [k, r] of reports.entries()) {
        if (r.artefact && failed.has(r.artefact.file)) reports[k] = { ...r, artefact: { ...r.artefact, status: 'not-updated', note: 'the write failed' } };
      }
    }
  }
  const agreement: KernelReport[] = [];
  for (const k of kernels) agreement.push(await kernelReport(bundle, fromFiles[ruleFiles.indexOf(k)], derivation(k)!, !noProve));
  if (fmt === 'text') for (const a of agreement) io.out(a.text);
  // The exit code is known before anything is printed: the JSON says it.
  const code = exitCode(reports);
  const exit = writeError ? EXIT.io : agreement.every((a) => a.agrees) || code === 1 || code === 2 ? code : 1;
  const json = fmt === 'json' && kernels.length ? `${JSON.stringify({ ...JSON.parse(checkJson(reports, run, exit)), kernels: agreement.map((a) => a.json) }, null, 2)}\n` : undefined;
  io.out(json ?? (fmt === 'json' ? checkJson(reports, run, exit) : fmt === 'junit' ? checkJunit(bundle, reports) : checkText(bundle, reports, run)));
  if (writeError) (io.err ?? io.out)(`s2check: ${writeError}\n`);
  return exit;
}
