/**
 * Peer benchmark: Quint's random simulator on the s2check problem.
 *
 * Runs `quint run --backend typescript` on stage2.qnt (this folder) once per
 * version, with the invariant no-degrade-of-cacheable-unmapped:
 *
 *   quint run --backend typescript --invariant noDegradeV10      --max-steps 20 stage2.qnt --witnesses true
 *   quint run --backend typescript --invariant noDegradeBaseline --max-steps 20 stage2.qnt --witnesses true
 *
 * `--max-samples` is not passed: Quint's default budget applies, which
 * `quint run --help` gives as "default: 1 if --seed is supplied, 10000
 * otherwise" (no --seed is passed, so 10000). `--max-steps 20` is Quint's
 * default too, passed explicitly. Quint prints its own elapsed time and a
 * traces/second rate but no sample or state count on a violation, so:
 *   - samples come from the trivial witness `true` ("was witnessed in K
 *     trace(s) out of N explored": N is the simulator's sample counter, also
 *     printed on a violation, where it is the number of the violating sample);
 *   - states visited: on `ok`, samples x the average trace length Quint
 *     prints ("Trace length statistics"); on a violation, computed as
 *     (samples - 1) x (maxSteps + 1) + length of the violating trace, which
 *     assumes every earlier sample ran its full length (stage2.qnt's `pick`
 *     never fails, see its comment; the ok runs show min = max = 21).
 *
 * Offline: the typescript backend needs nothing but the npm package (the
 * rust backend and `quint verify` download binaries, and are not used).
 *
 * Run directly: `node --import tsx bench/peers/quint/run.ts` prints the JSON
 * result. `QUINT_PEER_MAX_SAMPLES=N` overrides the budget (for smoke tests).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const SPEC_PATH = join(HERE, 'stage2.qnt');

/** Quint's defaults, as `quint run --help` (0.33.1) states them. */
export const QUINT_DEFAULT_MAX_SAMPLES = 10000;
export const QUINT_DEFAULT_MAX_STEPS = 20;

export interface QuintRunOptions {
  /** --max-samples; undefined = Quint's default (10000), the flag is not passed. */
  maxSamples?: number;
  /** --max-steps; default 20 (Quint's default). */
  maxSteps?: number;
  /** --seed (hex, e.g. 0x1234); undefined = Quint picks one (and reports it). */
  seed?: string;
  /** kill a quint process after this long (ms); default 2 hours. */
  timeoutMs?: number;
  /**
   * --max-samples for the v10 run only (it finds nothing and so runs its
   * whole budget: 10000 samples take about a quarter of an hour here);
   * the baseline run keeps `maxSamples`.
   */
  v10MaxSamples?: number;
  /**
   * A folder where a seeded Quint process's output is remembered by
   * everything it depends on (its arguments, stage2.qnt's bytes, Quint's
   * and Node's versions): the same inputs again read the output instead of
   * starting Quint (about 3 s of CPU each). Its parsing runs either way.
   * For the tests; the benchmark never passes it (it measures the process).
   */
  remember?: string;
}

export interface QuintCounterexample {
  /** the violating state's fields, flattened to the domain.md names */
  state: Record<string, boolean | string>;
  /** the decision of the version under check on that state */
  outcome: { outcome: string; attr: string; exec: boolean; sanitiseTags: boolean };
  /** pfnmap or mixedmap, CACHEABLE_TYPE(memType), not pfn.mapMemory, mapped non-NORMAL */
  nvgraceUsememLike: boolean;
}

export interface QuintVersionResult {
  invariant: string;
  command: string;
  status: 'ok' | 'violation' | 'error';
  /** wall time of the whole `quint run` process: Node start, parse, typecheck, simulation */
  wallMs: number;
  /** the simulation time Quint reports itself ("(NNNms at R traces/second)") */
  quintElapsedMs: number | null;
  quintReportedTracesPerSecond: number | null;
  /** samples (= traces) run, from the `true` witness's "out of N explored" */
  samples: number | null;
  maxSamples: number;
  maxSteps: number;
  /** states visited, see statesSource */
  states: number | null;
  statesSource: string;
  trace: { min: number; max: number; average: number } | null;
  violation: boolean;
  /** 1-based number of the sample in which the violation was found */
  violationAtSample: number | null;
  /** number of states in the violating trace (the violation is in its last state) */
  violatingTraceLength: number | null;
  counterexample: QuintCounterexample | null;
  statesPerSecondWall: number | null;
  statesPerSecondQuint: number | null;
  samplesPerSecondWall: number | null;
  /** the seed Quint reports, to reproduce the run with --seed */
  seed: string | null;
  error?: string;
}

export interface QuintPeerResult {
  tool: 'quint';
  quintVersion: string;
  backend: 'typescript';
  spec: string;
  defaults: { maxSamples: number; maxSteps: number; source: string };
  v10: QuintVersionResult;
  baseline: QuintVersionResult;
}

interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  spawnError?: string;
  timedOut: boolean;
}

/** Path of the Quint CLI script of the installed @informalsystems/quint. */
/** The installed Quint: its command line's script and its version (the one `quint --version` prints, from the same package.json). */
export function quintInstall(): { cli: string; version: string } {
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve('@informalsystems/quint/package.json');
  const pkg = require(pkgJson) as { version?: string; bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.quint;
  if (!bin) throw new Error('@informalsystems/quint has no "quint" bin entry');
  if (!/^\d+\.\d+\.\d+/.test(pkg.version ?? '')) throw new Error(`@informalsystems/quint has no version: ${pkg.version}`);
  return { cli: resolve(dirname(pkgJson), bin), version: pkg.version! };
}

/**
 * A Quint process, or the output it gave before on the same inputs
 * (QuintRunOptions.remember). Only a seeded process finishes the same way
 * every time; only one that ended on its own is remembered.
 */
async function runQuint(args: string[], timeoutMs: number, remember: string | undefined): Promise<ProcResult> {
  const seeded = args.includes('--seed');
  if (!remember || !seeded) return runProc(args, HERE, timeoutMs);
  const key = createHash('sha256')
    .update(JSON.stringify({ args: args.slice(1), quint: quintInstall().version, node: process.version }))
    .update(readFileSync(SPEC_PATH))
    .digest('hex');
  const file = join(remember, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProcResult;
  } catch {
    // Not remembered yet (or unreadable): run it.
  }
  const r = await runProc(args, HERE, timeoutMs);
  if (r.spawnError === undefined && !r.timedOut) {
    mkdirSync(remember, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(r));
    renameSync(tmp, file);
  }
  return r;
}

/** `quint test` on stage2.qnt (its vectors), with a seed: exit code and output. */
export async function quintTest(opts: { seed: string; remember?: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { cli } = quintInstall();
  const r = await runQuint([cli, 'test', '--backend', 'typescript', '--seed', opts.seed, 'stage2.qnt'], 600_000, opts.remember);
  if (r.spawnError || r.timedOut) throw new Error(r.spawnError ?? 'quint test timed out');
  return { code: r.code, stdout: stripAnsi(r.stdout), stderr: stripAnsi(r.stderr) };
}

function runProc(args: string[], cwd: string, timeoutMs: number): Promise<ProcResult> {
  return new Promise((done) => {
    const start = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      done({ code: null, signal: null, stdout, stderr, wallMs: elapsed(), spawnError: String(e), timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, wallMs: elapsed(), timedOut });
    });
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

const CACHEABLE = (t: string) => !['NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'].includes(t);

/**
 * The last state of the counterexample Quint prints ("[State N]" followed by
 * a record in Quint syntax: `{ key: value, ... }` with strings and booleans
 * only here), turned into JSON by quoting the keys.
 */
function parseCounterexample(out: string, outcomeVar: 'v10' | 'baseline'): QuintCounterexample | null {
  try {
    const blocks = out.split(/^\[State \d+\]\s*$/m);
    if (blocks.length < 2) return null;
    const lastBlock = blocks[blocks.length - 1];
    const body = lastBlock.slice(lastBlock.indexOf('{'), lastBlock.search(/^}\s*$/m) + 1);
    const last = JSON.parse(body.replace(/([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '"$1":')) as Record<string, unknown>;
    const s = last.s as Record<string, Record<string, boolean | string>>;
    const outcome = last[outcomeVar] as QuintCounterexample['outcome'];
    const state: Record<string, boolean | string> = {};
    for (const group of Object.keys(s).sort()) {
      for (const f of Object.keys(s[group]).sort()) state[`${group}.${f}`] = s[group][f];
    }
    const nvgraceUsememLike =
      (state['vma.pfnmap'] === true || state['vma.mixedmap'] === true) &&
      CACHEABLE(String(state['vma.memType'])) &&
      state['pfn.mapMemory'] === false &&
      outcome.outcome === 'map' &&
      outcome.attr !== 'NORMAL';
    return { state, outcome, nvgraceUsememLike };
  } catch {
    return null;
  }
}

const rate = (n: number | null, ms: number | null) =>
  n === null || ms === null || ms <= 0 ? null : Math.round((n * 10000) / ms) / 10;

async function runVersion(
  cli: string,
  invariant: string,
  outcomeVar: 'v10' | 'baseline',
  opts: QuintRunOptions,
): Promise<QuintVersionResult> {
  const maxSteps = opts.maxSteps ?? QUINT_DEFAULT_MAX_STEPS;
  // quint's own default: 1 sample if --seed is given, else 10000
  const maxSamples = opts.maxSamples ?? (opts.seed !== undefined ? 1 : QUINT_DEFAULT_MAX_SAMPLES);
  const args = ['run', '--backend', 'typescript', '--invariant', invariant, '--max-steps', String(maxSteps)];
  if (opts.maxSamples !== undefined) args.push('--max-samples', String(opts.maxSamples));
  if (opts.seed !== undefined) args.push('--seed', opts.seed);
  // --witnesses is variadic, so it goes after the input file
  args.push('stage2.qnt', '--witnesses', 'true');
  const command = `quint ${args.join(' ')}`;
  const base: QuintVersionResult = {
    invariant, command, status: 'error', wallMs: 0, quintElapsedMs: null,
    quintReportedTracesPerSecond: null, samples: null, maxSamples, maxSteps, states: null,
    statesSource: 'unknown', trace: null, violation: false, violationAtSample: null,
    violatingTraceLength: null, counterexample: null, statesPerSecondWall: null,
    statesPerSecondQuint: null, samplesPerSecondWall: null, seed: null,
  };
  try {
    const p = await runQuint([cli, ...args], opts.timeoutMs ?? 2 * 3600_000, opts.remember);
    const out = stripAnsi(p.stdout);
    const err = stripAnsi(p.stderr);
    const r: QuintVersionResult = { ...base, wallMs: Math.round(p.wallMs) };
    if (p.spawnError || p.timedOut) {
      r.error = p.spawnError ?? `quint run timed out after ${Math.round(p.wallMs)} ms`;
      return r;
    }
    const head = out.match(/\[(ok|violation|error)\][^(]*\((\d+)ms at (\d+) traces\/second\)/);
    const witness = out.match(/was witnessed in (\d+) trace\(s\) out of (\d+) explored/);
    const stats = out.match(/Trace length statistics: max=(\d+), min=(\d+), average=([\d.]+)/);
    const seed = out.match(/--seed=(0x[0-9a-fA-F]+)/);
    const stateNos = [...out.matchAll(/^\[State (\d+)\]/gm)].map((m) => Number(m[1]));
    if (!head) {
      r.error = `could not parse quint output (exit ${p.code}): ${(err || out).trim().slice(-600)}`;
      return r;
    }
    r.status = head[1] as QuintVersionResult['status'];
    r.quintElapsedMs = Number(head[2]);
    r.quintReportedTracesPerSecond = Number(head[3]);
    r.seed = seed ? seed[1] : null;
    r.samples = witness ? Number(witness[2]) : null;
    r.violation = r.status === 'violation';
    if (r.status === 'error') {
      r.error = `quint reported a runtime error: ${(out + err).trim().slice(-600)}`;
    }
    if (stats) {
      r.trace = { max: Number(stats[1]), min: Number(stats[2]), average: Number(stats[3]) };
      if (r.samples !== null) {
        r.states = Math.round(r.samples * r.trace.average);
        r.statesSource = 'samples x average trace length (both reported by quint)';
      }
    }
    if (r.violation) {
      r.violationAtSample = r.samples;
      r.violatingTraceLength = stateNos.length ? Math.max(...stateNos) + 1 : null;
      if (r.samples !== null && r.violatingTraceLength !== null) {
        r.states = (r.samples - 1) * (maxSteps + 1) + r.violatingTraceLength;
        r.statesSource =
          'computed: (samples - 1) x (maxSteps + 1) + violating trace length (quint reports no count on a violation)';
      }
      r.counterexample = parseCounterexample(out, outcomeVar);
    }
    r.statesPerSecondWall = rate(r.states, r.wallMs);
    r.statesPerSecondQuint = rate(r.states, r.quintElapsedMs);
    r.samplesPerSecondWall = rate(r.samples, r.wallMs);
    return r;
  } catch (e) {
    return { ...base, error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Measure Quint on the same problem: v10 (merged) and baseline, invariant
 * no-degrade-of-cacheable-unmapped, Quint's default sample budget. Never
 * throws: a missing or failing Quint gives `{ error }`.
 */
export async function runQuintPeer(opts: QuintRunOptions = {}): Promise<QuintPeerResult | { error: string }> {
  try {
    let cli: string;
    let quintVersion: string;
    try {
      ({ cli, version: quintVersion } = quintInstall());
    } catch (e) {
      return { error: `quint is not installed (npm ci installs @informalsystems/quint): ${e instanceof Error ? e.message : e}` };
    }
    const v10 = await runVersion(cli, 'noDegradeV10', 'v10', opts.v10MaxSamples !== undefined ? { ...opts, maxSamples: opts.v10MaxSamples } : opts);
    const baseline = await runVersion(cli, 'noDegradeBaseline', 'baseline', opts);
    return {
      tool: 'quint',
      quintVersion,
      backend: 'typescript',
      spec: 'bench/peers/quint/stage2.qnt',
      defaults: {
        maxSamples: QUINT_DEFAULT_MAX_SAMPLES,
        maxSteps: QUINT_DEFAULT_MAX_STEPS,
        source: 'quint run --help: --max-samples "default: 1 if --seed is supplied, 10000 otherwise", --max-steps default 20',
      },
      v10,
      baseline,
    };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const env = process.env.QUINT_PEER_MAX_SAMPLES;
  const opts: QuintRunOptions = env ? { maxSamples: Number(env) } : {};
  runQuintPeer(opts).then((r) => {
    console.log(JSON.stringify(r, null, 2));
    if ('error' in r) process.exitCode = 1;
  });
}
