// Z3 encoding of the baseline (pre-series, Linux 6.12 arch/arm64/kvm/mmu.c).
// Source: versions.md section 1 ("Baseline"), Fault and Memslot pseudo-code.
// The [MAP] page-table layer (mapLayer_NC) is shared and not encoded here.

import type { Z3Version } from '../../symbolic.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  // [P2 pfn] kvm_is_device_pfn() = !pfn_is_map_memory()
  const device = z.Not(s.pfn.mapMemory);
  // [P3 lock] the MTE block: sanitise only on a non-perm fault, non-device pfn, MTE VM, VM_MTE_ALLOWED
  const mteBlock = z.And(z.Not(s.fault.perm), z.Not(device), s.vm.mte);
  const sanitise = z.And(mteBlock, s.vma.mteAllowed);
  return {
    fault: [
      // [P0] "Unexpected L2 read permission error"
      { rule: 'prelude-read-perm', when: z.And(s.fault.perm, z.Not(s.fault.write), z.Not(s.fault.exec)), then: k.error('EFAULT') },
      // [P2 pfn]
      { rule: 'exec-on-device-pfn', when: z.And(s.fault.exec, device), then: k.error('ENOEXEC') },
      // [P3 lock]
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      // [P3 lock] attribute choice; on the device path exec = fault.exec (always false here)
      { rule: 'map-device-any-uncached', when: z.And(device, s.vma.anyUncached), then: k.request('NORMAL_NC', s.fault.exec, sanitise) },
      { rule: 'map-device', when: device, then: k.request('DEVICE', s.fault.exec, sanitise) },
      // [P3 lock] Normal: eager X with CACHE_DIC
      { rule: 'map-normal', when: z.Bool.val(true), then: k.request('NORMAL', z.Or(s.fault.exec, s.cpu.dic), sanitise) },
    ],
    memslot: [
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
