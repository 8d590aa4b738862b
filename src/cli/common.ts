// Shared pieces of the commands: argument parsing and resolution of
// versions, profiles and formats, each failing with a one-line UsageError.

import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { ModelBundle, VersionInfo } from '../compare/bundle.ts';
import { findVersionInfo } from '../compare/bundle.ts';
import { UsageError, unknown } from '../parse/errors.ts';
import { vetRuleFiles } from './vet.ts';

export interface Io {
  out(text: string): void;
  /** One line for stderr (an error after a report that is still printed); default: out. */
  err?(line: string): void;
  /**
   * Resolves when what was written so far has left the process (or has room
   * to wait in a pipe). A command that prints millions of lines awaits it
   * between chunks, so that its output waits for the reader instead of
   * piling up in memory (and so that `| head` stops it early).
   */
  drain?(): Promise<void>;
}

/** Exit codes (README, "Exit codes"). */
export const EXIT = { ok: 0, unexpected: 1, usage: 2, inconclusive: 3, io: 4 } as const;

export type Options = Record<string, string | boolean | string[] | undefined>;

export function parse(args: string[], options: ParseArgsConfig['options']): { values: Options; positionals: string[] } {
  // An option that takes a value takes the next word even when it starts
  // with '-' (--rlimit -5 is then judged as a number, not as an option).
  args = args.flatMap((a, i) => {
    const name = /^--([a-z-]+)$/.exec(a)?.[1];
    const next = args[i + 1];
    if (name && options?.[name]?.type === 'string' && next !== undefined && /^-[^-]/.test(next)) return [`${a}=${next}`];
    if (i > 0 && /^-[^-]/.test(a)) {
      const prev = /^--([a-z-]+)$/.exec(args[i - 1])?.[1];
      if (prev && options?.[prev]?.type === 'string') return [];
    }
    return [a];
  });
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Options, positionals };
  } catch (e) {
    // node's messages name the bad option; keep the first line only.
    throw new UsageError(String((e as Error).message).split('\n')[0].replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length) throw new UsageError(`${command} takes no argument '${positionals[0]}'`);
}

/** A shipped version by id or alias (no file, no other source). */
export function resolveVersion(bundle: ModelBundle, id: string): VersionInfo {
  const v = findVersionInfo(bundle, id);
  if (!v) throw unknown('version', id, bundle.versions.flatMap((x) => [x.id, ...(x.aliases ?? (x.alias ? [x.alias] : []))]));
  return v;
}

/**
 * One notion of "a version": every command that takes a version reads
 * the word through resolveVersions(), which asks, in order, whether it is
 * a version the bundle already has (id or alias), then each source below.
 * A source claims the words it can load and adds their versions to the
 * bundle. A third kind (a kernel tree or an mmu.c) is one more entry.
 */
export interface VersionSource {
  /** What the user calls it, in messages: 'rule file'. */
  readonly kind: string;
  /** Does this word name a version of this kind? */
  claims(word: string): boolean;
  /** The bundle plus the versions of these words, and their ids in order. */
  load(bundle: ModelBundle, words: readonly string[]): Promise<{ readonly bundle: ModelBundle; readonly ids: readonly string[] }>;
}

/** Does a command-line word name a kernel tree or an mmu.c (model/kernel/)? */
export function isKernelPath(word: string): boolean {
  return /\.c$/.test(word) || (existsSync(word) && statSync(word).isDirectory());
}

/** Does a command-line word name a rule file (TypeScript or JavaScript)? */
export function isRuleFile(word: string): boolean {
  if (isKernelPath(word)) return false;
  return /[/\\]/.test(word) || /\.[cm]?[jt]s$/.test(word) || (existsSync(word) && statSync(word).isFile());
}

/** A rule file: vetted in a child (src/cli/vet.ts), then loaded. */
export const RULE_FILES: VersionSource = {
  kind: 'rule file',
  claims: isRuleFile,
  async load(bundle, words) {
    await vetRuleFiles(words);
    return bundle.withRuleFiles(words);
  },
};

/** A kernel tree or mmu.c: derived into a version (the bundle's withRuleFiles knows how). */
export const KERNEL_PATHS: VersionSource = {
  kind: 'kernel tree',
  claims: isKernelPath,
  load: (bundle, words) => bundle.withRuleFiles(words),
};

/** The sources a version word may come from, after the bundle's own ids. */
export const VERSION_SOURCES: VersionSource[] = [KERNEL_PATHS, RULE_FILES];

/** Does the word name a version of some source (not an id)? */
export function isVersionPath(word: string): boolean {
  return VERSION_SOURCES.some((s) => s.claims(word));
}

/**
 * Resolve version words (ids, aliases, rule files, ...) to versions of
 * one bundle: the base, plus the versions loaded from files when there
 * are any. Unknown words are UsageErrors naming the word.
 */
export async function resolveVersions(base: ModelBundle, words: readonly string[]): Promise<{ bundle: ModelBundle; versions: VersionInfo[] }> {
  const sourceOf = (w: string) => (findVersionInfo(base, w) ? undefined : VERSION_SOURCES.find((s) => s.claims(w)));
  let bundle = base;
  const loaded = new Map<string, string>();
  for (const source of VERSION_SOURCES) {
    const mine = [...new Set(words.filter((w) => sourceOf(w) === source))];
    if (!mine.length) continue;
    const r = await source.load(bundle, mine);
    bundle = r.bundle;
    mine.forEach((w, i) => loaded.set(w, r.ids[i]));
  }
  const versions = words.map((w) => resolveVersion(bundle, loaded.get(w) ?? w));
  return { bundle, versions };
}

/** One version word: resolveVersions() of one. */
export async function resolveOne(base: ModelBundle, word: string): Promise<{ bundle: ModelBundle; version: VersionInfo }> {
  const { bundle, versions } = await resolveVersions(base, [word]);
  return { bundle, version: versions[0] };
}

/** --proofs DIR: absent, or a directory (it may not exist yet); a file is a usage error. */
export function checkProofsDir(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError('--proofs needs a directory');
  if (existsSync(value) && !statSync(value).isDirectory()) throw new UsageError(`--proofs ${value}: not a directory`);
  return value;
}

/** A profile name, or a comma-separated list of assumption ids. */
export function resolveProfile(bundle: ModelBundle, spec: string): { name: string; ids: readonly string[] } {
  if (bundle.profiles[spec]) return { name: spec, ids: bundle.profiles[spec] };
  const ids = spec.split(',').map((s) => s.trim());
  const known = bundle.assumptions.map((a) => a.id);
  if (ids.length === 1 && !known.includes(ids[0])) throw unknown('profile', spec, [...Object.keys(bundle.profiles), ...known]);
  for (const id of ids) if (!known.includes(id)) throw unknown('assumption', id, known);
  return { name: [...new Set(ids)].join(','), ids: [...new Set(ids)] };
}

export function format(value: unknown, allowed: readonly string[]): string {
  const f = typeof value === 'string' ? value : allowed[0];
  if (!allowed.includes(f)) throw unknown('format', f, allowed);
  return f;
}

/**
 * Z3's limits per call. By default a resource limit only: Z3 counts its
 * own work, so a query that runs out runs out on every machine and a CI
 * gate does not flip with the load (5,000,000 units is about 10 s on the
 * benchmark machine; our queries use a few thousand). --timeout MS adds a
 * wall-clock limit (it costs Z3 a timer thread per call). Running out of
 * either makes the verdict inconclusive.
 */
export const DEFAULT_RLIMIT = 5_000_000;

export interface SolverLimits {
  readonly timeoutMs?: number;
  readonly resourceLimit?: number;
}

export const LIMIT_OPTIONS = { timeout: { type: 'string' }, rlimit: { type: 'string' } } as const;

export function parseLimits(values: { timeout?: unknown; rlimit?: unknown }): SolverLimits {
  const whole = (option: string, value: unknown, min: number, unit: string): number => {
    const n = Number(value);
    if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min) throw new UsageError(`${option} takes a whole number of ${unit}${min ? '' : ' (0: none)'}, not '${String(value)}'`);
    return n;
  };
  const timeoutMs = values.timeout === undefined ? undefined : whole('--timeout', values.timeout, 1, 'milliseconds');
  const resourceLimit = values.rlimit === undefined ? DEFAULT_RLIMIT : whole('--rlimit', values.rlimit, 0, 'resource units');
  return { timeoutMs, resourceLimit: resourceLimit || undefined };
}

/**
 * `--version PATH` for any command: a kernel tree, an mmu.c or a rule file
 * where a version id is accepted. The paths are loaded into a bundle (as
 * rule files are) and replaced by the ids of their versions.
 */
export async function withVersionPaths(bundle: ModelBundle, args: readonly string[]): Promise<{ bundle: ModelBundle; args: string[] }> {
  const isPath = (w: string) => w !== 'all' && !findVersionInfo(bundle, w) && (/[/\\]/.test(w) || /\.(c|[cm]?[jt]s)$/.test(w));
  const out = [...args];
  const at: Array<{ i: number; path: string; eq: boolean }> = [];
  out.forEach((a, i) => {
    if (a === '--version' && i + 1 < out.length && isPath(out[i + 1])) at.push({ i: i + 1, path: out[i + 1], eq: false });
    else if (a.startsWith('--version=') && isPath(a.slice(10))) at.push({ i, path: a.slice(10), eq: true });
  });
  if (!at.length) return { bundle, args: out };
  const paths = [...new Set(at.map((x) => x.path))];
  // Through the version sources: a rule file is vetted before it runs.
  const loaded = await resolveVersions(bundle, paths);
  for (const x of at) {
    const id = loaded.versions[paths.indexOf(x.path)].id;
    out[x.i] = x.eq ? `--version=${id}` : id;
  }
  return { bundle: loaded.bundle, args: out };
}
