// The derivation on real Debian kernel sources, when they are in the cache
// (scripts/fetch-kernels.sh; .ci/run fetches them first). Kernel text is
// never in the repository: without the cache these tests are skipped and
// say so.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { computeDiff } from '../../src/compare/diff.ts';
import { repoRoot, runCommand, s2checkIn } from '../helpers/run.ts';
import { z3Agreement } from '../../src/cli/commands/kernel-z3.ts';

const cache = path.join(repoRoot, '.cache/kernels');
/** The newest cached tree of a series (6.12 -> .cache/kernels/6.12.117). */
function tree(series: string): string | undefined {
  if (!existsSync(cache)) return undefined;
  const dirs = readdirSync(cache)
    .filter((d) => d.startsWith(`${series}.`) && existsSync(path.join(cache, d, '.complete')))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return dirs.length ? path.join(cache, dirs[dirs.length - 1]) : undefined;
}

const bundle = KVM_ARM64_STAGE2;
const k612 = tree('6.12');
const k7 = ['7.2', '7.3'].map((s) => [s, tree(s)] as const);

if (!k612 || k7.some(([, t]) => !t)) {
  console.log('test/cfront/kernels.test.ts: kernel sources not cached; run scripts/fetch-kernels.sh (skipping the real-kernel tests)');
}

describe.skipIf(!k612)('Linux 6.12 (Debian linux-source-6.12)', () => {
  it('derives baseline state for state under every profile', async () => {
    const { bundle: b, ids } = await bundle.withRuleFiles([k612!]);
    for (const name of Object.keys(bundle.profiles)) {
      const d = computeDiff(b, 'baseline', ids[0], { name, ids: bundle.profiles[name] });
      expect(d.failures, name).toEqual([]);
      expect(d.differing, `profile ${name}`).toBe(0);
      // and Z3, from baseline's own Z3 encoding and the one read off the C
      expect((await z3Agreement(b, 'baseline', ids[0], bundle.profiles[name])).result, `z3 ${name}`).toBe('proved');
    }
  });
});

for (const [series, t] of k7) {
  describe.skipIf(!t)(`Linux ${series} (Debian linux-source-${series})`, () => {
    it('derives; compared with v10 on the 17-field slice it differs only by the removed read-permission prelude', async () => {
      const { bundle: b, ids } = await bundle.withRuleFiles([t!]);
      const d = computeDiff(b, 'v10', ids[0], { name: 'default', ids: bundle.profiles.default });
      expect(d.failures).toEqual([]);
      console.log(`Linux ${path.basename(t!)}: ${d.differing} of ${d.feasible} default-feasible states differ from v10`);
      for (const g of d.groups) expect(b.outcomeLine('v10', g.example)).toMatch(/by prelude-read-perm;/);
      const ta = b.checker.tables.get('v10');
      const tk = b.checker.tables.get(ids[0]);
      const { space } = b.system;
      const [exec, write, perm] = ['fault.exec', 'fault.write', 'fault.perm'].map((f) => space.indexOfField(f));
      const dg = new Int32Array(space.fields.length);
      let outside = 0;
      const [oa, ok] = [ta.outputs, tk.outputs];
      for (let i = 0; i < space.size; i++) {
        let differs = false;
        for (let o = 0; o < ta.width; o++) if (oa[i * ta.width + o] !== ok[i * tk.width + o]) differs = true;
        if (!differs) continue;
        space.digits(i, dg);
        if (!(dg[perm] === 1 && dg[write] === 0 && dg[exec] === 0)) outside++;
      }
      expect(outside).toBe(0);
    });
  });
}

// Three-way for today's kernels: the C of 7.2 and 7.3 against the
// hand-written mainline version 7.2, on the slice the profile describes
// (guest_memfd, nested, exclusive/atomic and protected paths pinned off by
// named environment assumptions): equal on every state, and Z3 agrees.
for (const [series, t] of k7) {
  describe.skipIf(!t)(`Linux ${series} against the hand-written 7.2`, () => {
    it('derives 7.2 state for state on the slice the profile describes, under every profile', async () => {
      const { bundle: b, ids } = await bundle.withRuleFiles([t!]);
      for (const name of Object.keys(bundle.profiles)) {
        const d = computeDiff(b, '7.2', ids[0], { name, ids: bundle.profiles[name] });
        expect(d.failures, name).toEqual([]);
        expect(d.differing, `profile ${name}`).toBe(0);
        expect((await z3Agreement(b, '7.2', ids[0], bundle.profiles[name])).result, `z3 ${name}`).toBe('proved');
      }
    });

    it("check --kernel, as the README runs it: compared with 7.2 by default, every verdict 7.2's on the same states, exit 0", async () => {
      const r = await s2checkIn('check', '--kernel', t!, '--no-prove');
      expect(r.stdout).toMatch(/compared with 7\.2: Linux 7\.\d+\.\d+/);
      for (const name of Object.keys(bundle.profiles)) expect(r.stdout).toMatch(new RegExp(`agrees with 7\\.2 on all \\d+ states feasible for both\\s+\\(profile\\s+${name}\\)`));
      expect(r.stdout).toMatch(/\nsummary: 1 version, (\d+) verdicts, \1 as expected, 0 unexpected\n$/);
      expect(r.status, r.stderr).toBe(0);
    });
  });
}

// docs/commands.md's patch: the memslot check of the newest tree also
// refusing a MIXEDMAP VMA. The states it changes, the C line that decided,
// and the verdicts that moved away from 7.2's.
const newest = k7[k7.length - 1][1];
describe.skipIf(!newest)('a patch to the newest tree, as docs/commands.md shows it', () => {
  it('DIFFERS from 7.2 on newly refused states, decided by the memslot check; the verdicts and counts that moved; exit 1', async () => {
    const tree = mkdtempSync(path.join(os.tmpdir(), 's2check-patched-'));
    cpSync(newest!, tree, { recursive: true });
    const mmu = path.join(tree, 'arch/arm64/kvm/mmu.c');
    const from = 'if (vma->vm_flags & VM_PFNMAP) {';
    const text = readFileSync(mmu, 'utf8');
    expect(text.split(from).length - 1).toBe(1);
    writeFileSync(mmu, text.replace(from, 'if (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) {'));
    // The refusal inside the branch: its first `ret = -EINVAL;` (1-based line).
    const lines = text.split('\n');
    const branch = lines.findIndex((l) => l.includes(from));
    const refusal = lines.findIndex((l, i) => i > branch && l.includes('ret = -EINVAL;')) + 1;
    const [r, all, table] = await Promise.all([
      s2checkIn('check', '--kernel', tree, '--no-prove'),
      s2checkIn('check', '--kernel', tree, '--no-prove', '--format', 'json'),
      s2checkIn('table', '--version', tree, '--where', 'vma.mixedmap & slot.logging & !vma.pfnmap & !vm.mte', '--format', 'jsonl'),
    ]).finally(() => rmSync(tree, { recursive: true, force: true }));
    expect(r.stdout).toMatch(/DIFFERS from 7\.2 on \d+ of \d+ states feasible for both\s+\(profile\s+default\)\n +newly-refused, \d+ states: 7\.2 map NORMAL some exec some tags;\n +memslot ok; C map NORMAL some exec some tags; memslot EINVAL\n/);
    type Line = { id: string; expected: string; verdict: string; asExpected: boolean; base: { version: string; worse: boolean } | null };
    // under end-to-end (the memslot accepted) the newly refused states are 7.2's alone: said, not hidden
    expect(r.stdout).toMatch(/agrees with 7\.2 on all \d+ states feasible for both\s+\(profile\s+end-to-end\)\n +feasible for one only: [1-9]\d* for 7\.2, 0 for the C/);
    expect(JSON.parse(all.stdout).kernels[0].agreement.find((a: { profile: string }) => a.profile === 'end-to-end').feasibleOnlyAgainst).toBeGreaterThan(0);
    const moved = (JSON.parse(all.stdout).versions[0].properties as Line[]).filter((p) => !p.asExpected);
    expect(moved.map((p) => `${p.id} ${p.expected} -> ${p.verdict}${p.base?.worse ? `, worse than ${p.base.version}` : ''}`)).toEqual([
      'linear-mapped-unchanged violated -> violated, worse than 7.2',
      'device-mmio-unchanged violated -> violated, worse than 7.2',
      'memslot-anticipates-fault-errors violated -> holds',
      'release-delta-confined holds -> violated, worse than 7.2',
      'no-dead-rules violated -> holds',
    ]);
    // the C line of the new refusals: the dirty-logging refusal inside the widened
    // branch (an MTE VM's slot is refused before it, by the MTE check), in the report
    expect(r.stdout).toMatch(new RegExp(`C: fault map NORMAL exec by kvm_s2_fault_map:\\d+; memslot EINVAL by\\s+kvm_arch_prepare_memory_region:${refusal}\\n`));
    // and on every such state
    const rules = new Set(table.stdout.trim().split('\n').map((l) => JSON.parse(l).memslotRule));
    expect([...rules]).toEqual([`kvm_arch_prepare_memory_region:${refusal}`]);
    expect(r.status).toBe(1);
  });
});

// docs/commands.md, "Checking a kernel patch": the worked example runs as
// written on the tree it names. The shell lines run as written (the patch
// in a temporary directory instead of /tmp/linux); every line shown under
// an `npx s2check` command appears in its output, in order ("..." stands
// for lines left out).
const DOC = path.join(repoRoot, 'docs/commands.md');
const section = readFileSync(DOC, 'utf8').split('\n## Checking a kernel patch')[1].split('\n## ')[0];
const named = [...section.matchAll(/\.cache\/kernels\/([\d.]+)/g)].map((m) => m[1]);
const docTree = path.join(cache, named[0] ?? 'none');
if (!existsSync(path.join(docTree, '.complete')) && newest) {
  // The archive moved on (a newer package): the example names a tree the fetch no longer gets.
  console.log(`test/cfront/kernels.test.ts: docs/commands.md's kernel example names ${path.basename(docTree)}, the cache has ${path.basename(newest)}: run the example there and update the document (skipping it)`);
}
describe.skipIf(!existsSync(path.join(docTree, '.complete')))(`docs/commands.md's kernel example on ${path.basename(docTree)}`, () => {
  it('runs as written: every line shown, in order', async () => {
    const scratch = mkdtempSync(path.join(os.tmpdir(), 's2check-doc-'));
    // The blocks of a session (the first line a `$` prompt), each command with the lines under it.
    const sessions = [...section.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.startsWith('$ '));
    const steps = sessions.flatMap((b) => b.replace(/\n$/, '').split(/\n(?=\$ )/));
    expect(steps.filter((s) => s.startsWith('$ npx s2check ')).length).toBe(3);
    try {
      for (const step of steps) {
        const [command, ...shown] = step.replace(/\/tmp\/linux/g, `${scratch}/linux`).split('\n');
        if (command.startsWith('$ scripts/fetch-kernels.sh')) continue; // the cache is there already
        if (!command.startsWith('$ npx s2check ')) {
          const r = await runCommand('bash', ['-c', command.slice(2)]);
          expect(r.status, `${command}: ${r.stderr}`).toBe(0);
          continue;
        }
        const out = (await s2checkIn(...command.slice('$ npx s2check '.length).split(' '))).stdout.split('\n');
        let at = 0;
        for (const line of shown.filter((l) => l.trim() !== '...')) {
          const found = out.indexOf(line, at);
          expect(found, `${command}: "${line}" (in order)`).toBeGreaterThanOrEqual(0);
          at = found + 1;
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
