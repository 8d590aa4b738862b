// Realistic states (domain.md section 2), named so that reports, tests and
// the command line can say "nvgrace-usemem, but without DIC". Every preset
// starts from the default state of versions.md 0.5.

import type { Value } from '../src/space/space.ts';
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
];

/** The complete state a preset names, as a flat record. */
export function presetState(p: PresetSpec): Record<string, Value> {
  return { ...DEFAULT_STATE, ...p.fields };
}

export function presetIndex(p: PresetSpec): number {
  return SPACE.indexOfRecord(presetState(p));
}
