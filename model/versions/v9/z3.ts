// Z3 encoding of V9 (2025-06-21, whole series; 5/6 treats PFNMAP and MIXEDMAP alike).
// Source: versions.md section 9 ("V9"), Fault and Memslot pseudo-code (MTE/attribute as V8).
// The [MAP] page-table layer (mapLayer_NC) is shared and not encoded here.

import type { Z3Version } from '../../symbolic.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  // [P1 mmap] isCacheable = CACHEABLE_TYPE (OTHER counts as cacheable)
  const isCacheable = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
  // SUPPORTED = FWB cap && DIC cap
  const supported = z.And(s.cpu.fwb, s.cpu.dic);
  // [P2 pfn] NONMAP := (PFNMAP || MIXEDMAP) && !pfn_is_map_memory
  const nonmap = z.And(z.Or(s.vma.pfnmap, s.vma.mixedmap), z.Not(s.pfn.mapMemory));
  // [P2 pfn] forceNc is still false where the dead test inside the isCacheable branch reads it
  const forceNcInBranch = z.Bool.val(false);
  // [P2 pfn] forceNc := true on the NONMAP path for a non-cacheable type
  const forceNc = z.And(nonmap, z.Not(isCacheable));
  // [P3 lock] MTE block
  const mteBlock = z.And(z.Not(s.fault.perm), z.Not(forceNc), s.vm.mte);
  const sanitise = z.And(mteBlock, s.vma.mteAllowed);
  return {
    fault: [
      // [P0]
      { rule: 'prelude-read-perm', when: z.And(s.fault.perm, z.Not(s.fault.write), z.Not(s.fault.exec)), then: k.error('EFAULT') },
      // [P2 pfn] COW on the NONMAP path, PFNMAP or MIXEDMAP
      { rule: 'nonmap-cow', when: z.And(nonmap, s.vma.cow), then: k.error('EINVAL') },
      // [P2 pfn]
      { rule: 'cacheable-nonmap-unsupported', when: z.And(nonmap, isCacheable, z.Not(supported)), then: k.error('EFAULT') },
      // [P2 pfn] dead: forceNc is false here
      { rule: 'cacheable-nonmap-force-nc', when: z.And(nonmap, isCacheable, forceNcInBranch), then: k.error('EINVAL') },
      // [P2 pfn] 3/6; dead in V9 (forceNc implies !isCacheable)
      { rule: 'cacheable-force-nc', when: z.And(isCacheable, forceNc), then: k.error('EINVAL') },
      // [P2 pfn]
      { rule: 'exec-on-force-nc', when: z.And(s.fault.exec, forceNc), then: k.error('ENOEXEC') },
      // [P3 lock]
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      // [P3 lock] attribute choice; forceNc path exec = fault.exec (false here)
      { rule: 'map-device-any-uncached', when: z.And(forceNc, s.vma.anyUncached), then: k.request('NORMAL_NC', s.fault.exec, sanitise) },
      { rule: 'map-device', when: forceNc, then: k.request('DEVICE', s.fault.exec, sanitise) },
      { rule: 'map-normal', when: z.Bool.val(true), then: k.request('NORMAL', z.Or(s.fault.exec, s.cpu.dic), sanitise) },
    ],
    memslot: [
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      // MIXEDMAP is not checked
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'pfnmap-cacheable-unsupported', when: z.And(s.vma.pfnmap, isCacheable, z.Not(supported)), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
