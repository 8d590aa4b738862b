// s2check diff A B: what changes from version A to version B, in a
// reviewer's terms (src/compare/diff.ts). A and B are version ids or rule files.

import type { ModelBundle, VersionInfo } from '../../compare/bundle.ts';
import { bundleCommon } from '../../compare/bundle.ts';
import { computeDiff } from '../../compare/diff.ts';
import { diffJson, diffMarkdown, diffText } from '../../report/diff-report.ts';
import { UsageError } from '../../parse/errors.ts';
import type { Io } from '../common.ts';
import { format, parse, resolveProfile, resolveVersions } from '../common.ts';

export async function cmdDiff(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    profile: { type: 'string' },
    format: { type: 'string' },
  });
  if (positionals.length !== 2) throw new UsageError(`diff takes two versions or rule files (diff A B), not ${positionals.length}`);
  const fmt = format(values.format, ['text', 'markdown', 'json']);
  const profile = resolveProfile(base, (values.profile as string) ?? base.defaultProfile);
  const resolved = await resolveVersions(base, positionals);
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
