// The enumeration thread: load the bundle and the rule files, then
// enumerate the job's versions in order, posting each result as it is done.

import { parentPort, workerData } from 'node:worker_threads';
import type { ModelBundle } from '../compare/bundle.ts';
import { bundleAt } from '../compare/bundle.ts';
import type { EnumerationJob } from './enumerator.ts';
import { enumerate } from './enumerator.ts';

const { loadFrom, job } = workerData as { loadFrom: { module: string; name: string }; job: EnumerationJob };
try {
  let bundle = (await import(loadFrom.module))[loadFrom.name] as ModelBundle;
  if (job.ruleFiles.length) ({ bundle } = await bundle.withRuleFiles(job.ruleFiles));
  // Trees a version ahead: the main thread proves with them while this one enumerates.
  const posted = new Set<string>();
  const postTrees = (version: string | undefined) => {
    if (version === undefined) return;
    const b = bundleAt(bundle, version);
    const domain = b.domain ?? '';
    for (const id of b.checker.versionsRead(version).reverse()) {
      if (posted.has(`${domain}|${id}`)) continue;
      posted.add(`${domain}|${id}`);
      parentPort!.postMessage({ tree: id, domain, value: b.checker.tables.get(id).tree });
    }
  };
  job.versions.forEach((version, n) => {
    postTrees(version);
    postTrees(job.versions[n + 1]);
    if (job.progress) bundleAt(bundle, version).checker.progress = (done, total) => parentPort!.postMessage({ progress: version, done, total });
    parentPort!.postMessage({ version, enumerated: enumerate(bundle, version, job) });
  });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
}
