// explain, query, coverage and table --where/--group: content, layout
// (ASCII, 75 columns, summary last) and usage errors (exit 2, a short
// message, no stack trace). In-process (runToExit(), what the binary runs),
// one run through the real binary, which must print the same.

import { describe, expect, it } from 'vitest';
import type { Run } from '../helpers/run.ts';
import { s2checkIn, s2checkInOnce, s2checkOnce } from '../helpers/run.ts';
import { run } from '../../src/cli/main.ts';
import { UsageError } from '../../src/parse/errors.ts';

/** The same command in-process, shared (runs are made one at a time: Z3 takes one call at a time). */
const cli = s2checkInOnce;

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

/** Exit 0, nothing on stderr, ASCII, at most 75 columns, summary line last. */
function expectReport(r: Run): string[] {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^[\x0a\x20-\x7e]*$/);
  const ls = lines(r.stdout);
  for (const l of ls) expect(l.length, l).toBeLessThanOrEqual(75);
  expect(ls[ls.length - 1]).toMatch(/^summary: /);
  return ls;
}

const T = 60_000;

const RUNS = {
  cow: ['explain', '--version', 'v10', 'cow-pfnmap'],
  cowAll: ['explain', '--version', 'all', 'cow-pfnmap'],
  partial: ['explain', '--version', 'v10', 'vma.pfnmap vma.memType=NORMAL !pfn.mapMemory fault.exec'],
  witness: ['query', '--version', 'v10', 'vma.mixedmap & !pfn.valid & request.sanitiseTags'],
  noDevice: ['query', '--version', 'v10', '--profile', 'default', '!vma.pfnmap & !vma.mixedmap & fault.attr = DEVICE'],
  noDeviceBaseline: ['query', '--version', 'baseline', '!vma.pfnmap & !vma.mixedmap & fault.attr = DEVICE'],
  oldDevicePath: ['query', '--version', 'v10', '!vma.pfnmap & !vma.mixedmap & !pfn.mapMemory'],
  coverage: ['coverage', '--version', 'v10'],
  group: ['table', '--version', 'v10', '--where', 'vma.pfnmap & CACHEABLE_TYPE & !pfn.mapMemory & !fault.perm', '--group'],
  groupMd: ['table', '--version', 'v10', '--where', 'vma.pfnmap & CACHEABLE_TYPE & !pfn.mapMemory & !fault.perm', '--group', '--format', 'markdown'],
  where: ['table', '--version', 'v10', '--where', 'vma.mixedmap & !pfn.valid & request.sanitiseTags'],
} as const;

describe('explain, query, coverage, table --where', () => {
  // One run through the binary, the rest in-process.
  void s2checkOnce(...RUNS.cow);
  for (const args of Object.values(RUNS)) void cli(...args);

  it('explain --version v10 cow-pfnmap: decided by map-normal, with the rule trace and properties', async () => {
    const bin = await s2checkOnce(...RUNS.cow);
    expect(bin.stdout).toBe((await cli(...RUNS.cow)).stdout);
    const ls = expectReport(bin);
    const text = ls.join('\n');
    expect(ls[0]).toBe('explain v10 (merged): cow-pfnmap');
    expect(text).toMatch(/^ {2}outcome +map NORMAL$/m);
    expect(text).toMatch(/^ {2}cmo\.dcache +yes/m);
    expect(text).toMatch(/^ {2}memslot +EINVAL .*rule\n? +pfnmap-cacheable-unsupported\)/m);
    // Why each earlier fault rule did not fire, from the Z3 guards.
    expect(text).toMatch(/^ {4}no +prelude-read-perm +!fault\.perm$/m);
    expect(text).toMatch(/^ {4}no +cacheable-nonmap-unsupported +pfn\.mapMemory$/m);
    expect(text).toMatch(/^ {4}YES +map-normal +\(always\)$/m);
    expect(text).toMatch(/^ {4}YES +pfnmap-cacheable-unsupported +vma\.pfnmap vma\.memType=NORMAL/m);
    expect(text).toMatch(/^ {4}- +accept +not reached$/m);
    expect(text).toMatch(/^ {2}VIOLATED +linear-mapped-unchanged$/m);
    expect(text).toMatch(/^ {2}holds +cmo-needs-linear-map$/m);
    expect(ls.at(-1)).toBe('summary: v10: fault map NORMAL by map-normal; memslot EINVAL; 1 violated');
  }, T);

  it('explain --version all: one line per version', async () => {
    const ls = expectReport(await cli(...RUNS.cowAll));
    const versions = ls.filter((l) => /^ {2}(baseline|v\d+) /.test(l));
    expect(versions).toHaveLength(10);
    expect(ls.join('\n')).toMatch(/^ {2}v3 +fault EINVAL by pfnmap-cow; memslot ok$/m);
    // A memslot refusal names the check that refused.
    expect(ls.join('\n')).toMatch(/^ {2}v10 +fault map NORMAL by map-normal; memslot EINVAL by\n +pfnmap-cacheable-unsupported$/m);
    // Mainline (6.18 .. 7.2) on the series' space decides cow-pfnmap as v10.
    for (const id of ['6.18', '6.19', '7.0', '7.1', '7.2']) {
      expect(ls.join('\n')).toMatch(new RegExp(`^ {2}${id.replace('.', '\\.')} +fault map NORMAL by map-normal; memslot EINVAL by\\n +pfnmap-cacheable-unsupported$`, 'm'));
    }
    // v4, v6 and v7 refuse it at memslot time by three different checks.
    expect(ls.at(-1)).toBe('summary: cow-pfnmap: 7 distinct outcomes over 15 versions');
  }, T);

  it('explain on a partial state: the outcomes with their conditions and counts', async () => {
    const ls = expectReport(await cli(...RUNS.partial));
    const text = ls.join('\n');
    expect(text).toMatch(/completions +8192 states, 512 feasible under profile default/);
    // the same fault error, split by the memslot check that refused
    expect(text).toMatch(/^ +192 fault EFAULT by cacheable-nonmap-unsupported; memslot EINVAL by\n +mte-not-allowed\n +128 +!cpu\.dic vm\.mte\n +64 +!cpu\.fwb vm\.mte$/m);
    expect(text).toMatch(/^ +192 fault EFAULT by cacheable-nonmap-unsupported; memslot EINVAL by\n +pfnmap-cacheable-unsupported\n +128 +!cpu\.dic !vm\.mte\n +64 +!cpu\.fwb !vm\.mte$/m);
    expect(text).toMatch(/^ +64 fault map NORMAL exec by map-normal; memslot ok\n +64 +cpu\.fwb cpu\.dic !vm\.mte$/m);
    expect(ls.at(-1)).toBe('summary: v10: 5 outcomes over 512 feasible completions');
    expect(ls.length).toBeLessThan(40);
  }, T);

  it('query finds a witness, confirmed by Z3', async () => {
    const ls = expectReport(await cli(...RUNS.witness));
    const text = ls.join('\n');
    expect(text).toMatch(/counting +288 of 79104 feasible states satisfy it/);
    // Six fields away from nvgrace-usemem: named by all its fields, not after the preset.
    expect(text).toMatch(/witness +!vma\.pfnmap vma\.mixedmap vma\.io vma\.mteAllowed\n[\s\S]*!fault\.perm\n +fault map NORMAL exec tags by map-normal; memslot ok/);
    expect(text).toMatch(/z3 +satisfiable; the witness satisfies it in the Z3 encoding too/);
    expect(ls.at(-1)).toBe('summary: v10: yes, 288 feasible states (profile default)');
  }, T);

  it('query finds none: v10 never maps an ordinary VMA Device, with no assumption', async () => {
    // The merged code gives DEVICE only to PFNMAP/MIXEDMAP VMAs, so Z3
    // proves this without any assumption; it is the baseline whose device
    // path ordinary VMAs reach only outside the linear map.
    const ls = expectReport(await cli(...RUNS.noDevice));
    expect(ls.join('\n')).toMatch(/counting +0 of 79104 feasible states satisfy it\n +z3 +unsatisfiable; the proof needs no assumption/);
    expect(ls.at(-1)).toBe('summary: v10: no feasible state (profile default)');
  }, T);

  it('query finds none under default: the proof names ordinary-vma-linear-mapped', async () => {
    for (const args of [RUNS.noDeviceBaseline, RUNS.oldDevicePath]) {
      const ls = expectReport(await cli(...args));
      const text = ls.join('\n');
      expect(text).toMatch(/counting +0 of 79104 feasible states satisfy it/);
      expect(text).toMatch(/z3 +unsatisfiable; the proof needs ordinary-vma-linear-mapped\*/);
      // Under the hard assumptions alone, there is such a state.
      expect(text).toMatch(/hard only +[1-9]\d* of 165888 states feasible under the hard assumptions\n +alone satisfy it, e\.g\.\n +anon-ram !pfn\.mapMemory\n/);
      expect(ls.at(-1)).toMatch(/^summary: (v10|baseline): no feasible state \(profile default\)$/);
    }
  }, T);

  it('coverage: states per rule, conditions, dead rules from both sides', async () => {
    const ls = expectReport(await cli(...RUNS.coverage));
    const text = ls.join('\n');
    expect(ls[0]).toBe('coverage v10 (merged), profile default: 79104 feasible states');
    expect(text).toMatch(/^ {2}prelude-read-perm +13184\n +13184 +!fault\.exec !fault\.write fault\.perm$/m);
    expect(text).toMatch(/^ {2}pfnmap-logging +DEAD$/m);
    expect(text).toMatch(/^ {2}map-normal +29824$/m);
    expect(text).toMatch(/\+\d+ more conditions$/m);
    expect(text).toMatch(/counting +memslot\/pfnmap-logging\n +z3 +memslot\/pfnmap-logging given no-logging-on-pfnmap\*/);
    // Each rule shows at most four condition lines.
    const counts = ls.filter((l) => /^ {4}/.test(l) && /^ +\d+ {2}/.test(l)).length;
    expect(counts).toBeLessThanOrEqual(11 * 4);
    expect(ls.at(-1)).toBe('summary: v10: 11 rules, 1 dead (counting and Z3 agree)');
  }, T);

  it('table --where --group: conditions per outcome; markdown', async () => {
    const r = await cli(...RUNS.group);
    expect(r.status).toBe(0);
    const ls = lines(r.stdout);
    for (const l of ls) expect(l.length).toBeLessThanOrEqual(75);
    expect(r.stdout).toMatch(/^ +576 fault EFAULT by cacheable-nonmap-unsupported; memslot EINVAL by\n +pfnmap-cacheable-unsupported\n +384 +!cpu\.dic !vm\.mte\n +192 +!cpu\.fwb !vm\.mte$/m);
    expect(ls.at(-1)).toBe('1536 feasible states (profile default) satisfy the condition, 4 outcomes');
    const md = await cli(...RUNS.groupMd);
    expect(md.status).toBe(0);
    const mls = lines(md.stdout);
    // Lists, so that they wrap within 75 columns (a table row cannot).
    expect(mls.slice(0, 2)).toEqual(['- fault EFAULT by cacheable-nonmap-unsupported; memslot EINVAL by', '  mte-not-allowed: 576 states']);
    expect(mls).toContain('    - 384: `!cpu.dic vm.mte`');
    for (const l of mls) expect(l.length).toBeLessThanOrEqual(75);
    expect(mls.at(-1)).toBe('1536 feasible states (profile default) satisfy the condition, 4 outcomes');
  }, T);

  it('table --where: only the rows where the condition holds', async () => {
    const r = await cli(...RUNS.where);
    expect(r.status).toBe(0);
    // A row wraps within 75 columns; its continuation lines are indented.
    const ls = lines(r.stdout.replace(/\n {6}/g, ' '));
    expect(ls).toHaveLength(289);
    for (const l of ls.slice(0, -1)) expect(l).toMatch(/^\d+ map NORMAL (exec )?tags \| .*vma\.mixedmap/);
    for (const l of lines(r.stdout)) expect(l.length).toBeLessThanOrEqual(75);
    expect(ls.at(-1)).toBe('288 feasible states (profile default) of 393216 satisfy the condition');
  }, T);
});

describe('usage errors of the new commands', () => {
  // As the binary ends them (runToExit()): exit 2, a short message on stderr, no stack trace.
  const binary: Array<[string[], RegExp, number]> = [
    [['query', '--version', 'v10', 'vma.io &'], /ends after '&'/, 3],
    [['query', '--version', 'v10', '('.repeat(100_000)], /nested more than 200 levels/, 3],
    [['table', '--version', 'v10', '--where', 'fault.attr = NORML'], /unknown value 'NORML' of fault\.attr \(choose from: NORMAL /, 3],
    [['explain', '--version', 'v10', 'cpu.fwb=maybe'], /cpu\.fwb is true or false/, 1],
    [['coverage'], /coverage needs --version/, 1],
  ];
  for (const [args, message, maxLines] of binary) {
    it(`exit 2: ${args.join(' ').slice(0, 50)}`, async () => {
      const r = await s2checkIn(...args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith('s2check: ')).toBe(true);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('    at ');
      expect(lines(r.stderr).length).toBeLessThanOrEqual(maxLines);
      expect(r.stderr.length).toBeLessThan(600);
    }, T);
  }

  // In-process: the same UsageError the binary turns into exit 2.
  const cases: Array<[string[], RegExp, number]> = [
    [['query', '--version', 'v10', 'vma.io &'], /ends after '&'/, 3],
    [['query', '--version', 'v10', '((((vma.io'], /missing '\)'/, 3],
    [['query', '--version', 'v10', 'fault.attr = NORML'], /unknown value 'NORML' of fault\.attr \(choose from: NORMAL /, 3],
    [['query', '--version', 'v10', 'vma.pfnmp'], /unknown name 'vma\.pfnmp' \(choose from: vma\.pfnmap /, 3],
    [['query', '--version', 'v10', '('.repeat(100_000)], /nested more than 200 levels/, 3],
    [['query', '--version', 'v10'], /query needs a condition/, 1],
    [['table', '--version', 'v10', '--where', ''], /empty expression/, 3],
    [['explain', '--version', 'v10', 'cpu.fwb=maybe'], /cpu\.fwb is true or false/, 1],
    [['explain', '--version', 'v10', 'vma.memType'], /vma\.memType takes a value/, 1],
    [['explain', '--version', 'v10', 'vma.memType=NORMAL', 'vma.memType=OTHER'], /given twice with different values/, 1],
    [['explain', '--version', 'v10', 'cow-pfnmp'], /unknown field or preset 'cow-pfnmp' \(choose from: cow-pfnmap /, 1],
    [['explain', 'cow-pfnmap'], /explain needs --version/, 1],
    [['explain', '--version', 'v11', 'cow-pfnmap'], /unknown version 'v11'/, 1],
    [['coverage'], /coverage needs --version/, 1],
  ];
  for (const [args, message, maxLines] of cases) {
    it(args.join(' ').slice(0, 60), async () => {
      const out: string[] = [];
      let caught: unknown;
      try {
        await run(args, { out: (t) => void out.push(t) });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(UsageError);
      expect(out).toEqual([]);
      const m = (caught as Error).message;
      expect(m).toMatch(message);
      expect(m.split('\n').length).toBeLessThanOrEqual(maxLines);
      expect(m.length).toBeLessThan(600);
    }, T);
  }
});
