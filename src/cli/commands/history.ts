// s2check history: the versions x properties matrix of verdicts, and what
// changed from each version to the next (src/report/history.ts).

import { computeHistory, historyText, historyUnexpected } from '../../report/history.ts';
import type { ModelBundle } from '../../compare/bundle.ts';
import type { Io } from '../common.ts';
import { LIMIT_OPTIONS, noPositionals, parse, parseLimits } from '../common.ts';

export async function cmdHistory(bundle: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, { proofs: { type: 'string' }, ...LIMIT_OPTIONS });
  noPositionals('history', positionals);
  const h = await computeHistory(bundle, { proofsDir: values.proofs as string | undefined, limits: parseLimits(values) });
  io.out(historyText(h));
  const inconclusive = h.cells.some((row) => row.some((c) => c.verdict === 'inconclusive'));
  return historyUnexpected(h) > 0 ? 1 : inconclusive ? 3 : 0;
}
