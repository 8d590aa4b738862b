// s2check history: the versions x properties matrix of verdicts, and what
// changed from each version to the next (src/report/history.ts).

import { computeHistory, historyText, historyUnexpected } from '../../report/history.ts';
import type { ModelBundle } from '../../compare/bundle.ts';
import type { Io } from '../common.ts';
import { checkProofsDir, LIMIT_OPTIONS, noPositionals, parse, parseLimits, resolveVersions } from '../common.ts';

export async function cmdHistory(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { version: { type: 'string', multiple: true }, proofs: { type: 'string' }, ...LIMIT_OPTIONS });
  noPositionals('history', positionals);
  const limits = parseLimits(values);
  const proofsDir = checkProofsDir(values.proofs);
  // The columns: every version, or the ones named (ids, aliases or rule files), in order.
  const words = (values.version as string[] | undefined) ?? [];
  const { bundle, versions } = words.length ? await resolveVersions(base, words) : { bundle: base, versions: base.versions };
  const h = await computeHistory(bundle, { proofsDir, limits, versions: [...new Map(versions.map((v) => [v.id, v])).values()] });
  io.out(historyText(h));
  const inconclusive = h.cells.some((row) => row.some((c) => c.verdict === 'inconclusive'));
  return historyUnexpected(h) > 0 ? 1 : inconclusive ? 3 : 0;
}
