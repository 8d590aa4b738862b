// The plain C loop (bench/c-loop/generate.ts): generated for a version,
// compiled with the machine's gcc, run, and its counts compared with the
// checker's. Called by bench/run.ts; `tsx bench/c-loop/run.ts [VERSION]`
// runs it alone.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROFILES } from '../../model/assumptions.ts';
import { makeSystem } from '../../model/system.ts';
import { Checker } from '../../src/enumerate/check.ts';
import { TableCache } from '../../src/enumerate/table.ts';
import { generateCLoop } from './generate.ts';

export interface CLoopResult {
  readonly version: string;
  readonly states: number;
  readonly rounds: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly feasible: number;
  /** The C loop's counts equal the checker's: feasible states, and premise and violating states of every formula property. */
  readonly agrees: boolean;
  readonly compiler: string;
  readonly error?: string;
}

/**
 * `compiled`: a folder where a binary is kept by what it was built from
 * (the C source, the compiler's version line, the flags), so that the
 * tests compile each loop once; the benchmark compiles every time. The
 * binary runs and its counts are compared either way.
 */
export function runCLoop(version = 'v10', rounds = 20, options: { compiled?: string } = {}): CLoopResult {
  const sys = makeSystem();
  const checker = new Checker(sys, new TableCache(sys));
  const profile = PROFILES.default;
  const { source, properties } = generateCLoop(sys, checker, version, profile);
  const dir = mkdtempSync(path.join(tmpdir(), 's2check-c-loop-'));
  try {
    const compiler = execFileSync('gcc', ['--version'], { encoding: 'utf8' }).split('\n')[0];
    const flags = ['-O2'];
    const key = createHash('sha256').update(JSON.stringify({ compiler, flags })).update(source).digest('hex');
    const kept = options.compiled && path.join(options.compiled, key);
    const bin = kept && existsSync(kept) ? kept : path.join(dir, 'loop');
    if (bin !== kept) {
      const c = path.join(dir, 'loop.c');
      writeFileSync(c, source);
      execFileSync('gcc', [...flags, '-o', bin, c]);
      if (kept) {
        // Whole or not at all: another worker may be keeping the same binary.
        mkdirSync(options.compiled!, { recursive: true });
        const tmp = `${kept}.${process.pid}.tmp`;
        copyFileSync(bin, tmp);
        renameSync(tmp, kept);
      }
    }
    const run = JSON.parse(execFileSync(bin, [String(rounds)], { encoding: 'utf8' })) as {
      states: number;
      rounds: number;
      seconds: number;
      feasible: number;
      failed: number;
      properties: Array<[number, number]>;
    };
    const result = checker.check(version, profile);
    const mismatches: string[] = [];
    if (run.feasible !== result.feasibleStates) mismatches.push(`feasible ${run.feasible} != ${result.feasibleStates}`);
    if (run.failed !== 0) mismatches.push(`${run.failed} failed states`);
    properties.forEach((id, j) => {
      const p = result.properties.find((x) => x.id === id)!;
      const [premise, violating] = run.properties[j];
      if (premise !== p.premiseStates || violating !== p.violatingStates) mismatches.push(`${id}: C ${premise}/${violating}, checker ${p.premiseStates}/${p.violatingStates}`);
    });
    return {
      version,
      states: run.states,
      rounds: run.rounds,
      seconds: run.seconds,
      statesPerSecond: (run.states * run.rounds) / run.seconds,
      feasible: run.feasible,
      agrees: mismatches.length === 0,
      compiler,
      error: mismatches.length ? mismatches.join('; ') : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('/c-loop/run.ts')) console.log(JSON.stringify(runCLoop(process.argv[2] ?? 'v10'), null, 1));
