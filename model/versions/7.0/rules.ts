// 7.0 (2026-04-12): unsupported exclusive/atomic accesses (FSC 0x35) are
// injected back into the guest on the VMA path; the FEAT_XNX bugs of 6.19
// are still there (mainline.md 5.3).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, grantXn, refuse, reject } from '../kit.ts';
import { decodeBuggy, execAtEl, nestedStrip } from '../nested.ts';

export const faultRules = [
  'nested-forward-exec',
  'gmem-map',
  'cacheable-nonmap-unsupported',
  'exec-on-force-nc',
  'excl-atomic-inject',
  'mte-not-allowed',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['gmem-not-only', 'mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'accept'] as const;

export function fault(s: State): FaultDecision {
  const nested = s.fault.nested !== 'NONE';
  // [A0 fsc] FSC 0x35 now passes the filter
  return match({ s, forward: nested && s.fault.perm && s.fault.exec && !execAtEl(s, decodeBuggy(s)) })
    .with({ forward: true }, () => refuse('FORWARD_S2', 'nested-forward-exec'))
    .with({ s: { slot: { gmem: P.not('NONE') } } }, ({ s }) => {
      // gmem_abort() has no exclusive/atomic handling: it maps
      const { ux, px } = nestedStrip(s, s.fault.exec || s.cpu.dic, decodeBuggy);
      return grantXn('gmem-map', 'NORMAL', ux, px, false);
    })
    .otherwise(({ s }) => vma(s));
}

function vma(s: State): FaultDecision {
  const isCacheable = isMatching(CACHEABLE_TYPE, s.vma.memType);
  const nonMap = (s.vma.pfnmap || s.vma.mixedmap) && !s.pfn.mapMemory;
  const forceNc = nonMap && !isCacheable;
  const supported = s.cpu.fwb && s.cpu.dic;
  const sanitise = !s.fault.perm && !forceNc && s.vm.mte && s.vma.mteAllowed;
  const x = forceNc ? s.fault.exec : s.fault.exec || s.cpu.dic;
  const { ux, px } = nestedStrip(s, x, decodeBuggy);
  return match({ s, isCacheable, nonMap, forceNc, supported })
    .with({ nonMap: true, isCacheable: true, supported: false }, () => refuse('EFAULT', 'cacheable-nonmap-unsupported'))
    .with({ forceNc: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-force-nc'))
    // kvm_inject_dabt_excl_atomic(); ret = 1 (before mmu_lock and the MTE check)
    .with({ s: { fault: { exclAtomic: true } } }, () => refuse('INJECT_DABT', 'excl-atomic-inject'))
    .with({ forceNc: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () => refuse('EFAULT', 'mte-not-allowed'))
    .with({ forceNc: true, s: { vma: { anyUncached: true } } }, () => grantXn('map-device-any-uncached', 'NORMAL_NC', ux, px, sanitise))
    .with({ forceNc: true }, () => grantXn('map-device', 'DEVICE', ux, px, sanitise))
    .with({ forceNc: false }, () => grantXn('map-normal', 'NORMAL', ux, px, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    .with({ slot: { gmem: 'PRIVATE' } }, () => reject('gmem-not-only'))
    .with({ vm: { mte: true }, vma: { mteAllowed: false } }, () => reject('mte-not-allowed'))
    .with({ vma: { pfnmap: true }, slot: { logging: true } }, () => reject('pfnmap-logging'))
    .with(
      P.union(
        { vma: { pfnmap: true, memType: CACHEABLE_TYPE }, cpu: { fwb: false } },
        { vma: { pfnmap: true, memType: CACHEABLE_TYPE }, cpu: { dic: false } },
      ),
      () => reject('pfnmap-cacheable-unsupported'),
    )
    .otherwise(() => accept('accept'));
}
