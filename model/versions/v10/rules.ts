// v10 (2025-07-05) = merged in Linux 6.17 (versions.md section 10).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, grant, PRELUDE, refuse, reject } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'cacheable-nonmap-unsupported',
  'exec-on-force-nc',
  'mte-not-allowed',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'accept'] as const;

export function fault(s: State): FaultDecision {
  // [P1 mmap] kvm_vma_is_cacheable()
  const isCacheable = isMatching(CACHEABLE_TYPE, s.vma.memType);
  // [P2 pfn] (VM_PFNMAP | VM_MIXEDMAP) && !pfn_is_map_memory()
  const nonMap = (s.vma.pfnmap || s.vma.mixedmap) && !s.pfn.mapMemory;
  const forceNc = nonMap && !isCacheable;
  // kvm_supports_cacheable_pfnmap()
  const supported = s.cpu.fwb && s.cpu.dic;
  const sanitise = !s.fault.perm && !forceNc && s.vm.mte && s.vma.mteAllowed;
  return match({ s, isCacheable, nonMap, forceNc, supported })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    .with({ nonMap: true, isCacheable: true, supported: false }, () => refuse('EFAULT', 'cacheable-nonmap-unsupported'))
    .with({ forceNc: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-force-nc'))
    .with({ forceNc: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () =>
      refuse('EFAULT', 'mte-not-allowed'),
    )
    .with({ forceNc: true, s: { vma: { anyUncached: true } } }, () => grant('map-device-any-uncached', 'NORMAL_NC', s.fault.exec, sanitise))
    .with({ forceNc: true }, () => grant('map-device', 'DEVICE', s.fault.exec, sanitise))
    .with({ forceNc: false }, () => grant('map-normal', 'NORMAL', s.fault.exec || s.cpu.dic, sanitise))
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
