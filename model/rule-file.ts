// User rule files: one TypeScript (or JavaScript) file whose default export
// is a RuleVersion (`export default defineVersion({...})`), the way a
// kernel developer proposes the next change. Loaded with a dynamic
// import(); every problem is one line naming the file, never a stack trace.
//
// What cannot be judged when loading is judged by the checker: a rule that
// throws or a match that is not exhaustive on some state makes that state
// a failure of the version (property `total`), with the file named in the
// message; a Z3 encoding that throws or has the wrong shape makes
// `encodings-agree` fail.

import { existsSync, realpathSync, statSync } from 'node:fs';
import { findSourceMap, register as registerHooks } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../src/parse/errors.ts';
import { InternalError } from '../src/solver/prover.ts';
import { malformedFault, malformedMemslot } from './outcomes.ts';
import type { FaultDecision, MemslotDecision } from './outcomes.ts';
import type { State } from './state.ts';
import type { Z3Rules, Z3Version } from './symbolic.ts';
import type { Expectations, RuleVersion } from './version.ts';
import { isKernelPath, loadKernel } from './kernel/load.ts';
import { BUILD_URL, TREE_URL } from './tree.ts';

/** A version loaded from a file, with the path as the user gave it. */
export interface LoadedVersion {
  readonly version: RuleVersion;
  readonly file: string;
}

const VERDICTS = ['holds', 'violated', 'vacuous', 'pending'];
const LAYERS = ['pre-nc', 'nc', 'xnx-icache-both', 'xnx'];
const ID = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/**
 * Load and validate one rule file. `taken` are the ids and aliases already
 * in use; `properties` the property ids expectations may name.
 */
export async function loadRuleFile(file: string, taken: ReadonlySet<string>, properties: readonly string[]): Promise<LoadedVersion> {
  const fail = (problem: string): never => {
    throw new UsageError(`${file}: ${problem}`);
  };
  // A kernel tree or a C file: the version is derived from the C (model/kernel/).
  if (isKernelPath(file)) return loadKernel(file, taken);
  const abs = path.resolve(file);
  if (!existsSync(abs)) fail('no such file');
  if (!statSync(abs).isFile()) fail('not a file');
  let mod: Record<string, unknown>;
  try {
    await ruleFileHooks(abs);
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    return fail(loadProblem(e, abs));
  }
  const v = (mod.default ?? undefined) as Record<string, unknown> | undefined;
  if (v === undefined) fail("no default export (write: export default defineVersion({...}))");
  if (typeof v !== 'object' || v === null) fail(`the default export is ${typeof v}, not a rule version object`);
  const obj = v as Record<string, unknown>;

  // meta
  const meta = obj.meta as Record<string, unknown> | undefined;
  if (typeof meta !== 'object' || meta === null) fail('meta is missing (meta: { id, title, date, source, layer, summary })');
  const m = meta as Record<string, unknown>;
  if (typeof m.id !== 'string' || !ID.test(m.id)) fail(`meta.id must be a word of letters, digits, '.', '_', '+' or '-', not ${show(m.id)}`);
  const id = m.id as string;
  if (taken.has(id)) fail(`meta.id '${id}' is already taken by a version (give the proposal its own id)`);
  if (m.alias !== undefined) {
    if (typeof m.alias !== 'string' || !ID.test(m.alias)) fail(`meta.alias must be a word like meta.id, not ${show(m.alias)}`);
    if (taken.has(m.alias as string) || m.alias === id) fail(`meta.alias '${String(m.alias)}' is already taken`);
  }
  for (const key of ['title', 'date', 'source', 'summary']) {
    if (typeof m[key] !== 'string') fail(`meta.${key} must be a string, not ${show(m[key])}`);
  }
  if (m.base !== undefined && (typeof m.base !== 'string' || !taken.has(m.base))) fail(`meta.base must name a version (s2check versions), not ${show(m.base)}`);
  if (!LAYERS.includes(m.layer as string)) fail(`meta.layer must be 'pre-nc' or 'nc', not ${show(m.layer)}`);

  // rule lists and functions
  const ruleList = (key: 'faultRules' | 'memslotRules'): string[] => {
    const list = obj[key];
    if (!Array.isArray(list) || list.length === 0) return fail(`${key} must be a non-empty array of rule names, not ${show(list)}`);
    list.forEach((r, i) => {
      if (typeof r !== 'string' || r === '') fail(`${key}[${i}] must be a rule name (string), not ${show(r)}`);
    });
    const dup = list.find((r, i) => list.indexOf(r) !== i);
    if (dup !== undefined) fail(`${key} names rule '${dup}' twice`);
    return list as string[];
  };
  const faultRules = ruleList('faultRules');
  const memslotRules = ruleList('memslotRules');
  for (const key of ['fault', 'memslot', 'z3']) {
    if (typeof obj[key] !== 'function') {
      const sig = key === 'z3' ? '(k: Kit) => { fault, memslot }' : `(s: State) => ${key === 'fault' ? 'FaultDecision' : 'MemslotDecision'}`;
      fail(`${key} must be a function ${sig}, not ${show(obj[key])}`);
    }
  }

  // expectations
  const expected = obj.expected ?? {};
  if (typeof expected !== 'object' || expected === null || Array.isArray(expected)) fail(`expected must be an object of verdicts by property id, not ${show(expected)}`);
  for (const [pid, e] of Object.entries(expected as Record<string, unknown>)) {
    if (!properties.includes(pid)) fail(`expected names unknown property '${pid}'`);
    const x = e as Record<string, unknown> | null;
    if (typeof x !== 'object' || x === null || !VERDICTS.includes(x.verdict as string)) {
      fail(`expected['${pid}'].verdict must be one of ${VERDICTS.join(' ')}, not ${show(x?.verdict)}`);
    }
    if (x!.reason !== undefined && typeof x!.reason !== 'string') fail(`expected['${pid}'].reason must be a string`);
  }

  const fault = obj.fault as (s: State) => FaultDecision;
  const memslot = obj.memslot as (s: State) => MemslotDecision;
  const z3 = obj.z3 as Z3Version;
  const version: RuleVersion = {
    meta: {
      id,
      ...(m.alias === undefined ? {} : { aliases: [m.alias as string] }),
      title: m.title as string,
      date: m.date as string,
      source: m.source as string,
      layer: m.layer as RuleVersion['meta']['layer'],
      summary: m.summary as string,
      ...(m.base === undefined ? {} : { base: m.base as string }),
    },
    faultRules,
    memslotRules,
    fault: guarded(file, abs, 'fault', fault, faultRules, malformedFault),
    memslot: guarded(file, abs, 'memslot', memslot, memslotRules, malformedMemslot),
    z3: guardedZ3(file, z3),
    expected: expected as Expectations,
  };
  return { version, file };
}

/**
 * The module hooks a rule file needs, registered on this thread before the
 * first one loads: bin/resolve-hooks.mjs (its imports of 's2check' and of
 * this tree), and tsx for a TypeScript file when the running code is the
 * build (the sources run under a transpiler already). Nothing else loads
 * tsx: without a TypeScript rule file the command line never does.
 */
let resolving = false;
let transpiling = BUILD_URL === undefined;
async function ruleFileHooks(file: string): Promise<void> {
  if (!transpiling && /\.[cm]?tsx?$/.test(file)) {
    transpiling = true;
    (await import('tsx/esm/api')).register();
  }
  if (!resolving) {
    resolving = true;
    registerHooks(new URL('bin/resolve-hooks.mjs', TREE_URL), { data: { build: BUILD_URL } });
  }
}

/** The rules, with every failure on a state said in one line naming the file. */
function guarded<T extends { rule: string }>(
  file: string,
  abs: string,
  what: string,
  f: (s: State) => T,
  rules: readonly string[],
  malformed: (d: unknown) => string | undefined,
): (s: State) => T {
  return (s) => {
    let d: T;
    try {
      d = f(s);
    } catch (e) {
      throw quietError(`${at(file, abs, e)}: the ${what} rules ${thrown(e)}`);
    }
    const bad = malformed(d);
    if (bad) throw new Error(`${file}: ${bad}`);
    if (!rules.includes(d.rule)) throw new Error(`${file}: ${what} rule '${d.rule}' is not in ${what}Rules`);
    return d;
  };
}

function guardedZ3(file: string, z3: Z3Version): Z3Version {
  return (k) => {
    let r: Z3Rules;
    try {
      r = z3(k);
    } catch (e) {
      throw new InternalError(`${file}: the Z3 rules ${thrown(e)}`);
    }
    const ok = (list: unknown) =>
      Array.isArray(list) && list.every((b) => typeof b === 'object' && b !== null && typeof b.rule === 'string' && b.when !== undefined && typeof b.then === 'object');
    if (typeof r !== 'object' || r === null || !ok(r.fault) || !ok(r.memslot)) {
      throw new InternalError(`${file}: z3 must return { fault: [...], memslot: [...] } of { rule, when, then } branches`);
    }
    return r;
  };
}

/**
 * An error without a stack: the message says where (file:line), and a
 * rule file that fails on a thousand paths made a thousand stacks nobody
 * reads.
 */
function quietError(message: string): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new Error(message);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The names a rule file's frames carry: its path and real path, as paths and as file: URLs. */
const frameNames = new Map<string, string[]>();
function namesOf(abs: string): string[] {
  let names = frameNames.get(abs);
  if (!names) {
    // The module loader names the file by its real path (a directory on the way may be a link).
    const paths = [...new Set([abs, realPath(abs)])];
    frameNames.set(abs, (names = [...paths.map((p) => pathToFileURL(p).href), ...paths]));
  }
  return names;
}

/** `file:line` of the innermost frame of the rule file in an exception's stack, else `file`. */
function at(file: string, abs: string, e: unknown): string {
  const names = namesOf(abs);
  const sites = e instanceof Error ? callSites(e) : undefined;
  if (sites) {
    const site = sites.find((c) => names.includes(c.getFileName() ?? ''));
    return site ? `${file}:${sourceLine(site)}` : file;
  }
  // The stack was formatted before we saw it: read it.
  const stack = e instanceof Error ? String(e.stack ?? '') : '';
  for (const line of stack.split('\n').slice(1)) {
    for (const name of names) {
      const i = line.indexOf(name);
      if (i < 0) continue;
      const m = /^:(\d+):\d+/.exec(line.slice(i + name.length));
      if (m) return `${file}:${m[1]}`;
    }
  }
  return file;
}

/**
 * The frames of an exception as V8 recorded them, if its stack has not
 * been formatted yet. Formatting maps every frame through the source map
 * (tsx's), which cost a rule file that throws on a thousand paths seconds:
 * one frame is mapped instead (sourceLine), and the exception, which
 * nobody reads after this, keeps its first line for a stack.
 */
function callSites(e: Error): NodeJS.CallSite[] | undefined {
  const prepare = Error.prepareStackTrace;
  let sites: NodeJS.CallSite[] | undefined;
  Error.prepareStackTrace = (err, cs) => {
    sites = cs;
    return String(err);
  };
  try {
    void e.stack;
  } finally {
    Error.prepareStackTrace = prepare;
  }
  return sites;
}

/** A frame's line in the file as written: through its source map when it has one. Memoised by position. */
const lines = new Map<string, number>();
function sourceLine(site: NodeJS.CallSite): number {
  const name = site.getFileName() ?? '';
  const line = site.getLineNumber() ?? 0;
  const column = site.getColumnNumber() ?? 0;
  const key = `${name}:${line}:${column}`;
  let n = lines.get(key);
  if (n === undefined) {
    const entry = findSourceMap(name)?.findEntry(line - 1, column - 1);
    n = entry && 'originalLine' in entry ? entry.originalLine + 1 : line;
    lines.set(key, n);
  }
  return n;
}

const realPaths = new Map<string, string>();
function realPath(p: string): string {
  let r = realPaths.get(p);
  if (r === undefined) {
    try {
      r = realpathSync(p);
    } catch {
      r = p;
    }
    realPaths.set(p, r);
  }
  return r;
}

/** What a rule's exception says, in a few words. */
function thrown(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // ts-pattern's .exhaustive() prints the whole value; the state is reported anyway.
  if (/^Pattern matching error: no pattern matches value/.test(msg)) return 'match no pattern (a non-exhaustive match)';
  const first = msg.split('\n')[0];
  const name = e instanceof Error && e.name && e.name !== 'Error' ? `${e.name}: ` : '';
  return `throw ${name}${first.length > 100 ? `${first.slice(0, 97)}...` : first}`;
}

/** Why an import failed, in one line. */
function loadProblem(e: unknown, abs: string): string {
  const err = e as { message?: string; code?: string; errors?: Array<{ text?: string; location?: { line?: number; column?: number } }> };
  const msg = String(err?.message ?? e);
  // esbuild (through tsx): "Transform failed with 1 error:\n/path/file.ts:3:10: ERROR: Expected ..."
  const located = msg.split('\n').map((l) => /:(\d+):(\d+): ERROR: (.*)$/.exec(l)).find(Boolean);
  if (located) return `syntax error at line ${located[1]}:${located[2]}: ${located[3]}`;
  if (err?.errors?.[0]?.text) {
    const loc = err.errors[0].location;
    return `syntax error${loc?.line ? ` at line ${loc.line}:${loc.column ?? 0}` : ''}: ${err.errors[0].text}`;
  }
  if (e instanceof SyntaxError) return `syntax error: ${msg.split('\n')[0]}`;
  if (err?.code === 'ERR_MODULE_NOT_FOUND') {
    const what = /Cannot find (?:module|package) '([^']+)'/.exec(msg)?.[1] ?? 'a module';
    return `cannot import ${what.startsWith('/') ? path.relative(path.dirname(abs), what) || what : what}`;
  }
  const first = msg.split('\n')[0];
  return `throws while loading: ${first.length > 120 ? `${first.slice(0, 117)}...` : first}`;
}

function show(x: unknown): string {
  if (x === undefined) return 'missing';
  if (typeof x === 'function') return 'a function';
  if (Array.isArray(x)) return 'an array';
  if (typeof x === 'string') return `'${x.length > 40 ? `${x.slice(0, 37)}...` : x}'`;
  if (x === null) return 'null';
  return typeof x === 'object' ? 'an object' : `${typeof x} ${String(x)}`;
}
