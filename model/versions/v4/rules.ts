// v4 (2025-05-18), the whole 5-patch series (versions.md section 5).
// slot.cacheableFlag is read at memslot time only.

import { match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, grant, PRELUDE, refuse, reject } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'pfnmap-cow',
  'exec-on-device',
  'mte-not-allowed',
  'cacheable-devmem-unsupported',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-normal-not-enabled', 'accept'] as const;

export function fault(s: State): FaultDecision {
  // [P1 mmap] exactly MT_NORMAL; independent of the pfn
  const cacheableDevmem = s.vma.pfnmap && !s.vma.cow && s.vma.memType === 'NORMAL';
  // [P2 pfn]
  const device = !s.pfn.mapMemory && !cacheableDevmem;
  const sanitise = !s.fault.perm && !device && s.vm.mte && s.vma.mteAllowed;
  // !dic || !fwb
  const unsupported = !s.cpu.dic || !s.cpu.fwb;
  return match({ s, device, cacheableDevmem, unsupported })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    // [P1 mmap] returns with mmap_read_lock still held
    .with({ s: { vma: { pfnmap: true, cow: true } } }, () => refuse('EINVAL', 'pfnmap-cow'))
    .with({ device: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-device'))
    .with({ device: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () =>
      refuse('EFAULT', 'mte-not-allowed'),
    )
    // [P3 lock] after prot is built (the attribute choice below returns nothing)
    .with({ cacheableDevmem: true, unsupported: true }, () => refuse('EINVAL', 'cacheable-devmem-unsupported'))
    .with({ device: true, s: { vma: { anyUncached: true } } }, () => grant('map-device-any-uncached', 'NORMAL_NC', s.fault.exec, sanitise))
    .with({ device: true }, () => grant('map-device', 'DEVICE', s.fault.exec, sanitise))
    .with({ device: false }, () => grant('map-normal', 'NORMAL', s.fault.exec || s.cpu.dic, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    .with({ vm: { mte: true }, vma: { mteAllowed: false } }, () => reject('mte-not-allowed'))
    .with({ vma: { pfnmap: true }, slot: { logging: true } }, () => reject('pfnmap-logging'))
    // memType == NORMAL && (!flag || !fwb || !dic)
    .with(
      P.union(
        { vma: { pfnmap: true, memType: 'NORMAL' }, slot: { cacheableFlag: false } },
        { vma: { pfnmap: true, memType: 'NORMAL' }, cpu: { fwb: false } },
        { vma: { pfnmap: true, memType: 'NORMAL' }, cpu: { dic: false } },
      ),
      () => reject('pfnmap-normal-not-enabled'),
    )
    .with(P._, () => accept('accept'))
    .exhaustive();
}
