// Running commands from the tests: the real binary as a user runs it, from
// the repository root, its output collected. Shared by every test that
// starts a process (not a test file itself: vitest includes *.test.ts).

import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** bin/s2check.mjs with these arguments. */
export function s2check(...args: string[]): Promise<Run> {
  return runCommand('node', [path.join(repoRoot, 'bin/s2check.mjs'), ...args]);
}

/** The same run shared by the tests that ask for it (per test file), started once. */
const started = new Map<string, Promise<Run>>();
export function s2checkOnce(...args: string[]): Promise<Run> {
  const key = JSON.stringify(args);
  let r = started.get(key);
  if (!r) started.set(key, (r = s2check(...args)));
  return r;
}
