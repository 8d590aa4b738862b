// The model's names as expressions: state fields, outcome variables and the
// helper predicates of domain.md section 2. Properties and assumptions are
// written with these, once, and read by both interpreters.

import type { Bool, Enum, Sort } from '../src/space/expr.ts';
import { BOOL, boolVar, enumSort, enumVar, is, and, not, or } from '../src/space/expr.ts';
import { ATTR_OR_NONE, FAULT_OUTCOME, MEMSLOT_OUTCOME, REQUEST_OUTCOME } from './outcomes.ts';
import { GMEM_KINDS, MEM_TYPES, NESTED_KINDS, PIN_RESULTS, XN_VALUES } from './state.ts';

export const MEM_TYPE = enumSort('vma.memType', MEM_TYPES);
export const PIN = enumSort('pfn.pin', PIN_RESULTS);
export const GMEM = enumSort('slot.gmem', GMEM_KINDS);
export const NESTED_KIND = enumSort('fault.nested', NESTED_KINDS);
export const XN = enumSort('nested.xn', XN_VALUES);

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
export const pfn = { valid: boolVar('pfn.valid'), mapMemory: boolVar('pfn.mapMemory'), pin: enumVar('pfn.pin', PIN) };
export const cpu = { fwb: boolVar('cpu.fwb'), dic: boolVar('cpu.dic') };
export const vm = { mte: boolVar('vm.mte'), protected: boolVar('vm.protected'), xnx: boolVar('vm.xnx') };
export const slot = { logging: boolVar('slot.logging'), cacheableFlag: boolVar('slot.cacheableFlag'), gmem: enumVar('slot.gmem', GMEM) };
/** The abort itself (inputs). */
export const fault = {
  exec: boolVar('fault.exec'),
  write: boolVar('fault.write'),
  perm: boolVar('fault.perm'),
  exclAtomic: boolVar('fault.exclAtomic'),
  nested: enumVar('fault.nested', NESTED_KIND),
};
/** The guest hypervisor's stage-2 descriptor (nested faults). */
export const nested = { xn: enumVar('nested.xn', XN) };

/** What user_mem_abort() asked for, before the page-table layer. */
export const request = {
  outcome: enumVar('request.outcome', REQUEST_OUTCOME),
  attr: enumVar('request.attr', ATTR_OR_NONE),
  exec: boolVar('request.exec'),
  sanitiseTags: boolVar('request.sanitiseTags'),
  ux: boolVar('request.ux'),
  px: boolVar('request.px'),
};

/** The final outcome of the fault (derived, model/outcomes.ts). */
export const mapping = {
  outcome: enumVar('fault.outcome', FAULT_OUTCOME),
  attr: enumVar('fault.attr', ATTR_OR_NONE),
  executable: boolVar('fault.executable'),
  sanitiseTags: boolVar('fault.sanitiseTags'),
  ux: boolVar('fault.ux'),
  px: boolVar('fault.px'),
};
export const cmo = { dcache: boolVar('cmo.dcache'), icache: boolVar('cmo.icache') };
export const memslot = { outcome: enumVar('memslot.outcome', MEMSLOT_OUTCOME) };
/**
 * Per version (derived): it is a mainline release with a previous one; its
 * release delta; the state is in the version's domain (the new fields it
 * does not read are neutral).
 */
export const release = { tracked: boolVar('release.tracked'), delta: boolVar('release.delta') };
export const domain = { in: boolVar('domain.in') };

/** The abort is mapped. */
export const MAPPED: Bool = is(mapping.outcome, 'map');

/** memType is NORMAL or NORMAL_TAGGED: the v1/v2 notion of normal cacheable. */
export const NORMAL_TYPE: Bool = is(vma.memType, 'NORMAL', 'NORMAL_TAGGED');
/** kvm_vma_is_cacheable(): not NORMAL_NC / DEVICE_nGnRnE / DEVICE_nGnRE (OTHER counts as cacheable). */
export const CACHEABLE_TYPE: Bool = not(is(vma.memType, 'NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE'));
/** kvm_supports_cacheable_pfnmap(): FWB and DIC. */
export const SUPPORTED: Bool = and(cpu.fwb, cpu.dic);

/** The fault is on a shadow stage 2 (mainline.md 0.4). */
export const NESTED: Bool = not(is(fault.nested, 'NONE'));
/** The read-permission-fault prelude's states (versions.md 0.3). */
export const PRELUDE: Bool = and(fault.perm, not(fault.write), not(fault.exec));
/** The guest hypervisor's stage 2 lets EL0 execute (architecture; = the fixed decoder). */
export const GUEST_X_EL0: Bool = is(nested.xn, 'XN00', 'XN01');
/** ... lets EL1 execute: with FEAT_XNX XN=00 or 11; without it only XN[1] counts. */
export const GUEST_X_EL1: Bool = or(and(vm.xnx, is(nested.xn, 'XN00', 'XN11')), and(not(vm.xnx), is(nested.xn, 'XN00', 'XN01')));
/** ... lets the faulting EL execute. */
export const GUEST_X_AT_EL: Bool = or(and(is(fault.nested, 'EL0'), GUEST_X_EL0), and(not(is(fault.nested, 'EL0')), GUEST_X_EL1));

/** Names the query language accepts for the helper predicates. */
export const PREDICATES: Record<string, Bool> = { NORMAL_TYPE, CACHEABLE_TYPE, SUPPORTED, NESTED, PRELUDE, GUEST_X_EL0, GUEST_X_EL1, GUEST_X_AT_EL };

/**
 * Every name the query language reads, with its sort: the state fields,
 * the primitive outputs and the derived facts (the same names the
 * properties use), in the order the README documents them.
 */
export const VOCABULARY: ReadonlyArray<{ readonly name: string; readonly sort: Sort }> = [vma, pfn, cpu, vm, slot, fault, nested, request, mapping, cmo, memslot, release, domain].flatMap(
  (group) => Object.values(group as Record<string, Bool | Enum>).flatMap((t) => (t.op === 'var' ? [{ name: t.ref.name, sort: BOOL }] : t.op === 'evar' ? [{ name: t.ref.name, sort: t.sort }] : [])),
);
