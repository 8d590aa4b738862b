// Z3 encoding of 6.19 (mainline.md 5.2): FEAT_XNX stripping and forwarding
// with the buggy decoder (decodeBuggy). Layer xnx-icache-both (shared).

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
  const [gux, gpx] = n.strip(z.Or(s.fault.exec, s.cpu.dic), n.decodeBuggy);
  // forceNc: x = fault.exec; else x = fault.exec or DIC (no nested gate)
  const [nux, npx] = n.strip(s.fault.exec, n.decodeBuggy);
  const [mux, mpx] = n.strip(z.Or(s.fault.exec, s.cpu.dic), n.decodeBuggy);
  const F = z.Bool.val(false);
  return {
    fault: [
      { rule: 'unsupported-fsc', when: s.fault.exclAtomic, then: k.error('EFAULT') },
      { rule: 'nested-forward-exec', when: z.And(n.nested, s.fault.perm, s.fault.exec, z.Not(n.atEl(n.decodeBuggy))), then: k.error('FORWARD_S2') },
      { rule: 'gmem-map', when: z.Not(k.gmemIs('NONE')), then: k.requestXn('NORMAL', gux, gpx, F) },
      { rule: 'cacheable-nonmap-unsupported', when: z.And(nonmap, isCacheable, z.Not(supported)), then: k.error('EFAULT') },
      { rule: 'exec-on-force-nc', when: z.And(s.fault.exec, forceNc), then: k.error('ENOEXEC') },
      { rule: 'mte-not-allowed', when: z.And(mteBlock, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
      { rule: 'map-device-any-uncached', when: z.And(forceNc, s.vma.anyUncached), then: k.requestXn('NORMAL_NC', nux, npx, sanitise) },
      { rule: 'map-device', when: forceNc, then: k.requestXn('DEVICE', nux, npx, sanitise) },
      { rule: 'map-normal', when: z.Bool.val(true), then: k.requestXn('NORMAL', mux, mpx, sanitise) },
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
