// Z3 encoding of 6.18 (mainline.md 5.1), from the pseudo-code: FSC filter,
// nested exec forwarding (pre-XNX decoder), guest_memfd dispatch, then
// user_mem_abort() without the prelude. Layer: mapLayer_NC (shared).

import type { Z3Version } from '../../symbolic.ts';
import { nestedTerms } from '../nested-z3.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  const n = nestedTerms(k);
  const isCacheable = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
  const supported = z.And(s.cpu.fwb, s.cpu.dic);
  const nonmap = z.And(z.Or(s.vma.pfnmap, s.vma.mixedmap), z.Not(s.pfn.mapMemory));
  const forceNc = z.And(nonmap, z.Not(isCacheable));
  const mteBlock = z.And(z.Not(s.fault.perm), z.Not(forceNc), s.vm.mte);
  const sanitise = z.And(mteBlock, s.vma.mteAllowed);
  // exec := fault.exec or (DIC and (not NESTED or execPre))
  const normalExec = z.Or(s.fault.exec, z.And(s.cpu.dic, z.Or(z.Not(n.nested), n.execPre)));
  const F = z.Bool.val(false);
  return {
    fault: [
      // [A0 fsc]
      { rule: 'unsupported-fsc', when: s.fault.exclAtomic, then: k.error('EFAULT') },
      // [A1 nested]
      { rule: 'nested-forward-exec', when: z.And(n.nested, s.fault.perm, s.fault.exec, z.Not(n.execPre)), then: k.error('FORWARD_S2') },
      // [A2 dispatch] gmem_abort()
      { rule: 'gmem-map', when: z.Not(k.gmemIs('NONE')), then: k.request('NORMAL', normalExec, F) },
      // [P2 pfn]
      { rule: 'cacheable-nonmap-unsupported', when: z.And(nonmap, isCacheable, z.Not(supported)), then: k.error('EFAULT') },
      { rule: 'exec-on-force-nc', when: z.And(s.fault.exec, forceNc), then: k.error('ENOEXEC') },
      // [P3 lock]
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      { rule: 'map-device-any-uncached', when: z.And(forceNc, s.vma.anyUncached), then: k.request('NORMAL_NC', s.fault.exec, sanitise) },
      { rule: 'map-device', when: forceNc, then: k.request('DEVICE', s.fault.exec, sanitise) },
      { rule: 'map-normal', when: z.Bool.val(true), then: k.request('NORMAL', normalExec, sanitise) },
    ],
    memslot: [
      { rule: 'gmem-not-only', when: k.gmemIs('PRIVATE'), then: k.einval() },
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'pfnmap-cacheable-unsupported', when: z.And(s.vma.pfnmap, isCacheable, z.Not(supported)), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
