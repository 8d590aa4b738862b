// A shipped version's per-state table made in a thread of its own. The
// per-state table runs the ts-pattern rules on all 393216 states; in a
// fresh isolate that is 1.2-1.5x faster than in a test worker whose
// inline caches other files have made megamorphic, and the thread works
// while the test file goes on with its other tests.

import { Worker } from 'node:worker_threads';
import type { DecisionTable, FlatArrays } from '../../src/enumerate/table.ts';
import { flatTable } from '../../src/enumerate/table.ts';

/** Starts the table of `versionId` (of makeSystem(), the shipped model) now; resolves when it is made. */
export function perStateTableInThread(versionId: string): Promise<DecisionTable> {
  const worker = new Worker(new URL('./per-state-thread.mjs', import.meta.url), { workerData: { versionId } });
  const made = new Promise<DecisionTable>((resolve, reject) => {
    worker.once('message', (arrays: FlatArrays) => resolve(flatTable(arrays)));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`per-state thread of ${versionId} exited (${code}) without a table`)));
  });
  // An unawaited failure is reported by the test that awaits it.
  made.catch(() => {});
  return made.finally(() => void worker.terminate());
}
