// 7.1 (2026-06-14): the user_mem_abort() rework into kvm_s2_fault_*
// helpers, pKVM protected VMs (pkvm_mem_abort(), memslot EPERM) and both
// FEAT_XNX fixes (mainline.md 5.4).

import { isMatching, match, P } from 'ts-pattern';
import type { FaultDecision, MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, forbid, grantXn, refuse, reject } from '../kit.ts';
import { decodeFixed, execAtEl, nestedStrip } from '../nested.ts';

export const faultRules = [
  'nested-forward-exec',
  'pkvm-gup-refuses-vma',
  'pkvm-pin-failed',
  'pkvm-page-cache',
  'pkvm-map',
  'gmem-map',
  'cacheable-nonmap-unsupported',
  'exec-on-force-nc',
  'excl-atomic-inject',
  'mte-not-allowed',
  'map-device-any-uncached',
  'map-device',
  'map-normal',
] as const;

export const memslotRules = ['protected-logging', 'gmem-not-only', 'mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'accept'] as const;

export function fault(s: State): FaultDecision {
  const nested = s.fault.nested !== 'NONE';
  return match({ s, forward: nested && s.fault.perm && s.fault.exec && !execAtEl(s, decodeFixed(s)) })
    // [A1 nested] kvm_s2_handle_perm_fault() with the fixed decoder
    .with({ forward: true }, () => refuse('FORWARD_S2', 'nested-forward-exec'))
    // [A2 dispatch] protected VMs first (mmu.c:2385)
    .with({ s: { vm: { protected: true } } }, ({ s }) => pkvm(s))
    .with({ s: { slot: { gmem: P.not('NONE') } } }, ({ s }) => {
      const { ux, px } = nestedStrip(s, s.fault.exec || s.cpu.dic, decodeFixed);
      return grantXn('gmem-map', 'NORMAL', ux, px, false);
    })
    .otherwise(({ s }) => vma(s));
}

/** pkvm_mem_abort(): pin the page, donate it Normal RWX. */
function pkvm(s: State): FaultDecision {
  return match(s)
    // pin_user_pages(): check_vma_flags() refuses VM_IO/VM_PFNMAP; no struct page, no pin
    .with(P.union({ vma: { pfnmap: true } }, { vma: { io: true } }, { pfn: { valid: false } }), () => refuse('EFAULT', 'pkvm-gup-refuses-vma'))
    .with({ pfn: { pin: 'FAIL' } }, () => refuse('EFAULT', 'pkvm-pin-failed'))
    // !folio_test_swapbacked()
    .with({ pfn: { pin: 'PAGECACHE' } }, () => refuse('EIO', 'pkvm-page-cache'))
    .otherwise(() => grantXn('pkvm-map', 'NORMAL', true, true, false));
}

/** user_mem_abort() after the rework: same tests, same order of returns. */
function vma(s: State): FaultDecision {
  // kvm_s2_fault_get_vma_info() / kvm_s2_fault_pin_pfn()
  const isCacheable = isMatching(CACHEABLE_TYPE, s.vma.memType);
  const nonMap = (s.vma.pfnmap || s.vma.mixedmap) && !s.pfn.mapMemory;
  const forceNc = nonMap && !isCacheable;
  const supported = s.cpu.fwb && s.cpu.dic;
  // kvm_s2_fault_compute_prot()
  const x = forceNc ? s.fault.exec : s.fault.exec || s.cpu.dic;
  const { ux, px } = nestedStrip(s, x, decodeFixed);
  // kvm_s2_fault_map()
  const sanitise = !s.fault.perm && !forceNc && s.vm.mte;
  return match({ s, isCacheable, nonMap, forceNc, supported })
    .with({ nonMap: true, isCacheable: true, supported: false }, () => refuse('EFAULT', 'cacheable-nonmap-unsupported'))
    .with({ forceNc: true, s: { fault: { exec: true } } }, () => refuse('ENOEXEC', 'exec-on-force-nc'))
    .with({ s: { fault: { exclAtomic: true } } }, () => refuse('INJECT_DABT', 'excl-atomic-inject'))
    // hoisted before mmu_lock (84699747aa55)
    .with({ forceNc: false, s: { fault: { perm: false }, vm: { mte: true }, vma: { mteAllowed: false } } }, () => refuse('EFAULT', 'mte-not-allowed'))
    .with({ forceNc: true, s: { vma: { anyUncached: true } } }, () => grantXn('map-device-any-uncached', 'NORMAL_NC', ux, px, sanitise))
    .with({ forceNc: true }, () => grantXn('map-device', 'DEVICE', ux, px, sanitise))
    .with({ forceNc: false }, () => grantXn('map-normal', 'NORMAL', ux, px, sanitise))
    .exhaustive();
}

export function memslot(s: State): MemslotDecision {
  return match(s)
    // KVM_MEM_LOG_DIRTY_PAGES on a protected VM, before the change/IPA tests
    .with({ vm: { protected: true }, slot: { logging: true } }, () => forbid('protected-logging'))
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
