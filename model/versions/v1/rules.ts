// v1 (2023-09-07), patch 1/2 "determine memory type from VMA", on
// next-20230906: before the Normal-NC series (versions.md section 2).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, grant, PRELUDE, refuse, reject, V1_DEVICE_TYPE } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'exec-on-device-pfn',
  'mte-not-allowed',
  'no-fwb-no-struct-page',
  'map-device-type',
  'map-normal-type',
] as const;

export const memslotRules = ['mte-not-allowed', 'pfnmap-logging', 'accept'] as const;

export function fault(s: State): FaultDecision {
  // [P1 mmap] the attribute and the eager DIC exec come from the VMA type
  const deviceType = isMatching(V1_DEVICE_TYPE, s.vma.memType);
  // [P2 pfn] device is still the pfn test; it drives ENOEXEC, THP and MTE only
  const device = !s.pfn.mapMemory;
  const sanitise = !s.fault.perm && !device && s.vm.mte && s.vma.mteAllowed;
  return match({ s, device, deviceType })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    .with({ device: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-device-pfn'))
    .with({ device: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () =>
      refuse('EFAULT', 'mte-not-allowed'),
    )
    // [P3 lock] !stage2_has_fwb && !(pfn_valid && page_to_virt == kvm_host_va): modelled as !fwb && !valid
    .with({ s: { cpu: { fwb: false }, pfn: { valid: false } } }, () => refuse('EINVAL', 'no-fwb-no-struct-page'))
    .with({ deviceType: true }, () => grant('map-device-type', 'DEVICE', s.fault.exec, sanitise))
    .with({ deviceType: false }, () => grant('map-normal-type', 'NORMAL', s.fault.exec || s.cpu.dic, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    .with({ vm: { mte: true }, vma: { mteAllowed: false } }, () => reject('mte-not-allowed'))
    .with({ vma: { pfnmap: true }, slot: { logging: true } }, () => reject('pfnmap-logging'))
    .with(P._, () => accept('accept'))
    .exhaustive();
}
