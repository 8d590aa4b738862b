// Z3 encoding of 7.2 (mainline.md 5.5): 7.1's fault branches; the memslot
// check gains "guest_memfd is incompatible with MTE".

import type { Z3Version } from '../../symbolic.ts';
import { faultBranches71 } from '../7.1/z3.ts';

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  const isCacheable = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
  const supported = z.And(s.cpu.fwb, s.cpu.dic);
  return {
    fault: faultBranches71(k),
    memslot: [
      { rule: 'protected-logging', when: z.And(s.vm.protected, s.slot.logging), then: k.eperm() },
      { rule: 'gmem-not-only', when: k.gmemIs('PRIVATE'), then: k.einval() },
      { rule: 'gmem-mte', when: z.And(z.Not(k.gmemIs('NONE')), s.vm.mte), then: k.einval() },
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'pfnmap-cacheable-unsupported', when: z.And(s.vma.pfnmap, isCacheable, z.Not(supported)), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
