// Expected verdicts under the default profile, one per property, each
// violation with its reason in the kernel history (a litmus Result: line).

import type { Expectations } from '../../version.ts';

export const expected: Expectations = {
  'cmo-needs-linear-map': {
    verdict: 'violated',
    reason: "v2 drops kvm_is_device_pfn: a valid but non-linear-mapped pfn with a Normal type is mapped Normal without FWB",
  },
  'unmapped-cacheable-needs-fwb-dic': {
    verdict: 'violated',
    reason: "same: only pfn_valid is tested, not pfn_is_map_memory",
  },
  'no-upgrade-of-noncacheable': { verdict: 'holds' },
  'no-degrade-of-cacheable-unmapped': {
    verdict: 'violated',
    reason: "mapping_type_normal_cacheable is exactly NORMAL/NORMAL_TAGGED: an OTHER-typed (cacheable) VMA outside the linear map becomes DEVICE/NC",
  },
  'no-exec-request-on-noncacheable': { verdict: 'holds' },
  'normal-nc-needs-opt-in': { verdict: 'holds' },
  'mte-only-on-tag-capable': {
    verdict: 'violated',
    reason: "versions.md: MTE without VM_MTE_ALLOWED sets noncacheable, which skips the MTE EFAULT but not the Normal attribute (V2-F5)",
  },
  'mte-tags-sanitised': {
    verdict: 'violated',
    reason: "same: mapped Normal without sanitising",
  },
  'sanitise-needs-struct-page': { verdict: 'holds' },
  'seed-no-cacheable-without-struct-page-unless-fwb': { verdict: 'holds' },
  'seed-no-cacheable-under-vm-io': {
    verdict: 'violated',
    reason: "noncacheable does not select the attribute: a VM_IO Normal-typed VMA is still mapped Normal, against v2's own commit message",
  },
  'seed-exec-allowed-on-normal-cacheable': {
    verdict: 'violated',
    reason: "exec is refused on noncacheable (e.g. MTE without VM_MTE_ALLOWED) while the data fault maps Normal",
  },
  'ordinary-vmas-unchanged': {
    verdict: 'violated',
    reason: "anonymous RAM of an MTE VM without VM_MTE_ALLOWED: baseline EFAULT, v2 maps Normal (V2-F5)",
  },
  'linear-mapped-unchanged': {
    verdict: 'violated',
    reason: "same state, linear-mapped",
  },
  'device-mmio-unchanged': {
    verdict: 'violated',
    reason: "the !FWB && !pfn_valid EINVAL refuses device MMIO on non-FWB hosts",
  },
  'mixedmap-like-pfnmap': { verdict: 'holds' },
  'memslot-anticipates-fault-errors': {
    verdict: 'violated',
    reason: "the fault-time EINVAL (no FWB, no struct page) has no memslot counterpart",
  },
  'nested-exec-within-guest-s2': { verdict: 'vacuous' },
  'nested-exec-perm-fault-forwarded': { verdict: 'vacuous' },
  'icache-maintained-when-executable': { verdict: 'holds' },
  'xn-partial-needs-xnx': { verdict: 'vacuous' },
  'excl-atomic-never-maps': { verdict: 'vacuous' },
  'gmem-never-meets-mte': { verdict: 'vacuous' },
  'gmem-always-normal': { verdict: 'vacuous' },
  'protected-memory-normal-rwx': { verdict: 'vacuous' },
  'protected-no-device-memory': { verdict: 'vacuous' },
  'protected-memslot-no-dirty-logging': { verdict: 'vacuous' },
  'release-delta-confined': { verdict: 'vacuous' },
  'total': { verdict: 'holds' },
  'encodings-agree': { verdict: 'holds' },
  'no-dead-rules': {
    verdict: 'violated',
    reason: "versions.md: the MTE EFAULT is unreachable (noncacheable already covers MTE without VM_MTE_ALLOWED); memslot/pfnmap-logging is dead under the soft no-logging-on-pfnmap",
  },
};
