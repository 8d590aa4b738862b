// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { and, is, not } from '../../../src/space/expr.ts';
import { slot, vm } from '../../vocabulary.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { reworkSites } from '../kernel-sites.ts';
import { z3Rules } from './z3.ts';

export const v7_2: RuleVersion = {
  meta: {
    id: '7.2',
    aliases: ['7.3', 'mainline'],
    title: "Linux 7.2 (= 7.3): guest_memfd refused on MTE VMs",
    date: '2026-08-16',
    source: "Linux 7.2.13 (Debian linux-source-7.2 7.2.13-1); 7.3.4 (Debian 7.3.4-1~bpo13+1) decides identically in every function used (only the memcache top-up changed); release date 2026-08-16 from a third-party note (UNCONFIRMED)",
    commits: "memslot \"guest_memfd is incompatible with MTE\" (mmu.c:2629-2631) and its KVM_CAP_ARM_MTE companion: commit, author and first release UNCONFIRMED (absent in a 7.1-rc tree, present in 7.2.13 and 7.3.4); 2986a6257405 \"KVM: arm64: Omit tag sync on stage-2 mappings of the zero page\" (Ard Biesheuvel, suggested by Catalin Marinas; not an outcome)",
    layer: 'xnx',
    summary: "The memslot check refuses a guest_memfd slot on an MTE VM (and KVM_CAP_ARM_MTE is refused while one exists): gmem_abort() never sanitises tags, so an MTE guest would see stale tags (analysis; who asked: UNCONFIRMED). The fault path is 7.1's. sanitise_mte_tags() now skips the zero page (inside the helper: not an outcome). 7.3 decides exactly as 7.2, so 7.3 and mainline are aliases of this version.",
    domain: ['vm.protected', 'pfn.pin', 'slot.gmem', 'fault.exclAtomic', 'fault.nested', 'nested.xn', 'vm.xnx'],
    previous: '7.1',
    kernel: reworkSites(faultRules),
    // Release delta: guest_memfd slots of MTE VMs (the memslot refusal).
    delta: and(not(is(slot.gmem, 'NONE')), vm.mte),
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
