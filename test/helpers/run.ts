// Running commands from the tests. Two ways, the same { status, stdout,
// stderr }:
//
//   - in-process (s2checkIn): runToExit() of src/cli/main.ts, the code the
//     binary runs once it has started (main() is runToExit() plus the
//     process: its exit code, stdout and stderr), with this worker's model,
//     tables and Z3 (vitest shares them between the files of a worker).
//     No node start, no second model: most tests run commands this way.
//   - the real binary (s2check, runCommand): bin/s2check.mjs as a user runs
//     it, from the repository root, for what only a process shows (the
//     launcher and the build, separate processes giving the same bytes,
//     a closed pipe, the exploring thread, rule files vetted in a child,
//     a rule file's line numbers, the README run with npx).
//
// Shared by every test that runs a command (not a test file itself:
// vitest includes *.test.ts).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelBundle } from '../../src/compare/bundle.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command run to its end without blocking, so that independent runs overlap. */
export function runCommand(bin: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: repoRoot, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** bin/s2check.mjs with these arguments, in a process of its own. */
export function s2check(...args: string[]): Promise<Run> {
  return runCommand('node', [path.join(repoRoot, 'bin/s2check.mjs'), ...args]);
}

/** A run started once per worker for these arguments, its promise shared by every test that asks. */
function once(started: Map<string, Promise<Run>>, args: readonly string[], start: () => Promise<Run>): Promise<Run> {
  const key = JSON.stringify(args);
  let r = started.get(key);
  if (!r) started.set(key, (r = start()));
  return r;
}

/** The same process run shared by the tests that ask for it (per worker), started once. */
const started = new Map<string, Promise<Run>>();
export function s2checkOnce(...args: string[]): Promise<Run> {
  return once(started, args, () => s2check(...args));
}

export interface InProcess {
  /** Variables set (a string) or unset (undefined) for the run; restored after it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Another model than the shipped one (run()'s third argument). */
  readonly bundle?: ModelBundle;
}

/**
 * Runs are made one at a time (Z3 takes one call at a time, and a run may
 * set process-wide state): each waits for the one before it, in this worker.
 */
let chain: Promise<unknown> = Promise.resolve();

/**
 * A command in-process: runToExit(), as main() runs it, its output and its
 * error lines collected; the status is the exit code main() would set.
 *
 * What a run changes in the process is put back after it: process.env
 * (check --kernel --against sets S2CHECK_AGAINST) and process.exitCode.
 * The enumerations of `check` run on this thread (S2CHECK_THREADS=1,
 * unless options.env says otherwise): a worker thread per run would load
 * the model again and redo what this worker has cached; the thread gives
 * the same bytes (test/cli/explorer.test.ts, through the binary).
 */
export function s2checkWith(options: InProcess, ...args: string[]): Promise<Run> {
  const r = chain.then(async () => {
    const { runToExit } = await import('../../src/cli/main.ts');
    const env = { ...process.env };
    const exitCode = process.exitCode;
    for (const [k, v] of Object.entries({ S2CHECK_THREADS: '1', ...options.env })) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const out: string[] = [];
    const err: string[] = [];
    try {
      const status = await runToExit(args, { out: (t) => void out.push(t), err: (l) => void err.push(l) }, options.bundle);
      return { status, stdout: out.join(''), stderr: err.join('') };
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
      Object.assign(process.env, env);
      process.exitCode = exitCode;
    }
  });
  chain = r.catch(() => undefined);
  return r;
}

/** A command in-process (s2checkWith, no options). */
export function s2checkIn(...args: string[]): Promise<Run> {
  return s2checkWith({}, ...args);
}

/**
 * The same in-process run shared by the tests that ask for it, made once
 * per worker (test files of a worker share it too). Only for commands whose
 * output depends on nothing a test changes (the shipped versions and the
 * committed proofs/, no temporary files): the output is the same bytes
 * every time (the determinism tests).
 */
const ran = new Map<string, Promise<Run>>();
export function s2checkInOnce(...args: string[]): Promise<Run> {
  return once(ran, args, () => s2checkIn(...args));
}
