// Where `check` gets its enumerations from. The enumeration (trees, the
// exhaustive pass, the table digest and feasible counts) and the Z3 proofs
// are independent until their verdicts are compared, and Z3 runs on the
// main thread; so on a machine with two cores or more a worker thread
// enumerates, version after version, while the main thread proves. The
// worker loads the same bundle (ModelBundle.loadFrom) and the same rule
// files. Every result is computed by the same code either way: only the
// thread differs, so the output is the same bytes.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TableFacts } from '../compare/artefacts.ts';
import { tableFacts } from '../compare/artefacts.ts';
import type { ModelBundle } from '../compare/bundle.ts';
import { bundleAt } from '../compare/bundle.ts';
import type { CheckResult } from '../enumerate/check.ts';
import type { PathTree } from '../enumerate/paths.ts';

export interface Enumerated {
  readonly result: CheckResult;
  readonly ms: number;
  /** Present when asked for (the artefacts need them). */
  readonly table?: TableFacts;
}

export interface EnumerationJob {
  readonly versions: readonly string[];
  readonly profile: { readonly name: string; readonly ids: readonly string[] };
  readonly ruleFiles: readonly string[];
  readonly tableFacts: boolean;
  /** Report states visited (for a person at a terminal). */
  readonly progress: boolean;
}

export interface Enumerator {
  /**
   * Hand the checker of the version's space the trees it reads (itself and
   * its frames' versions) that the worker has already sent (no rules run
   * here for them); the checker builds any other table itself when first
   * asked. Never waits: a tree is cheap to build, waiting for one is not.
   */
  tables(versionId: string): void;
  /** The enumeration of one of the job's versions. */
  get(versionId: string): Promise<Enumerated>;
  /** Stop the worker, if any (safe to call twice). */
  close(): Promise<void>;
  readonly threaded: boolean;
}

/** One version enumerated on this thread (the worker runs exactly this). */
export function enumerate(root: ModelBundle, versionId: string, job: EnumerationJob): Enumerated {
  const bundle = bundleAt(root, versionId);
  const t0 = performance.now();
  const result = bundle.checker.check(versionId, job.profile.ids);
  const ms = performance.now() - t0;
  const table = job.tableFacts ? tableFacts(bundle, versionId, { profile: job.profile.name, feasible: result.feasibleStates }) : undefined;
  return { result, ms, table };
}

/**
 * A worker thread when the bundle can be loaded in one, there are two
 * cores and S2CHECK_THREADS is not 1; otherwise this thread, lazily.
 */
export function enumerator(
  bundle: ModelBundle,
  job: EnumerationJob,
  /** With job.progress: states visited of a version, as the thread reports them. */
  onProgress?: (versionId: string, done: number, total: number) => void,
): Enumerator {
  const env = process.env.S2CHECK_THREADS;
  const threads = env === undefined || env === '' ? os.availableParallelism() : Number(env);
  if (!bundle.loadFrom || !(threads >= 2)) return inProcess(bundle, job);
  return inWorker(bundle, bundle.loadFrom, job, onProgress);
}

/** Every enumeration on this thread, when asked for. */
export function inProcess(bundle: ModelBundle, job: EnumerationJob): Enumerator {
  return {
    threaded: false,
    tables: () => {},
    get: async (versionId) => enumerate(bundle, versionId, job),
    close: async () => {},
  };
}

type Reply =
  | { tree: string; domain: string; value: PathTree }
  | { progress: string; done: number; total: number }
  | { version: string; enumerated: Enumerated }
  | { error: string };

function inWorker(
  bundle: ModelBundle,
  loadFrom: NonNullable<ModelBundle['loadFrom']>,
  job: EnumerationJob,
  onProgress?: (versionId: string, done: number, total: number) => void,
): Enumerator {
  // The build runs the compiled body; the sources need tsx in the thread first.
  const entry = import.meta.url.endsWith('.ts') ? './enumerate-worker.mjs' : './enumerate-worker-body.js';
  const worker = new Worker(new URL(entry, import.meta.url), { workerData: { loadFrom, job } });
  // It never keeps the process alive: the main thread decides when to stop.
  worker.unref();
  const waiting = new Map<string, { resolve: (e: Enumerated) => void; reject: (e: Error) => void }>();
  const done = new Map<string, Enumerated>();
  let failure: Error | undefined;
  let received = 0;
  const trees = new Map<string, PathTree>();
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(failure);
    waiting.clear();
  };
  worker.on('message', (m: Reply) => {
    if ('error' in m) return fail(new Error(`enumeration thread: ${m.error}`));
    if ('progress' in m) return onProgress?.(m.progress, m.done, m.total);
    if ('tree' in m) return void trees.set(`${m.domain}|${m.tree}`, m.value);
    received++;
    const w = waiting.get(m.version);
    waiting.delete(m.version);
    if (w) w.resolve(m.enumerated);
    else done.set(m.version, m.enumerated);
  });
  worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => {
    if (code !== 0 || received < job.versions.length) fail(new Error(`enumeration thread exited (code ${code})`));
  });
  let closed = false;
  return {
    threaded: true,
    tables(versionId) {
      const b = bundleAt(bundle, versionId);
      for (const id of b.checker.versionsRead(versionId)) {
        const tree = trees.get(`${b.domain ?? ''}|${id}`);
        if (tree) b.checker.tables.adopt(id, tree);
      }
    },
    get(versionId) {
      const ready = done.get(versionId);
      if (ready) {
        done.delete(versionId);
        return Promise.resolve(ready);
      }
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiting.set(versionId, { resolve, reject }));
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
    },
  };
}
