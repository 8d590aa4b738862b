// The exploring thread (src/cli/explorer.ts): load the bundle and the
// rule files, then for each of the job's versions in order post the trees
// it reads, its row diagrams and its table digest.

import { parentPort, workerData } from 'node:worker_threads';
import type { ModelBundle } from '../compare/bundle.ts';
import { bundleAt } from '../compare/bundle.ts';
import { tableDigest } from '../compare/artefacts.ts';
import type { ExploreJob, Reply } from './explorer.ts';

const { loadFrom, job } = workerData as { loadFrom: { module: string; name: string }; job: ExploreJob };
const post = (m: Reply) => parentPort!.postMessage(m);
try {
  let bundle = (await import(loadFrom.module))[loadFrom.name] as ModelBundle;
  if (job.ruleFiles.length) ({ bundle } = await bundle.withRuleFiles(job.ruleFiles));
  const posted = new Set<string>();
  for (const version of job.versions) {
    const b = bundleAt(bundle, version);
    const domain = b.domain ?? '';
    for (const id of b.checker.versionsRead(version).reverse()) {
      if (posted.has(`${domain}|${id}`)) continue;
      posted.add(`${domain}|${id}`);
      post({ tree: id, domain, value: b.checker.tables.get(id).tree! });
    }
    post({ diagrams: version, domain, value: b.checker.exportDiagrams(version) });
    post({ version, digest: job.tableFacts ? tableDigest(b.system, b.checker.tables.get(version), b.checker.tableLines(version)) : undefined });
  }
} catch (e) {
  post({ error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
}
