// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { NESTED, PRELUDE } from '../../vocabulary.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { dispatchSites } from '../kernel-sites.ts';
import { z3Rules } from './z3.ts';

export const v6_18: RuleVersion = {
  meta: {
    id: '6.18',
    title: "Linux 6.18: guest_memfd slots, prelude removed",
    date: '2025-11-30',
    source: "Linux 6.18 arch/arm64/kvm/mmu.c (read from a Xilinx linux-xlnx tree that carries the 6.19 SEA backport, off the decision path)",
    commits: "KVM/arm64 6.18 pull (3 Oct 2025); guest_memfd mmap series (Fuad Tabba, v17 posted by Sean Christopherson): \"KVM: arm64: Refactor user_mem_abort()\", \"KVM: arm64: Handle guest_memfd-backed guest page faults\", \"KVM: arm64: nv: Handle VNCR_EL2-triggered faults backed by guest_memfd\", \"KVM: arm64: Enable support for guest_memfd backed memory\" (32e200bd6e44, UNCONFIRMED hash); 5f9466b50c1b \"Fix page leak in user_mem_abort()\" (no outcome change)",
    layer: 'nc',
    summary: "guest_memfd-backed memslots for non-CoCo VMs (host-mappable guest_memfd; groundwork for removing guest memory from the direct map, asked for by Firecracker \"secret hiding\"): gmem_abort() maps Normal-WB with no VMA attribute, no ENOEXEC, no MTE refusal and no tag sanitising; the memslot check refuses a guest_memfd without mmap. The Refactor patch (reviewed by Gavin Shan, Marc Zyngier) turned the read-permission prelude into a VM_WARN_ON_ONCE in kvm_handle_guest_abort(): such a fault now goes through the pipeline (who asked: UNCONFIRMED). FSC 0x35 is refused by the FSC filter (EFAULT). Nested: an exec permission fault is forwarded when the guest stage 2 sets XN[1]; the eager DIC exec is gated by it.",
    domain: ['slot.gmem', 'fault.exclAtomic', 'fault.nested', 'nested.xn'],
    previous: 'v10',
    kernel: dispatchSites(faultRules),
    // Release delta: the prelude states (the removal).
    delta: PRELUDE,
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
