// A scripted newcomer (issue 13): the README only, every command with a
// rule file as the version, and 200+ generated bad inputs. Zero stack
// traces (in-process: no internal error, only usage errors), zero wrong
// exit codes, zero text lines over 75 columns, and printed conditions pasted
// back select states. In-process (runToExit(), what the binary runs), so it
// stays fast.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { repoRoot, s2checkInOnce } from '../helpers/run.ts';

interface R {
  status: number;
  out: string;
  err: string;
}

/** One command in-process, as main() ends it (runToExit()); runs shared (the README's with test/regression/readme.test.ts). */
async function cli(args: string[]): Promise<R> {
  const r = await s2checkInOnce(...args);
  // Anything but a usage error would be an internal error: let it fail the test.
  expect(r.stderr, args.join(' ')).not.toMatch(/internal error/);
  if (r.status === 2) expect(r.stderr.split('\n')[0].length).toBeGreaterThan('s2check: '.length);
  return { status: r.status!, out: r.stdout, err: r.stderr };
}

const wide = (t: string) => t.split('\n').filter((l) => l.length > 75);
const FILE = 'examples/refuse-cacheable-mixedmap.ts';

describe('a newcomer, README only', () => {
  it('every s2check command line of the README runs as shown (no error, 75 columns)', async () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/^\$ npx s2check (.*)$/gm)].map((m) => m[1].split(' '));
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const argv of commands) {
      const r = await cli(argv);
      // The proposal's check fails on purpose: a violation count got worse than its base (the README says so).
      expect(r.status, argv.join(' ')).toBe(argv[0] === 'check' && argv.includes('--rules') ? 1 : 0);
      expect(wide(r.out), argv.join(' ')).toEqual([]);
    }
  });

  it('every command with a rule file as the version', async () => {
    const runs: Array<[string[], number]> = [
      [['explain', '--version', FILE, 'anon-ram', 'vma.mixedmap'], 0],
      [['query', '--version', FILE, 'memslot.outcome = EINVAL & vma.mixedmap'], 0],
      [['table', '--version', FILE, '--where', 'vfio-bar', '--group'], 0],
      [['coverage', '--version', FILE], 0],
      [['prove', '--version', FILE, '--property', 'memslot-anticipates-fault-errors'], 0],
      // Worse than its declared base in one count (the README says so): exit 1.
      [['check', '--version', FILE, '--no-prove'], 1],
      [['diff', 'merged', FILE], 0],
      [['history', '--version', 'merged', '--version', FILE], 0],
    ];
    for (const [argv, code] of runs) {
      const r = await cli(argv);
      expect(r.err, argv.join(' ')).toBe('');
      expect(r.status, argv.join(' ')).toBe(code);
      expect(wide(r.out), argv.join(' ')).toEqual([]);
    }
    // A condition coverage prints, pasted back into query, selects states.
    const cov = (await cli(['coverage', '--version', FILE])).out;
    const conds = [...cov.matchAll(/^ +(\d+) {2}([!a-zA-Z][ !a-zA-Z0-9_.=|]*)$/gm)].slice(0, 4);
    expect(conds.length).toBe(4);
    for (const [, n, c] of conds) {
      const q = await cli(['table', '--version', FILE, '--where', c]);
      const found = Number(/^(\d+) feasible states .* satisfy the condition$/m.exec(q.out)?.[1]);
      expect(found, c).toBeGreaterThanOrEqual(Number(n));
    }
  });
});

// Bad inputs: each has one mistake that the command must report as a usage error.
const BAD_VALUE = fc.constantFrom('', '-5', 'v99', 'nope', '../x', 'x.ts', '1e3', '\u00e9', '--', '-', "'", 'a b', 'NORML', '!!', '=');
const GOOD_VERSION = fc.constantFrom('v10', 'merged', 'baseline', 'v1');
const BAD_EXPR = fc.constantFrom('fault.attr = NORML', 'a &', '(', ')', 'vma.memType', 'NORMAL', 'x.y', '->', 'vma.pfnmap = = x', "vma.io 'x'", 'anon-ram & ', 'vma.memType=NORMAL|', 'ite(a,b)', '!(', 'cpu.fwb <-> ');
const BAD_STATE = fc.constantFrom('vma.nope', 'vma.memType', '!vma.memType=NORMAL', 'cpu.fwb=maybe', 'vma.memType=FOO', 'cpu.fwb !cpu.fwb', 'vma.io anon-ram', 'vma.memType!=NORMAL|NORMAL_TAGGED|NORMAL_NC|DEVICE_nGnRnE|DEVICE_nGnRE|OTHER');

const badArgs: fc.Arbitrary<string[]> = fc.oneof(
  BAD_VALUE.map((v) => ['check', '--version', 'v10', '--format', v || 'x']),
  BAD_VALUE.map((v) => ['check', '--profile', v || 'x', '--no-prove']),
  fc.tuple(GOOD_VERSION, BAD_VALUE).map(([g, v]) => ['prove', '--version', g, '--property', v || 'x']),
  fc.tuple(GOOD_VERSION, BAD_VALUE).map(([g, v]) => ['prove', '--version', g, '--property', 'total', '--rlimit', v || 'x']),
  fc.tuple(GOOD_VERSION, BAD_EXPR).map(([g, e]) => ['query', '--version', g, e]),
  fc.tuple(GOOD_VERSION, BAD_EXPR).map(([g, e]) => ['table', '--version', g, '--where', e]),
  fc.tuple(GOOD_VERSION, BAD_STATE).map(([g, s]) => ['explain', '--version', g, ...s.split(' ')]),
  BAD_VALUE.map((v) => ['explain', '--version', v || 'x', 'anon-ram']),
  BAD_VALUE.map((v) => ['diff', 'v9', v || 'x']),
  BAD_VALUE.map((v) => ['coverage', '--version', 'v10', '--timeout', v || 'x']),
  BAD_VALUE.map((v) => ['table', '--version', 'v10', '--format', v || 'x']),
  BAD_VALUE.map((v) => ['history', '--proofs', 'package.json', v || 'x']),
  BAD_VALUE.map((v) => [v || 'x', '--version', 'v10']),
  fc.constantFrom(['check', '--bogus'], ['diff', 'v9'], ['diff', 'v9', 'v10', 'v1'], ['query', '--version', 'v10'], ['explain', '--version', 'v10'], ['versions', 'x'], ['check', '--proofs', ''], ['check', '--rules', 'missing.ts'], ['table'], ['prove', '--version', 'v10'], ['check', '--update', '--no-prove'], ['check', '--update', '--profile', 'hard']).map((a) => [...a]),
);

describe('200+ generated bad inputs', () => {
  it('each is one usage error (exit 2): no stack trace, no other exit code', async () => {
    const cases = fc.sample(badArgs, { numRuns: 220, seed: 13 });
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const argv of cases) {
      const r = await cli(argv);
      expect(r.status, JSON.stringify(argv)).toBe(2);
      expect(r.err, JSON.stringify(argv)).toMatch(/^s2check: \S/);
      expect(r.err, JSON.stringify(argv)).not.toMatch(/\n\s+at \S+ \(/);
    }
  }, 300_000);
});
