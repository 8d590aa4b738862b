// Worker-thread entry of test/helpers/per-state.ts: one version's
// per-state table (every state run through the rules), made from the
// TypeScript sources (tsx registered: workers do not inherit vitest's
// module hooks) and sent back as its flat arrays.
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const { computeTable } = await import('../../src/enumerate/table.ts');
const { makeSystem } = await import('../../model/system.ts');
const t = computeTable(makeSystem(), workerData.versionId, 'per-state');
const { versionId, size, width, decisions, outputs, rules, failures, failed, runs } = t;
parentPort.postMessage({ versionId, size, width, decisions, outputs, rules, failures, failed, runs }, [outputs.buffer, rules.buffer, failed.buffer]);
