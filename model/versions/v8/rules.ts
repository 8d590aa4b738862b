// v8 (2025-06-20), whole series (versions.md section 8).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, grant, PRELUDE, refuse, reject } from '../kit.ts';

export const faultRules = [
  'prelude-read-perm',
  'nonmap-pfnmap-cow',
  'cacheable-pfnmap-unsupported',
  'cacheable-pfnmap-force-nc',
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
  const cacheablePfnmap = nonMap && s.vma.pfnmap && isCacheable;
  // forceNc is still false when the cacheable-PFNMAP branch tests it
  const forceNcInBranch = false as boolean;
  const forceNc = nonMap && !cacheablePfnmap; // MIXEDMAP always lands here
  const supported = s.cpu.fwb && s.cpu.dic;
  const sanitise = !s.fault.perm && !forceNc && s.vm.mte && s.vma.mteAllowed;
  return match({ s, isCacheable, nonMap, cacheablePfnmap, forceNcInBranch, forceNc, supported })
    .with(PRELUDE, () => refuse('EFAULT', 'prelude-read-perm'))
    .with({ nonMap: true, s: { vma: { pfnmap: true, cow: true } } }, () => refuse('EINVAL', 'nonmap-pfnmap-cow'))
    .with({ cacheablePfnmap: true, supported: false }, () => refuse('EFAULT', 'cacheable-pfnmap-unsupported'))
    .with({ cacheablePfnmap: true, forceNcInBranch: true }, () => refuse('EINVAL', 'cacheable-pfnmap-force-nc'))
    // 3/6: reachable by a cacheable MIXEDMAP over a non-linear-mapped pfn
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
