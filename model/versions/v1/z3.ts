// Z3 encoding of V1 (2023-09-07, patch 1/2, "determine memory type from VMA"; base next-20230906).
// Source: versions.md section 2 ("V1"), Fault and Memslot pseudo-code.
// The [MAP] page-table layer (mapLayer_preNC) is shared and not encoded here.

import type { Z3Version } from '../../symbolic.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  // [P1 mmap] the attribute comes from the VMA type only (no NORMAL_NC attribute in this base)
  const deviceType = k.memTypeIs('DEVICE_nGnRE', 'DEVICE_nGnRnE', 'NORMAL_NC');
  // [P1 mmap] eager X decided from the VMA type, before the pfn is known
  const dicX = z.And(z.Not(deviceType), s.cpu.dic);
  // [P2 pfn] device = !pfn_is_map_memory(); drives ENOEXEC and MTE only
  const device = z.Not(s.pfn.mapMemory);
  // [P3 lock] MTE block
  const mteBlock = z.And(z.Not(s.fault.perm), z.Not(device), s.vm.mte);
  const sanitise = z.And(mteBlock, s.vma.mteAllowed);
  // [P3 lock]
  const exec = z.Or(s.fault.exec, dicX);
  return {
    fault: [
      // [P0]
      { rule: 'prelude-read-perm', when: z.And(s.fault.perm, z.Not(s.fault.write), z.Not(s.fault.exec)), then: k.error('EFAULT') },
      // [P2 pfn]
      { rule: 'exec-on-device-pfn', when: z.And(s.fault.exec, device), then: k.error('ENOEXEC') },
      // [P3 lock]
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      // [P3 lock] !stage2_has_fwb && !(pfn_valid && page_to_virt == KVA), modelled as !fwb && !valid
      { rule: 'no-fwb-no-struct-page', when: z.And(z.Not(s.cpu.fwb), z.Not(s.pfn.valid)), then: k.error('EINVAL') },
      { rule: 'map-device-type', when: deviceType, then: k.request('DEVICE', exec, sanitise) },
      { rule: 'map-normal-type', when: z.Bool.val(true), then: k.request('NORMAL', exec, sanitise) },
    ],
    memslot: [
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
