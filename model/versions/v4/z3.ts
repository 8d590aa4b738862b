// Z3 encoding of V4 (2025-05-18, whole 5-patch series; 4/5 supersedes 1/5's fault-side test).
// Source: versions.md section 5 ("V4"), Fault and Memslot pseudo-code.
// The [MAP] page-table layer (mapLayer_NC) is shared and not encoded here.

import type { Z3Version } from '../../symbolic.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  // [P1 mmap] cacheableDevmem: PFNMAP with exactly MT_NORMAL (the COW case has returned before)
  const cacheableDevmem = z.And(s.vma.pfnmap, k.memTypeIs('NORMAL'));
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
      // [P3 lock] after the attribute is chosen: !DIC || !FWB; slot.cacheableFlag is not read here
      { rule: 'cacheable-devmem-unsupported', when: z.And(cacheableDevmem, z.Or(z.Not(s.cpu.dic), z.Not(s.cpu.fwb))), then: k.error('EINVAL') },
      // [P3 lock] attribute choice; device path exec = fault.exec (false here)
      { rule: 'map-device-any-uncached', when: z.And(device, s.vma.anyUncached), then: k.request('NORMAL_NC', s.fault.exec, sanitise) },
      { rule: 'map-device', when: device, then: k.request('DEVICE', s.fault.exec, sanitise) },
      { rule: 'map-normal', when: z.Bool.val(true), then: k.request('NORMAL', z.Or(s.fault.exec, s.cpu.dic), sanitise) },
    ],
    memslot: [
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      // MT_NORMAL PFNMAP needs the memslot flag, FWB and DIC
      {
        rule: 'pfnmap-normal-not-enabled',
        when: z.And(s.vma.pfnmap, k.memTypeIs('NORMAL'), z.Or(z.Not(s.slot.cacheableFlag), z.Not(s.cpu.fwb), z.Not(s.cpu.dic))),
        then: k.einval(),
      },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
