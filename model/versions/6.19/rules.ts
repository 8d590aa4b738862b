// 6.19 (2026-02-08): FEAT_XNX for nested guests, with the XN[0] decode bug
// and the I-cache bug (layer xnx-icache-both) (mainline.md 5.2).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, grantXn, refuse, reject } from '../kit.ts';
import { decodeBuggy, execAtEl, nestedStrip } from '../nested.ts';

export const faultRules = [
  'unsupported-fsc',
  'nested-forward-exec',
  'gmem-map',
  'cacheable-nonmap-unsupported',
  'exec-on-force-nc',
  'mte-not-allowed',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['gmem-not-only', 'mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'accept'] as const;

export function fault(s: State): FaultDecision {
  const nested = s.fault.nested !== 'NONE';
  return match({ s, nested, forward: nested && s.fault.perm && s.fault.exec && !execAtEl(s, decodeBuggy(s)) })
    .with({ s: { fault: { exclAtomic: true } } }, () => refuse('EFAULT', 'unsupported-fsc'))
    .with({ forward: true }, () => refuse('FORWARD_S2', 'nested-forward-exec'))
    .with({ s: { slot: { gmem: P.not('NONE') } } }, ({ s }) => {
      // gmem_abort(): X from the exec fault or DIC, no nested gate, then stripped
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
