// Z3 encoding of 7.1 (mainline.md 5.4): forwarding with the fixed decoder,
// protected dispatch (pkvm_mem_abort), guest_memfd, then the reworked VMA
// path (same returns in the same order). Layer xnx (shared).

import type { Z3Version } from '../../symbolic.ts';
import type { Kit } from '../../symbolic.ts';
import { nestedTerms } from '../nested-z3.ts';

/** The fault branches of 7.1 (7.2 decides faults identically). */
export function faultBranches71(k: Kit) {
  const { z, s } = k;
  const n = nestedTerms(k);
  const isCacheable = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
  const supported = z.And(s.cpu.fwb, s.cpu.dic);
  const nonmap = z.And(z.Or(s.vma.pfnmap, s.vma.mixedmap), z.Not(s.pfn.mapMemory));
  const forceNc = z.And(nonmap, z.Not(isCacheable));
  // kvm_s2_fault_map(): sanitise := not perm and not forceNc and MTE (the refusal returned before)
  const sanitise = z.And(z.Not(s.fault.perm), z.Not(forceNc), s.vm.mte);
  const x = z.If(forceNc, s.fault.exec, z.Or(s.fault.exec, s.cpu.dic));
  const [ux, px] = n.strip(x, n.decodeFixed);
  const [gux, gpx] = n.strip(z.Or(s.fault.exec, s.cpu.dic), n.decodeFixed);
  const T = z.Bool.val(true);
  const F = z.Bool.val(false);
  const prot = s.vm.protected;
  return [
    { rule: 'nested-forward-exec', when: z.And(n.nested, s.fault.perm, s.fault.exec, z.Not(n.atEl(n.decodeFixed))), then: k.error('FORWARD_S2') },
    // [K pin]
    { rule: 'pkvm-gup-refuses-vma', when: z.And(prot, z.Or(s.vma.pfnmap, s.vma.io, z.Not(s.pfn.valid))), then: k.error('EFAULT') },
    { rule: 'pkvm-pin-failed', when: z.And(prot, k.pinIs('FAIL')), then: k.error('EFAULT') },
    { rule: 'pkvm-page-cache', when: z.And(prot, k.pinIs('PAGECACHE')), then: k.error('EIO') },
    // [K map] KVM_PGTABLE_PROT_RWX
    { rule: 'pkvm-map', when: prot, then: k.requestXn('NORMAL', T, T, F) },
    { rule: 'gmem-map', when: z.Not(k.gmemIs('NONE')), then: k.requestXn('NORMAL', gux, gpx, F) },
    { rule: 'cacheable-nonmap-unsupported', when: z.And(nonmap, isCacheable, z.Not(supported)), then: k.error('EFAULT') },
    { rule: 'exec-on-force-nc', when: z.And(s.fault.exec, forceNc), then: k.error('ENOEXEC') },
    { rule: 'excl-atomic-inject', when: s.fault.exclAtomic, then: k.error('INJECT_DABT') },
    { rule: 'mte-not-allowed', when: z.And(z.Not(s.fault.perm), z.Not(forceNc), s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.error('EFAULT') },
    { rule: 'map-device-any-uncached', when: z.And(forceNc, s.vma.anyUncached), then: k.requestXn('NORMAL_NC', ux, px, sanitise) },
    { rule: 'map-device', when: forceNc, then: k.requestXn('DEVICE', ux, px, sanitise) },
    { rule: 'map-normal', when: T, then: k.requestXn('NORMAL', ux, px, sanitise) },
  ];
}

export const z3Rules: Z3Version = (k) => {
  const { z, s } = k;
  const isCacheable = z.Not(k.memTypeIs('NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
  const supported = z.And(s.cpu.fwb, s.cpu.dic);
  return {
    fault: faultBranches71(k),
    memslot: [
      { rule: 'protected-logging', when: z.And(s.vm.protected, s.slot.logging), then: k.eperm() },
      { rule: 'gmem-not-only', when: k.gmemIs('PRIVATE'), then: k.einval() },
      { rule: 'mte-not-allowed', when: z.And(s.vm.mte, z.Not(s.vma.mteAllowed)), then: k.einval() },
      { rule: 'pfnmap-logging', when: z.And(s.vma.pfnmap, s.slot.logging), then: k.einval() },
      { rule: 'pfnmap-cacheable-unsupported', when: z.And(s.vma.pfnmap, isCacheable, z.Not(supported)), then: k.einval() },
      { rule: 'accept', when: z.Bool.val(true), then: k.ok() },
    ],
  };
};
