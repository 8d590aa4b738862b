// Rule files are user code: before a command runs one, it is vetted in a
// child process, so that nothing the file does can make s2check lie.
//
//   1. load: the child imports the file, validates it (model/rule-file.ts)
//      and runs both decisions on every state (the decision table). A
//      process.exit(), a hang (past VET_TIMEOUT_MS) or a throw at the top
//      level ends the child, not us: an input error naming the file.
//   2. types: tsc --noEmit on the file with a generated tsconfig (s2check
//      and ts-pattern resolve as bin/resolve-hooks.mjs resolves them), so
//      ts-pattern's exhaustiveness and the State / decision types are
//      checked as in this tree. The first error is one line, file:line.
//
// The load runs first; its problem, the root cause, is reported alone. A file that passes is remembered (by its content,
// path and the model's sources) under node_modules/.cache/s2check, so
// the next command on the same file does not wait again.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../parse/errors.ts';

// The tree's root (package.json, bin/, node_modules/), from the sources or from a build in dist/.
const ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const CACHE = path.join(ROOT, 'node_modules/.cache/s2check/vetted');

/** How long the child may take to load a rule file and run it on every state. */
export const VET_TIMEOUT_MS = Number(process.env.S2CHECK_VET_TIMEOUT_MS) > 0 ? Number(process.env.S2CHECK_VET_TIMEOUT_MS) : 120_000;

/** The marker the child prints on success (anything else: it did not finish). */
export const PROBE_OK = 's2check-probe: ok';
/** How a child probing several files starts its lines about each (on stderr). */
export const PROBE_LINE = 's2check-probe:';

interface Outcome {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Children still running, so that a vet that fails early does not leave tsc behind. */
const running = new Set<import('node:child_process').ChildProcess>();

function runChild(args: readonly string[], timeoutMs: number, cwd = process.cwd()): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, S2CHECK_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    running.add(child);
    child.on('error', () => {});
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** A stamp of the model's sources: a vetted file is vetted against them. */
let stampMemo: string | undefined;
function sourcesStamp(): string {
  if (stampMemo) return stampMemo;
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[cm]?[jt]s$/.test(e.name)) {
        const st = statSync(p);
        h.update(`${p}\0${st.size}\0${st.mtimeMs}\0`);
      }
    }
  };
  for (const d of ['model', 'src', 'bin']) if (existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return (stampMemo = h.digest('hex'));
}

function cacheKey(abs: string): string {
  return createHash('sha256').update(`${abs}\0${readFileSync(abs)}\0${sourcesStamp()}`).digest('hex');
}

/** How a probe of one file ended: what the child said of it. */
interface ProbeEnd {
  readonly ok: boolean;
  readonly code: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** The first line the child printed starting with `s2check: `. */
  readonly said?: string;
}

/** The problem a probe's end says, or undefined when the file loaded and decided every state. */
function probeProblem(file: string, r: ProbeEnd): string | undefined {
  if (r.ok) return undefined;
  const { said } = r;
  if (r.timedOut) return `${file}: did not finish loading and deciding every state within ${VET_TIMEOUT_MS / 1000} s (a loop that never ends?)`;
  if (said && r.code === 2) return said.slice('s2check: '.length);
  if (said) return `${file}: ${said.slice('s2check: '.length).replace(/^internal error: /, '')}`;
  if (r.signal) return `${file}: the process loading it was killed by ${r.signal}`;
  return `${file}: ends the process (exit code ${r.code}) while loading or deciding; a rule file must not call process.exit()`;
}

/** Step 1 in a child: load, validate, decide every state. Undefined when fine, else the problem. */
async function vetLoad(file: string): Promise<string | undefined> {
  const bin = path.join(ROOT, 'bin/s2check.mjs');
  const r = await runChild([bin, '--probe-rule-file', file], VET_TIMEOUT_MS);
  const said = r.stderr.split('\n').find((l) => l.startsWith('s2check: '));
  return probeProblem(file, { ...r, ok: r.stdout.includes(PROBE_OK) && r.code === 0, said });
}

/**
 * Step 1 for several files: one child loads them one after the other,
 * each on its own, and says how each ended (PROBE_LINE lines); a file
 * whose problem is the same as in a child of its own is judged from that.
 * A file that ends the child (process.exit(), a crash) is vetted again in a
 * child of its own, the files after it together again; one that takes
 * longer than VET_TIMEOUT_MS did not finish. One node start and one model
 * for all instead of one per file.
 */
async function vetLoads(files: readonly string[]): Promise<Array<string | undefined>> {
  if (files.length < 2) return Promise.all(files.map(vetLoad));
  const bin = path.join(ROOT, 'bin/s2check.mjs');
  const ends = new Map<number, ProbeEnd>();
  let current: number | undefined;
  const r = await new Promise<{ code: number | null; signal: string | null; timedOut: boolean }>((resolve) => {
    const child = spawn(process.execPath, [bin, '--probe-rule-file', ...files], { env: { ...process.env, S2CHECK_DEBUG: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    // Each file has VET_TIMEOUT_MS from its start.
    const watch = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, VET_TIMEOUT_MS);
    };
    watch();
    let pending = '';
    child.stderr.on('data', (b: Buffer) => {
      const lines = (pending + b.toString('utf8')).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const m = new RegExp(`^${PROBE_LINE} (start|ok|error) (\\d+)(?: (\\d+) (.*))?$`).exec(line);
        if (!m) continue;
        const k = Number(m[2]);
        if (m[1] === 'start') {
          current = k;
          watch();
        } else {
          current = undefined;
          ends.set(k, m[1] === 'ok' ? { ok: true, code: 0, signal: null, timedOut: false } : { ok: false, code: Number(m[3]), signal: null, timedOut: false, said: m[4] });
        }
      }
    });
    running.add(child);
    child.on('error', () => {});
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      resolve({ code, signal, timedOut });
    });
  });
  // A child that said nothing (it did not start): a child per file.
  if (!ends.size && current === undefined) return Promise.all(files.map(vetLoad));
  const out = files.map((f, k) => (ends.has(k) ? probeProblem(f, ends.get(k)!) : undefined));
  let rest = files.map((_, k) => k).filter((k) => !ends.has(k));
  if (current !== undefined) {
    // The file the child was at when it ended: timed out, or vetted again alone.
    const k = current;
    out[k] = r.timedOut ? probeProblem(files[k], { ok: false, code: null, signal: null, timedOut: true }) : await vetLoad(files[k]);
    rest = rest.filter((j) => j !== k);
  }
  if (rest.length) {
    const again = await vetLoads(rest.map((k) => files[k]));
    rest.forEach((k, i) => (out[k] = again[i]));
  }
  return out;
}

/** Step 2 in a child: tsc --noEmit with a generated tsconfig. The first error as file:line: message, or undefined. */
async function vetTypes(files: readonly string[]): Promise<Map<string, string>> {
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const problems = new Map<string, string>();
  if (!existsSync(tsc)) return problems;
  const dir = path.join(ROOT, 'node_modules/.cache/s2check/tsconfig');
  mkdirSync(dir, { recursive: true });
  const abs = files.map((f) => path.resolve(f));
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      allowJs: true,
      checkJs: false,
      noEmit: true,
      // One build info for every rule file: s2check's own sources are
      // checked once, then only the rule file (half a second, not ten).
      // One per tree, should trees share the cache (a node_modules linked
      // into several checkouts): each would find the other's stale.
      incremental: true,
      tsBuildInfoFile: path.join(dir, `rules.${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.tsbuildinfo`),
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
      paths: {
        s2check: [path.join(ROOT, 'model/api.ts')],
        's2check/*': [path.join(ROOT, '*')],
        'ts-pattern': [path.join(ROOT, 'node_modules/ts-pattern')],
      },
    },
    files: abs,
  };
  const name = `tsconfig.${createHash('sha256').update(abs.join('\0')).digest('hex').slice(0, 16)}.json`;
  writeFileSync(path.join(dir, name), JSON.stringify(config, null, 2));
  // One tsc at a time per build info: commands vetting at once (tests, make -j)
  // would otherwise each check s2check's own sources when the build info is cold.
  const r = await underLock(path.join(dir, 'tsc.lock'), VET_TIMEOUT_MS * 2, () => runChild([tsc, '-p', path.join(dir, name), '--pretty', 'false'], VET_TIMEOUT_MS * 2, ROOT));
  // "path(line,col): error TSnnnn: message", paths relative to ROOT.
  for (const line of r.stdout.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error TS\d+: (.*)$/.exec(line);
    if (!m) continue;
    const where = path.resolve(ROOT, m[1]);
    const k = abs.indexOf(where);
    if (k < 0 || problems.has(files[k])) continue;
    const source = readFileSync(where, 'utf8').split('\n')[Number(m[2]) - 1] ?? '';
    const message = /\.exhaustive\(/.test(source) && /not callable/.test(m[4]) ? 'a match is not exhaustive (ts-pattern: some state matches no pattern)' : m[4];
    problems.set(files[k], `${files[k]}:${m[2]}: type error: ${message}`);
  }
  return problems;
}

/**
 * f() while holding a lock directory (as scripts/build.mjs builds): other
 * processes wait for it. A lock whose process has ended (killed during
 * tsc), or older than `staleMs`, is taken over; after waiting `staleMs`,
 * f() runs anyway.
 */
async function underLock<T>(lock: string, staleMs: number, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const owner = path.join(lock, 'pid');
  const gone = (): boolean => {
    try {
      const pid = Number(readFileSync(owner, 'utf8'));
      if (!(pid > 0)) return false;
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };
  let held = false;
  while (!held) {
    try {
      mkdirSync(lock);
      held = true;
      writeFileSync(owner, String(process.pid));
    } catch (e) {
      if (held) break;
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') break;
      try {
        if (gone() || Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {}
      if (Date.now() - t0 > staleMs) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await f();
  } finally {
    if (held) rmSync(lock, { recursive: true, force: true });
  }
}

/** Per cache key: undefined (fine) or the problem, said as `file: ...` with the file as first named. */
const vetted = new Map<string, { file: string; problem?: string }>();

function remembered(key: string): { file: string; problem?: string } | undefined {
  const mem = vetted.get(key);
  if (mem) return mem;
  const p = path.join(CACHE, key);
  if (!existsSync(p)) return undefined;
  const [file, ...problem] = readFileSync(p, 'utf8').split('\n');
  return { file, problem: problem.join('\n').trim() || undefined };
}

function remember(key: string, file: string, problem?: string): void {
  vetted.set(key, { file, problem });
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(path.join(CACHE, key), `${file}\n${problem ?? ''}\n`);
}

/**
 * Vet rule files, all at once (one tsc program, the loads side by side):
 * per file, its first problem (root cause first), or nothing. Results
 * are remembered, problems too (but not a timeout, which depends on the
 * load of the machine).
 */
export async function vetAll(files: readonly string[]): Promise<Map<string, string | undefined>> {
  const result = new Map<string, string | undefined>();
  const todo: Array<{ file: string; key: string }> = [];
  for (const file of files) {
    const abs = path.resolve(file);
    if (!existsSync(abs)) result.set(file, `${file}: no such file`);
    else if (!statSync(abs).isFile()) result.set(file, `${file}: not a file`);
    else {
      const key = cacheKey(abs);
      const known = remembered(key);
      if (known) result.set(file, known.problem?.split(known.file).join(file));
      else todo.push({ file, key });
    }
  }
  if (!todo.length) return result;
  // Loads first: a file that does not load is not type-checked (its problem
  // is the root cause, and a syntax error in one file would stop tsc from
  // checking the types of the others).
  const loads = await vetLoads(todo.map((t) => t.file));
  const loaded = todo.filter((_, k) => loads[k] === undefined).map((t) => t.file);
  const typeProblems = loaded.length ? await vetTypes(loaded) : new Map<string, string>();
  todo.forEach((t, k) => {
    const problem = loads[k] ?? typeProblems.get(t.file);
    result.set(t.file, problem);
    if (!problem || !/did not finish/.test(problem)) remember(t.key, t.file, problem);
  });
  return result;
}

/**
 * Vet rule files before they run in this process: a UsageError (exit 2)
 * naming the file and the first problem, root cause first.
 */
export async function vetRuleFiles(files: readonly string[]): Promise<void> {
  const result = await vetAll(files);
  for (const f of files) {
    const problem = result.get(f);
    if (problem) throw new UsageError(problem);
  }
}
