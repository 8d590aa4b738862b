// Which states are feasible (domain.md section 3). Hard constraints are
// facts of the kernel or the architecture; soft ones are true of today's
// drivers and code paths but not guaranteed, so a proof that needs one says so.

import type { Bool } from '../src/space/expr.ts';
import { and, iff, implies, is, not, or } from '../src/space/expr.ts';
import { fault, memslot, nested, pfn, slot, vm, vma } from './vocabulary.ts';

export type AssumptionKind = 'hard' | 'soft';

export interface Assumption {
  readonly id: string;
  readonly kind: AssumptionKind;
  readonly formula: Bool;
  readonly reason: string;
  /** The spec marks the fact as UNCONFIRMED: an explicit assumption, not a settled one. */
  readonly unconfirmed?: boolean;
  /** Reads the version's own memslot outcome, so it is relative to the version under check. */
  readonly versionRelative?: boolean;
}

export const ASSUMPTIONS: readonly Assumption[] = [
  {
    id: 'mapmem-has-page',
    kind: 'hard',
    formula: implies(pfn.mapMemory, pfn.valid),
    reason: 'linear-mapped memory always has a memmap',
  },
  {
    id: 'pfnmap-xor-mixedmap',
    kind: 'hard',
    formula: not(and(vma.pfnmap, vma.mixedmap)),
    reason: 'the PFN insertion helpers refuse both',
  },
  {
    id: 'exec-not-write',
    kind: 'hard',
    formula: not(and(fault.exec, fault.write)),
    reason: 'one abort is one access kind',
  },
  {
    id: 'tagged-needs-mte-allowed',
    kind: 'soft',
    formula: implies(is(vma.memType, 'NORMAL_TAGGED'), vma.mteAllowed),
    reason: 'PROT_MTE is refused on VMAs without VM_MTE_ALLOWED; a driver could still hand-craft the prot',
    unconfirmed: true,
  },
  {
    id: 'no-logging-on-pfnmap',
    kind: 'soft',
    formula: implies(vma.pfnmap, not(slot.logging)),
    reason: 'memslot registration refuses dirty logging on PFNMAP, unless the VMA changed afterwards',
  },
  {
    id: 'pfnmap-not-mte-allowed',
    kind: 'soft',
    formula: implies(vma.pfnmap, not(vma.mteAllowed)),
    reason: 'generic mm never sets VM_MTE_ALLOWED on PFNMAP; a driver could',
    unconfirmed: true,
  },
  {
    id: 'ordinary-vma-linear-mapped',
    kind: 'soft',
    formula: implies(not(or(vma.pfnmap, vma.mixedmap)), pfn.mapMemory),
    reason: 'the merged code\'s own assumption; DAX or CXL memory may break it (the open review question)',
  },
  // Mainline (mainline.md section 3). Each is true when the new fields are
  // neutral, so the series' counts do not move.
  {
    id: 'protected-pins',
    kind: 'hard',
    formula: iff(vm.protected, not(is(pfn.pin, 'NONE'))),
    reason: 'definitional: pin_user_pages() runs only for protected VMs (pkvm_mem_abort())',
  },
  {
    id: 'nested-fields-only-when-nested',
    kind: 'hard',
    formula: implies(is(fault.nested, 'NONE'), and(is(nested.xn, 'XN00'), not(vm.xnx))),
    reason: 'definitional: the guest XN bits and kvm_has_xnx() are read only for nested faults',
  },
  {
    id: 'excl-atomic-is-data-fsc',
    kind: 'hard',
    formula: implies(fault.exclAtomic, and(not(fault.exec), not(fault.perm))),
    reason: 'DFSC 0x35 is a data abort FSC, not a permission fault',
  },
  {
    id: 'gmem-no-dirty-logging',
    kind: 'hard',
    formula: implies(not(is(slot.gmem, 'NONE')), not(slot.logging)),
    reason: 'check_memory_region_flags(): dirty logging of guest_memfd slots is not supported',
  },
  {
    id: 'gmem-pages-are-ram',
    kind: 'hard',
    formula: implies(not(is(slot.gmem, 'NONE')), pfn.mapMemory),
    reason: 'guest_memfd folios come from the page allocator (no direct-map removal up to 7.3)',
  },
  {
    id: 'nested-not-protected',
    kind: 'hard',
    formula: implies(not(is(fault.nested, 'NONE')), not(vm.protected)),
    reason: 'nested virtualisation and protected VMs need different KVM modes (nv vs protected)',
  },
  {
    id: 'protected-no-mte',
    kind: 'hard',
    formula: implies(vm.protected, not(vm.mte)),
    reason: 'KVM_CAP_ARM_MTE is refused whenever pKVM is enabled',
  },
  {
    id: 'pin-needs-gup-page',
    kind: 'hard',
    formula: implies(and(vm.protected, or(vma.pfnmap, vma.io, not(pfn.valid))), is(pfn.pin, 'FAIL')),
    reason: 'GUP refuses VM_IO/VM_PFNMAP and pins only struct pages',
  },
  {
    id: 'pinned-is-ram',
    kind: 'soft',
    formula: implies(is(pfn.pin, 'SWAPBACKED', 'PAGECACHE'), pfn.mapMemory),
    reason: 'a FOLL_LONGTERM pin returns ordinary RAM; a driver page outside the linear map is not excluded by GUP itself',
    unconfirmed: true,
  },
  {
    id: 'vma-unchanged-since-memslot',
    kind: 'soft',
    formula: is(memslot.outcome, 'ok'),
    reason: 'the VMM did not swap the VMA after registering the memslot; the fault path cannot know',
    versionRelative: true,
  },
];

const byId = new Map(ASSUMPTIONS.map((a) => [a.id, a]));

export function assumption(id: string): Assumption | undefined {
  return byId.get(id);
}

const ids = (pred: (a: Assumption) => boolean) => ASSUMPTIONS.filter(pred).map((a) => a.id);

/** Named assumption sets. Any explicit list of ids is a profile too (see resolveProfile). */
export const PROFILES: Readonly<Record<string, readonly string[]>> = {
  hard: ids((a) => a.kind === 'hard'),
  default: ids((a) => !a.versionRelative),
  'end-to-end': ids(() => true),
};

export const PROFILE_DOCS: Readonly<Record<string, string>> = {
  hard: 'the hard constraints only',
  default: 'hard + every soft constraint except vma-unchanged-since-memslot',
  'end-to-end': 'default + vma-unchanged-since-memslot',
};
