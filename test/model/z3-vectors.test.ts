// The hand-worked test vectors of versions.md (common vectors, each
// version's Vectors list, the cross-version table of section 11.2) run
// against the Z3 encodings (model/versions/<id>/z3.ts). Each vector fixes
// every state field (defaults from versions.md section 0.5), and the
// decided branch is the first one whose guard the model makes true.

import { beforeAll, describe, expect, it } from 'vitest';
import { z3Rules as baseline } from '../../model/versions/baseline/z3.ts';
import { z3Rules as v1 } from '../../model/versions/v1/z3.ts';
import { z3Rules as v2 } from '../../model/versions/v2/z3.ts';
import { z3Rules as v3 } from '../../model/versions/v3/z3.ts';
import { z3Rules as v4 } from '../../model/versions/v4/z3.ts';
import { z3Rules as v6 } from '../../model/versions/v6/z3.ts';
import { z3Rules as v7 } from '../../model/versions/v7/z3.ts';
import { z3Rules as v8 } from '../../model/versions/v8/z3.ts';
import { z3Rules as v9 } from '../../model/versions/v9/z3.ts';
import { z3Rules as v10 } from '../../model/versions/v10/z3.ts';
import { ATTRS, FAULT_ERRORS } from '../../model/outcomes.ts';
import type { MemType } from '../../model/state.ts';
import { MEM_TYPES } from '../../model/state.ts';
import type { Branch, SymState, Z3Rules, Z3Version } from '../../model/symbolic.ts';
import { makeKit } from '../../model/symbolic.ts';
import type { Z3, ZBoolTerm, ZIntTerm } from '../../src/solver/z3.ts';
import { check, z3 } from '../../src/solver/z3.ts';

const ENCODINGS: Record<string, Z3Version> = { baseline, v1, v2, v3, v4, v6, v7, v8, v9, v10 };
const IDS = Object.keys(ENCODINGS);

// --- Branch names, in order (the brief) --------------------------------------

const V4_FAULT = ['prelude-read-perm', 'pfnmap-cow', 'exec-on-device', 'mte-not-allowed', 'cacheable-devmem-unsupported', 'map-device-any-uncached', 'map-device', 'map-normal'];
const MEMSLOT_BASE = ['mte-not-allowed', 'pfnmap-logging', 'accept'];
const MEMSLOT_SUPPORTED = ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-unsupported', 'accept'];

const NAMES: Record<string, { fault: string[]; memslot: string[] }> = {
  baseline: {
    fault: ['prelude-read-perm', 'exec-on-device-pfn', 'mte-not-allowed', 'map-device-any-uncached', 'map-device', 'map-normal'],
    memslot: MEMSLOT_BASE,
  },
  v1: {
    fault: ['prelude-read-perm', 'exec-on-device-pfn', 'mte-not-allowed', 'no-fwb-no-struct-page', 'map-device-type', 'map-normal-type'],
    memslot: MEMSLOT_BASE,
  },
  v2: {
    fault: ['prelude-read-perm', 'exec-on-noncacheable', 'mte-not-allowed', 'no-fwb-no-struct-page', 'map-noncacheable-type-any-uncached', 'map-noncacheable-type', 'map-normal-type'],
    memslot: MEMSLOT_BASE,
  },
  v3: {
    fault: ['prelude-read-perm', 'pfnmap-cow', 'exec-on-device', 'mte-not-allowed', 'cacheable-devmem-no-fwb', 'map-device-any-uncached', 'map-device', 'map-normal'],
    memslot: MEMSLOT_BASE,
  },
  v4: { fault: V4_FAULT, memslot: ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-normal-not-enabled', 'accept'] },
  v6: { fault: V4_FAULT, memslot: ['mte-not-allowed', 'pfnmap-logging', 'pfnmap-cacheable-not-enabled', 'accept'] },
  v7: {
    fault: ['prelude-read-perm', 'pfnmap-cow', 'exec-on-disable-cmo', 'mte-not-allowed', 'disable-cmo-cacheable', 'cacheable-unsupported', 'map-device-any-uncached', 'map-device', 'map-normal'],
    memslot: MEMSLOT_SUPPORTED,
  },
  v8: {
    fault: ['prelude-read-perm', 'nonmap-pfnmap-cow', 'cacheable-pfnmap-unsupported', 'cacheable-pfnmap-force-nc', 'cacheable-force-nc', 'exec-on-force-nc', 'mte-not-allowed', 'map-device-any-uncached', 'map-device', 'map-normal'],
    memslot: MEMSLOT_SUPPORTED,
  },
  v9: {
    fault: ['prelude-read-perm', 'nonmap-cow', 'cacheable-nonmap-unsupported', 'cacheable-nonmap-force-nc', 'cacheable-force-nc', 'exec-on-force-nc', 'mte-not-allowed', 'map-device-any-uncached', 'map-device', 'map-normal'],
    memslot: MEMSLOT_SUPPORTED,
  },
  v10: {
    fault: ['prelude-read-perm', 'cacheable-nonmap-unsupported', 'exec-on-force-nc', 'mte-not-allowed', 'map-device-any-uncached', 'map-device', 'map-normal'],
    memslot: MEMSLOT_SUPPORTED,
  },
};

// --- States -------------------------------------------------------------------

type Values = Record<string, boolean | MemType>;

/** versions.md section 0.5. */
const DEFAULTS: Values = {
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
const T = true;
const F = false;

// --- Vectors ------------------------------------------------------------------

/** Expected fault outcome written as in versions.md: 'req(NORMAL,T,F)' or an error name. */
type FaultExp = string;
type MemslotExp = 'ok' | 'EINVAL';
interface Vector {
  readonly id: string;
  readonly state: Values;
  /** version id -> expected outcome; '*' = every version. */
  readonly fault?: Record<string, FaultExp>;
  readonly memslot?: Record<string, MemslotExp>;
}

const all = <E>(e: E): Record<string, E> => Object.fromEntries(IDS.map((id) => [id, e]));
const row = <E>(...es: E[]): Record<string, E> => Object.fromEntries(IDS.map((id, i) => [id, es[i]]));

// Shared states of several vectors.
const X1: Values = { 'vma.pfnmap': T, 'vma.io': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T };
const X5: Values = { 'vma.mixedmap': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T };
const B_F2: Values = { 'vma.pfnmap': T, 'vma.io': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T };
const V1_F5: Values = { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC', 'vma.anyUncached': T, 'pfn.valid': F, 'pfn.mapMemory': F };
const V9_F3: Values = { 'vma.mixedmap': T, 'vma.cow': T, 'vma.memType': 'DEVICE_nGnRE', 'pfn.valid': F, 'pfn.mapMemory': F };
const V10_F5: Values = { 'vma.pfnmap': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T, 'vm.mte': T, 'vma.mteAllowed': T };

const VECTORS: Vector[] = [
  // Common (section 0.5).
  { id: 'C1', state: { 'fault.perm': T }, fault: all('EFAULT') },
  {
    id: 'C1 (other fields varied)',
    state: { 'fault.perm': T, 'vma.pfnmap': T, 'vma.cow': T, 'vma.memType': 'DEVICE_nGnRE', 'pfn.valid': F, 'pfn.mapMemory': F, 'vm.mte': T },
    fault: all('EFAULT'),
  },
  { id: 'C2', state: { 'fault.perm': T, 'fault.write': T, 'vm.mte': T, 'vma.mteAllowed': F, 'cpu.fwb': T, 'cpu.dic': T }, fault: all('req(NORMAL,T,F)') },

  // Baseline (section 1).
  { id: 'B-F1', state: { 'cpu.dic': T, 'vm.mte': T, 'vma.mteAllowed': T }, fault: { baseline: 'req(NORMAL,T,T)' } },
  { id: 'B-F2', state: B_F2, fault: { baseline: 'req(DEVICE,F,F)' } },
  { id: 'B-F3', state: { ...B_F2, 'fault.exec': T }, fault: { baseline: 'ENOEXEC' } },
  {
    id: 'B-F4',
    state: { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRnE', 'vma.anyUncached': T, 'pfn.valid': F, 'pfn.mapMemory': F },
    fault: { baseline: 'req(NORMAL_NC,F,F)' },
  },
  { id: 'B-F5', state: { 'vm.mte': T, 'vma.mteAllowed': F }, fault: { baseline: 'EFAULT' } },
  { id: 'B-M1', state: { 'vma.pfnmap': T, 'slot.logging': T }, memslot: { baseline: 'EINVAL' } },
  { id: 'B-M2', state: { 'vm.mte': T, 'vma.mteAllowed': F, 'vma.pfnmap': T }, memslot: { baseline: 'EINVAL' } },
  { id: 'B-M3', state: { 'vma.pfnmap': T }, memslot: { baseline: 'ok' } },

  // V1 (section 2).
  { id: 'V1-F1', state: X1, fault: { v1: 'req(NORMAL,T,F)' } },
  { id: 'V1-F2', state: { ...X1, 'cpu.fwb': F }, fault: { v1: 'EINVAL' } },
  { id: 'V1-F3', state: { ...X1, 'fault.exec': T }, fault: { v1: 'ENOEXEC' } },
  { id: 'V1-F4', state: { 'vma.memType': 'DEVICE_nGnRE', 'fault.exec': T }, fault: { v1: 'req(DEVICE,T,F)' } }, // the MAP layer then refuses it
  { id: 'V1-F5', state: V1_F5, fault: { v1: 'EINVAL' } },
  { id: 'V1-F5 (with FWB)', state: { ...V1_F5, 'cpu.fwb': T }, fault: { v1: 'req(DEVICE,F,F)' } },
  { id: 'V1-M1', state: { 'vma.pfnmap': T, 'slot.logging': T }, memslot: { v1: 'EINVAL' } },
  { id: 'V1-M2', state: { 'vma.pfnmap': T }, memslot: { v1: 'ok' } },

  // V2 (section 3).
  { id: 'V2-F1', state: X1, fault: { v2: 'req(NORMAL,T,F)' } },
  { id: 'V2-F2', state: { ...X1, 'fault.exec': T }, fault: { v2: 'ENOEXEC' } },
  { id: 'V2-F3', state: { ...X1, 'cpu.fwb': F }, fault: { v2: 'EINVAL' } },
  { id: 'V2-F4', state: { 'vma.memType': 'OTHER', 'vma.anyUncached': T }, fault: { v2: 'req(NORMAL_NC,F,F)' } },
  { id: 'V2-F5', state: { 'vm.mte': T, 'vma.mteAllowed': F, 'cpu.dic': T }, fault: { v2: 'req(NORMAL,T,F)', baseline: 'EFAULT' } },
  { id: 'V2-M1', state: { 'vm.mte': T, 'vma.mteAllowed': F }, memslot: { v2: 'EINVAL' } },
  { id: 'V2-M2', state: { 'vma.pfnmap': T, 'vma.io': T }, memslot: { v2: 'ok' } },

  // V3 (section 4).
  { id: 'V3-F1', state: { 'vma.pfnmap': T, 'vma.io': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T }, fault: { v3: 'req(NORMAL,F,F)' } },
  { id: 'V3-F2', state: { 'vma.pfnmap': T, 'vma.io': T, 'pfn.valid': F, 'pfn.mapMemory': F }, fault: { v3: 'EINVAL' } },
  {
    id: 'V3-F3',
    state: { 'vma.pfnmap': T, 'vma.cow': T, 'vma.memType': 'DEVICE_nGnRE', 'pfn.valid': F, 'pfn.mapMemory': F, 'fault.exec': T },
    fault: { v3: 'EINVAL' },
  },
  { id: 'V3-F4', state: { 'vma.pfnmap': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'vm.mte': T, 'vma.mteAllowed': F }, fault: { v3: 'EFAULT' } },
  { id: 'V3-F5', state: { 'vma.pfnmap': T }, fault: { v3: 'EINVAL', baseline: 'req(NORMAL,F,F)' } },
  { id: 'V3-M1', state: { 'vma.pfnmap': T }, memslot: { v3: 'ok' } },
  { id: 'V3-M2', state: { 'vma.pfnmap': T, 'slot.logging': T }, memslot: { v3: 'EINVAL' } },

  // V4 (section 5).
  { id: 'V4-F1', state: X1, fault: { v4: 'req(NORMAL,T,F)' } },
  { id: 'V4-F1 (flag set)', state: { ...X1, 'slot.cacheableFlag': T }, fault: { v4: 'req(NORMAL,T,F)' } },
  { id: 'V4-F2', state: { ...X1, 'cpu.dic': F }, fault: { v4: 'EINVAL' } },
  { id: 'V4-F3', state: { ...X1, 'fault.exec': T }, fault: { v4: 'req(NORMAL,T,F)' } },
  {
    id: 'V4-F4',
    state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T },
    fault: { v4: 'req(DEVICE,F,F)' },
  },
  {
    id: 'V4-F5',
    state: { 'vma.pfnmap': T, 'vma.cow': T, 'vma.memType': 'NORMAL_NC', 'vma.anyUncached': T, 'pfn.valid': F, 'pfn.mapMemory': F },
    fault: { v4: 'EINVAL' },
  },
  { id: 'V4-M1', state: { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, memslot: { v4: 'EINVAL' } },
  { id: 'V4-M2', state: { 'vma.pfnmap': T, 'slot.cacheableFlag': T, 'cpu.fwb': T, 'cpu.dic': T }, memslot: { v4: 'ok' } },
  { id: 'V4-M3', state: { 'vma.pfnmap': T, 'slot.cacheableFlag': T, 'cpu.fwb': T }, memslot: { v4: 'EINVAL' } },
  { id: 'V4-M4', state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED' }, memslot: { v4: 'ok' } },

  // V6 (section 6).
  {
    id: 'V6-F1',
    state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T },
    fault: { v6: 'req(NORMAL,T,F)' },
  },
  { id: 'V6-F2', state: { 'vma.pfnmap': T, 'vma.memType': 'OTHER', 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T }, fault: { v6: 'EINVAL' } },
  {
    id: 'V6-F3',
    state: { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRE', 'vma.anyUncached': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'fault.exec': T },
    fault: { v6: 'ENOEXEC' },
  },
  { id: 'V6-F4', state: { 'vma.pfnmap': T, 'cpu.fwb': T }, fault: { v6: 'EINVAL' } },
  { id: 'V6-F5', state: X5, fault: { v6: 'req(DEVICE,F,F)' } },
  {
    id: 'V6-M1',
    state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', 'slot.cacheableFlag': T, 'cpu.fwb': T, 'cpu.dic': T },
    memslot: { v6: 'ok' },
  },
  { id: 'V6-M2', state: { 'vma.pfnmap': T, 'vma.memType': 'OTHER', 'slot.cacheableFlag': T, 'cpu.fwb': T }, memslot: { v6: 'EINVAL' } },
  { id: 'V6-M3', state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC' }, memslot: { v6: 'ok' } },

  // V7 (section 7).
  { id: 'V7-F1', state: {}, fault: { v7: 'EINVAL', baseline: 'req(NORMAL,F,F)', v8: 'req(NORMAL,F,F)', v9: 'req(NORMAL,F,F)', v10: 'req(NORMAL,F,F)' } },
  { id: 'V7-F2', state: { ...X1, 'fault.exec': T }, fault: { v7: 'req(NORMAL,T,F)' } },
  { id: 'V7-F3', state: { 'vma.pfnmap': T, 'vma.cow': T, 'cpu.fwb': T, 'cpu.dic': T }, fault: { v7: 'EINVAL' } },
  {
    id: 'V7-F4',
    state: { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRE', 'vma.anyUncached': T, 'pfn.valid': F, 'pfn.mapMemory': F },
    fault: { v7: 'req(NORMAL_NC,F,F)' },
  },
  { id: 'V7-F5', state: X5, fault: { v7: 'req(NORMAL,T,F)', v8: 'EINVAL' } },
  { id: 'V7-M1', state: { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, memslot: { v7: 'ok' } },
  { id: 'V7-M2', state: { 'vma.pfnmap': T, 'cpu.fwb': T }, memslot: { v7: 'EINVAL' } },
  { id: 'V7-M3', state: { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRnE' }, memslot: { v7: 'ok' } },

  // V8 (section 8).
  { id: 'V8-F1', state: {}, fault: { v8: 'req(NORMAL,F,F)' } },
  { id: 'V8-F2', state: X5, fault: { v8: 'EINVAL' } },
  { id: 'V8-F3', state: { 'vma.pfnmap': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.dic': T }, fault: { v8: 'EFAULT' } },
  { id: 'V8-F4', state: { 'vma.pfnmap': T, 'vma.cow': T }, fault: { v8: 'req(NORMAL,F,F)' } },
  { id: 'V8-F5', state: { 'vma.pfnmap': T, 'vma.cow': T, 'pfn.valid': F, 'pfn.mapMemory': F }, fault: { v8: 'EINVAL' } },
  { id: 'V8-M1', state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', 'cpu.fwb': T }, memslot: { v8: 'EINVAL' } },
  { id: 'V8-M2', state: { 'vma.pfnmap': T, 'slot.logging': T, 'cpu.fwb': T, 'cpu.dic': T }, memslot: { v8: 'EINVAL' } },
  { id: 'V8-M3', state: { 'vma.mixedmap': T }, memslot: { v8: 'ok' } },

  // V9 (section 9).
  { id: 'V9-F1', state: X5, fault: { v9: 'req(NORMAL,T,F)' } },
  { id: 'V9-F2', state: { 'vma.mixedmap': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.dic': T }, fault: { v9: 'EFAULT' } },
  { id: 'V9-F3', state: V9_F3, fault: { v9: 'EINVAL', v8: 'req(DEVICE,F,F)', v10: 'req(DEVICE,F,F)' } },
  { id: 'V9-F4', state: { 'vma.pfnmap': T, 'vma.cow': T }, fault: { v9: 'req(NORMAL,F,F)' } },
  {
    id: 'V9-F5',
    state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC', 'vma.anyUncached': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'fault.exec': T },
    fault: { v9: 'ENOEXEC' },
  },
  { id: 'V9-M1', state: { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, memslot: { v9: 'ok' } },
  { id: 'V9-M2', state: { 'vma.pfnmap': T, 'cpu.dic': T }, memslot: { v9: 'EINVAL' } },

  // V10 (section 10).
  { id: 'V10-F1', state: { 'vma.pfnmap': T, 'vma.cow': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T }, fault: { v10: 'req(NORMAL,T,F)' } },
  { id: 'V10-F2', state: { 'vma.mixedmap': T, 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T }, fault: { v10: 'EFAULT' } },
  {
    id: 'V10-F3',
    state: { 'vma.pfnmap': T, 'vma.io': T, 'vma.memType': 'DEVICE_nGnRnE', 'pfn.valid': F, 'pfn.mapMemory': F },
    fault: { v10: 'req(DEVICE,F,F)' },
  },
  { id: 'V10-F4', state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC', 'cpu.dic': T, 'fault.exec': T }, fault: { v10: 'req(NORMAL,T,F)' } },
  { id: 'V10-F5', state: V10_F5, fault: { v10: 'req(NORMAL,T,T)' } },
  { id: 'V10-F5 (mteAllowed=F)', state: { ...V10_F5, 'vma.mteAllowed': F }, fault: { v10: 'EFAULT' } },
  { id: 'V10-M1', state: { 'vma.pfnmap': T, 'cpu.fwb': T }, memslot: { v10: 'EINVAL' } },
  { id: 'V10-M2', state: { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, memslot: { v10: 'ok' } },
  { id: 'V10-M3', state: { 'vm.mte': T, 'vma.mteAllowed': F, 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, memslot: { v10: 'EINVAL' } },

  // Cross-version discriminators (section 11.2); columns: baseline v1 v2 v3 v4 v6 v7 v8 v9 v10.
  {
    id: 'X1',
    state: X1,
    fault: row('req(DEVICE,F,F)', ...Array<string>(9).fill('req(NORMAL,T,F)')),
    // "For X1 at memslot time (FWB and DIC present) with slot.cacheableFlag=F: V4-V6 EINVAL; V7-V10 ok".
    memslot: { v4: 'EINVAL', v6: 'EINVAL', v7: 'ok', v8: 'ok', v9: 'ok', v10: 'ok' },
  },
  { id: 'X1 (flag set)', state: { ...X1, 'slot.cacheableFlag': T }, memslot: { v4: 'ok', v6: 'ok', v7: 'ok', v8: 'ok', v9: 'ok', v10: 'ok' } },
  {
    id: 'X2',
    state: { ...X1, 'fault.exec': T },
    fault: row('ENOEXEC', 'ENOEXEC', 'ENOEXEC', ...Array<string>(7).fill('req(NORMAL,T,F)')),
  },
  {
    id: 'X3',
    state: { ...X1, 'cpu.fwb': F, 'cpu.dic': F },
    fault: row('req(DEVICE,F,F)', 'EINVAL', 'EINVAL', 'EINVAL', 'EINVAL', 'EINVAL', 'EINVAL', 'EFAULT', 'EFAULT', 'EFAULT'),
    // "For X3 at memslot time with slot.cacheableFlag=F: baseline-V3 ok; V4-V10 EINVAL".
    memslot: row<MemslotExp>('ok', 'ok', 'ok', 'ok', 'EINVAL', 'EINVAL', 'EINVAL', 'EINVAL', 'EINVAL', 'EINVAL'),
  },
  {
    id: 'X4',
    state: {},
    fault: row(...Array<string>(6).fill('req(NORMAL,F,F)'), 'EINVAL', ...Array<string>(3).fill('req(NORMAL,F,F)')),
  },
  {
    id: 'X5',
    state: X5,
    fault: row(
      'req(DEVICE,F,F)', 'req(NORMAL,T,F)', 'req(NORMAL,T,F)', 'req(DEVICE,F,F)', 'req(DEVICE,F,F)',
      'req(DEVICE,F,F)', 'req(NORMAL,T,F)', 'EINVAL', 'req(NORMAL,T,F)', 'req(NORMAL,T,F)',
    ),
  },
  {
    id: 'X6',
    state: { 'vma.pfnmap': T, 'vma.io': T, 'vma.anyUncached': T, 'vma.memType': 'DEVICE_nGnRnE', 'pfn.valid': F, 'pfn.mapMemory': F, 'cpu.fwb': T, 'cpu.dic': T },
    fault: row('req(NORMAL_NC,F,F)', 'req(DEVICE,F,F)', ...Array<string>(8).fill('req(NORMAL_NC,F,F)')),
  },
  {
    id: 'X7',
    state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC' },
    fault: row('req(NORMAL,F,F)', 'req(DEVICE,F,F)', 'req(DEVICE,F,F)', ...Array<string>(7).fill('req(NORMAL,F,F)')),
  },
];

// --- Evaluation -----------------------------------------------------------------

let z: Z3;
let sym: SymState;
let consts: Record<string, ZBoolTerm | ZIntTerm>;

function symbolicState(): SymState {
  const b = (name: string) => {
    const c = z.Bool.const(name);
    consts[name] = c;
    return c;
  };
  const memType = z.Int.const('vma.memType');
  consts['vma.memType'] = memType;
  return {
    vma: { pfnmap: b('vma.pfnmap'), mixedmap: b('vma.mixedmap'), io: b('vma.io'), mteAllowed: b('vma.mteAllowed'), anyUncached: b('vma.anyUncached'), cow: b('vma.cow'), memType },
    // The series' versions read no mainline field: those are their neutral constants.
    pfn: { valid: b('pfn.valid'), mapMemory: b('pfn.mapMemory'), pin: z.Int.val(0) },
    cpu: { fwb: b('cpu.fwb'), dic: b('cpu.dic') },
    vm: { mte: b('vm.mte'), protected: z.Bool.val(false), xnx: z.Bool.val(false) },
    slot: { logging: b('slot.logging'), cacheableFlag: b('slot.cacheableFlag'), gmem: z.Int.val(0) },
    fault: { exec: b('fault.exec'), write: b('fault.write'), perm: b('fault.perm'), exclAtomic: z.Bool.val(false), nested: z.Int.val(0) },
    nested: { xn: z.Int.val(0) },
  };
}

/** The outcome a version's encoding gives on a concrete state, as versions.md writes it. */
async function decide(rules: Z3Rules, values: Values): Promise<{ fault: string; memslot: string }> {
  const solver = new z.Solver();
  for (const [name, c] of Object.entries(consts)) {
    const v = values[name];
    if (name === 'vma.memType') solver.add((c as ZIntTerm).eq(z.Int.val(MEM_TYPES.indexOf(v as MemType))));
    else solver.add((c as ZBoolTerm).eq(z.Bool.val(v as boolean)));
  }
  expect(await check(solver, [])).toBe('sat');
  const model = solver.model();
  const bool = (t: ZBoolTerm) => z.isTrue(model.eval(t, true));
  const int = (t: ZIntTerm) => Number(model.eval(t, true).toString());
  const first = <O>(branches: readonly Branch<O>[]): Branch<O> => {
    const b = branches.find((br) => bool(br.when));
    if (b === undefined) throw new Error('no branch decides this state');
    return b;
  };
  const fb = first(rules.fault).then;
  const outcome = int(fb['request.outcome']);
  const yn = (t: ZBoolTerm) => (bool(t) ? 'T' : 'F');
  const fault =
    outcome === 0
      ? `req(${ATTRS[int(fb['request.attr']) - 1]},${yn(fb['request.exec'])},${yn(fb['request.sanitiseTags'])})`
      : FAULT_ERRORS[outcome - 1];
  const memslot = int(first(rules.memslot).then['memslot.outcome']) === 0 ? 'ok' : 'EINVAL';
  return { fault, memslot };
}

beforeAll(async () => {
  z = await z3();
  consts = {};
  sym = symbolicState();
});

describe.each(IDS)('Z3 encoding of %s', (id) => {
  const rules = () => ENCODINGS[id](makeKit(z, sym));

  it('names its branches as the kernel checks, in source order', () => {
    const r = rules();
    expect(r.fault.map((b) => b.rule)).toEqual(NAMES[id].fault);
    expect(r.memslot.map((b) => b.rule)).toEqual(NAMES[id].memslot);
  });

  it('is exhaustive (some branch decides every state)', async () => {
    const r = rules();
    for (const branches of [r.fault, r.memslot] as const) {
      const solver = new z.Solver();
      solver.add(z.Not(z.Or(...branches.map((b) => b.when))));
      expect(await check(solver, [])).toBe('unsat');
    }
  });

  it('gives the prelude EFAULT on every read permission fault (C1, symbolically)', async () => {
    const r = rules();
    const s = sym.fault;
    const solver = new z.Solver();
    solver.add(s.perm, z.Not(s.write), z.Not(s.exec), z.Not(r.fault[0].when));
    expect(await check(solver, [])).toBe('unsat');
    expect(r.fault[0].then['request.outcome'].toString()).toBe(String(1 + FAULT_ERRORS.indexOf('EFAULT')));
  });

  const vectors = VECTORS.filter((v) => v.fault?.[id] !== undefined || v.memslot?.[id] !== undefined);
  it.each(vectors.map((v) => [v.id, v] as const))('vector %s', async (_name, v) => {
    const got = await decide(rules(), { ...DEFAULTS, ...v.state });
    const want: { fault?: string; memslot?: string } = {};
    const have: { fault?: string; memslot?: string } = {};
    if (v.fault?.[id] !== undefined) {
      want.fault = v.fault[id];
      have.fault = got.fault;
    }
    if (v.memslot?.[id] !== undefined) {
      want.memslot = v.memslot[id];
      have.memslot = got.memslot;
    }
    expect(have).toEqual(want);
  });
});
