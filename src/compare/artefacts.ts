// Committed proof artefacts (proofs/<version>.txt): everything `check`
// establishes about one version under the default profile, one fact per
// line in a stable order, so that a change of rules, proofs or counts shows
// up as a line diff in review. `check` recomputes the facts and compares;
// `check --update` rewrites the files atomically.
//
// Generic: the facts are the engine's results (decision table digest,
// feasible-state counts per profile, the verdicts, proofs, counterexamples,
// dead rules and per-rule counts of the check report).

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { ModelBundle } from './bundle.ts';
import type { ArtefactStatus, LineChange } from './artefact-status.ts';
import type { VersionReport } from './judge.ts';
import type { System } from '../space/system.ts';
import type { DecisionTable } from '../enumerate/table.ts';
import { tableDiagramLines } from '../count/table-diagram.ts';

export const ARTEFACT_SCHEMA = { name: 's2check-proof', version: 1 } as const;

/** Keys of facts that come from the prover (not compared under --no-prove). */
const PROOF_KEYS = new Set(['proof', 'needs', 'hard-only', 'dead-given']);
const PROPERTY_KEYS = ['verdict', 'proof', 'needs', 'hard-only', 'premise', 'violating', 'counterexample', 'dead', 'dead-given', 'failure'];

/** An artefact that cannot be used: corrupt, or written by another schema. */
export class ArtefactError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'foreign',
    message: string,
  ) {
    super(message);
  }
}

/**
 * sha256 of a version's whole decision table (outputs, deciding rules and
 * failures on every state, with the names), taken over the table's
 * canonical diagram (src/count/table-diagram.ts): equal tables give equal
 * digests whatever the size of the space, without visiting its states.
 */
export function tableDigest(system: System, table: DecisionTable, lines?: readonly string[]): string {
  const { space, outputs } = system;
  const enc = system.encoding(table.versionId);
  const radices = space.fields.map((f) => (f.type === 'bool' ? 2 : f.values.length));
  const text = [
    `s2check-table 2`,
    ...space.fields.map((f) => `field ${f.name} ${f.type === 'bool' ? 'bool' : f.values.join(',')}`),
    ...outputs.map((f) => `output ${f.name} ${f.type === 'bool' ? 'bool' : f.values.join(',')}`),
    ...enc.decisions.map((d) => `decision ${d.id} ${d.rules.join(',')}`),
    `states ${table.size}`,
    ...(lines ?? tableDiagramLines(radices, table)),
    '',
  ].join('\n');
  return createHash('sha256').update(text).digest('hex');
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The facts of a version that come from its table alone: digest and feasible states per profile. */
export interface TableFacts {
  readonly digest: string;
  readonly feasible: Readonly<Record<string, number>>;
}

/** `checked` is the profile already counted, with its count (not counted again); `digest` when taken elsewhere. */
export function tableFacts(bundle: ModelBundle, versionId: string, checked: { profile: string; feasible: number }, digest?: string): TableFacts {
  const { checker, system } = bundle;
  const feasible: Record<string, number> = {};
  for (const [name, ids] of Object.entries(bundle.profiles)) {
    feasible[name] = name === checked.profile ? checked.feasible : checker.countFeasible(versionId, ids);
  }
  const table = checker.tables.get(versionId);
  // With a tree, the counter's row diagram is the table's diagram already.
  return { digest: digest ?? tableDigest(system, table, table.tree ? checker.tableLines(versionId) : undefined), feasible };
}

/**
 * The facts of one version: its report under the default profile, the
 * table digest and the feasible-state count of every profile of the model
 * (computed here unless given).
 */
export function artefactFacts(
  bundle: ModelBundle,
  report: VersionReport,
  table: TableFacts = tableFacts(bundle, report.version.id, { profile: report.profile, feasible: report.feasibleStates }),
): string[] {
  const facts: string[] = [];
  facts.push(`model ${oneLine(bundle.name)}`);
  facts.push(`profile ${report.profile}`);
  // A version with new fields: its domain (the new fields in its space).
  if (bundle.domain) facts.push(`domain ${bundle.domain}`);
  facts.push(`table ${table.digest}`);
  facts.push(`states total ${report.totalStates}`);
  for (const name of Object.keys(bundle.profiles)) facts.push(`states ${name} ${table.feasible[name]}`);
  for (const p of report.properties) {
    const f = (key: string, value: string | number) => facts.push(`property ${p.id} ${key} ${oneLine(String(value))}`);
    f('verdict', p.verdict);
    if (p.proof) f('proof', p.proof);
    if (p.assumptionsUsed && (p.proof === 'proved' || p.proof === 'vacuous')) f('needs', p.assumptionsUsed.length ? p.assumptionsUsed.join(' ') : '(none)');
    if (p.proof === 'proved' && p.holdsUnderHard !== undefined) f('hard-only', p.holdsUnderHard ? 'yes' : 'no');
    f('premise', p.premiseStates);
    f('violating', p.violatingStates);
    if (p.counterexample) f('counterexample', `${p.counterexample.index} ${p.counterexample.state}`);
    for (const rule of p.deadRules ?? []) f('dead', rule);
    for (const d of p.deadRuleAssumptions ?? []) f('dead-given', `${d.rule} ${d.assumptions.length ? d.assumptions.join(' ') : '(none)'}`);
    if (p.failure) f('failure', p.failure);
  }
  for (const r of report.rules) facts.push(`rule ${r.decision} ${r.rule} ${r.states}`);
  return facts;
}

/** The file: header, comment, facts, end marker (a truncated file is corrupt). */
export function renderArtefact(versionId: string, facts: readonly string[]): string {
  return [
    `${ARTEFACT_SCHEMA.name} ${ARTEFACT_SCHEMA.version} ${versionId}`,
    `# Proof artefact of ${versionId}, written by \`s2check check --update\`.`,
    '# Do not edit: check recomputes every line and fails on a difference.',
    '# table: sha256 of the decision table (outputs and rules on every state).',
    ...facts,
    `end ${facts.length} facts`,
    '',
  ].join('\n');
}

const FACT = [
  /^model \S.*$/,
  /^profile \S+$/,
  /^domain \S+$/,
  /^table [0-9a-f]{64}$/,
  /^states \S+ \d+$/,
  new RegExp(`^property \\S+ (${PROPERTY_KEYS.join('|')}) \\S.*$`),
  /^rule \S+ \S+ \d+$/,
];

/** The facts of an artefact file; throws ArtefactError when it cannot be used. */
export function parseArtefact(text: string, file: string, versionId: string): string[] {
  const corrupt = (why: string): never => {
    throw new ArtefactError('corrupt', `${file}: corrupt proof artefact (${why}); rewrite it with s2check check --update`);
  };
  if (text.includes('\0') || !text.endsWith('\n')) corrupt(text.includes('\0') ? 'binary data' : 'truncated: no final newline');
  const lines = text.slice(0, -1).split('\n');
  const head = /^(\S+) (\S+) (\S+)$/.exec(lines[0] ?? '');
  if (!head) corrupt('no header line');
  const [, schema, schemaVersion, id] = head!;
  if (schema !== ARTEFACT_SCHEMA.name || schemaVersion !== String(ARTEFACT_SCHEMA.version)) {
    if (!/^[a-z0-9-]+-proof$/.test(schema) && schema !== ARTEFACT_SCHEMA.name) corrupt('no header line');
    throw new ArtefactError(
      'foreign',
      `${file}: foreign artefact schema '${schema} ${schemaVersion}' (this s2check reads and writes '${ARTEFACT_SCHEMA.name} ${ARTEFACT_SCHEMA.version}'); rewrite it with s2check check --update`,
    );
  }
  if (id !== versionId) corrupt(`its header names version ${id}, not ${versionId}`);
  const end = /^end (\d+) facts$/.exec(lines[lines.length - 1] ?? '');
  if (!end) corrupt('truncated: no end line');
  const facts: string[] = [];
  for (let k = 1; k < lines.length - 1; k++) {
    const l = lines[k];
    if (l.startsWith('#') || l === '') continue;
    if (!FACT.some((re) => re.test(l))) corrupt(`line ${k + 1} is not a fact: '${l.length > 40 ? `${l.slice(0, 37)}...` : l}'`);
    facts.push(l);
  }
  if (facts.length !== Number(end![1])) corrupt(`the end line counts ${end![1]} facts, the file has ${facts.length}`);
  return facts;
}

/** Read an artefact: its facts, or undefined when there is no file. Throws ArtefactError. */
export function readArtefact(file: string, shown: string, versionId: string): string[] | undefined {
  if (!existsSync(file)) return undefined;
  return parseArtefact(readFileSync(file, 'utf8'), shown, versionId);
}

/**
 * The facts to compare: without proofs, the prover's facts are left out on
 * both sides, and so are the verdicts only the prover gives (pending or
 * inconclusive here).
 */
export function comparable(facts: readonly string[], fresh: readonly string[], proved: boolean): string[] {
  if (proved) return [...facts];
  const pending = new Set(fresh.flatMap((l) => (/^property (\S+) verdict (pending|inconclusive)$/.exec(l)?.[1] ? [/^property (\S+)/.exec(l)![1]] : [])));
  return facts.filter((l) => {
    const m = /^property (\S+) (\S+) /.exec(l);
    return !m || (!PROOF_KEYS.has(m[2]) && !(m[2] === 'verdict' && pending.has(m[1])));
  });
}

/** A minimal -/+ list turning `a` into `b` (longest common subsequence), in file order. */
export function lineDiff(a: readonly string[], b: readonly string[]): LineChange[] {
  // The walk below matches equal first lines before anything else: a
  // common start is skipped here the same way, without the table (a fresh
  // artefact is all common start).
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (start > 0) return lineDiff(a.slice(start), b.slice(start));
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: length of the LCS of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      i++;
      j++;
    } else if (j === m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ op: '-', line: a[i++] });
    else out.push({ op: '+', line: b[j++] });
  }
  return out;
}

export interface AtomicHooks {
  /** Called with the complete temporary file, just before it is renamed over the target. */
  beforeRename?(tmp: string): void;
}

let tmpCounter = 0;

/**
 * Write a file so that readers see the old content or the new, never a
 * part: the text goes to a temporary file in the same directory, is
 * flushed, then renamed over the target. On failure the temporary file is
 * removed and the target is untouched.
 */
export function writeAtomic(file: string, text: string, hooks: AtomicHooks = {}): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${tmpCounter++}.tmp`);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    hooks.beforeRename?.(tmp);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export interface PendingWrite {
  readonly file: string;
  readonly text: string;
}

/** Writing the artefact set failed; nothing of it was written. Exit code 4. */
export class ArtefactWriteError extends Error {}

/**
 * Replace a set of files, all or nothing: every new text goes to a
 * temporary file first (flushed); only when all are written are they
 * renamed over their targets, the old files kept aside until the last
 * rename succeeds and put back if one fails. A failure is an
 * ArtefactWriteError naming the file and the reason in one line.
 */
export function writeArtefactSet(writes: readonly PendingWrite[], hooks: AtomicHooks = {}): void {
  const temps: string[] = [];
  const kept: Array<{ file: string; aside: string }> = [];
  const renamed: string[] = [];
  const reason = (e: unknown) => {
    const err = e as NodeJS.ErrnoException;
    const why: Record<string, string> = { EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'operation not permitted', ENOSPC: 'no space left on the device', EDQUOT: 'disk quota exceeded', ENOENT: 'no such directory', ENOTDIR: 'not a directory', EISDIR: 'is a directory' };
    return why[err?.code ?? ''] ?? String(err?.message ?? e).split('\n')[0];
  };
  let current = '';
  try {
    for (const w of writes) {
      current = w.file;
      mkdirSync(path.dirname(w.file), { recursive: true });
      const tmp = path.join(path.dirname(w.file), `.${path.basename(w.file)}.${process.pid}.${tmpCounter++}.tmp`);
      temps.push(tmp);
      const fd = openSync(tmp, 'wx');
      try {
        writeSync(fd, w.text);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    writes.forEach((w, k) => {
      current = w.file;
      if (existsSync(w.file)) {
        const aside = `${temps[k]}.old`;
        linkSync(w.file, aside);
        kept.push({ file: w.file, aside });
      }
      hooks.beforeRename?.(temps[k]);
      renameSync(temps[k], w.file);
      renamed.push(w.file);
    });
  } catch (e) {
    // Put back what was replaced; remove what was new.
    for (const f of renamed) {
      const k = kept.find((x) => x.file === f);
      try {
        if (k) renameSync(k.aside, f);
        else rmSync(f, { force: true });
      } catch {
        // Best effort: the error below names the file.
      }
    }
    for (const t of temps) rmSync(t, { force: true });
    for (const k of kept) rmSync(k.aside, { force: true });
    throw new ArtefactWriteError(`cannot write ${shownPath(current)}: ${reason(e)}; no artefact was changed`);
  }
  for (const k of kept) rmSync(k.aside, { force: true });
}

/** The artefact file of a version in a directory. */
export function artefactPath(dir: string, versionId: string): string {
  return path.join(dir, `${versionId}.txt`);
}

/** A path as shown to the user: relative to the working directory when inside it. */
export function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/**
 * Compare a version's fresh facts with its committed artefact (already
 * read: `committed` undefined means no file), or rewrite it (--update).
 */
export function settleArtefact(
  file: string,
  versionId: string,
  fresh: readonly string[],
  committed: readonly string[] | undefined | ArtefactError,
  opts: {
    readonly update: boolean;
    readonly proved: boolean;
    readonly inconclusive: number;
    readonly hooks?: AtomicHooks;
    /** Collect the write here instead of writing now (writeArtefactSet() writes the set, all or nothing). */
    readonly defer?: PendingWrite[];
  },
): ArtefactStatus {
  const shown = shownPath(file);
  if (opts.update) {
    const old = committed instanceof ArtefactError || committed === undefined ? [] : committed;
    if (opts.inconclusive > 0) {
      return {
        file: shown,
        status: 'not-updated',
        changes: [],
        note: `${plural(opts.inconclusive, 'inconclusive proof')}; raise --rlimit (or --timeout)`,
      };
    }
    const changes = lineDiff(old, fresh);
    const text = renderArtefact(versionId, fresh);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) return { file: shown, status: 'unchanged', changes: [] };
    if (opts.defer) opts.defer.push({ file, text });
    else writeAtomic(file, text, opts.hooks);
    const note = committed instanceof ArtefactError ? `replaced a ${committed.kind} file` : undefined;
    return { file: shown, status: committed === undefined ? 'created' : 'updated', changes, ...(note ? { note } : {}) };
  }
  if (committed instanceof ArtefactError) throw committed;
  if (committed === undefined) return { file: shown, status: 'missing', changes: [], note: 'run s2check check --update' };
  // Inconclusive proofs say nothing about the rules: the prover facts are
  // not compared then (the verdicts say inconclusive, exit 3), the rest is.
  const proved = opts.proved && opts.inconclusive === 0;
  const changes = lineDiff(comparable(committed, fresh, proved), comparable(fresh, fresh, proved));
  const note = proved ? undefined : opts.proved ? `prover facts not compared: ${plural(opts.inconclusive, 'inconclusive proof')}` : 'prover facts not compared: --no-prove';
  return { file: shown, status: changes.length ? 'drifted' : 'fresh', changes, ...(note ? { note } : {}) };
}
