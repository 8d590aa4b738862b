// 6.18 (2025-11-30): guest_memfd slots; the read-permission prelude removed
// (mainline.md 5.1).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, grant, refuse, reject } from '../kit.ts';
import { execPre } from '../nested.ts';

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
  // The eager CACHE_DIC exec is gated by the guest S2 for nested faults.
  const eagerX = s.cpu.dic && (!nested || execPre(s));
  return match({ s, forward: nested && s.fault.perm && s.fault.exec && !execPre(s) })
    // [A0 fsc] FSC 0x35 is not translation/permission/access flag: "Unsupported FSC"
    .with({ s: { fault: { exclAtomic: true } } }, () => refuse('EFAULT', 'unsupported-fsc'))
    // [A1 nested] kvm_s2_handle_perm_fault(): an IABT is forwarded if the guest S2 says XN
    .with({ forward: true }, () => refuse('FORWARD_S2', 'nested-forward-exec'))
    // [A2 dispatch] (the prelude is a VM_WARN_ON_ONCE now) gmem_abort(): Normal, no tag sanitising, whatever the VMA
    .with({ s: { slot: { gmem: P.union('ONLY', 'PRIVATE') } } }, ({ s }) => grant('gmem-map', 'NORMAL', s.fault.exec || eagerX, false))
    .otherwise(({ s }) => vma(s, eagerX));
}

/** user_mem_abort() = v10 without the prelude. */
function vma(s: State, eagerX: boolean): FaultDecision {
  const isCacheable = isMatching(CACHEABLE_TYPE, s.vma.memType);
  const nonMap = (s.vma.pfnmap || s.vma.mixedmap) && !s.pfn.mapMemory;
  const forceNc = nonMap && !isCacheable;
  const supported = s.cpu.fwb && s.cpu.dic;
  const sanitise = !s.fault.perm && !forceNc && s.vm.mte && s.vma.mteAllowed;
  return match({ s, isCacheable, nonMap, forceNc, supported })
    .with({ nonMap: true, isCacheable: true, supported: false }, () => refuse('EFAULT', 'cacheable-nonmap-unsupported'))
    .with({ forceNc: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-force-nc'))
    .with({ forceNc: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () => refuse('EFAULT', 'mte-not-allowed'))
    .with({ forceNc: true, s: { vma: { anyUncached: true } } }, () => grant('map-device-any-uncached', 'NORMAL_NC', s.fault.exec, sanitise))
    .with({ forceNc: true }, () => grant('map-device', 'DEVICE', s.fault.exec, sanitise))
    .with({ forceNc: false }, () => grant('map-normal', 'NORMAL', s.fault.exec || eagerX, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    // kvm_slot_has_gmem(new) && !kvm_memslot_is_gmem_only(new), before the VMA loop
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
