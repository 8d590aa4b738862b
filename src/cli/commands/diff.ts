// s2check diff A B: what changes from version A to version B, in a
// reviewer's terms (src/compare/diff.ts). A and B are version ids or rule files.

import { existsSync, statSync } from 'node:fs';
import type { ModelBundle, VersionInfo } from '../../compare/bundle.ts';
import { bundleCommon } from '../../compare/bundle.ts';
import { computeDiff } from '../../compare/diff.ts';
import { diffJson, diffMarkdown, diffText } from '../../report/diff-report.ts';
import { UsageError } from '../../parse/errors.ts';
import type { Io } from '../common.ts';
import { format, parse, resolveProfile, resolveVersion } from '../common.ts';

/** Does a command-line word name a rule file rather than a version id? */
export function isRuleFile(word: string): boolean {
  return /[/\\]/.test(word) || /\.[cm]?[jt]s$/.test(word) || /\.c$/.test(word) || (existsSync(word) && (statSync(word).isFile() || statSync(word).isDirectory()));
}

/**
 * Resolve version ids and rule files to versions of one bundle (the base,
 * plus the rule files' versions when there are any).
 */
export async function resolveVersionsOrFiles(base: ModelBundle, words: readonly string[]): Promise<{ bundle: ModelBundle; versions: VersionInfo[] }> {
  const files = [...new Set(words.filter(isRuleFile))];
  let bundle = base;
  let ids: readonly string[] = [];
  if (files.length) ({ bundle, ids } = await base.withRuleFiles(files));
  const versions = words.map((w) => (isRuleFile(w) ? resolveVersion(bundle, ids[files.indexOf(w)]) : resolveVersion(bundle, w)));
  return { bundle, versions };
}

export async function cmdDiff(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    profile: { type: 'string' },
    format: { type: 'string' },
  });
  if (positionals.length !== 2) throw new UsageError(`diff takes two versions or rule files (diff A B), not ${positionals.length}`);
  const fmt = format(values.format, ['text', 'markdown', 'json']);
  const profile = resolveProfile(base, (values.profile as string) ?? base.defaultProfile);
  const resolved = await resolveVersionsOrFiles(base, positionals);
  const { versions } = resolved;
  let { bundle } = resolved;
  const [a, b] = versions;
  // Versions that read different fields are compared on the space both read.
  bundle = bundleCommon(bundle, a.id, b.id);
  const d = computeDiff(bundle, a.id, b.id, profile);
  for (const f of d.failures) {
    const v = bundle.versions.find((x) => x.id === f.version)!;
    const who = v.file ?? v.id;
    const message = f.message.startsWith(`${who}: `) ? f.message.slice(who.length + 2) : f.message;
    throw new UsageError(
      `${who}: the rules fail on ${f.states} feasible state${f.states === 1 ? '' : 's'} (state ${f.index}: ${message}); see s2check check ${v.file ? `--rules ${v.file}` : `--version ${v.id}`}`,
    );
  }
  io.out(fmt === 'json' ? diffJson(bundle, d, a, b) : fmt === 'markdown' ? diffMarkdown(bundle, d, a, b) : diffText(bundle, d, a, b));
  return 0;
}
