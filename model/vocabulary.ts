// The model's names as expressions: state fields, outcome variables and the
// helper predicates of domain.md section 2. Properties and assumptions are
// written with these, once, and read by both interpreters.

import type { Bool, Enum, Sort } from '../src/space/expr.ts';
import { BOOL, boolVar, enumSort, enumVar, is, and, not } from '../src/space/expr.ts';
import { ATTR_OR_NONE, FAULT_OUTCOME, MEMSLOT_OUTCOME, REQUEST_OUTCOME } from './outcomes.ts';
import { MEM_TYPES } from './state.ts';

export const MEM_TYPE = enumSort('vma.memType', MEM_TYPES);

/** State fields, by their public dotted names. */
export const vma = {
  pfnmap: boolVar('vma.pfnmap'),
  mixedmap: boolVar('vma.mixedmap'),
  io: boolVar('vma.io'),
  mteAllowed: boolVar('vma.mteAllowed'),
  anyUncached: boolVar('vma.anyUncached'),
  cow: boolVar('vma.cow'),
  memType: enumVar('vma.memType', MEM_TYPE),
};
export const pfn = { valid: boolVar('pfn.valid'), mapMemory: boolVar('pfn.mapMemory') };
export const cpu = { fwb: boolVar('cpu.fwb'), dic: boolVar('cpu.dic') };
export const vm = { mte: boolVar('vm.mte') };
export const slot = { logging: boolVar('slot.logging'), cacheableFlag: boolVar('slot.cacheableFlag') };
/** The abort itself (inputs). */
export const fault = { exec: boolVar('fault.exec'), write: boolVar('fault.write'), perm: boolVar('fault.perm') };

/** What user_mem_abort() asked for, before the page-table layer. */
export const request = {
  outcome: enumVar('request.outcome', REQUEST_OUTCOME),
  attr: enumVar('request.attr', ATTR_OR_NONE),
  exec: boolVar('request.exec'),
  sanitiseTags: boolVar('request.sanitiseTags'),
};

/** The final outcome of the fault (derived, model/outcomes.ts). */
export const mapping = {
  outcome: enumVar('fault.outcome', FAULT_OUTCOME),
  attr: enumVar('fault.attr', ATTR_OR_NONE),
  executable: boolVar('fault.executable'),
  sanitiseTags: boolVar('fault.sanitiseTags'),
};
export const cmo = { dcache: boolVar('cmo.dcache'), icache: boolVar('cmo.icache') };
export const memslot = { outcome: enumVar('memslot.outcome', MEMSLOT_OUTCOME) };

/** The abort is mapped. */
export const MAPPED: Bool = is(mapping.outcome, 'map');

/** memType is NORMAL or NORMAL_TAGGED: the v1/v2 notion of normal cacheable. */
export const NORMAL_TYPE: Bool = is(vma.memType, 'NORMAL', 'NORMAL_TAGGED');
/** kvm_vma_is_cacheable(): not NORMAL_NC / DEVICE_nGnRnE / DEVICE_nGnRE (OTHER counts as cacheable). */
export const CACHEABLE_TYPE: Bool = not(is(vma.memType, 'NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
/** kvm_supports_cacheable_pfnmap(): FWB and DIC. */
export const SUPPORTED: Bool = and(cpu.fwb, cpu.dic);

/** Names the query language accepts for the helper predicates. */
export const PREDICATES: Record<string, Bool> = { NORMAL_TYPE, CACHEABLE_TYPE, SUPPORTED };

/**
 * Every name the query language reads, with its sort: the state fields,
 * the primitive outputs and the derived facts (the same names the
 * properties use), in the order the README documents them.
 */
export const VOCABULARY: ReadonlyArray<{ readonly name: string; readonly sort: Sort }> = [vma, pfn, cpu, vm, slot, fault, request, mapping, cmo, memslot].flatMap(
  (group) => Object.values(group as Record<string, Bool | Enum>).flatMap((t) => (t.op === 'var' ? [{ name: t.ref.name, sort: BOOL }] : t.op === 'evar' ? [{ name: t.ref.name, sort: t.sort }] : [])),
);
