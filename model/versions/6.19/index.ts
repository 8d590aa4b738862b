// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { NESTED, PRELUDE } from '../../vocabulary.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { dispatchSites } from '../kernel-sites.ts';
import { z3Rules } from './z3.ts';

export const v6_19: RuleVersion = {
  meta: {
    id: '6.19',
    title: "Linux 6.19: FEAT_XNX for nested guests (XN[0] and I-cache bugs)",
    date: '2026-02-08',
    source: "Linux 7.0 arch/arm64/kvm/mmu.c and nested.c minus the two 7.0 changes 2937aeec9dc5 and e07fc9e2da91 (the 6.19 text itself was not read: UNCONFIRMED); buggy helpers also read in a 7.1-rc kvm_nested.h",
    commits: "KVM 6.19 pull (4 Dec 2025); Oliver Upton, \"KVM: arm64: nv: Implement FEAT_XNX and FEAT_HAF\": dc31124379b6 \"arm64: Detect FEAT_XNX\", 2608563b466b \"KVM: arm64: Add support for FEAT_XNX stage-2 permissions\", d93febe2ed2e \"KVM: arm64: nv: Forward FEAT_XNX permissions to the shadow stage-2\", 5aef6974ec47 \"KVM: arm64: nv: Advertise support for FEAT_XNX\"",
    layer: 'xnx-icache-both',
    summary: "Oliver Upton lets a guest hypervisor use separate EL0/EL1 execute permissions in its stage 2 (FEAT_XNX): the shadow entry gets UX and PX, stripped by the guest descriptor (adjust_nested_exec_perms()), and an exec permission fault is forwarded when the faulting EL may not execute. Two bugs shipped: without FEAT_XNX the decoder clears XN (u8 & BIT(54)), so the guest XN is ignored (49b32ddb87a3, CVE-2026-53200), and stage2_pte_executable() tests both XN bits, so UX-only/PX-only entries get no I-cache maintenance (17f073f78fc4). The eager DIC exec is no longer gated by the guest XN.",
    domain: ['slot.gmem', 'fault.exclAtomic', 'fault.nested', 'nested.xn', 'vm.xnx'],
    previous: '6.18',
    kernel: dispatchSites(faultRules),
    // Release delta: nested faults.
    delta: NESTED,
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
