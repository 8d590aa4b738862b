// The command line as a user runs it: in-process (s2checkIn: runToExit(),
// what the binary runs once started; runs shared between tests), and the
// real binary (bin/s2check.mjs) where the process is the point: a closed
// pipe is no error, a usage error is exit 2 and one line on the process's
// stderr. (Separate processes giving the same bytes: explorer.test.ts.)

import { beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../helpers/run.ts';
import { runCommand, s2check, s2checkIn, s2checkInOnce, s2checkWith } from '../helpers/run.ts';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { makeFamily } from '../../model/family.ts';
import { VERSIONS } from '../../model/versions/index.ts';
import { reject } from '../../model/versions/kit.ts';

const lines = (text: string) => text.replace(/\n$/, '').split('\n');
const NO_STACK = '    at ';
const T = 30_000;

describe('check', () => {
  it('check --version v10: summary line, at most 75 columns, ASCII', async () => {
    const r = await s2checkInOnce('check', '--version', 'v10');
    expect([0, 1]).toContain(r.status);
    const ls = lines(r.stdout);
    expect(ls[ls.length - 1]).toMatch(/^summary: 1 version, \d+ verdicts, \d+ as expected, \d+ unexpected$/);
    for (const l of ls) expect(l.length, l).toBeLessThanOrEqual(75);
    expect(r.stdout).toMatch(/^[\x00-\x7f]*$/);
    expect(r.stdout).toMatch(/^\s*79104 feasible states of 393216 \(profile default\)$/m);
    // The exit code agrees with the summary.
    const unexpected = Number(/(\d+) unexpected$/.exec(ls[ls.length - 1])![1]);
    expect(r.status).toBe(unexpected > 0 ? 1 : 0);
  }, T);

  it('check --version v10 --format json', async () => {
    const r = await s2checkInOnce('check', '--version', 'v10', '--format', 'json');
    expect([0, 1]).toContain(r.status);
    const doc = JSON.parse(r.stdout);
    expect(doc.schema).toBe('s2check/check');
    expect(doc.version).toBe(3);
    expect(doc.versions.map((v: { id: string }) => v.id)).toEqual(['v10']);
    expect(doc.versions[0].feasibleStates).toBe(79104);
    expect(r.status).toBe(doc.exit);
    expect(doc.exit).toBe(doc.unexpected > 0 || doc.artefacts.drifted + doc.artefacts.missing > 0 ? 1 : 0);
  }, T);

});

describe('table', () => {
  it('table --version v10 --format jsonl: one line per feasible state', async () => {
    const [check, r] = await Promise.all([s2checkInOnce('check', '--version', 'v10'), s2checkIn('table', '--version', 'v10', '--format', 'jsonl')]);
    const feasible = Number(/(\d+) feasible states of 393216/.exec(check.stdout)![1]);
    expect(feasible).toBe(79104);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const ls = lines(r.stdout);
    expect(ls.length).toBe(feasible);
    const FIELDS = [
      'vma.pfnmap', 'vma.mixedmap', 'vma.io', 'vma.mteAllowed', 'vma.anyUncached', 'vma.cow', 'vma.memType',
      'pfn.valid', 'pfn.mapMemory', 'cpu.fwb', 'cpu.dic', 'vm.mte', 'slot.logging', 'slot.cacheableFlag',
      'fault.exec', 'fault.write', 'fault.perm',
    ];
    const outcomes = new Set<string>();
    for (const l of ls) {
      const row = JSON.parse(l);
      if (Object.keys(row.state).join() !== FIELDS.join()) expect(Object.keys(row.state)).toEqual(FIELDS);
      outcomes.add(row.fault.outcome);
    }
    for (const o of outcomes) expect(['map', 'EFAULT', 'EINVAL', 'ENOEXEC']).toContain(o);
    expect(outcomes.has('map')).toBe(true);
  }, T);

  it('table waits for the reader between chunks of rows (what a pipe takes)', async () => {
    // The command awaits io.drain() after each chunk: rows never pile up
    // in memory ahead of the reader (7.2's 2.8 million rows ran the binary
    // out of buffers, ENOBUFS), and `| head` stops it early.
    const { runToExit } = await import('../../src/cli/main.ts');
    const newlines = (t: string) => {
      let n = 0;
      for (let at = t.indexOf('\n'); at >= 0; at = t.indexOf('\n', at + 1)) n++;
      return n;
    };
    const between: number[] = [];
    let since = 0;
    let total = 0;
    // The states where the VMA is VM_PFNMAP: 11520 rows, three chunks.
    const status = await runToExit(['table', '--version', 'v10', '--format', 'csv', '--where', 'vma.pfnmap'], {
      out: (t) => {
        since += newlines(t);
        total += newlines(t);
      },
      drain: async () => {
        between.push(since);
        since = 0;
      },
    });
    expect(status).toBe(0);
    const rows = total - 1; // the header
    expect(rows).toBe(11520);
    // A chunk is 4096 feasible states (79104: 20 chunks), each at most 4096 rows.
    expect(between.length).toBe(Math.ceil(79104 / 4096));
    expect(Math.max(...between)).toBeLessThanOrEqual(4097);
    expect(between.reduce((a, b) => a + b, 0) + since).toBe(total);
  }, T);

  it('table --format csv with no feasible state: the header alone', async () => {
    // A v10 whose memslot check refuses every memslot: under end-to-end
    // (the memslot must have been accepted) no state is feasible.
    const v10 = VERSIONS.find((v) => v.meta.id === 'v10')!;
    const refusing = VERSIONS.map((v) => (v === v10 ? { ...v10, memslot: () => reject('pfnmap-logging') } : v));
    const bundle = makeFamily(refusing, { name: KVM_ARM64_STAGE2.name, proofsDir: KVM_ARM64_STAGE2.proofsDir, infos: KVM_ARM64_STAGE2.versions });
    const r = await s2checkWith({ bundle }, 'table', '--version', 'v10', '--profile', 'end-to-end', '--format', 'csv');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stdout).toMatch(/^index,vma\.pfnmap,/);
  }, T);

  it('table --version merged --format csv | head: header first, column index; a closed pipe is no error', async () => {
    const r = await runCommand('bash', ['-c', 'set -o pipefail; node bin/s2check.mjs table --version merged --format csv | head -5']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const ls = lines(r.stdout);
    expect(ls.length).toBe(5);
    const header = ls[0].split(',');
    expect(header[0]).toBe('index');
    for (const l of ls.slice(1)) {
      expect(l).toMatch(/^\d+,/);
      expect(l.split(',').length).toBe(header.length);
    }
    // A CSV header must name each column once (otherwise a reader keyed by
    // column name loses one of them).
    expect(header.filter((h, i) => header.indexOf(h) !== i)).toEqual([]);
  }, T);
});

describe('solver limits', () => {
  // A violation the counting side found is confirmed by evaluating the Z3
  // encoding at that state (no solver call, no resource use): those
  // refutations stand; every verdict that needs a search is inconclusive.
  // In-process after check and table (this file's order): the model built
  // for the solver must not depend on what an earlier command left behind.
  it('a resource limit too small for any solver call: what needs a search inconclusive, exit 3, artefact facts still compared', async () => {
    const r = await s2checkInOnce('check', '--version', 'v10', '--rlimit', '1');
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toMatch(/artefacts: 1 fresh in proofs\//);
    expect(lines(r.stdout).at(-1)).toBe('summary: 1 version, 4 as expected, 0 unexpected, 27 inconclusive');
    expect(r.stdout).toMatch(/^ {2}linear-mapped-unchanged +violated refuted$/m);
    // Too wide for one line of 75 columns: the id, then the verdicts right-aligned.
    expect(r.stdout).toMatch(/^ {2}no-degrade-of-cacheable-unmapped\n +inconclusive inconclusive \?$/m);
    for (const l of lines(r.stdout)) expect(l.length).toBeLessThanOrEqual(75);
  }, T);
});

describe('usage errors: exit 2, one line on stderr, no stack trace', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown version v5', ['check', '--version', 'v5'], /unknown version 'v5'/],
    ['unknown profile', ['check', '--profile', 'nosuchprofile'], /unknown profile 'nosuchprofile'/],
    ['bad --format', ['check', '--version', 'v10', '--format', 'xml'], /format 'xml'/],
    ['table without --version', ['table'], /--version/],
    ['unknown option --bogus', ['check', '--bogus'], /--bogus/],
    ['bad --rlimit', ['check', '--version', 'v10', '--rlimit', 'lots'], /--rlimit takes a whole number of resource units .*'lots'/],
    ['bad --timeout', ['prove', '--version', 'v10', '--property', 'total', '--timeout', '0'], /--timeout takes a whole number of milliseconds, not '0'/],
  ];
  // In-process, but the first through the binary: main() makes the exit code and stderr of runToExit()'s.
  let runs: Promise<Run[]>;
  beforeAll(() => {
    runs = Promise.all(cases.map(([, args], k) => (k === 0 ? s2check(...args) : s2checkIn(...args))));
  });
  cases.forEach(([name, , message], k) => {
    it(k === 0 ? `${name} (the binary)` : name, async () => {
      const r = (await runs)[k];
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr.startsWith('s2check: ')).toBe(true);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain(NO_STACK);
    }, T);
  });
});

describe('catalogues', () => {
  it('versions: 15 versions, v10 is merged', async () => {
    const r = await s2checkInOnce('versions');
    expect(r.status).toBe(0);
    const ls = lines(r.stdout);
    expect(ls[ls.length - 1]).toBe('15 versions');
    // An entry's first line carries its date.
    const entries = ls.filter((l) => /^\S.*\b\d{4}-\d{2}-\d{2}\b/.test(l));
    expect(entries).toHaveLength(15);
    const v10 = entries.filter((l) => /^\s*v10\b/.test(l));
    expect(v10).toHaveLength(1);
    expect(v10[0]).toContain('merged');
    for (const l of ls) expect(l.length).toBeLessThanOrEqual(75);
  }, T);

  it('versions: each entry starts in column 0 with its id (only continuation lines are indented)', async () => {
    const ls = lines((await s2checkInOnce('versions')).stdout);
    const entries = ls.filter((l) => /^\S.*\b\d{4}-\d{2}-\d{2}\b/.test(l));
    expect(entries.map((l) => /^\s*(\S+)/.exec(l)![1])).toEqual(['baseline', 'v1', 'v2', 'v3', 'v4', 'v6', 'v7', 'v8', 'v9', 'v10', '6.18', '6.19', '7.0', '7.1', '7.2']);
    for (const l of entries) expect(l, 'entry line is indented').toMatch(/^(baseline|v\d+|\d+\.\d+)\b/);
  }, T);

  it('properties and assumptions end with a count line', async () => {
    const p = await s2checkInOnce('properties');
    expect(p.status).toBe(0);
    expect(lines(p.stdout).at(-1)).toMatch(/^\d+ properties$/);
    const a = await s2checkInOnce('assumptions');
    expect(a.status).toBe(0);
    expect(lines(a.stdout).at(-1)).toMatch(/^17 assumptions, 3 profiles$/);
    for (const l of [...lines(p.stdout), ...lines(a.stdout)]) {
      expect(l.length, l).toBeLessThanOrEqual(75);
      expect(l).toMatch(/^[\x00-\x7f]*$/);
    }
  }, T);
});
