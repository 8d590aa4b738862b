// v7 (2025-06-18), whole series (versions.md section 7).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, grant, PRELUDE, refuse, reject } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'pfnmap-cow',
  'exec-on-disable-cmo',
  'mte-not-allowed',
  'disable-cmo-cacheable',
  'cacheable-unsupported',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'accept'] as const;

export function fault(s: State): FaultDecision {
  // [P1 mmap] kvm_vma_is_cacheable()
  const isCacheable = isMatching(CACHEABLE_TYPE, s.vma.memType);
  // [P2 pfn] for every VMA kind
  const disableCmo = !s.pfn.mapMemory && !isCacheable;
  const supported = s.cpu.fwb && s.cpu.dic;
  const sanitise = !s.fault.perm && !disableCmo && s.vm.mte && s.vma.mteAllowed;
  return match({ s, isCacheable, disableCmo, supported })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    // [P1 mmap] any pfn; returns with mmap_read_lock still held
    .with({ s: { vma: { pfnmap: true, cow: true } } }, () => refuse('EINVAL', 'pfnmap-cow'))
    .with({ disableCmo: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-disable-cmo'))
    .with({ disableCmo: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () =>
      refuse('EFAULT', 'mte-not-allowed'),
    )
    // [P3 lock] inside the disable_cmo block: kept from 2/5, cannot fire
    .with({ disableCmo: true, isCacheable: true }, () => refuse('EINVAL', 'disable-cmo-cacheable'))
    // [P3 lock] not limited to PFNMAP
    .with({ isCacheable: true, supported: false }, () => refuse('EINVAL', 'cacheable-unsupported'))
    .with({ disableCmo: true, s: { vma: { anyUncached: true } } }, () => grant('map-device-any-uncached', 'NORMAL_NC', s.fault.exec, sanitise))
    .with({ disableCmo: true }, () => grant('map-device', 'DEVICE', s.fault.exec, sanitise))
    .with({ disableCmo: false }, () => grant('map-normal', 'NORMAL', s.fault.exec || s.cpu.dic, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    .with({ vm: { mte: true }, vma: { mteAllowed: false } }, () => reject('mte-not-allowed'))
    .with({ vma: { pfnmap: true }, slot: { logging: true } }, () => reject('pfnmap-logging'))
    .with(
      P.union(
        { vma: { pfnmap: true, memType: CACHEABLE_TYPE }, cpu: { fwb: false } },
        { vma: { pfnmap: true, memType: CACHEABLE_TYPE }, cpu: { dic: false } },
      ),
      () => reject('pfnmap-cacheable-unsupported'),
    )
    .with(P._, () => accept('accept'))
    .exhaustive();
}
