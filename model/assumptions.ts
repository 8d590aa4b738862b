// Which states are feasible (domain.md section 3). Hard constraints are
// facts of the kernel or the architecture; soft ones are true of today's
// drivers and code paths but not guaranteed, so a proof that needs one says so.

import type { Bool } from '../src/space/expr.ts';
import { and, implies, is, not, or } from '../src/space/expr.ts';
import { fault, memslot, pfn, slot, vma } from './vocabulary.ts';

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
