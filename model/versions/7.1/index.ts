// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { NESTED, PRELUDE } from '../../vocabulary.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { reworkSites } from '../kernel-sites.ts';
import { z3Rules } from './z3.ts';

export const v7_1: RuleVersion = {
  meta: {
    id: '7.1',
    title: "Linux 7.1: rework, protected VMs, FEAT_XNX fixed",
    date: '2026-06-14',
    source: "Linux 7.2.13 (Debian linux-source-7.2) for every function, identical to an amazonlinux 7.1 tree apart from an out-of-tree erratum and the memslot guest_memfd/MTE test (7.2)",
    commits: "Marc Zyngier, \"Combined user_mem_abort() rework\" (Fuad Tabba's kvm_s2_fault_* patches): e314a4dbdb8b, adb70b3a8b31, 84699747aa55 \"Hoist MTE validation check out of MMU lock path\", e9550374d13a; Will Deacon, pKVM protected guests v5: ea03466e806f \"Handle aborts from protected VMs\", f0877a1455cc \"Prevent unsupported memslot operations on protected VMs\", 8800dbf6614a \"Allow userspace to create protected VMs when pKVM is enabled\"; Oliver Upton, \"nv: Fixes for FEAT_XNX (and the lack thereof)\" v2 (tag kvmarm-fixes-7.1-5): 49b32ddb87a3 (XN[0] decode), 17f073f78fc4 \"Correctly identify executable PTEs at stage-2\" (reported by Sashiko)",
    layer: 'xnx',
    summary: "Three changes. Marc Zyngier folds Fuad Tabba's rework of user_mem_abort() into kvm_s2_fault_* helpers for readability (the MTE check now fails before mmu_lock): same tests, same order of returns. Will Deacon adds pKVM protected VMs: pkvm_mem_abort() pins the page with pin_user_pages() and maps it Normal RWX whatever the VMA (EFAULT when GUP refuses the VMA or the pin fails, EIO for a page-cache page); the memslot check refuses dirty logging with EPERM. Oliver Upton fixes both FEAT_XNX bugs: without FEAT_XNX only XN[1] counts, and any executable entry gets I-cache maintenance.",
    domain: ['vm.protected', 'pfn.pin', 'slot.gmem', 'fault.exclAtomic', 'fault.nested', 'nested.xn', 'vm.xnx'],
    previous: '7.0',
    kernel: reworkSites(faultRules),
    // Release delta: nested faults (the two fixes); protected VMs are outside 7.0's domain.
    delta: NESTED,
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
