// npm run bench: measures the gate, enumeration throughput, proof times,
// scaling with model size and two peers, prints a table and writes
// docs/benchmarks.md and docs/scaling.svg. A script, not a test: figures
// live in the document only.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROFILES } from '../model/assumptions.ts';
import { makeSystem } from '../model/system.ts';
import { Checker } from '../src/enumerate/check.ts';
import { Prover } from '../src/solver/prover.ts';
import { z3 } from '../src/solver/z3.ts';
import { TableCache } from '../src/enumerate/table.ts';
import { perStateAgreement } from './per-state-solver.ts';
import { DEFAULT_RLIMIT } from '../src/cli/common.ts';
import { staleness } from '../scripts/build.mjs';
import { runCLoop } from './c-loop/run.ts';

import { kernelBench, kernelLines } from './kernel.ts';
import { KVM_ARM64_STAGE2 } from '../model/index.ts';
import { bundleAt } from '../src/compare/bundle.ts';
import type { ModelBundle } from '../src/compare/bundle.ts';
import { tableDigest } from '../src/compare/artefacts.ts';
import { verify } from '../src/compare/verify.ts';
import { solverStats } from '../src/solver/z3.ts';

const ROOT = new URL('..', import.meta.url).pathname;
/** npm test, measured outside this script (a minute per run): farm-bench medians, with what changed. */
const NPM_TEST =
  '96.6 s before issue 12\'s third pass; 67.7 s after it (CPU 128 s, 989 tests); 58.6 s after the fourth (median of 5, min 56.6, max 65.5; CPU 112 s; 1001 tests), 62.4 s in a second set of 5 an hour later on the same work (min 54.3, max 74.3; CPU 120 s); after the fifth (1004 tests) 56.9 s (median of 5, min 51.8, max 65.7; CPU 109 s) and 56.0 s in a second set of 5 half an hour later (min 52.2, max 62.8; CPU 108 s). The machine drifts by a quarter: in alternating runs of vitest against the fourth pass\'s commit the fifth measured 0.905x (4 pairs, 52.5 s against 58.0 s) in one hour and 1.006x (4 pairs, 65.0 s against 66.6 s, both slow) in the next. So the 60 s target is met on an ordinary minute of this machine and missed on a slow one. Later on 2 December, in a quiet hour, with the kernel-comparison tests added since (1011 tests): 48.9 s (median of 5, min 47.6, max 50.6; CPU 94 s). What the third pass bought: conditions grouped on sets (coverage, table --group); the exhaustive pass optimised early (count.test 15 s -> 8 s); a failing-version digest test on plain rules instead of v10\'s matches; Quint\'s version read from its package.json instead of a process; determinism of separate processes in one test of three runs instead of two tests of two; rule files that throw vetted faster; a hanging rule file that waits instead of spinning; vitest\'s module cache between runs (transform 3.9 s -> 1.0 s of CPU). What the fourth bought: the seeded output of the Quint peer test\'s three Quint processes remembered by their inputs (10.4 s -> 1.3 s of CPU on a developer\'s next run; a fresh clone or a changed spec runs Quint); a non-exhaustive match that no longer splits the tree on every field (vetting the rule-files test\'s files 3.0 s -> 1.05 s); the brute-force records counted up instead of decoded (1.3 s); the hanging rule file\'s process started first, waiting while the rest of its test file runs (4.1 s -> 1.3 s of waiting). What the fifth bought: v8\'s and v10\'s per-state tables made in threads of their own from the start of their file (ts-pattern in a fresh isolate: 2.9 s each against 3.5-4.7 s in a test worker); one exhaustive pass per version for the three profiles (count.test\'s shipped versions 4.9 s -> 3.8 s); the vector tests asking Z3 through the direct entry point instead of a thread per query (z3-vectors 3.6 s -> 2.4 s, interpreters 1.2 s -> 0.4 s); trees and row diagrams taken from the test file\'s own checker instead of explored again; compiled C loops kept by their source; no expect() per element in two loops over hundreds of thousands of values; determinism in two processes and one in-process run instead of three processes. Still the largest: the per-state references (v8 and v10 through the ts-pattern rules on all 393216 states, now in their threads) and a dozen real command-line processes'
const quick = process.argv.includes('--quick');
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r0 = (x: number) => Math.round(x);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

// 1. The full gate, as a user runs it, in set-ups whose runs take turns
// (this machine's speed drifts by ~20% over minutes: runs in blocks would
// compare the drift): `npm run check`, the command line without npm, one
// thread, V8's default tiering; and the z3 floor, Node with z3-solver's
// init() and a Context and nothing else, in the same rounds so that the
// ratio compares like with like. Peak RSS from /usr/bin/time when the
// machine has it.
const Z3_FLOOR = "const { init } = await import('z3-solver'); const { Context } = await init(); Context('main'); process.exit(0);";
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const SERIES = KVM_ARM64_STAGE2.versions.filter((v) => !bundleAt(KVM_ARM64_STAGE2, v.id).domain).map((v) => v.id);
const ALL_VERSIONS = KVM_ARM64_STAGE2.versions.map((v) => v.id);
function gates(rounds: number) {
  const setups: Array<{ name: string; cmd: string[]; env: NodeJS.ProcessEnv }> = [
    { name: 'npm run check', cmd: ['npm', 'run', 'check', '--silent'], env: {} },
    { name: 'series gate (ten versions)', cmd: ['node', 'bin/s2check.mjs', 'check', ...SERIES.flatMap((id) => ['--version', id])], env: {} },
    { name: 'node bin/s2check.mjs check', cmd: ['node', 'bin/s2check.mjs', 'check'], env: {} },
    { name: 'one thread', cmd: ['node', 'bin/s2check.mjs', 'check'], env: { S2CHECK_THREADS: '1' } },
    { name: "V8's wasm defaults", cmd: ['node', 'bin/s2check.mjs', 'check'], env: { S2CHECK_DEFAULT_TIERING: '1' } },
    { name: "z3-solver's glue as published", cmd: ['node', 'bin/s2check.mjs', 'check'], env: { S2CHECK_Z3_AS_PUBLISHED: '1' } },
    { name: 'z3 floor', cmd: ['node', '--input-type=module', '-e', Z3_FLOOR], env: {} },
  ];
  const walls = setups.map(() => [] as number[]);
  const rss = setups.map(() => [] as number[]);
  const rssFile = path.join(os.tmpdir(), `s2check-bench-rss-${process.pid}`);
  for (let i = 0; i < rounds; i++) {
    setups.forEach((setup, k) => {
      const env: NodeJS.ProcessEnv = { ...process.env, ...setup.env };
      if (!('S2CHECK_THREADS' in setup.env)) delete env.S2CHECK_THREADS;
      if (!('S2CHECK_DEFAULT_TIERING' in setup.env)) delete env.S2CHECK_DEFAULT_TIERING;
      if (!('S2CHECK_Z3_AS_PUBLISHED' in setup.env)) delete env.S2CHECK_Z3_AS_PUBLISHED;
      const [bin, ...args] = TIME ? [TIME, '-f', '%M', '-o', rssFile, ...setup.cmd] : setup.cmd;
      const t = performance.now();
      const r = spawnSync(bin, args, { cwd: ROOT, encoding: 'utf8', env });
      walls[k].push(performance.now() - t);
      if (TIME) rss[k].push(Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024);
      if (r.status !== 0 && r.status !== 3) log(`${setup.name} run ${i}: exit ${r.status}`);
    });
  }
  if (TIME) rmSync(rssFile, { force: true });
  return setups.map((setup, k) => ({
    name: setup.name,
    runs: walls[k].length,
    medianMs: median(walls[k]),
    minMs: Math.min(...walls[k]),
    maxMs: Math.max(...walls[k]),
    peakRssMb: rss[k].length ? Math.max(...rss[k]) : undefined,
  }));
}

// 1a. What starting costs before any work: Node with the command line's
// modules loaded (`s2check versions` prints a catalogue and exits), and the
// launcher's check that dist/ was built from the sources (scripts/build.mjs).
function startUp(rounds: number) {
  const versions: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    spawnSync('node', ['bin/s2check.mjs', 'versions'], { cwd: ROOT });
    versions.push(performance.now() - t);
    t = performance.now();
    spawnSync('node', ['-e', '0'], { cwd: ROOT });
    bare.push(performance.now() - t);
  }
  const n = 200;
  const t = performance.now();
  for (let i = 0; i < n; i++) if (staleness()) throw new Error('dist/ is stale: run npm run build before the benchmark');
  return { versionsMs: median(versions), nodeMs: median(bare), buildCheckMs: (performance.now() - t) / n };
}

// 2b. Grouping states into conditions at the mainline scale (coverage,
// table --group, explain of a partial state): each command a process of
// its own, as a user runs it; Z3 included where the command proves.
const GROUPING: ReadonlyArray<readonly string[]> = [
  ['coverage', '--version', '7.2'],
  ['table', '--version', '7.2', '--where', 'vma.pfnmap & !pfn.mapMemory', '--group'],
  ['explain', '--version', '7.2', 'vma.pfnmap', '!pfn.mapMemory'],
];
function grouping(rounds: number) {
  return GROUPING.map((args) => {
    const walls: number[] = [];
    let lines = 0;
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      const r = spawnSync('node', ['bin/s2check.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
      walls.push(performance.now() - t);
      if (r.status !== 0) log(`${args.join(' ')}: exit ${r.status}`);
      lines = r.stdout.split('\n').length - 1;
    }
    return { command: `s2check ${args.join(' ')}`, medianMs: median(walls), lines };
  });
}

// 1b. The same work in-process, phase by phase, every version of the
// gate: what the worker does (trees, row diagrams, digests) and what the
// main thread does (Z3 start, counts, proofs, agreement).
async function phases() {
  const t0 = performance.now();
  const z = await z3();
  const z3Start = performance.now() - t0;
  const ids = PROFILES.default;
  const provers = new Map<string, Prover>();
  let trees = 0;
  let diagrams = 0;
  let digests = 0;
  let counting = 0;
  let enumeration = 0;
  let proofs = 0;
  let agreement = 0;
  const calls0 = solverStats.calls;
  const solverMs0 = solverStats.ms;
  const perProperty = new Map<string, number[]>();
  const perVersion: Record<string, number> = {};
  for (const id of ALL_VERSIONS) {
    const b: ModelBundle = bundleAt(KVM_ARM64_STAGE2, id);
    let t = performance.now();
    for (const r of b.checker.versionsRead(id)) b.checker.tables.get(r);
    trees += performance.now() - t;
    t = performance.now();
    b.checker.exportDiagrams(id);
    diagrams += performance.now() - t;
    t = performance.now();
    tableDigest(b.system, b.checker.tables.get(id), b.checker.tableLines(id));
    digests += performance.now() - t;
    t = performance.now();
    const result = b.checker.check(id, ids);
    counting += performance.now() - t;
    // Per-state enumeration only where it is a few seconds (the series' space).
    if (!b.domain) {
      t = performance.now();
      b.checker.enumerate(id, ids);
      enumeration += performance.now() - t;
    }
    let prover = provers.get(b.domain ?? '');
    if (!prover) provers.set(b.domain ?? '', (prover = new Prover(b.system, b.checker, z, { resourceLimit: DEFAULT_RLIMIT })));
    const tv = performance.now();
    const v = await verify(b.system, b.checker, prover, id, ids, { enumeration: Promise.resolve({ result, ms: 0 }) });
    perVersion[id] = performance.now() - tv;
    for (const [pid, r] of v.proofs ?? []) {
      perProperty.set(pid, [...(perProperty.get(pid) ?? []), r.ms]);
      if (pid === 'encodings-agree') agreement += r.ms;
    }
    proofs += perVersion[id];
  }
  proofs -= agreement;
  return {
    z3Start,
    trees,
    diagrams,
    digests,
    counting,
    enumeration,
    proofs,
    agreement,
    solverCalls: solverStats.calls - calls0,
    solverMs: solverStats.ms - solverMs0,
    perProperty,
    perVersion,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

// 2. Enumeration throughput, one core and two.
async function throughput() {
  const perVersion: Array<{ id: string; states: number; feasible: number; ms: number }> = [];
  for (const id of makeSystem().versionIds) {
    const sys = makeSystem();
    const checker = new Checker(sys, new TableCache(sys));
    // The relational frames read the baseline: build it outside the timing.
    checker.tables.get('baseline');
    const t = performance.now();
    const r = checker.enumerate(id, PROFILES.default);
    perVersion.push({ id, states: sys.space.size, feasible: r.feasibleStates, ms: performance.now() - t });
  }
  const ids = perVersion.map((v) => v.id);
  const wall = async (workers: number) => {
    const t = performance.now();
    const parts = Array.from({ length: workers }, (_, w) => ids.filter((_, i) => i % workers === w));
    const results = await Promise.all(
      parts.map(
        (versions) =>
          new Promise<{ ms: number; feasible: number }>((ok, bad) => {
            const w = new Worker(new URL('./enum-worker.mjs', import.meta.url), { workerData: { versions } });
            w.once('message', ok);
            w.once('error', bad);
          }),
      ),
    );
    return { workers, wallMs: performance.now() - t, feasible: results.reduce((n, r) => n + r.feasible, 0) };
  };
  return { perVersion, one: await wall(1), two: await wall(2) };
}

// 4. Scaling with k extra fields, one process per point.
function scaling(ks: number[]) {
  return ks.map((k) => {
    log(`scaling k=${k}`);
    const out = execFileSync('node', ['--import', 'tsx', 'bench/scale-one.ts', String(k)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20 });
    return JSON.parse(out.trim().split('\n').pop()!) as {
      k: number;
      states: number;
      feasible: number;
      paths: number;
      treesMs: number;
      countMs: number;
      enumerationMs: number;
      proofsMs: number;
      agreementMs: number;
      maxRssMb: number;
    };
  });
}

function svg(points: ReturnType<typeof scaling>): string {
  const W = 640;
  const H = 360;
  const L = 60;
  const B = 40;
  const series: Array<[string, string, (p: (typeof points)[number]) => number]> = [
    ['enumeration', '#1f77b4', (p) => p.treesMs + p.enumerationMs],
    ['proofs', '#d62728', (p) => p.proofsMs],
    ['agreement', '#2ca02c', (p) => p.agreementMs],
  ];
  const maxY = Math.max(...points.flatMap((p) => series.map(([, , f]) => f(p))), 1);
  const logMax = Math.ceil(Math.log10(maxY));
  const x = (k: number) => L + (k / Math.max(...points.map((p) => p.k), 1)) * (W - L - 20);
  const y = (ms: number) => H - B - (Math.log10(Math.max(ms, 1)) / logMax) * (H - B - 20);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<line x1="${L}" y1="${H - B}" x2="${W - 10}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" y1="20" x2="${L}" y2="${H - B}" stroke="black"/>`,
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">k extra boolean fields (states = 393216 x 2^k)</text>`,
    `<text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">ms (log scale)</text>`,
  ];
  for (let e = 0; e <= logMax; e++) parts.push(`<text x="${L - 6}" y="${y(10 ** e) + 4}" text-anchor="end">${10 ** e}</text>`);
  for (const p of points) parts.push(`<text x="${x(p.k)}" y="${H - B + 16}" text-anchor="middle">${p.k}</text>`);
  series.forEach(([name, color, f], s) => {
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((p) => `${r1(x(p.k))},${r1(y(f(p)))}`).join(' ')}"/>`);
    parts.push(`<text x="${L + 10}" y="${30 + 16 * s}" fill="${color}">${name}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

async function quint() {
  try {
    // Resolved at run time: the peer is optional.
    const path = './peers/quint/run.ts';
    const mod = (await import(path)) as { runQuintPeer: (o: { v10MaxSamples?: number }) => Promise<unknown> };
    // The baseline with Quint's default budget; v10 (no violation, so the
    // whole budget runs) on a smaller one, enough to measure its rate.
    return await mod.runQuintPeer({ v10MaxSamples: quick ? 20 : 500 });
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] };
  }
}

function writeAtomic(path: string, text: string) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

const started = new Date();
log('gate and z3 floor (7 set-ups, taking turns)...');
const gateRuns = gates(quick ? 1 : 7);
const [g, gSeries, gNode, g1, gt, gPublished, floor] = gateRuns;
log('start-up...');
const su = startUp(quick ? 3 : 9);
log('c loop...');
const cl = (() => {
  try {
    return runCLoop('v10', quick ? 5 : 20);
  } catch (e) {
    return { error: (e as Error).message.split('\n')[0] } as const;
  }
})();
log('phases...');
const ph = await phases();
log('throughput...');
const th = await throughput();
log('grouping...');
const gr = grouping(quick ? 1 : 3);
log('per-state solver...');
const sys = makeSystem();
const checker = new Checker(sys, new TableCache(sys));
const ps = await perStateAgreement(sys, checker, await z3(), 'v10', quick ? 200 : 2000);
const v10Feasible = checker.check('v10', PROFILES.default).feasibleStates;
log('quint...');
const q = await quint();
const kb = await kernelBench(quick ? 2 : 5);
const ks = quick ? [0, 2, 4] : [0, 1, 2, 3, 4, 5, 6, 7, 8];
const sc = scaling(ks);

const pkg = (name: string) => JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')).version as string;
const cpu = os.cpus()[0]?.model ?? 'unknown';
const lines: string[] = [];
const row = (...cells: Array<string | number>) => lines.push(`| ${cells.join(' | ')} |`);
lines.push('# Benchmarks', '');
lines.push('Generated by `npm run bench` (bench/run.ts); do not edit by hand.', '');
lines.push(`- date: ${started.toISOString().slice(0, 10)}`);
lines.push(`- machine: ${os.cpus().length} x ${cpu}, ${r0(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`);
lines.push(`- node ${process.version}, z3-solver ${pkg('z3-solver')}, ts-pattern ${pkg('ts-pattern')}`);
lines.push('');
lines.push('## 1. The full gate', '');
const ms = (x: { medianMs: number; runs: number; minMs: number; maxMs: number }) => `median ${r0(x.medianMs)} ms over ${x.runs} runs (min ${r0(x.minMs)}, max ${r0(x.maxMs)})`;
const rssOf = (x: { peakRssMb?: number }) => (x.peakRssMb === undefined ? 'n/a' : `${r0(x.peakRssMb)} MB`);
lines.push(`\`npm run check\` (all ${ALL_VERSIONS.length} versions, the series and mainline: counts, table digests, every proof, agreement, artefacts): ${ms(g)}.`, '');
lines.push(`The series alone (\`node bin/s2check.mjs check\` with the ${SERIES.length} versions of the series' space): ${ms(gSeries)}, **${r2(gSeries.medianMs / floor.medianMs)}x the z3 floor**.`, '');
lines.push(
  `**Ratio to the z3 floor: ${r2(g.medianMs / floor.medianMs)}x** (\`npm run check\`), ${r2(gNode.medianMs / floor.medianMs)}x (\`node bin/s2check.mjs check\`, without npm's own start). The z3 floor is Node with z3-solver's \`init()\` and one \`Context\` and nothing else, ${ms(floor)}, measured in the same rounds: the set-ups below took turns, since this machine's speed drifts over minutes.`,
  '',
);
row('set-up', 'median ms', 'min ms', 'max ms', 'x floor', 'peak RSS');
row('---', '---', '---', '---', '---', '---');
for (const x of gateRuns) row(x.name, r0(x.medianMs), r0(x.minMs), r0(x.maxMs), r2(x.medianMs / floor.medianMs), rssOf(x));
lines.push('');
lines.push(
  `The gate runs the JavaScript that \`npm ci\` built into dist/ (scripts/build.mjs, esbuild file by file), not TypeScript through tsx. A worker thread explores the decision trees and builds their row diagrams and table digests while the main thread counts and proves (src/cli/explorer.ts); with \`S2CHECK_THREADS=1\` (everything on one thread) it takes ${r2(g1.medianMs / gNode.medianMs)}x the time of the default. With V8's WebAssembly defaults (\`S2CHECK_DEFAULT_TIERING=1\`; s2check raises the tiering budget 100x and validates Z3's functions lazily, src/solver/z3.ts): ${r2(gt.medianMs / gNode.medianMs)}x. With z3-solver's JavaScript glue as published (\`S2CHECK_Z3_AS_PUBLISHED=1\`; s2check compiles it without the debug assertion that looks the WebAssembly table up again on every exception trampoline): ${r2(gPublished.medianMs / gNode.medianMs)}x.`,
  '',
);
lines.push(
  `Start-up: Node alone ${r0(su.nodeMs)} ms; \`s2check versions\` (Node, the launcher, the command line's modules, a catalogue printed) ${r0(su.versionsMs)} ms; the launcher's check that dist/ was built from the sources as they are (scripts/build.mjs: a stat of each source against dist/build.json) ${r2(su.buildCheckMs)} ms (median of ${quick ? 3 : 9} and mean of 200).`,
  '',
);
lines.push(`The same work on one thread, by phase, all ${ALL_VERSIONS.length} versions. The gate splits it over two threads: the worker explores the trees and builds their row diagrams and table digests; the main thread starts Z3 meanwhile, adopts them, counts and proves. The per-state enumeration is the independent method the tests compare counting with, shown for scale on the series only (the mainline spaces have 453M states):`, '');
row('phase', 'thread', 'ms');
row('---', '---', '---');
row('start-up: node, launcher, modules (s2check versions)', 'both', r0(su.versionsMs));
row('decision trees (ts-pattern runs)', 'worker', r0(ph.trees));
row('row diagrams of the trees', 'worker', r0(ph.diagrams));
row('table digests', 'worker', r0(ph.digests));
row('z3 start-up (init)', 'main', r0(ph.z3Start));
row('check: counts of every property (what the gate runs)', 'main', r0(ph.counting));
row(`proofs (formulas, totality, dead rules): ${ph.solverCalls} solver calls, ${r0(ph.solverMs)} ms in them`, 'main', r0(ph.proofs));
row('agreement of the two encodings', 'main', r0(ph.agreement));
row('enumeration, every state of the series (not in the gate)', '-', r0(ph.enumeration));
lines.push('', `Peak RSS of that process: ${r0(ph.maxRssMb)} MB; of the gate: ${rssOf(gNode)}.`, '');
lines.push('## 2. Enumeration throughput', '');
lines.push('Decision trees of the version and the baseline built first; then one streaming pass over every state of the space, every property evaluated on every feasible state.', '');
row('version', 'states', 'feasible', 'ms', 'states/s', 'feasible/s');
row('---', '---', '---', '---', '---', '---');
for (const v of th.perVersion) row(v.id, v.states, v.feasible, r0(v.ms), r0(v.states / (v.ms / 1000)), r0(v.feasible / (v.ms / 1000)));
const totalMs = th.perVersion.reduce((n, v) => n + v.ms, 0);
const totalStates = th.perVersion.reduce((n, v) => n + v.states, 0);
lines.push('');
lines.push(`One core, all versions: ${r0(totalStates / (totalMs / 1000))} states/s streamed.`);
lines.push(`Worker threads (trees and pass per worker, including worker start-up): 1 worker ${r0(th.one.wallMs)} ms, 2 workers ${r0(th.two.wallMs)} ms (speed-up ${r1(th.one.wallMs / th.two.wallMs)}x).`, '');
lines.push('**The plain C loop** (bench/c-loop/: C generated from the model, v10 under `default`, compiled with the machine\'s gcc -O2 at bench time): every state visited one by one, each frame\'s decision a walk down the same decision tree, derived facts, assumptions and every formula property; its counts are compared with the checker\'s.', '');
if ('agrees' in cl) {
  const v10ms = th.perVersion.find((v) => v.id === 'v10')!;
  const ours = v10ms.states / (v10ms.ms / 1000);
  lines.push(
    `${cl.compiler}: ${r0(cl.statesPerSecond)} states/s (${cl.rounds} passes over ${cl.states} states in ${r0(cl.seconds * 1000)} ms); counts ${cl.agrees ? 'equal to the checker\'s (feasible states, premise and violating states of every formula property)' : `DIFFER from the checker's: ${cl.error}`}. The enumeration of v10 above: ${r0(ours)} states/s, ${r1(cl.statesPerSecond / ours)}x slower than the C loop.`,
    '',
  );
} else {
  lines.push(`Not run: ${cl.error}`, '');
}
// Exact counting at scale (bench/counting.ts, its own process): the
// synthetic model up to 2^40 states, every count against its closed form.
{
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/counting.ts'], { cwd: ROOT, encoding: 'utf8' });
  const pts = out.trim().split('\n').map((l) => JSON.parse(l) as { k: number; states: number; log2States: number; feasible: number; closedForm: boolean; treesMs: number; countMs: number; effectiveStatesPerSecond: number });
  lines.push('**Exact counting** (src/count/, bench/counting.ts): the synthetic model (section 4) with k extra fields, v10 under `default`, every state counted from the decision trees (no state visited); each count checked against its closed form (feasible = feasible(0) x 2^k, the extra rule and property).', '');
  row('k', 'states', 'log2', 'feasible', 'closed form', 'trees ms', 'count ms', 'effective states/s');
  row('---', '---', '---', '---', '---', '---', '---', '---');
  for (const q of pts) row(q.k, q.states, q.log2States, q.feasible, q.closedForm ? 'equal' : 'DIFFERS', q.treesMs, q.countMs, q.effectiveStatesPerSecond);
  lines.push('');
}

lines.push('**Grouping at the mainline scale** (7.2: 453M states, 2858496 feasible under `default`): conditions per rule or outcome grown, widened and counted on sets of states (src/compare/group.ts, `setLabelling`), no state visited; each command a process of its own (start-up, trees and, for coverage, the Z3 dead-rule proofs included), median of ' + (quick ? 1 : 3) + ' runs.', '');
row('command', 'ms', 'lines printed');
row('---', '---', '---');
for (const x of gr) row(`\`${x.command}\``, r0(x.medianMs), x.lines);
lines.push('');

lines.push('## 3. Proof time', '');
row('property', 'median ms', 'worst ms');
row('---', '---', '---');
for (const [id, xs] of ph.perProperty) row(id, r1(median(xs)), r1(Math.max(...xs)));
lines.push('');
row('version', 'all proofs ms');
row('---', '---');
for (const [v, ms] of Object.entries(ph.perVersion)) row(v, r0(ms));
lines.push('', '## 4. Scaling', '');
lines.push('Synthetic model (bench/synthetic.ts): the KVM model (baseline, v9, v10) with k extra boolean fields, a rule that reads all of them and a property that reads all of them. Each point runs in its own process; v10 under `default`.', '');
row('k', 'states', 'feasible', 'paths', 'trees ms', 'count ms', 'enumeration ms', 'proofs ms', 'agreement ms', 'peak RSS MB');
row('---', '---', '---', '---', '---', '---', '---', '---', '---', '---');
for (const p of sc) row(p.k, p.states, p.feasible, p.paths, p.treesMs, p.countMs, p.enumerationMs, p.proofsMs, p.agreementMs, p.maxRssMb);
const first = sc[0];
const last = sc[sc.length - 1];
const per = (a: number, b: number) => r1((b / a) ** (1 / Math.max(last.k - first.k, 1)));
lines.push('');
lines.push(`Growth per extra field, from k=${first.k} to k=${last.k}: states x2; counting x${per(Math.max(first.countMs, 1), Math.max(last.countMs, 1))}; enumeration x${per(first.treesMs + first.enumerationMs, last.treesMs + last.enumerationMs)}; proofs x${per(first.proofsMs, last.proofsMs)}; agreement x${per(first.agreementMs, last.agreementMs)}; peak RSS x${per(first.maxRssMb, last.maxRssMb)}.`);
lines.push('Counting (what the gate runs) and the proofs are symbolic: they grow with the paths and the diagrams, not the states. Enumeration, the independent per-state check, is a streaming pass and grows with the states; memory grows with the paths only.', '');
lines.push('![scaling](scaling.svg)', '');
lines.push('## 5. Peers', '');
const perStateAll = ps.msPerState * v10Feasible;
lines.push(`**One solver call per state** for encodings-agree (the method s2check does not use): ${r1(ps.msPerState)} ms per state, measured on ${ps.states} feasible states of v10 (${ps.disagreements} disagreements). Extrapolated: ${r0(perStateAll / 1000)} s for v10's ${v10Feasible} feasible states, about ${r0((perStateAll * 10) / 1000)} s for the ten versions of the series, against ${r0(ph.agreement)} ms for s2check's diagram method on all ${ALL_VERSIONS.length} versions.`, '');
lines.push('**Quint** (`@informalsystems/quint`, random simulation with `quint run --backend typescript`, the v10 and baseline decisions and `no-degrade-of-cacheable-unmapped`, bench/peers/quint/):', '');
lines.push('```', JSON.stringify(q, null, 2), '```', '');
const qq = q as { v10?: { statesPerSecondWall?: number | null; samples?: number | null; wallMs?: number }; baseline?: { violation?: boolean; violationAtSample?: number | null; wallMs?: number } };
if (qq.v10?.statesPerSecondWall) {
  const ours = totalStates / (totalMs / 1000);
  lines.push(
    `Ratios: s2check streams ${r0(ours)} states/s with every property evaluated; Quint visits ${r0(qq.v10.statesPerSecondWall)} states/s ` +
      `for one invariant (${r0(ours / qq.v10.statesPerSecondWall)}x, v10 on ${qq.v10.samples} samples). ` +
      `Quint ${qq.baseline?.violation ? `found the baseline's violation at sample ${qq.baseline.violationAtSample} of its default budget` : 'did not find the baseline violation within its default budget'} ` +
      `(${r0((qq.baseline?.wallMs ?? 0) / 1000)} s wall); s2check counts every violating state and proves that v10 has none.`,
    '',
  );
}
lines.push('## What changed, and what it bought', '');
lines.push('Each figure was measured when the change went in (same machine; wall times of this machine vary by about 20% from run to run).', '');
lines.push('- Expressions compiled to JavaScript source instead of closure trees (check loop about 2x faster).');
lines.push('- Decision tables from execution paths: the ts-pattern rules run once per path (about 2000 runs per version) instead of once per state (393216): tables went from about 4 s to about 0.1 s per version.');
lines.push('- One generated function per check: the whole pass (odometer digits, tree walks for every frame, derived facts, assumptions, properties) is straight-line code; no per-state tables, so memory is bounded by the paths (section 4).');
lines.push('- Encodings-agree from merged path cubes per decision instead of per state (section 5).');
lines.push('- Solver calls through Z3\'s C entry point on the calling thread: z3-solver\'s `Solver.check()` starts a thread per call and answers through the event loop, about 2 ms per call; directly, about 0.2 ms. Proof phase of the ten versions 5.1 s -> 3.7 s.');
lines.push('- A deterministic Z3 resource limit per call (`--rlimit`) instead of a default 10 s wall-clock timeout, which costs Z3 a timer thread per call: about 0.6 s less over the ~560 calls, and a CI verdict that does not depend on the machine\'s load.');
lines.push('- Decision trees by stages (fault, then memslot): each stage\'s tree explored alone and the trees composed, node for node the tree of the whole (tested), with one reusable state view and no closures per run: the rules run once per path of each stage (v10: 839 runs instead of 2154), trees of the ten versions 1.0 s -> 0.2 s.');
lines.push('- The generated pass is shared by versions with the same source and is branch-free (0/1 integer code, one call per violating state): V8 no longer throws its optimised code away each time a branch is first taken. Enumeration of the ten versions 2.6 s -> 0.9 s.');
lines.push('- Table digests streamed from the tree chunk by chunk (each chunk filled by one walk of the tree specialised to its prefix) instead of materialising per-state arrays: 1.2 s -> 0.45 s for the ten versions, and no 10 MB arrays.');
lines.push('- Proofs and enumeration on two threads: a worker loads the model, posts each decision tree a version ahead (the main thread adopts it instead of rerunning the rules) and then the enumeration; the main thread proves meanwhile. Gate 6.5 s -> 5.1 s when it went in (section 1 has today\'s figures).');
lines.push('- Smaller main-thread costs: derived variables translated to Z3 once per frame, a model read with one evaluation of an index term, the hard-only call skipped when a proof needs hard assumptions only, the agreement session sharing the version\'s terms.');
lines.push('- A 100x WebAssembly tiering budget for Z3 (V8 flag set before init): V8 was spending more CPU optimising Z3\'s hot functions on background threads, on the two cores the checker needs, than the short queries gained; same answers (Z3\'s resource counts do not depend on the code tier). Gate about 4.6 s -> 3.9 s in alternating runs (section 1 has today\'s figures).');
lines.push('- No transpiler at run time: the command line runs JavaScript that `npm ci` builds into dist/ (scripts/build.mjs, esbuild file by file, about 1 s), checked against the sources on every start (a stat per source, about 1-3 ms) and rebuilt when stale; tsx loads only for a TypeScript rule file, and the exploring thread starts the compiled body directly. Measured under load (load average 10-12 on the 2 cores, alternating runs, medians): `s2check versions` 2.76 s -> 0.89 s wall (CPU 1.11 s -> 0.38 s); the gate 9.5 s -> 7.4 s wall (CPU 5.1 s -> 4.1 s); outputs byte-identical on 21 commands.');
lines.push('- The C loop (section 2) generated from the model rather than written by hand, so that it is the same decision: its counts are compared with the checker\'s on every run.');
lines.push('- Counting at scale (issue 12, second pass; in-process phases of the fifteen versions, quiet machine at the start, loaded later): decision trees grow in typed arrays, intern their leaves\' rows and keep no per-leaf cube (cubes derived on demand): trees 1.86 s -> 0.8 s; the counter and the table digest make one terminal per row, and the digest is taken from the counter\'s own row diagram: digests 0.5 s -> 0.03 s; the row-diagram walk keeps no memo (a tree meets each node once) and relabelling memoises by node index: diagrams 0.83 s -> 0.29 s (loaded machine).');
lines.push('- encodings-agree over the outcome diagram: per decision, the counter partitions the states by outcome and the diagram\'s shared nodes become shared Z3 if-then-else terms (about 250 terms on 7.2) instead of merged cube lists: agreement on the mainline versions 200-620 ms -> 8-30 ms each; proof phase of the fifteen versions 3.9 s -> 1.9 s.');
lines.push('- Witnesses confirmed without a solver call: a state the counting side has (a violation, a premise state, a state a rule decides) is evaluated in a Z3 model of that state (Z3_model_eval); minimising an unsat core asks the counting side whether a member is needed and confirms that the same way. Solver calls over the fifteen versions 1164 -> 518; every unsat answer is still Z3\'s own.');
lines.push('- The worker explores and the main thread counts: the worker runs the ts-pattern rules, builds the row diagrams and table digests and posts them; the main thread adopts them (no tree walked twice, no count done twice) and starts Z3 while the worker explores the first trees. Section 1 has the gate before and after.');
lines.push('- The type check of `npm test` is incremental (.cache/tsc.tsbuildinfo): the exhaustive ts-pattern matches of the rule files cost about 20 s of CPU to check and are checked again only when they change (about 2 s after an edit elsewhere).');
lines.push('- Grouping on sets: `coverage`, `table --group` and `explain` of a partial state grow, widen and count their conditions on diagrams (which labels a cube holds, whether a widened cube holds another label, what a condition adds: `meetsCube` and `count`) instead of a label per state, with the same output on every version the per-state grouping could take; they no longer refuse spaces over 2^26 states (7.1-7.3). The table above has their times on 7.2.');
lines.push('- The exhaustive pass runs with V8 allocating feedback on a function\'s first call, for the pass only: a freshly generated pass is one call running one long loop, which V8\'s lazy default left unoptimised for most of a first pass (v10\'s three profiles, first time: 1.1 s -> 0.43 s; warm: 0.14 s). Process-wide the flag slowed the per-state ts-pattern runs 1.6x, so it is set and put back around the pass.');
lines.push('- A rule file that throws on many paths (a non-exhaustive match): its file:line is read from V8\'s call sites with one frame mapped through the source map (memoised by position), not from a whole stack formatted through it, and the wrapping error carries no stack: vetting such a file 3.9 s -> 2.4 s.');
lines.push('- Trees across domains (issue 12, fourth pass): a version read in a domain other than its own (a frame\'s previous release, the common space of a comparison) takes its tree from its own domain, its fields moved and the fields the other space pins collapsed to their neutral digit (transplant(), node for node the explored tree, tested): 6.18 in 6.19\'s space and 7.0 in 7.1\'s no longer run their rules again (19k runs, 160 ms of the worker). A stage two versions share is one object with one tree: 7.2\'s fault is 7.1\'s function, so 7.2 runs its 168 memslot paths instead of 19649 (253 -> 43 ms).');
lines.push('- Leaf rows interned by a hash of their digits, compared digit by digit with a leaf of the row, instead of a key string per leaf: row interning on the gate\'s worker 266 -> 82 ms (CPU profile).');
lines.push('- z3-solver\'s JavaScript glue compiled from its own file without the one emscripten debug assertion that looks a function up in the WebAssembly table again on every exception trampoline (about 120 ms of the gate\'s main thread): gate 0.95x in alternating runs (section 1 has it as a set-up of its own).');
lines.push('- Unsat cores read as AST addresses through the C API instead of printed and parsed; integer numerals made once per Z3 context instead of through a string and a new sort wrapper per call: gate 0.96x in alternating runs.');
lines.push('- The rules\' state view reads no field when serialised as JSON: ts-pattern\'s non-exhaustive error stringified the value it matched, every getter counted as a read, and the tree split on every field below a failing path. Vetting the fifteen files of the rule-files test 3.0 s -> 1.05 s.');
lines.push('- Z3\'s WebAssembly functions validated when first compiled (V8\'s --wasm-lazy-validation) instead of all at start: about 0.1 s of CPU less at start, gate 0.98x in 12 alternating runs.');
lines.push('- Tried and dropped, no change measurable against this machine\'s drift: V8\'s single-threaded GC, other semi-space sizes, a larger young generation for the worker. Slower: counting on the worker (1.02x: the prover on the main thread needs the same sets for its witnesses, so they were made twice); starting Z3 in the launcher before the command line loads (1.03x).');
lines.push('- Table rows (issue 12, fifth pass): a state\'s record and a version\'s variables are one generated object literal each (same shape every time; built key by key they cost several times more to make and to print) and a frame\'s derived facts one generated function: a row of `table --format jsonl` 18 -> 6 us. Rows go out 4096 at a time, each chunk after the reader took the last: 7.2\'s 2.86 million rows through a pipe had ended in ENOBUFS, and `table | head` now stops when head has its lines (1.6 s -> 0.6 s).');
lines.push('- One exhaustive pass for several profiles (`enumerateProfiles()`, what the tests use): a state\'s properties evaluated once and counted per mask of the sets it satisfies; three profiles in 0.7x the time of three passes. With one set the pass keeps fixed counter indices and no test of the set\'s bit: an indexed counter in a path that runs on few states made V8 throw the optimised pass away the first time it ran (1.35x slower until fixed).');
lines.push('- A table\'s flat arrays filled path by path (each leaf writes its cube\'s states, counted through its free fields) instead of a walk from the root per state: 1.5-2x, the same bytes.');
lines.push('- Tried and dropped: lazy compilation of Z3\'s WebAssembly (0.995x the gate over 8 alternating runs); dropping the derived facts a pass never reads from its generated source (no change: V8 removes them already); a third test worker on the two cores (1.08x slower).');
lines.push(`- The test suite (\`npm test\`, farm-bench medians on this machine; not timed by this script): ${NPM_TEST}.`);
lines.push('- Tried and dropped: starting Z3 and the worker before the command line loads (no measurable gain over 12 alternating runs: the two cores are already busy then).');
lines.push('');
lines.push(...kernelLines(kb));
writeAtomic(`${ROOT}docs/benchmarks.md`, lines.join('\n'));
writeAtomic(`${ROOT}docs/scaling.svg`, svg(sc));
process.stdout.write(lines.join('\n') + '\n');
