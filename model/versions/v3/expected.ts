// Expected verdicts under the default profile, one per property, each
// violation with its reason in the kernel history (a litmus Result: line).

import type { Expectations } from '../../version.ts';

export const expected: Expectations = {
  'cmo-needs-linear-map': {
    verdict: 'violated',
    reason: "no DIC requirement: an exec fault on cacheable devmem without DIC invalidates the I-cache through a missing KVA",
  },
  'unmapped-cacheable-needs-fwb-dic': {
    verdict: 'violated',
    reason: "v3 requires FWB only, not DIC",
  },
  'no-upgrade-of-noncacheable': { verdict: 'holds' },
  'no-degrade-of-cacheable-unmapped': {
    verdict: 'violated',
    reason: "only == MT_NORMAL: NORMAL_TAGGED/OTHER PFNMAPs and every MIXEDMAP outside the linear map stay DEVICE/NC",
  },
  'no-exec-request-on-noncacheable': { verdict: 'holds' },
  'normal-nc-needs-opt-in': { verdict: 'holds' },
  'mte-only-on-tag-capable': { verdict: 'holds' },
  'mte-tags-sanitised': { verdict: 'holds' },
  'sanitise-needs-struct-page': { verdict: 'holds' },
  'seed-no-cacheable-without-struct-page-unless-fwb': { verdict: 'holds' },
  'seed-no-cacheable-under-vm-io': {
    verdict: 'violated',
    reason: "cacheable_devmem is keyed on VM_PFNMAP and the type; VM_IO is not read",
  },
  'seed-exec-allowed-on-normal-cacheable': { verdict: 'holds' },
  'ordinary-vmas-unchanged': { verdict: 'holds' },
  'linear-mapped-unchanged': {
    verdict: 'violated',
    reason: "COW PFNMAPs are refused for every pfn, and a PFNMAP Normal VMA over RAM without FWB gets EINVAL (V3-F5)",
  },
  'device-mmio-unchanged': {
    verdict: 'violated',
    reason: "a COW PFNMAP of device MMIO is refused with EINVAL",
  },
  'mixedmap-like-pfnmap': {
    verdict: 'violated',
    reason: "MIXEDMAP is not special-cased: a Normal MIXEDMAP outside the linear map is DEVICE while the PFNMAP twin is Normal",
  },
  'memslot-anticipates-fault-errors': {
    verdict: 'violated',
    reason: "the COW and !FWB EINVALs happen only at fault time",
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
