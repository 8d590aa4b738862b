// The kernel path on the command line: check --kernel, diff A PATH and
// --version PATH, and their errors (one line, exit 2; inconclusive, exit 3).
// In-process (runToExit(), what the binary runs once started).

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { s2checkIn as s2check } from '../helpers/run.ts';

const fixtures = 'test/cfront/fixtures';
const tmp = mkdtempSync(path.join(os.tmpdir(), 's2check-cfront-cli-'));
const base = readFileSync(path.join(fixtures, 'era-6.17.c'), 'utf8');

describe('kernel paths on the command line', () => {
  it('check --kernel FILE --no-prove: agreement with the era version under every profile', async () => {
    const r = await s2check('check', '--kernel', `${fixtures}/era-6.17.c`, '--no-prove');
    expect(r.stderr).toBe('');
    expect(r.stdout.replace(/\s+/g, " ")).toMatch(/compared with v10: release unknown; kvm_vma_is_cacheable\(\) is 6\.17 or later/);
    for (const p of ['hard', 'default', 'end-to-end']) expect(r.stdout).toMatch(new RegExp(`agrees with v10 on all \\d+ states feasible for both\\s+\\(profile\\s+${p}\\)`));
    expect(r.stdout.split('\n').every((l) => l.length <= 75 && /^[\x20-\x7e]*$/.test(l))).toBe(true);
    expect(r.status).toBe(0);
  });

  it('a missing function: one line naming it, exit 2', async () => {
    const f = path.join(tmp, 'nomemslot.c');
    writeFileSync(f, base.replace('int kvm_arch_prepare_memory_region(', 'int kvm_arch_prepare_memory_region_x('));
    const r = await s2check('diff', 'merged', f);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^s2check: .*nomemslot\.c: function kvm_arch_prepare_memory_region\(\) not found/);
  });

  it('an unmapped condition the outcome depends on: file:line and the expression, exit 3', async () => {
    const f = path.join(tmp, 'unmapped.c');
    writeFileSync(f, base.replace('if (exec_fault && s2_force_noncacheable)', 'if (exec_fault && vma_is_special(memslot))'));
    const r = await s2check('table', '--version', f, '--group');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^s2check: .*unmapped\.c:\d+: user_mem_abort\(\): the outcome depends on 'vma_is_special\(/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
