// The inputs of the stage-2 decision (domain.md section 2): one value for
// each field. The names are the public names used in every output.

import type { FieldSpec } from '../src/space/space.ts';
import { Space } from '../src/space/space.ts';

export const MEM_TYPES = ['NORMAL', 'NORMAL_TAGGED', 'NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE', 'OTHER'] as const;
export type MemType = (typeof MEM_TYPES)[number];

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
  };
  readonly slot: {
    /** Dirty-page logging requested or active on the memslot. */
    readonly logging: boolean;
    /** KVM_MEM_ENABLE_CACHEABLE_PFNMAP (existed only in v4..v6). */
    readonly cacheableFlag: boolean;
  };
  readonly fault: {
    /** The abort is an instruction fetch. */
    readonly exec: boolean;
    /** The abort is a write. */
    readonly write: boolean;
    /** Permission fault (else translation fault). */
    readonly perm: boolean;
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

export const SPACE = new Space(FIELDS);

/**
 * The view the rules read, over a digit reader. Fields are getters, so the
 * engine sees exactly which fields a run of the rules read (src/enumerate/table.ts).
 */
export function stateView(digit: (field: number) => number): State {
  const b = (k: number) => digit(k) === 1;
  return {
    vma: {
      get pfnmap() { return b(0); },
      get mixedmap() { return b(1); },
      get io() { return b(2); },
      get mteAllowed() { return b(3); },
      get anyUncached() { return b(4); },
      get cow() { return b(5); },
      get memType() { return MEM_TYPES[digit(6)]; },
    },
    pfn: { get valid() { return b(7); }, get mapMemory() { return b(8); } },
    cpu: { get fwb() { return b(9); }, get dic() { return b(10); } },
    vm: { get mte() { return b(11); } },
    slot: { get logging() { return b(12); }, get cacheableFlag() { return b(13); } },
    fault: { get exec() { return b(14); }, get write() { return b(15); }, get perm() { return b(16); } },
  };
}

/** Each field's group and name in the state object ('vma.pfnmap': vma, pfnmap), in FIELDS order. */
const PLACES = FIELDS.map((f) => f.name.split('.') as [string, string]);

/** A plain state object from its index: what the view reads, as plain values. */
export function stateFromIndex(index: number): State {
  const d = SPACE.digits(index);
  const out: Record<string, Record<string, boolean | string>> = {};
  for (let k = 0; k < FIELDS.length; k++) {
    const f = FIELDS[k];
    const [group, name] = PLACES[k];
    (out[group] ??= {})[name] = f.type === 'bool' ? d[k] === 1 : f.values[d[k]];
  }
  return out as unknown as State;
}
