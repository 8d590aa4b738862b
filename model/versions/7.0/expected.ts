// Expected verdicts under the default profile (mainline.md sections 9 and
// 10), each violation with its reason in the kernel history.

import type { Expectations } from '../../version.ts';

export const expected: Expectations = {
  'cmo-needs-linear-map': { verdict: 'holds' },
  'unmapped-cacheable-needs-fwb-dic': { verdict: 'holds' },
  'no-upgrade-of-noncacheable': { verdict: 'holds' },
  'no-degrade-of-cacheable-unmapped': { verdict: 'holds' },
  'no-exec-request-on-noncacheable': { verdict: 'holds' },
  'normal-nc-needs-opt-in': { verdict: 'holds' },
  'mte-only-on-tag-capable': {
    verdict: 'violated',
    reason: "guest_memfd on an MTE VM is mapped Normal whatever vma.mteAllowed (the VMA is not the backing); 7.2 refuses it at memslot registration only, which default does not assume",
  },
  'mte-tags-sanitised': {
    verdict: 'violated',
    reason: "gmem_abort() never calls sanitise_mte_tags(); 7.2's memslot refusal shows only under end-to-end",
  },
  'sanitise-needs-struct-page': {
    verdict: 'violated',
    reason: "as v10: MTE sanitising can run on a MIXEDMAP pfn without struct page",
  },
  'seed-no-cacheable-without-struct-page-unless-fwb': { verdict: 'holds' },
  'seed-no-cacheable-under-vm-io': {
    verdict: 'violated',
    reason: "as v10 (nvgrace-usemem is VM_IO and mapped Normal-WB); also guest_memfd under a VM_IO VMA",
  },
  'seed-exec-allowed-on-normal-cacheable': { verdict: 'holds' },
  'ordinary-vmas-unchanged': {
    verdict: 'violated',
    reason: "6.18 removed the read-permission prelude: a permission fault that is neither a write nor an exec is now mapped where the baseline failed it with EFAULT",
  },
  'linear-mapped-unchanged': {
    verdict: 'violated',
    reason: "as v10 (cacheable PFNMAP of RAM refused without FWB/DIC) plus the removed prelude",
  },
  'device-mmio-unchanged': {
    verdict: 'violated',
    reason: "prelude removed: a Device/NC read permission fault is now mapped, where the baseline failed it with EFAULT",
  },
  'mixedmap-like-pfnmap': { verdict: 'holds' },
  'memslot-anticipates-fault-errors': {
    verdict: 'violated',
    reason: "as v10 (MIXEDMAP is not checked at memslot time)",
  },
  'nested-exec-within-guest-s2': {
    verdict: 'violated',
    reason: "the XN[0] decode bug of 6.19 is still there (fixed in 7.1 and 7.0.13)",
  },
  'nested-exec-perm-fault-forwarded': {
    verdict: 'violated',
    reason: "the XN[0] decode bug of 6.19 is still there",
  },
  'icache-maintained-when-executable': {
    verdict: 'violated',
    reason: "the I-cache bug of 6.19 is still there",
  },
  'xn-partial-needs-xnx': { verdict: 'holds' },
  'excl-atomic-never-maps': {
    verdict: 'violated',
    reason: "gmem_abort() has no FSC 0x35 handling: a guest_memfd page is mapped and the guest refaults (whether intended is UNCONFIRMED)",
  },
  'gmem-never-meets-mte': {
    verdict: 'violated',
    reason: "the memslot check accepts a guest_memfd slot on an MTE VM (with VM_MTE_ALLOWED), and gmem_abort() maps it without sanitising tags",
  },
  'gmem-always-normal': { verdict: 'holds' },
  'protected-memory-normal-rwx': {
    verdict: 'vacuous',
    reason: "no protected VMs before 7.1 (vm.protected is not in the domain)",
  },
  'protected-no-device-memory': {
    verdict: 'vacuous',
    reason: "no protected VMs before 7.1 (vm.protected is not in the domain)",
  },
  'protected-memslot-no-dirty-logging': {
    verdict: 'vacuous',
    reason: "no protected VMs before 7.1 (vm.protected is not in the domain)",
  },
  'release-delta-confined': { verdict: 'holds' },
  'total': { verdict: 'holds' },
  'encodings-agree': { verdict: 'holds' },
  'no-dead-rules': {
    verdict: 'violated',
    reason: "memslot/pfnmap-logging is dead under default only because the soft assumption no-logging-on-pfnmap states what that check enforces",
  },
};
