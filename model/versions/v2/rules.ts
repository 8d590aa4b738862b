// v2 (2024-11-18), one patch, on next-20241117 (versions.md section 3).
// kvm_is_device_pfn() is gone: pfn.mapMemory is no longer read.

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, grant, NORMAL_TYPE, PRELUDE, refuse, reject } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'exec-on-noncacheable',
  'mte-not-allowed',
  'no-fwb-no-struct-page',
  'map-noncacheable-type-any-uncached',
  'map-noncacheable-type',
  'map-normal-type',
] as const;

export const memslotRules = ['mte-not-allowed', 'pfnmap-logging', 'accept'] as const;

export function fault(s: State): FaultDecision {
  // [P1 mmap]
  const normalType = isMatching(NORMAL_TYPE, s.vma.memType);
  // [P1 mmap] VM_IO, or MTE without VM_MTE_ALLOWED; [P2 pfn] or no struct page
  const noncacheable = s.vma.io || (!s.vma.mteAllowed && s.vm.mte) || !s.pfn.valid;
  const sanitise = !s.fault.perm && !noncacheable && s.vm.mte && s.vma.mteAllowed;
  return match({ s, normalType, noncacheable })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    .with(
      P.union({ noncacheable: true, s: { fault: { exec: true } } }, { normalType: false, s: { fault: { exec: true } } }),
      () => refuse('ENOEXEC', 'exec-on-noncacheable'),
    )
    .with({ noncacheable: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () =>
      refuse('EFAULT', 'mte-not-allowed'),
    )
    // [P3 lock] after prot is built
    .with({ s: { cpu: { fwb: false }, pfn: { valid: false } } }, () => refuse('EINVAL', 'no-fwb-no-struct-page'))
    .with({ normalType: false, s: { vma: { anyUncached: true } } }, () =>
      grant('map-noncacheable-type-any-uncached', 'NORMAL_NC', s.fault.exec, sanitise),
    )
    .with({ normalType: false }, () => grant('map-noncacheable-type', 'DEVICE', s.fault.exec, sanitise))
    .with({ normalType: true }, () => grant('map-normal-type', 'NORMAL', s.fault.exec || s.cpu.dic, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    .with({ vm: { mte: true }, vma: { mteAllowed: false } }, () => reject('mte-not-allowed'))
    .with({ vma: { pfnmap: true }, slot: { logging: true } }, () => reject('pfnmap-logging'))
    .with(P._, () => accept('accept'))
    .exhaustive();
}
