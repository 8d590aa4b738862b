// Z3 encoding of V6 (2025-05-24, whole series; V5 of 2025-05-23 is the same).
// Source: versions.md section 6 ("V6"), Fault and Memslot pseudo-code.
// The [MAP] page-table layer (mapLayer_NC) is shared and not encoded here.

import type { Z3Version } from '../../symbolic.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  // CACHEABLE_TYPE = !mapping_type_noncacheable (OTHER counts as cacheable)
  const cacheableType = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
  // SUPPORTED = kvm_arch_supports_cacheable_pfnmap() = FWB cap && DIC cap
  const supported = z.And(s.cpu.fwb, s.cpu.dic);
  // [P1 mmap] cacheableDevmem: PFNMAP with a cacheable type (the COW case has returned before)
  const cacheableDevmem = z.And(s.vma.pfnmap, cacheableType);
  // [P2 pfn]
  const device = z.And(z.Not(s.pfn.mapMemory), z.Not(cacheableDevmem));
  // [P3 lock] MTE block
  const mteBlock = z.And(z.Not(s.fault.perm), z.Not(device), s.vm.mte);
  const sanitise = z.And(mteBlock, s.vma.mteAllowed);
  return {
    fault: [
      // [P0]
      { rule: 'prelude-read-perm', when: z.And(s.fault.perm, z.Not(s.fault.write), z.Not(s.fault.exec)), then: k.error('EFAULT') },
      // [P1 mmap] returns with mmap_read_lock held (only the value is modelled)
      { rule: 'pfnmap-cow', when: z.And(s.vma.pfnmap, s.vma.cow), then: k.error('EINVAL') },
      // [P2 pfn]
      { rule: 'exec-on-device', when: z.And(s.fault.exec, device), then: k.error('ENOEXEC') },
      // [P3 lock]
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      // [P3 lock] after the attribute is chosen; slot.cacheableFlag is not read here
      { rule: 'cacheable-devmem-unsupported', when: z.And(cacheableDevmem, z.Not(supported)), then: k.error('EINVAL') },
      // [P3 lock] attribute choice; device path exec = fault.exec (false here)
      { rule: 'map-device-any-uncached', when: z.And(device, s.vma.anyUncached), then: k.request('NORMAL_NC', s.fault.exec, sanitise) },
      { rule: 'map-device', when: device, then: k.request('DEVICE', s.fault.exec, sanitise) },
      { rule: 'map-normal', when: z.Bool.val(true), then: k.request('NORMAL', z.Or(s.fault.exec, s.cpu.dic), sanitise) },
    ],
    memslot: [
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      // cacheable PFNMAP needs the memslot flag and SUPPORTED
      {
        rule: 'pfnmap-cacheable-not-enabled',
        when: z.And(s.vma.pfnmap, cacheableType, z.Or(z.Not(s.slot.cacheableFlag), z.Not(supported))),
        then: k.einval(),
      },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
