// A proposed rule change, as a kernel developer would write it for s2check
// (README, "Proposing a rule change"): the merged code (v10) plus a memslot
// check that also refuses a cacheable VM_MIXEDMAP on a host without FWB and
// DIC, the way v10 refuses a cacheable VM_PFNMAP. In v10 such a MIXEDMAP is
// accepted at registration and fails only at fault time with EFAULT
// (versions.md; the expected violation of memslot-anticipates-fault-errors).
//
//   npx s2check diff merged examples/refuse-cacheable-mixedmap.ts
//   npx s2check check --rules examples/refuse-cacheable-mixedmap.ts
//
// One file, default export: metadata, the rule names of both decisions in
// kernel order, the ts-pattern encoding, the Z3 encoding (written apart, so
// that encodings-agree can catch a slip in either) and the verdicts the
// author expects under the default profile.

import { match, P } from 'ts-pattern';
import { accept, CACHEABLE_TYPE, defineVersion, findVersion, reject } from '../model/api.ts';
import type { MemslotDecision, State } from '../model/api.ts';

const merged = findVersion('merged')!;

export default defineVersion({
  meta: {
    id: 'mixedmap-memslot',
    title: 'v10 + refuse an unsupported cacheable MIXEDMAP at memslot time',
    date: '2025-07-20',
    source: 'proposal (examples/refuse-cacheable-mixedmap.ts)',
    layer: 'nc',
    // check compares violation counts with v10 and says when one got worse.
    base: 'merged',
    summary:
      'kvm_arch_prepare_memory_region() tests VM_PFNMAP | VM_MIXEDMAP where v10 tests VM_PFNMAP: a cacheable MIXEDMAP on a host without FWB and DIC is refused with EINVAL at registration.',
  },

  // The fault path is v10's, unchanged.
  faultRules: merged.faultRules,
  fault: merged.fault,

  memslotRules: ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'mixedmap-cacheable-unsupported', 'accept'],
  memslot(s: State): MemslotDecision {
    return match(s)
      .with({ vm: { mte: true }, vma: { mteAllowed: false } }, () => reject('mte-not-allowed'))
      .with({ vma: { pfnmap: true }, slot: { logging: true } }, () => reject('pfnmap-logging'))
      .with(
        P.union({ vma: { pfnmap: true, memType: CACHEABLE_TYPE }, cpu: { fwb: false } }, { vma: { pfnmap: true, memType: CACHEABLE_TYPE }, cpu: { dic: false } }),
        () => reject('pfnmap-cacheable-unsupported'),
      )
      // The proposal: the same test for VM_MIXEDMAP.
      .with(
        P.union({ vma: { mixedmap: true, memType: CACHEABLE_TYPE }, cpu: { fwb: false } }, { vma: { mixedmap: true, memType: CACHEABLE_TYPE }, cpu: { dic: false } }),
        () => reject('mixedmap-cacheable-unsupported'),
      )
      .with(P._, () => accept('accept'))
      .exhaustive();
  },

  z3(k) {
    const { z, s } = k;
    const isCacheable = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
    const supported = z.And(s.cpu.fwb, s.cpu.dic);
    return {
      fault: merged.z3(k).fault,
      memslot: [
        { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
        { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
        { rule: 'pfnmap-cacheable-unsupported', when: z.And(s.vma.pfnmap, isCacheable, z.Not(supported)), then: k.einval() },
        { rule: 'mixedmap-cacheable-unsupported', when: z.And(s.vma.mixedmap, isCacheable, z.Not(supported)), then: k.einval() },
        { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
      ],
    };
  },

  // v10's expectations, with what the proposal is meant to change.
  expected: {
    ...merged.expected,
    'memslot-anticipates-fault-errors': { verdict: 'holds' },
  },
});
