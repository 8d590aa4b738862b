// Expected verdicts under the default profile, one per property, each
// violation with its reason in the kernel history (a litmus Result: line).

import type { Expectations } from '../../version.ts';

export const expected: Expectations = {
  'cmo-needs-linear-map': { verdict: 'holds' },
  'unmapped-cacheable-needs-fwb-dic': { verdict: 'holds' },
  'no-upgrade-of-noncacheable': { verdict: 'holds' },
  'no-degrade-of-cacheable-unmapped': { verdict: 'holds' },
  'no-exec-request-on-noncacheable': { verdict: 'holds' },
  'normal-nc-needs-opt-in': { verdict: 'holds' },
  'mte-only-on-tag-capable': { verdict: 'holds' },
  'mte-tags-sanitised': { verdict: 'holds' },
  'sanitise-needs-struct-page': { verdict: 'holds' },
  'seed-no-cacheable-without-struct-page-unless-fwb': { verdict: 'holds' },
  'seed-no-cacheable-under-vm-io': {
    verdict: 'violated',
    reason: "VM_IO never enters the attribute choice",
  },
  'seed-exec-allowed-on-normal-cacheable': { verdict: 'holds' },
  'ordinary-vmas-unchanged': { verdict: 'holds' },
  'linear-mapped-unchanged': {
    verdict: 'violated',
    reason: "the memslot check refuses a cacheable PFNMAP of RAM (e.g. MAP_PRIVATE /dev/mem) on hosts without FWB/DIC",
  },
  'device-mmio-unchanged': {
    verdict: 'violated',
    reason: "a COW PFNMAP of device MMIO is refused with EINVAL",
  },
  'mixedmap-like-pfnmap': {
    verdict: 'violated',
    reason: "3/6 refuses a cacheable MIXEDMAP outside the linear map with EINVAL while the PFNMAP twin maps Normal; why Jason asked MIXEDMAP to follow PFNMAP",
  },
  'memslot-anticipates-fault-errors': {
    verdict: 'violated',
    reason: "COW PFNMAPs and cacheable MIXEDMAPs pass the memslot check and fail at fault time",
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
    reason: "the forceNc EINVAL inside the cacheable-PFNMAP branch tests a variable that is still false; memslot/pfnmap-logging is dead under the soft no-logging-on-pfnmap",
  },
};
