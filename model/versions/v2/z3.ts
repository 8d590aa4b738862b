// Z3 encoding of V2 (2024-11-18, one patch; base next-20241117).
// Source: versions.md section 3 ("V2"), Fault and Memslot pseudo-code.
// The [MAP] page-table layer (mapLayer_NC) is shared and not encoded here.

import type { Z3Version } from '../../symbolic.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  // [P1 mmap] mapping_type_normal_cacheable(): exactly NORMAL or NORMAL_TAGGED
  const normalType = k.memTypeIs('NORMAL', 'NORMAL_TAGGED');
  // [P1 mmap] noncacheable := io || (!mteAllowed && mte); [P2 pfn] || !pfn_valid
  const noncacheable = z.Or(s.vma.io, z.And(z.Not(s.vma.mteAllowed), s.vm.mte), z.Not(s.pfn.valid));
  // [P3 lock] MTE block (its EFAULT is unreachable: !mteAllowed && mte sets noncacheable)
  const mteBlock = z.And(z.Not(s.fault.perm), z.Not(noncacheable), s.vm.mte);
  const sanitise = z.And(mteBlock, s.vma.mteAllowed);
  return {
    fault: [
      // [P0]
      { rule: 'prelude-read-perm', when: z.And(s.fault.perm, z.Not(s.fault.write), z.Not(s.fault.exec)), then: k.error('EFAULT') },
      // [P2 pfn]
      { rule: 'exec-on-noncacheable', when: z.And(s.fault.exec, z.Or(noncacheable, z.Not(normalType))), then: k.error('ENOEXEC') },
      // [P3 lock]
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      // [P3 lock] after prot is built
      { rule: 'no-fwb-no-struct-page', when: z.And(z.Not(s.cpu.fwb), z.Not(s.pfn.valid)), then: k.error('EINVAL') },
      // [P3 lock] the attribute depends on the type only, not on noncacheable; exec = fault.exec (false here)
      { rule: 'map-noncacheable-type-any-uncached', when: z.And(z.Not(normalType), s.vma.anyUncached), then: k.request('NORMAL_NC', s.fault.exec, sanitise) },
      { rule: 'map-noncacheable-type', when: z.Not(normalType), then: k.request('DEVICE', s.fault.exec, sanitise) },
      { rule: 'map-normal-type', when: z.Bool.val(true), then: k.request('NORMAL', z.Or(s.fault.exec, s.cpu.dic), sanitise) },
    ],
    memslot: [
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
