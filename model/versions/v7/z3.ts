// Z3 encoding of V7 (2025-06-18, whole series: disable_cmo, kvm_vma_is_cacheable).
// Source: versions.md section 7 ("V7"), Fault and Memslot pseudo-code.
// The [MAP] page-table layer (mapLayer_NC) is shared and not encoded here.

import type { Z3Version } from '../../symbolic.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  // [P1 mmap] isCacheable = kvm_vma_is_cacheable() = CACHEABLE_TYPE (OTHER counts as cacheable)
  const isCacheable = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
  // SUPPORTED = FWB cap && DIC cap (3/5 helper)
  const supported = z.And(s.cpu.fwb, s.cpu.dic);
  // [P2 pfn] for every VMA kind
  const disableCmo = z.And(z.Not(s.pfn.mapMemory), z.Not(isCacheable));
  // [P3 lock] MTE block
  const mteBlock = z.And(z.Not(s.fault.perm), z.Not(disableCmo), s.vm.mte);
  const sanitise = z.And(mteBlock, s.vma.mteAllowed);
  return {
    fault: [
      // [P0]
      { rule: 'prelude-read-perm', when: z.And(s.fault.perm, z.Not(s.fault.write), z.Not(s.fault.exec)), then: k.error('EFAULT') },
      // [P1 mmap] any pfn; returns with mmap_read_lock held (only the value is modelled)
      { rule: 'pfnmap-cow', when: z.And(s.vma.pfnmap, s.vma.cow), then: k.error('EINVAL') },
      // [P2 pfn]
      { rule: 'exec-on-disable-cmo', when: z.And(s.fault.exec, disableCmo), then: k.error('ENOEXEC') },
      // [P3 lock]
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      // [P3 lock] inside the disableCmo block: dead, disableCmo implies !isCacheable
      { rule: 'disable-cmo-cacheable', when: z.And(disableCmo, isCacheable), then: k.error('EINVAL') },
      // [P3 lock] after the attribute is chosen; NOT limited to PFNMAP
      { rule: 'cacheable-unsupported', when: z.And(isCacheable, z.Not(supported)), then: k.error('EINVAL') },
      // [P3 lock] attribute choice; disableCmo path exec = fault.exec (false here)
      { rule: 'map-device-any-uncached', when: z.And(disableCmo, s.vma.anyUncached), then: k.request('NORMAL_NC', s.fault.exec, sanitise) },
      { rule: 'map-device', when: disableCmo, then: k.request('DEVICE', s.fault.exec, sanitise) },
      { rule: 'map-normal', when: z.Bool.val(true), then: k.request('NORMAL', z.Or(s.fault.exec, s.cpu.dic), sanitise) },
    ],
    memslot: [
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'pfnmap-cacheable-unsupported', when: z.And(s.vma.pfnmap, isCacheable, z.Not(supported)), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
