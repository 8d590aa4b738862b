// Realistic states (domain.md section 2), named so that reports, tests and
// the command line can say "nvgrace-usemem, but without DIC". Every preset
// starts from the default state of versions.md 0.5.

import type { Space, Value } from '../src/space/space.ts';
import { SPACE } from './state.ts';

/** versions.md 0.5: the value of every field a test vector does not mention. */
export const DEFAULT_STATE: Readonly<Record<string, Value>> = {
  'vma.pfnmap': false,
  'vma.mixedmap': false,
  'vma.io': false,
  'vma.mteAllowed': false,
  'vma.anyUncached': false,
  'vma.cow': false,
  'vma.memType': 'NORMAL',
  'pfn.valid': true,
  'pfn.mapMemory': true,
  'cpu.fwb': false,
  'cpu.dic': false,
  'vm.mte': false,
  'slot.logging': false,
  'slot.cacheableFlag': false,
  'fault.exec': false,
  'fault.write': false,
  'fault.perm': false,
};

/** The neutral values of the fields mainline added (mainline.md 0.7). */
export const NEW_DEFAULT_STATE: Readonly<Record<string, Value>> = {
  'vm.protected': false,
  'pfn.pin': 'NONE',
  'slot.gmem': 'NONE',
  'fault.exclAtomic': false,
  'fault.nested': 'NONE',
  'nested.xn': 'XN00',
  'vm.xnx': false,
};

export interface PresetSpec {
  readonly name: string;
  readonly doc: string;
  readonly fields: Readonly<Record<string, Value>>;
}

const OUTSIDE_LINEAR_MAP = { 'pfn.valid': false, 'pfn.mapMemory': false } as const;

export const PRESETS: readonly PresetSpec[] = [
  { name: 'anon-ram', doc: 'ordinary anonymous guest RAM', fields: {} },
  {
    name: 'vfio-bar',
    doc: 'VFIO PCI BAR (remap_pfn_range, pgprot_noncached)',
    fields: { 'vma.pfnmap': true, 'vma.io': true, 'vma.anyUncached': true, 'vma.memType': 'DEVICE_nGnRnE', ...OUTSIDE_LINEAR_MAP },
  },
  {
    name: 'nvgrace-usemem',
    doc: 'Grace-Hopper GPU memory, nvgrace-gpu "usemem" (cacheable)',
    fields: { 'vma.pfnmap': true, 'vma.io': true, 'vma.memType': 'NORMAL', ...OUTSIDE_LINEAR_MAP },
  },
  {
    name: 'nvgrace-resmem',
    doc: 'nvgrace-gpu "resmem" (write-combine)',
    fields: { 'vma.pfnmap': true, 'vma.io': true, 'vma.anyUncached': true, 'vma.memType': 'NORMAL_NC', ...OUTSIDE_LINEAR_MAP },
  },
  {
    name: 'cow-pfnmap',
    doc: "CoW'd anonymous page inside a private PFNMAP (MAP_PRIVATE of /dev/mem)",
    fields: { 'vma.pfnmap': true, 'vma.cow': true },
  },
  // Mainline presets: a System lists those whose fields are all in its space.
  { name: 'gmem-ram', doc: 'guest_memfd-backed RAM, mmap-able (6.18+)', fields: { 'slot.gmem': 'ONLY' } },
  { name: 'pvm-ram', doc: 'pKVM protected VM, anonymous RAM pinned (7.1+)', fields: { 'vm.protected': true, 'pfn.pin': 'SWAPBACKED' } },
  {
    name: 'pvm-vfio-bar',
    doc: 'a VFIO BAR in a protected VM (GUP refuses it, 7.1+)',
    fields: {
      'vma.pfnmap': true,
      'vma.io': true,
      'vma.anyUncached': true,
      'vma.memType': 'DEVICE_nGnRnE',
      ...OUTSIDE_LINEAR_MAP,
      'vm.protected': true,
      'pfn.pin': 'FAIL',
    },
  },
  { name: 'l2-ram', doc: 'RAM faulted by a nested guest at EL1, guest stage 2 RWX', fields: { 'fault.nested': 'EL1', 'nested.xn': 'XN00' } },
];

/** The complete state a preset names, as a flat record. */
export function presetState(p: PresetSpec): Record<string, Value> {
  return { ...DEFAULT_STATE, ...p.fields };
}

export function presetIndex(p: PresetSpec): number {
  return SPACE.indexOfRecord(presetState(p));
}

/** A preset as a record over every field (new fields neutral unless the preset sets them). */
export function presetRecord(p: PresetSpec, _space?: Space): Record<string, Value> {
  return { ...DEFAULT_STATE, ...NEW_DEFAULT_STATE, ...p.fields };
}
