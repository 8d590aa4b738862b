// The inputs of the stage-2 decision (domain.md section 2): one value for
// each field. The names are the public names used in every output.

import type { FieldSpec } from '../src/space/space.ts';
import { Space } from '../src/space/space.ts';

export const MEM_TYPES = ['NORMAL', 'NORMAL_TAGGED', 'NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE', 'OTHER'] as const;
export type MemType = (typeof MEM_TYPES)[number];
/** Result of pin_user_pages() in pkvm_mem_abort() (NONE: no pin, not a protected VM). */
export const PIN_RESULTS = ['NONE', 'SWAPBACKED', 'PAGECACHE', 'FAIL'] as const;
export type PinResult = (typeof PIN_RESULTS)[number];
/** The memslot's guest_memfd: none, mmap-able (gmem only), or private (no mmap). */
export const GMEM_KINDS = ['NONE', 'ONLY', 'PRIVATE'] as const;
export type GmemKind = (typeof GMEM_KINDS)[number];
/** The fault is on a shadow stage 2: not, or from the nested guest's EL1 / EL0. */
export const NESTED_KINDS = ['NONE', 'EL1', 'EL0'] as const;
export type NestedKind = (typeof NESTED_KINDS)[number];
/** Bits 54:53 (XN) of the guest hypervisor's stage-2 descriptor. */
export const XN_VALUES = ['XN00', 'XN01', 'XN10', 'XN11'] as const;
export type XnValue = (typeof XN_VALUES)[number];

/** The state as the rule encodings see it, grouped the way the kernel reads it. */
export interface State {
  readonly vma: {
    /** VM_PFNMAP: VMA built from raw PFNs (remap_pfn_range, VFIO BARs). */
    readonly pfnmap: boolean;
    /** VM_MIXEDMAP: VMA mixing ordinary pages and raw PFNs. */
    readonly mixedmap: boolean;
    /** VM_IO: I/O region. */
    readonly io: boolean;
    /** VM_MTE_ALLOWED: the backing memory can hold MTE tags. */
    readonly mteAllowed: boolean;
    /** VM_ALLOW_ANY_UNCACHED: the VFIO driver allows Normal-NC for the guest. */
    readonly anyUncached: boolean;
    /** is_cow_mapping(): VM_MAYWRITE set, VM_SHARED clear. */
    readonly cow: boolean;
    /** AttrIndx of vma->vm_page_prot; OTHER is an unused index 5..7. */
    readonly memType: MemType;
  };
  readonly pfn: {
    /** pfn_valid(): the pfn has a struct page. */
    readonly valid: boolean;
    /** pfn_is_map_memory(): the pfn is in the kernel linear map. */
    readonly mapMemory: boolean;
    /** pin_user_pages() in pkvm_mem_abort() (protected VMs only). */
    readonly pin: PinResult;
  };
  readonly cpu: {
    /** ARM64_HAS_STAGE2_FWB. */
    readonly fwb: boolean;
    /** ARM64_HAS_CACHE_DIC. */
    readonly dic: boolean;
  };
  readonly vm: {
    /** KVM_CAP_ARM_MTE enabled for the VM. */
    readonly mte: boolean;
    /** kvm_vm_is_protected(): a pKVM protected VM (7.1+). */
    readonly protected: boolean;
    /** kvm_has_xnx(): the host has FEAT_XNX and the VM's ID registers expose it (6.19+). */
    readonly xnx: boolean;
  };
  readonly slot: {
    /** Dirty-page logging requested or active on the memslot. */
    readonly logging: boolean;
    /** KVM_MEM_ENABLE_CACHEABLE_PFNMAP (existed only in v4..v6). */
    readonly cacheableFlag: boolean;
    /** kvm_slot_has_gmem() / kvm_memslot_is_gmem_only(). */
    readonly gmem: GmemKind;
  };
  readonly fault: {
    /** The abort is an instruction fetch. */
    readonly exec: boolean;
    /** The abort is a write. */
    readonly write: boolean;
    /** Permission fault (else translation fault). */
    readonly perm: boolean;
    /** DFSC 0x35: unsupported exclusive or atomic access (LS64). */
    readonly exclAtomic: boolean;
    /** On a shadow stage 2 with the guest hypervisor's stage 2 on: the nested guest's EL. */
    readonly nested: NestedKind;
  };
  readonly nested: {
    /** XN bits 54:53 of the guest hypervisor's stage-2 leaf descriptor. */
    readonly xn: XnValue;
  };
}

const bool = (name: string, doc: string): FieldSpec => ({ name, type: 'bool', doc });

/** Field order is the digit order of the state index (first = most significant). */
export const FIELDS: readonly FieldSpec[] = [
  bool('vma.pfnmap', 'VM_PFNMAP'),
  bool('vma.mixedmap', 'VM_MIXEDMAP'),
  bool('vma.io', 'VM_IO'),
  bool('vma.mteAllowed', 'VM_MTE_ALLOWED'),
  bool('vma.anyUncached', 'VM_ALLOW_ANY_UNCACHED'),
  bool('vma.cow', 'is_cow_mapping()'),
  { name: 'vma.memType', type: 'enum', values: MEM_TYPES, doc: 'AttrIndx of vm_page_prot' },
  bool('pfn.valid', 'pfn_valid()'),
  bool('pfn.mapMemory', 'pfn_is_map_memory()'),
  bool('cpu.fwb', 'ARM64_HAS_STAGE2_FWB'),
  bool('cpu.dic', 'ARM64_HAS_CACHE_DIC'),
  bool('vm.mte', 'KVM_CAP_ARM_MTE'),
  bool('slot.logging', 'KVM_MEM_LOG_DIRTY_PAGES'),
  bool('slot.cacheableFlag', 'KVM_MEM_ENABLE_CACHEABLE_PFNMAP'),
  bool('fault.exec', 'instruction fetch'),
  bool('fault.write', 'write access'),
  bool('fault.perm', 'permission fault'),
];

/**
 * The fields mainline added after the series (6.18 .. 7.2), in their
 * canonical order after fault.perm. A version reads only those it declares
 * (its domain); the others are pinned to their neutral value, digit 0
 * (false, or the first value listed).
 */
export const NEW_FIELDS: readonly FieldSpec[] = [
  bool('vm.protected', 'kvm_vm_is_protected()'),
  { name: 'pfn.pin', type: 'enum', values: PIN_RESULTS, doc: 'pin_user_pages() in pkvm_mem_abort()' },
  { name: 'slot.gmem', type: 'enum', values: GMEM_KINDS, doc: 'kvm_slot_has_gmem() / kvm_memslot_is_gmem_only()' },
  bool('fault.exclAtomic', 'DFSC 0x35 (unsupported exclusive/atomic)'),
  { name: 'fault.nested', type: 'enum', values: NESTED_KINDS, doc: 'shadow stage 2, nested guest EL' },
  { name: 'nested.xn', type: 'enum', values: XN_VALUES, doc: 'guest stage-2 XN bits 54:53' },
  bool('vm.xnx', 'kvm_has_xnx()'),
];

/** Every field, legacy then new, in canonical order. */
export const ALL_FIELDS: readonly FieldSpec[] = [...FIELDS, ...NEW_FIELDS];

/** The series' space: the seventeen legacy fields (393216 states). */
export const SPACE = new Space(FIELDS);

/**
 * The space of a version domain: the legacy fields, then the domain's new
 * fields in canonical order. The legacy fields keep their positions, so a
 * legacy state index times the size of the new digits is the index of the
 * same state with every new field neutral.
 */
export function domainSpace(domain: readonly string[]): Space {
  for (const name of domain) if (!NEW_FIELDS.some((f) => f.name === name)) throw new Error(`${name} is not a new field`);
  return new Space([...FIELDS, ...NEW_FIELDS.filter((f) => domain.includes(f.name))]);
}

/**
 * The view the rules read, over a digit reader. Fields are getters, so the
 * engine sees exactly which fields a run of the rules read (src/enumerate/table.ts).
 */
export function stateView(digit: (field: number) => number, space: Space = SPACE): State {
  const b = (k: number) => digit(k) === 1;
  // New fields by their position in the space, or -1: pinned to neutral, never read.
  const at = (name: string) => (space.has(name) ? space.indexOfField(name) : -1);
  const [protectedAt, pinAt, gmemAt, exclAt, nestedAt, xnAt, xnxAt] = NEW_FIELDS.map((f) => at(f.name));
  const nb = (k: number) => k >= 0 && digit(k) === 1;
  const ne = <T>(k: number, values: readonly T[]) => values[k >= 0 ? digit(k) : 0];
  return quiet({
    vma: {
      get pfnmap() { return b(0); },
      get mixedmap() { return b(1); },
      get io() { return b(2); },
      get mteAllowed() { return b(3); },
      get anyUncached() { return b(4); },
      get cow() { return b(5); },
      get memType() { return MEM_TYPES[digit(6)]; },
    },
    pfn: { get valid() { return b(7); }, get mapMemory() { return b(8); }, get pin() { return ne(pinAt, PIN_RESULTS); } },
    cpu: { get fwb() { return b(9); }, get dic() { return b(10); } },
    vm: { get mte() { return b(11); }, get protected() { return nb(protectedAt); }, get xnx() { return nb(xnxAt); } },
    slot: { get logging() { return b(12); }, get cacheableFlag() { return b(13); }, get gmem() { return ne(gmemAt, GMEM_KINDS); } },
    fault: {
      get exec() { return b(14); },
      get write() { return b(15); },
      get perm() { return b(16); },
      get exclAtomic() { return nb(exclAt); },
      get nested() { return ne(nestedAt, NESTED_KINDS); },
    },
    nested: { get xn() { return ne(xnAt, XN_VALUES); } },
  });
}

/**
 * A view serialised as JSON reads no field: ts-pattern's non-exhaustive
 * error prints the value it was given (JSON.stringify), and every getter
 * that reads would count as a read of the run, splitting the decision tree
 * on every field below a failing path (s2check reports such a failure by
 * its own words and the state, not by that text). Non-enumerable: the
 * view's keys are the state's.
 */
function quiet<T extends object>(view: T): T {
  const placeholder = { value: () => '[state]', enumerable: false };
  Object.defineProperty(view, 'toJSON', placeholder);
  for (const group of Object.values(view)) Object.defineProperty(group, 'toJSON', placeholder);
  return view;
}

/** Each field's group and name in the state object ('vma.pfnmap': vma, pfnmap), in ALL_FIELDS order. */
const PLACES = ALL_FIELDS.map((f) => f.name.split('.') as [string, string]);

/** A plain state object from its index: what the view reads, as plain values (a field the space lacks is neutral). */
export function stateFromIndex(index: number, space: Space = SPACE): State {
  const d = space.digits(index);
  const out: Record<string, Record<string, boolean | string>> = {};
  for (let k = 0; k < ALL_FIELDS.length; k++) {
    const f = ALL_FIELDS[k];
    const [group, name] = PLACES[k];
    const digit = space.has(f.name) ? d[space.indexOfField(f.name)] : 0;
    (out[group] ??= {})[name] = f.type === 'bool' ? digit === 1 : f.values[digit];
  }
  return out as unknown as State;
}
