// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { fault as abort } from '../../vocabulary.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { dispatchSites } from '../kernel-sites.ts';
import { z3Rules } from './z3.ts';

export const v7_0: RuleVersion = {
  meta: {
    id: '7.0',
    title: "Linux 7.0: unsupported exclusive/atomic accesses injected",
    date: '2026-04-12',
    source: "Linux 7.0 arch/arm64/kvm/mmu.c and nested.c (read from a WSL2 7.0 tree)",
    commits: "KVM 7.0 pull (13 Feb 2026): 2937aeec9dc5 \"KVM: arm64: Handle DABT caused by LS64* instructions on unsupported memory\" (Yicong Yang, Zhou Wang), f174a9ffcd48 (LD/ST64B outside memslots exit to userspace, Marc Zyngier), 151b92c92a45 (FEAT_LS64 exposed to guests); e07fc9e2da91 \"Fix page leak in user_mem_abort() on atomic fault\" (no outcome change)",
    layer: 'xnx-icache-both',
    summary: "HiSilicon (Yicong Yang, Zhou Wang) asked for LS64 in guests: an LD64B/ST64B or atomic to memory whose type does not support it raises DFSC 0x35, which is the guest's error, so the FSC filter lets it through and user_mem_abort() injects a data abort back into the guest (after the cacheable-NONMAP EFAULT and the ENOEXEC test, before the MTE check) instead of failing KVM_RUN. gmem_abort() has no such handling: it maps (analysis: the guest refaults). The FEAT_XNX bugs of 6.19 remain.",
    domain: ['slot.gmem', 'fault.exclAtomic', 'fault.nested', 'nested.xn', 'vm.xnx'],
    previous: '6.19',
    kernel: dispatchSites(faultRules),
    // Release delta: FSC 0x35 faults.
    delta: abort.exclAtomic,
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
