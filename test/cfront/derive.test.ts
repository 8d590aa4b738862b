// The C front end on kernel-shaped fixtures we wrote (test/cfront/fixtures):
// each era derives the hand-written version of its era state for state;
// one-token mutants are caught as disagreements naming states and the C
// line; bad input is one line with the right error.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { deriveKernel } from '../../model/kernel/derive.ts';
import { KVM_ARM64_MMU } from '../../model/kernel/profile.ts';
import { findVersion } from '../../model/versions/index.ts';
import { checkCached, computeDiff } from '../../src/compare/diff.ts';
import { CFrontError, InconclusiveError } from '../../src/cfront/errors.ts';
import { z3Agreement } from '../../src/cli/commands/kernel-z3.ts';
import { tableAgreement } from '../../src/cli/commands/kernel.ts';
import { s2checkIn } from '../helpers/run.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string) => path.join(here, 'fixtures', name);
const read = (name: string) => readFileSync(fixture(name), 'utf8');
const tmp = mkdtempSync(path.join(os.tmpdir(), 's2check-cfront-'));

const bundle = KVM_ARM64_STAGE2;

/** States (of the whole space) where a and b decide differently, inside and outside the read-permission prelude. */
function preludeOnly(b: typeof bundle, a: string, c: string): { outside: number; inside: number } {
  const ta = b.checker.tables.get(a);
  const tc = b.checker.tables.get(c);
  const { space } = b.system;
  const [exec, write, perm] = ['fault.exec', 'fault.write', 'fault.perm'].map((f) => space.indexOfField(f));
  const d = new Int32Array(space.fields.length);
  let outside = 0;
  let inside = 0;
  // The flat arrays once (each .outputs is a getter).
  const [oa, oc] = [ta.outputs, tc.outputs];
  for (let i = 0; i < space.size; i++) {
    let differs = false;
    for (let o = 0; o < ta.width; o++) if (oa[i * ta.width + o] !== oc[i * tc.width + o]) differs = true;
    if (!differs) continue;
    space.digits(i, d);
    if (d[perm] === 1 && d[write] === 0 && d[exec] === 0) inside++;
    else outside++;
  }
  return { outside, inside };
}
const profiles = Object.keys(bundle.profiles).map((name) => ({ name, ids: bundle.profiles[name] }));

describe('fixtures of each era derive their hand-written version', () => {
  it('6.12-style single function = baseline, 7.x-style differs from v10 only by the prelude', async () => {
    const files = ['era-6.12.c', 'era-6.17.c', 'era-7.x.c'].map(fixture);
    const { bundle: b, ids } = await bundle.withRuleFiles(files);
    expect(ids).toEqual(['kernel-era-6.12', 'kernel-era-6.17', 'kernel-era-7.x']);
    for (const p of profiles) {
      expect(computeDiff(b, 'baseline', ids[0], p).differing, `6.12 ${p.name}`).toBe(0);
      expect(computeDiff(b, 'v10', ids[1], p).differing, `6.17 ${p.name}`).toBe(0);
    }
    // the third encoding against the second: v10's own Z3 rules and the C's
    expect((await z3Agreement(b, 'v10', ids[1], bundle.profiles.default)).result).toBe('proved');
    expect((await z3Agreement(b, 'v10', ids[2], bundle.profiles.default)).result).toBe('refuted');
    const d = computeDiff(b, 'v10', ids[2], { name: 'default', ids: bundle.profiles.default });
    expect(d.differing).toBeGreaterThan(0);
    for (const g of d.groups) expect(b.outcomeLine('v10', g.example)).toMatch(/by prelude-read-perm;/);
    // state for state: the decisions differ exactly where v10 has the prelude
    expect(preludeOnly(b, 'v10', ids[2])).toEqual({ outside: 0, inside: expect.any(Number) });
  });

  it('the 7.x dispatcher pins off guest_memfd, pKVM and exclusive/atomic faults by named assumptions', async () => {
    const d = await deriveKernel(fixture('era-7.x.c'));
    const used = d.environment.filter((e) => e.used && e.pinsOff).map((e) => e.id);
    expect(used).toEqual(expect.arrayContaining(['no-protected-vm', 'no-guest-memfd', 'no-excl-atomic-fault']));
    expect(d.version.faultRules.every((r) => /^[a-z_0-9]+:\d+$/.test(r))).toBe(true);
    // no release known: its split helpers say mainline, the newest version stands for it
    expect(d.against.id).toBe('7.2');
  });
});

describe('the hand-written version a tree is compared with', () => {
  it('by release: baseline before 6.17, v10 in 6.17, then the mainline version of the release or the newest before it', () => {
    const features = { splitFault: true, gmemAbort: true, vmaCacheable: true };
    const cases = [
      ['6.12.117', 'baseline'],
      ['6.16', 'baseline'],
      ['6.17.3', 'v10'],
      ['6.18', '6.18'],
      ['6.19.2', '6.19'],
      ['7.0', '7.0'],
      ['7.1.5', '7.1'],
      ['7.2.13', '7.2'],
      ['7.3.4', '7.2'],
      ['7.4', '7.2'],
    ];
    expect(cases.map(([release]) => KVM_ARM64_MMU.against(release, features).id)).toEqual(cases.map(([, id]) => id));
    expect(KVM_ARM64_MMU.against('7.3.4', features).why).toMatch(/decides as 7\.2 \(7\.3 is its alias\)/);
    expect(KVM_ARM64_MMU.against('7.4', features).why).toMatch(/7\.2 is the newest mainline version written/);
  });

  it("by the code's features when the release is unknown: baseline, v10, or the newest mainline version", () => {
    const f = (splitFault: boolean, gmemAbort: boolean, vmaCacheable: boolean) => KVM_ARM64_MMU.against(undefined, { splitFault, gmemAbort, vmaCacheable }).id;
    expect([f(false, false, false), f(false, false, true), f(false, true, true), f(true, true, true)]).toEqual(['baseline', 'v10', '7.2', '7.2']);
  });

  it("the mainline versions decide alike on the series' 17 fields (why the newest stands for an unknown mainline release)", () => {
    const mainline = bundle.versions.filter((v) => v.previous !== undefined).map((v) => v.id);
    expect(mainline).toEqual(['6.18', '6.19', '7.0', '7.1', '7.2']);
    for (let i = 1; i < mainline.length; i++) {
      for (const [name, ids] of Object.entries(bundle.profiles)) {
        const a = tableAgreement(bundle, mainline[i - 1], mainline[i], ids);
        expect([a.differing, a.onlyA, a.onlyB], `${mainline[i - 1]} -> ${mainline[i]} (${name})`).toEqual([0, 0, 0]);
      }
    }
  });

  it("is what the derived version reads as: that version's release and delta, and its verdicts counted on the derived version's space", async () => {
    const d = await deriveKernel(fixture('era-7.x.c'), { against: 'mainline' });
    const v72 = findVersion('7.2')!;
    expect(d.against.id).toBe('7.2');
    expect(d.version.meta).toMatchObject({ previous: '7.1', expectsVerdictsOf: '7.2' });
    expect(d.version.meta.delta).toBe(v72.meta.delta);
    // 7.2's verdicts on the series' 17 fields are not all those it declares for its own 24
    const counted = checkCached(bundle.checker, '7.2', bundle.profiles.default);
    expect(counted.properties.filter((p) => p.verdict !== 'pending' && v72.expected[p.id]?.verdict !== p.verdict).map((p) => p.id).length).toBeGreaterThan(0);
    // In the same process, another --against derives again.
    const old = await s2checkIn('check', '--kernel', fixture('era-7.x.c'), '--against', 'v10', '--no-prove', '--format', 'json');
    expect(JSON.parse(old.stdout).kernels[0].against).toBe('v10');
    const r = await s2checkIn('check', '--kernel', fixture('era-7.x.c'), '--no-prove', '--format', 'json');
    expect(JSON.parse(r.stdout).kernels[0].against).toBe('7.2');
    const lines: Array<{ id: string; expected: string; asExpected: boolean }> = JSON.parse(r.stdout).versions[0].properties;
    expect(lines.map((p) => [p.id, p.expected])).toEqual(counted.properties.map((p) => [p.id, p.verdict === 'pending' ? 'holds' : p.verdict]));
    // the fixture decides as 7.2 on those fields: every verdict as expected
    expect(lines.filter((p) => !p.asExpected)).toEqual([]);
    expect(r.status, r.stderr).toBe(0);
  });

  it("a change flags the verdicts that moved away from the compared version's", async () => {
    const text = read('era-7.x.c').replace('if (!s2vi->mte_allowed)', 'if (s2vi->mte_allowed)');
    const f = path.join(tmp, 'mte-negated-era-7.x.c');
    writeFileSync(f, text);
    const r = await s2checkIn('check', '--kernel', f, '--against', '7.2', '--no-prove');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/DIFFERS from 7\.2/);
    // 7.2 declares mte-only-on-tag-capable violated for its own space (guest_memfd): here it held
    // (and 7.2 is its base: the violating states are counted against 7.2's)
    expect(r.stdout).toMatch(
      /mte-only-on-tag-capable +violated +!\n.*\n +WORSE than base 7\.2: 0 -> \d+ violating states\n +UNEXPECTED: expected holds, found violated\.\n.*\n +expectation said: 7\.2's verdict on these states\n/,
    );
  });
});

// One-token mutants: [fixture, what, from, to]
const MUTANTS: ReadonlyArray<readonly [string, string, string, string]> = [
  ['era-6.17.c', 'negated condition', 'if (mte_allowed) {', 'if (!mte_allowed) {'],
  ['era-6.17.c', 'dropped | VM_MIXEDMAP', 'vm_flags & (VM_PFNMAP | VM_MIXEDMAP)', 'vm_flags & (VM_PFNMAP)'],
  ['era-6.17.c', 'NC and DEVICE swapped', 'prot |= KVM_PGTABLE_PROT_NORMAL_NC;\n\t\telse\n\t\t\tprot |= KVM_PGTABLE_PROT_DEVICE;', 'prot |= KVM_PGTABLE_PROT_DEVICE;\n\t\telse\n\t\t\tprot |= KVM_PGTABLE_PROT_NORMAL_NC;'],
  ['era-6.17.c', 'deleted return -EFAULT', 'if (!kvm_supports_cacheable_pfnmap())\n\t\t\t\treturn -EFAULT;', 'if (!kvm_supports_cacheable_pfnmap())\n\t\t\t\t;'],
  ['era-6.17.c', '&& -> ||', 'if (exec_fault && s2_force_noncacheable)', 'if (exec_fault || s2_force_noncacheable)'],
  ['era-6.17.c', 'DIC -> FWB cap', 'cpus_have_final_cap(ARM64_HAS_CACHE_DIC)', 'cpus_have_final_cap(ARM64_HAS_STAGE2_FWB)'],
  ['era-6.17.c', 'memslot: dropped !', 'kvm_vma_is_cacheable(vma) && !kvm_supports_cacheable_pfnmap()', 'kvm_vma_is_cacheable(vma) && kvm_supports_cacheable_pfnmap()'],
  ['era-6.17.c', 'memslot: PFNMAP -> MIXEDMAP', 'if (vma->vm_flags & VM_PFNMAP) {', 'if (vma->vm_flags & VM_MIXEDMAP) {'],
  ['era-6.17.c', 'ENOEXEC -> EFAULT', 'return -ENOEXEC;', 'return -EFAULT;'],
  ['era-6.12.c', 'kvm_is_device_pfn without !', 'return !pfn_is_map_memory(pfn);', 'return pfn_is_map_memory(pfn);'],
  ['era-6.12.c', '&& -> || (device exec)', 'if (exec_fault && device)', 'if (exec_fault || device)'],
  ['era-6.12.c', 'no sanitising', 'sanitise_mte_tags(kvm, pfn, vma_pagesize);', ';'],
  ['era-7.x.c', 'map_non_cacheable = false', 's2vi->map_non_cacheable = true;', 's2vi->map_non_cacheable = false;'],
  ['era-7.x.c', 'mte check negated', 'if (!s2vi->mte_allowed)', 'if (s2vi->mte_allowed)'],
];

describe('one-token mutants are caught with the states and the C line', () => {
  it(`${MUTANTS.length} mutants each disagree with their era's version`, async () => {
    const files = MUTANTS.map(([file, , from, to], i) => {
      const text = read(file);
      expect(text.includes(from), `mutant ${i}: '${from}' in ${file}`).toBe(true);
      const f = path.join(tmp, `m${i}-${file}`);
      writeFileSync(f, text.replace(from, to));
      return f;
    });
    const eras = ['era-6.12.c', 'era-6.17.c', 'era-7.x.c'].map(fixture);
    const { bundle: b, ids } = await bundle.withRuleFiles([...eras, ...files]);
    const { space } = b.system;
    for (const [i, [file, what]] of MUTANTS.entries()) {
      // compared with the unmutated fixture's derivation (= its era's version, checked above)
      const ref = ids[['era-6.12.c', 'era-6.17.c', 'era-7.x.c'].indexOf(file)];
      const mutant = ids[3 + i];
      const ta = b.checker.tables.get(ref);
      const tm = b.checker.tables.get(mutant);
      let first = -1;
      let n = 0;
      const [oa, om] = [ta.outputs, tm.outputs];
      for (let s = 0; s < space.size; s++) {
        for (let o = 0; o < ta.width; o++) {
          if (oa[s * ta.width + o] !== om[s * tm.width + o]) {
            if (first < 0) first = s;
            n++;
            break;
          }
        }
      }
      expect(n, what).toBeGreaterThan(0);
      // the state, and the C line (rule function:line) that decided it in the mutant
      expect(b.outcomeLine(mutant, first), what).toMatch(/ by [a-z_0-9]+:\d+;/);
    }
  });
});

describe('the macro table', () => {
  it('attribute macros, scoped_guard blocks and KVM_PGT_FN wrappers parse and keep the decision', async () => {
    const text = read('era-6.17.c')
      .replace('static bool kvm_vma_mte_allowed(', 'static __always_inline bool kvm_vma_mte_allowed(')
      .replace('\tif (writable)\n\t\tprot |= KVM_PGTABLE_PROT_W;', '\tscoped_guard(spinlock, &kvm->lock) {\n\t\tif (writable)\n\t\t\tprot |= KVM_PGTABLE_PROT_W;\n\t}')
      .replace('\tcase MT_DEVICE_nGnRE:\n', '\tcase MT_DEVICE_nGnRE:\n\t\tfallthrough;\n');
    expect(text).toContain('scoped_guard(spinlock');
    const f = path.join(tmp, 'macros.c');
    writeFileSync(f, text);
    const { bundle: b, ids } = await bundle.withRuleFiles([f]);
    expect(computeDiff(b, 'v10', ids[0], { name: 'hard', ids: bundle.profiles.hard }).differing).toBe(0);
  });
});

describe('bad input: one line, the right error', () => {
  const derive = (text: string, name = 'bad.c') => deriveKernel(path.join(tmp, name), { text, shown: name });
  const base = read('era-6.17.c');

  it('an unmapped condition the outcome depends on is inconclusive, with file:line and the expression', async () => {
    const text = base.replace('if (exec_fault && s2_force_noncacheable)', 'if (exec_fault && vma_is_special(memslot))');
    const e = await derive(text).catch((x) => x);
    expect(e).toBeInstanceOf(InconclusiveError);
    const lines = (e as InconclusiveError).lines;
    expect(lines[0]).toMatch(/^bad\.c:\d+: user_mem_abort\(\): the outcome depends on 'vma_is_special\(/);
    expect(lines.some((l) => /it splits \d+ states, e\.g\. /.test(l))).toBe(true);
    expect(lines.every((l) => l.length <= 75 || l === lines[0])).toBe(true);
    expect(lines.join(' ')).toMatch(/map the expression in model\/kernel\/profile\.ts/);
  });

  it('an unmapped condition the outcome does not depend on is set aside and listed', async () => {
    const text = base.replace('if (writable)', 'if (writable && page_is_young(pfn))');
    const d = await derive(text);
    expect(d.neutral.some((u) => u.text.startsWith('page_is_young('))).toBe(true);
  });

  const cases: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['unsupported construct', base.replace('kvm_fault_lock(kvm);', 'while (retry_needed(kvm)) cpu_relax();'), /^bad\.c:\d+: loop in user_mem_abort\(\) at line \d+: the profile does not settle/],
    ['missing function', base.replace('int kvm_arch_prepare_memory_region(', 'int kvm_arch_prepare_memory_region_old('), /^bad\.c: function kvm_arch_prepare_memory_region\(\) not found/],
    ['#ifdef inside the function', base.replace('\tkvm_fault_lock(kvm);', '#ifdef CONFIG_KVM_FOO\n\tkvm_fault_lock(kvm);\n#endif'), /^bad\.c:\d+: #ifdef CONFIG_KVM_FOO inside user_mem_abort\(\): the profile assumes no value/],
    ['not C', 'This is a mail, not a C file.\nRegards,\n', /^bad\.c:1: not a C source file/],
    ['empty file', '  \n', /^bad\.c: empty file$/],
    ['a syntax error in a function', base.replace('if (exec_fault && s2_force_noncacheable)', 'if (exec_fault && s2_force_noncacheable'), /^bad\.c:\d+: syntax error in user_mem_abort\(\)/],
  ];
  for (const [what, text, re] of cases) {
    it(what, async () => {
      const e = await derive(text).catch((x) => x);
      expect(e).toBeInstanceOf(CFrontError);
      expect((e as Error).message).toMatch(re);
      expect((e as Error).message).not.toMatch(/\n/);
    });
  }

  it('a 5 MB file', async () => {
    const big = path.join(tmp, 'big.c');
    writeFileSync(big, `${base}\n${'/* padding */\n'.repeat(400_000)}`);
    const e = await deriveKernel(big).catch((x) => x);
    expect(e).toBeInstanceOf(CFrontError);
    expect((e as Error).message).toMatch(/big\.c: 5\.\d MB is more than the 4 MB a source file may have/);
  });
});
