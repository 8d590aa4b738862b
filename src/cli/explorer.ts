// Where `check` gets its counts from. Counting (src/count/) needs each
// version's decision tree, explored by running the ts-pattern rules, and
// the tree's row diagrams; the Z3 proofs need only the counts' witnesses.
// On a machine with two cores or more a worker thread explores the trees,
// builds their row diagrams and the table digests, version after version,
// and posts them; the main thread adopts them (no rules run, no tree is
// walked here), counts, and proves with Z3. The worker loads the same
// bundle (ModelBundle.loadFrom) and the same rule files. Every result is
// computed by the same code either way: only the thread differs, so the
// output is the same bytes.

import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TableFacts } from '../compare/artefacts.ts';
import { tableFacts } from '../compare/artefacts.ts';
import type { ModelBundle } from '../compare/bundle.ts';
import { bundleAt } from '../compare/bundle.ts';
import type { CheckResult } from '../enumerate/check.ts';
import type { PathTree } from '../enumerate/paths.ts';
import type { DiagramExport } from '../count/count.ts';

export interface Counted {
  readonly result: CheckResult;
  readonly ms: number;
  /** Present when asked for (the artefacts need them). */
  readonly table?: TableFacts;
}

export interface ExploreJob {
  readonly versions: readonly string[];
  readonly profile: { readonly name: string; readonly ids: readonly string[] };
  readonly ruleFiles: readonly string[];
  readonly tableFacts: boolean;
}

export interface Explorer {
  /**
   * Before a version's proofs: hand its checker the trees and row diagrams
   * it reads (itself and its frames' versions) from the worker, waiting
   * for them if the worker has not sent them yet.
   */
  prepare(versionId: string): Promise<void>;
  /** The counts of one of the job's versions, and its table facts if asked for. */
  get(versionId: string): Promise<Counted>;
  /** Stop the worker, if any (safe to call twice). */
  close(): Promise<void>;
  readonly threaded: boolean;
}

/** One version counted on this thread; `digest` when another thread has taken it. */
export function countHere(root: ModelBundle, versionId: string, job: ExploreJob, digest?: string): Counted {
  const bundle = bundleAt(root, versionId);
  const t0 = performance.now();
  const result = bundle.checker.check(versionId, job.profile.ids);
  const ms = performance.now() - t0;
  const table = job.tableFacts ? tableFacts(bundle, versionId, { profile: job.profile.name, feasible: result.feasibleStates }, digest) : undefined;
  return { result, ms, table };
}

/**
 * A worker thread when the bundle can be loaded in one, there are two
 * cores and S2CHECK_THREADS is not 1; otherwise this thread, lazily.
 */
export function explorer(bundle: ModelBundle, job: ExploreJob): Explorer {
  const env = process.env.S2CHECK_THREADS;
  const threads = env === undefined || env === '' ? os.availableParallelism() : Number(env);
  if (!bundle.loadFrom || !(threads >= 2)) return inProcess(bundle, job);
  return inWorker(bundle, bundle.loadFrom, job);
}

/** Everything on this thread, when asked for. */
export function inProcess(bundle: ModelBundle, job: ExploreJob): Explorer {
  return {
    threaded: false,
    prepare: async () => {},
    get: async (versionId) => countHere(bundle, versionId, job),
    close: async () => {},
  };
}

/** What the worker posts (src/cli/explore-worker-body.ts). */
export type Reply =
  | { tree: string; domain: string; value: PathTree }
  | { diagrams: string; domain: string; value: DiagramExport[] }
  | { version: string; digest: string | undefined }
  | { error: string };

function inWorker(bundle: ModelBundle, loadFrom: NonNullable<ModelBundle['loadFrom']>, job: ExploreJob): Explorer {
  // The build runs the compiled body; the sources need tsx in the thread first.
  const entry = import.meta.url.endsWith('.ts') ? './explore-worker.mjs' : './explore-worker-body.js';
  // A small young generation: the rules' runs make many short-lived
  // objects, and a 4 MB nursery stays in cache and maps few fresh pages
  // (a page fault costs about 13 us on this machine) where the default
  // grows to tens of MB. The gate took 0.96x the time and 0.95x the CPU
  // (16 alternating runs; 2 MB: 0.99x, 8 MB: 0.97x).
  const worker = new Worker(new URL(entry, import.meta.url), { workerData: { loadFrom, job }, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  // It never keeps the process alive: the main thread decides when to stop.
  worker.unref();
  // One promise per message the main thread waits for, settled when it comes.
  const mailbox = new Map<string, { promise: Promise<unknown>; resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const slot = (key: string) => {
    let m = mailbox.get(key);
    if (!m) {
      let resolve!: (v: unknown) => void;
      let reject!: (e: Error) => void;
      const promise = new Promise<unknown>((res, rej) => ((resolve = res), (reject = rej)));
      // Awaited later, or never: a failure meanwhile must not count as unhandled.
      promise.catch(() => {});
      mailbox.set(key, (m = { promise, resolve, reject }));
      if (failure) reject(failure);
    }
    return m;
  };
  let failure: Error | undefined;
  let digests = 0;
  const fail = (e: Error) => {
    failure ??= e;
    for (const m of mailbox.values()) m.reject(failure);
  };
  worker.on('message', (m: Reply) => {
    if ('error' in m) return fail(new Error(`exploring thread: ${m.error}`));
    if ('tree' in m) return void slot(`tree|${m.domain}|${m.tree}`).resolve(m.value);
    if ('diagrams' in m) return void slot(`diagrams|${m.domain}|${m.diagrams}`).resolve(m.value);
    digests++;
    slot(`digest|${m.version}`).resolve(m.digest);
  });
  worker.on('error', (e) => fail(e instanceof Error ? e : new Error(String(e))));
  worker.on('exit', (code) => {
    if (code !== 0 || digests < job.versions.length) fail(new Error(`exploring thread exited (code ${code})`));
  });
  let closed = false;
  return {
    threaded: true,
    async prepare(versionId) {
      const b = bundleAt(bundle, versionId);
      const domain = b.domain ?? '';
      // The worker posts a version's trees, then its diagrams.
      const diagrams = (await slot(`diagrams|${domain}|${versionId}`).promise) as DiagramExport[];
      for (const id of b.checker.versionsRead(versionId)) b.checker.tables.adopt(id, (await slot(`tree|${domain}|${id}`).promise) as PathTree);
      b.checker.adoptDiagrams(diagrams);
    },
    async get(versionId) {
      // The digest comes last of a version's messages: once it is here, so is the rest.
      const digest = (await slot(`digest|${versionId}`).promise) as string | undefined;
      await this.prepare(versionId);
      return countHere(bundle, versionId, job, digest);
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker.terminate();
    },
  };
}
