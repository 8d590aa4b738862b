// Expected verdicts under the default profile, one per property, each
// violation with its reason in the kernel history (a litmus Result: line).

import type { Expectations } from '../../version.ts';

export const expected: Expectations = {
  'cmo-needs-linear-map': { verdict: 'holds' },
  'unmapped-cacheable-needs-fwb-dic': { verdict: 'vacuous' },
  'no-upgrade-of-noncacheable': { verdict: 'holds' },
  'no-degrade-of-cacheable-unmapped': {
    verdict: 'violated',
    reason: "the bug the series fixes: a cacheable VMA over a pfn outside the linear map (nvgrace-usemem) is mapped DEVICE/NC",
  },
  'no-exec-request-on-noncacheable': { verdict: 'holds' },
  'normal-nc-needs-opt-in': { verdict: 'holds' },
  'mte-only-on-tag-capable': { verdict: 'holds' },
  'mte-tags-sanitised': { verdict: 'holds' },
  'sanitise-needs-struct-page': { verdict: 'holds' },
  'seed-no-cacheable-without-struct-page-unless-fwb': { verdict: 'vacuous' },
  'seed-no-cacheable-under-vm-io': {
    verdict: 'violated',
    reason: "6.12 ignores VM_IO: a VM_IO VMA over linear-mapped RAM is mapped Normal-WB",
  },
  'seed-exec-allowed-on-normal-cacheable': { verdict: 'holds' },
  'ordinary-vmas-unchanged': { verdict: 'holds' },
  'linear-mapped-unchanged': { verdict: 'holds' },
  'device-mmio-unchanged': { verdict: 'holds' },
  'mixedmap-like-pfnmap': { verdict: 'holds' },
  'memslot-anticipates-fault-errors': { verdict: 'holds' },
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
