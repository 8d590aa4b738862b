// baseline: Linux 6.12 arch/arm64/kvm/mmu.c, before the series
// (versions.md section 1). One .with() per kernel check, in source order.

import { match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, grant, PRELUDE, refuse, reject } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'exec-on-device-pfn',
  'mte-not-allowed',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['mte-not-allowed', 'pfnmap-logging', 'accept'] as const;

export function fault(s: State): FaultDecision {
  // [P2 pfn] kvm_is_device_pfn() = !pfn_is_map_memory()
  const device = !s.pfn.mapMemory;
  // [P3 lock] MTE block: sanitise when allowed
  const sanitise = !s.fault.perm && !device && s.vm.mte && s.vma.mteAllowed;
  return match({ s, device })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    .with({ device: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-device-pfn'))
    .with({ device: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () =>
      refuse('EFAULT', 'mte-not-allowed'),
    )
    .with({ device: true, s: { vma: { anyUncached: true } } }, () => grant('map-device-any-uncached', 'NORMAL_NC', s.fault.exec, sanitise))
    .with({ device: true }, () => grant('map-device', 'DEVICE', s.fault.exec, sanitise))
    .with({ device: false }, () => grant('map-normal', 'NORMAL', s.fault.exec || s.cpu.dic, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    .with({ vm: { mte: true }, vma: { mteAllowed: false } }, () => reject('mte-not-allowed'))
    .with({ vma: { pfnmap: true }, slot: { logging: true } }, () => reject('pfnmap-logging'))
    .with(P._, () => accept('accept'))
    .exhaustive();
}
