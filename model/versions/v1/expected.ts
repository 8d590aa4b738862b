// Expected verdicts under the default profile, one per property, each
// violation with its reason in the kernel history (a litmus Result: line).

import type { Expectations } from '../../version.ts';

export const expected: Expectations = {
  'cmo-needs-linear-map': {
    verdict: 'violated',
    reason: "the attribute comes from the VMA type; a valid pfn outside the linear map is mapped Normal without FWB and cleaned through a missing alias",
  },
  'unmapped-cacheable-needs-fwb-dic': {
    verdict: 'violated',
    reason: "v1 tests only !FWB && no struct page (the KVA test); a valid non-linear-mapped pfn is mapped Normal without FWB/DIC",
  },
  'no-upgrade-of-noncacheable': { verdict: 'holds' },
  'no-degrade-of-cacheable-unmapped': { verdict: 'holds' },
  'no-exec-request-on-noncacheable': {
    verdict: 'violated',
    reason: "versions.md 0.4: a Device-typed VMA over a linear-mapped pfn with an exec fault asks for executable DEVICE (V1-F4)",
  },
  'normal-nc-needs-opt-in': {
    verdict: 'vacuous',
    reason: "NORMAL_NC does not exist in the v1 base tree",
  },
  'mte-only-on-tag-capable': {
    verdict: 'violated',
    reason: "the MTE block is keyed on the pfn test, the attribute on the VMA type: an MTE guest gets Normal memory of a non-linear-mapped pfn without VM_MTE_ALLOWED",
  },
  'mte-tags-sanitised': {
    verdict: 'violated',
    reason: "same split: Normal from the VMA type while the pfn test skips sanitise_mte_tags()",
  },
  'sanitise-needs-struct-page': { verdict: 'holds' },
  'seed-no-cacheable-without-struct-page-unless-fwb': { verdict: 'holds' },
  'seed-no-cacheable-under-vm-io': {
    verdict: 'violated',
    reason: "VM_IO never enters the attribute choice in v1",
  },
  'seed-exec-allowed-on-normal-cacheable': {
    verdict: 'violated',
    reason: "ENOEXEC comes from the pfn test, the attribute from the VMA type, so a Normal-typed non-linear-mapped pfn maps Normal but refuses exec",
  },
  'ordinary-vmas-unchanged': {
    verdict: 'violated',
    reason: "every VMA now takes its attribute from the type: a Device-typed ordinary VMA over RAM becomes DEVICE",
  },
  'linear-mapped-unchanged': {
    verdict: 'violated',
    reason: "same: linear-mapped RAM behind a Device/NC-typed VMA changes attribute",
  },
  'device-mmio-unchanged': {
    verdict: 'violated',
    reason: "the unconditional !FWB && no-struct-page EINVAL refuses device MMIO on non-FWB hosts (V1-F5)",
  },
  'mixedmap-like-pfnmap': { verdict: 'holds' },
  'memslot-anticipates-fault-errors': {
    verdict: 'violated',
    reason: "the fault-time EINVAL for pfns without struct page on non-FWB hosts has no memslot counterpart",
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
    reason: "memslot/pfnmap-logging is dead under default only because the soft assumption no-logging-on-pfnmap states what that check enforces",
  },
};
