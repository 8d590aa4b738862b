// Shared pieces of the commands: argument parsing and resolution of
// versions, profiles and formats, each failing with a one-line UsageError.

import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { ModelBundle, VersionInfo } from '../compare/bundle.ts';
import { findVersionInfo } from '../compare/bundle.ts';
import { UsageError, unknown } from '../parse/errors.ts';

export interface Io {
  out(text: string): void;
}

export type Options = Record<string, string | boolean | string[] | undefined>;

export function parse(args: string[], options: ParseArgsConfig['options']): { values: Options; positionals: string[] } {
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

export function resolveVersion(bundle: ModelBundle, id: string): VersionInfo {
  const v = findVersionInfo(bundle, id);
  if (!v) throw unknown('version', id, bundle.versions.flatMap((x) => [x.id, ...(x.aliases ?? (x.alias ? [x.alias] : []))]));
  return v;
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
  const loaded = await bundle.withRuleFiles(paths);
  for (const x of at) {
    const id = loaded.ids[paths.indexOf(x.path)];
    out[x.i] = x.eq ? `--version=${id}` : id;
  }
  return { bundle: loaded.bundle, args: out };
}
