// v9 (2025-06-21), whole series (versions.md section 9).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, grant, PRELUDE, refuse, reject } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'nonmap-cow',
  'cacheable-nonmap-unsupported',
  'cacheable-nonmap-force-nc',
  'cacheable-force-nc',
  'exec-on-force-nc',
  'mte-not-allowed',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'accept'] as const;

export function fault(s: State): FaultDecision {
  // [P1 mmap]
  const isCacheable = isMatching(CACHEABLE_TYPE, s.vma.memType);
  // [P2 pfn] PFNMAP or MIXEDMAP over a pfn outside the linear map
  const nonMap = (s.vma.pfnmap || s.vma.mixedmap) && !s.pfn.mapMemory;
  // forceNc is still false when the cacheable branch tests it
  const forceNcInBranch = false as boolean;
  const forceNc = nonMap && !isCacheable; // PFNMAP and MIXEDMAP alike
  const supported = s.cpu.fwb && s.cpu.dic;
  const sanitise = !s.fault.perm && !forceNc && s.vm.mte && s.vma.mteAllowed;
  return match({ s, isCacheable, nonMap, forceNcInBranch, forceNc, supported })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    // PFNMAP or MIXEDMAP, still only on the non-linear-mapped path
    .with({ nonMap: true, s: { vma: { cow: true } } }, () => refuse('EINVAL', 'nonmap-cow'))
    .with({ nonMap: true, isCacheable: true, supported: false }, () => refuse('EFAULT', 'cacheable-nonmap-unsupported'))
    .with({ nonMap: true, isCacheable: true, forceNcInBranch: true }, () => refuse('EINVAL', 'cacheable-nonmap-force-nc'))
    // 3/6 is still there; in v9 it cannot fire
    .with({ isCacheable: true, forceNc: true }, () => refuse('EINVAL', 'cacheable-force-nc'))
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
    // MIXEDMAP is not checked
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
