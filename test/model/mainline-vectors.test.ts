// Every test vector of the mainline contract (6.18 .. 7.2: the M18-*, M19-*,
// M70-*, M71-*, M72-* lists and the discriminator table Y1..Y10), on both
// encodings of each version: the ts-pattern rules (through the engine's
// decision tree in the version's own space, with the derived facts such as
// cmo.icache) and the Z3 branches (the first branch whose guard holds on
// the state, outputs read from Z3's model).
//
// Fields a vector does not name take the default state (the series' default
// plus the neutral value of every new field). Rule names are asserted only
// where the contract names one.

import { beforeAll, describe, expect, it } from 'vitest';
import type { Value } from '../../src/space/space.ts';
import { DEFAULT_STATE, NEW_DEFAULT_STATE } from '../../model/presets.ts';
import { domainOf } from '../../model/system.ts';
import { findVersion } from '../../model/versions/index.ts';
import type { Checker } from '../../src/enumerate/check.ts';
import type { System } from '../../src/space/system.ts';
import { bundleAt } from '../../src/compare/bundle.ts';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { FIELDS } from '../../model/state.ts';
import { ATTR_OR_NONE, FAULT_ERRORS, MEMSLOT_OUTCOMES } from '../../model/outcomes.ts';
import type { Z3, ZBoolTerm, ZIntTerm, ZTerm } from '../../src/solver/z3.ts';
import { check, z3 } from '../../src/solver/z3.ts';

type Fields = Readonly<Record<string, Value>>;
interface Expect {
  /** req(A,X,S) with X in F T UX PX, or a non-request outcome (EFAULT ... FORWARD_S2). */
  readonly fault?: string;
  readonly memslot?: string;
  readonly icache?: boolean;
  readonly rule?: string;
  readonly memslotRule?: string;
}
interface Vector {
  readonly id: string;
  readonly state: Fields;
  /** Expected outcome per version id. */
  readonly on: Readonly<Record<string, Expect>>;
}

const T = true;
const F = false;
const NONMAP = { 'pfn.valid': F, 'pfn.mapMemory': F } as const;
const VFIO = { 'vma.pfnmap': T, 'vma.io': T, 'vma.memType': 'DEVICE_nGnRnE', 'vma.anyUncached': T, ...NONMAP } as const;
const all = (ids: readonly string[], e: Expect) => Object.fromEntries(ids.map((id) => [id, e]));
const L71 = ['7.1', '7.2'];

const VECTORS: Vector[] = [
  // --- 6.18 (mainline.md 5.1) ---
  { id: 'M18-F1', state: { 'fault.perm': T }, on: { '6.18': { fault: 'req(NORMAL,F,F)' } } },
  { id: 'M18-F2', state: { 'fault.perm': T, ...VFIO }, on: { '6.18': { fault: 'req(NORMAL_NC,F,F)' } } },
  { id: 'M18-F3', state: { 'fault.perm': T, 'vma.pfnmap': T, ...NONMAP }, on: { '6.18': { fault: 'EFAULT', rule: 'cacheable-nonmap-unsupported' } } },
  { id: 'M18-F4', state: { 'slot.gmem': 'ONLY', 'vm.mte': T, 'vma.mteAllowed': T }, on: { '6.18': { fault: 'req(NORMAL,F,F)', memslot: 'ok' } } },
  { id: 'M18-F5', state: { 'slot.gmem': 'ONLY', ...VFIO, 'cpu.dic': T }, on: { '6.18': { fault: 'req(NORMAL,T,F)', memslot: 'ok' } } },
  { id: 'M18-F6', state: { 'fault.exclAtomic': T }, on: { '6.18': { fault: 'EFAULT', rule: 'unsupported-fsc' } } },
  { id: 'M18-F7', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'fault.exec': T }, on: { '6.18': { fault: 'req(NORMAL,T,F)' } } },
  { id: 'M18-F8', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'cpu.dic': T }, on: { '6.18': { fault: 'req(NORMAL,F,F)' } } },
  { id: 'M18-F9', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'fault.exec': T, 'fault.perm': T }, on: { '6.18': { fault: 'FORWARD_S2' } } },
  { id: 'M18-F10', state: { 'fault.nested': 'EL0', 'nested.xn': 'XN01', 'fault.exec': T, 'fault.perm': T }, on: { '6.18': { fault: 'req(NORMAL,T,F)' } } },
  { id: 'M18-F11', state: { 'slot.gmem': 'ONLY', 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'cpu.dic': T }, on: { '6.18': { fault: 'req(NORMAL,F,F)' } } },
  { id: 'M18-M1', state: { 'slot.gmem': 'PRIVATE' }, on: { '6.18': { memslot: 'EINVAL', memslotRule: 'gmem-not-only', fault: 'req(NORMAL,F,F)' } } },
  { id: 'M18-M2', state: { 'slot.gmem': 'ONLY', 'vm.mte': T, 'vma.mteAllowed': F }, on: { '6.18': { memslot: 'EINVAL', memslotRule: 'mte-not-allowed' } } },
  { id: 'M18-M3', state: { 'slot.gmem': 'ONLY', 'vm.mte': T, 'vma.mteAllowed': T }, on: { '6.18': { memslot: 'ok' } } },
  // --- 6.19 (5.2) ---
  { id: 'M19-F1', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'cpu.dic': T }, on: { '6.19': { fault: 'req(NORMAL,T,F)' }, '6.18': { fault: 'req(NORMAL,F,F)' } } },
  {
    id: 'M19-F2',
    state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'fault.exec': T, 'fault.perm': T },
    on: { '6.19': { fault: 'req(NORMAL,T,F)' }, '6.18': { fault: 'FORWARD_S2' }, '7.1': { fault: 'FORWARD_S2' } },
  },
  { id: 'M19-F3', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'vm.xnx': T, 'fault.exec': T, 'fault.perm': T }, on: { '6.19': { fault: 'FORWARD_S2' } } },
  { id: 'M19-F4', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'vm.xnx': T, 'fault.exec': T }, on: { '6.19': { fault: 'req(NORMAL,F,F)' } } },
  {
    id: 'M19-F5',
    state: { 'fault.nested': 'EL0', 'nested.xn': 'XN01', 'vm.xnx': T, 'fault.exec': T },
    on: { '6.19': { fault: 'req(NORMAL,UX,F)', icache: F }, '7.1': { fault: 'req(NORMAL,UX,F)', icache: T } },
  },
  { id: 'M19-F6', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN11', 'vm.xnx': T, 'fault.exec': T, 'fault.perm': T }, on: { '6.19': { fault: 'req(NORMAL,PX,F)' } } },
  { id: 'M19-F7', state: { 'fault.nested': 'EL0', 'nested.xn': 'XN11', 'vm.xnx': T, 'fault.exec': T, 'fault.perm': T }, on: { '6.19': { fault: 'FORWARD_S2' } } },
  { id: 'M19-F8', state: { 'slot.gmem': 'ONLY', 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'cpu.dic': T }, on: { '6.19': { fault: 'req(NORMAL,T,F)' }, '6.18': { fault: 'req(NORMAL,F,F)' } } },
  { id: 'M19-F9', state: { 'cpu.dic': T }, on: { '6.19': { fault: 'req(NORMAL,T,F)' } } },
  { id: 'M19-F10', state: { 'fault.exclAtomic': T }, on: { '6.19': { fault: 'EFAULT', rule: 'unsupported-fsc' } } },
  // --- 7.0 (5.3) ---
  { id: 'M70-F1', state: { 'fault.exclAtomic': T }, on: { '7.0': { fault: 'INJECT_DABT' }, '6.18': { fault: 'EFAULT' }, '6.19': { fault: 'EFAULT' } } },
  { id: 'M70-F2', state: { 'fault.exclAtomic': T, 'fault.write': T, 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRE', ...NONMAP }, on: { '7.0': { fault: 'INJECT_DABT' } } },
  { id: 'M70-F3', state: { 'fault.exclAtomic': T, 'vma.mixedmap': T, ...NONMAP }, on: { '7.0': { fault: 'EFAULT', rule: 'cacheable-nonmap-unsupported' } } },
  { id: 'M70-F4', state: { 'fault.exclAtomic': T, 'vm.mte': T, 'vma.mteAllowed': F }, on: { '7.0': { fault: 'INJECT_DABT' } } },
  { id: 'M70-F5', state: { 'fault.exclAtomic': T, 'slot.gmem': 'ONLY' }, on: { '7.0': { fault: 'req(NORMAL,F,F)', rule: 'gmem-map' } } },
  { id: 'M70-F6', state: { 'fault.exclAtomic': T, 'fault.nested': 'EL1', 'nested.xn': 'XN10' }, on: { '7.0': { fault: 'INJECT_DABT' } } },
  { id: 'M70-F7', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'cpu.dic': T }, on: { '7.0': { fault: 'req(NORMAL,T,F)' } } },
  { id: 'M70-F8', state: { 'fault.perm': T, 'vm.mte': T, 'vma.mteAllowed': F }, on: { '7.0': { fault: 'req(NORMAL,F,F)' } } },
  { id: 'M70-F9', state: { 'vm.mte': T, 'vma.mteAllowed': F }, on: { '7.0': { fault: 'EFAULT', rule: 'mte-not-allowed' } } },
  { id: 'M70-F10', state: { 'fault.nested': 'EL0', 'nested.xn': 'XN01', 'vm.xnx': T, 'fault.exec': T }, on: { '7.0': { fault: 'req(NORMAL,UX,F)', icache: F } } },
  // --- 7.1 (5.4) ---
  { id: 'M71-F1', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED' }, on: { '7.1': { fault: 'req(NORMAL,T,F)', rule: 'pkvm-map' } } },
  { id: 'M71-F2', state: { 'vm.protected': T, 'pfn.pin': 'PAGECACHE' }, on: { '7.1': { fault: 'EIO' } } },
  { id: 'M71-F3', state: { 'vm.protected': T, 'pfn.pin': 'FAIL' }, on: { '7.1': { fault: 'EFAULT', rule: 'pkvm-pin-failed' } } },
  {
    id: 'M71-F4',
    state: { 'vm.protected': T, 'pfn.pin': 'FAIL', ...VFIO, 'fault.exec': T },
    on: { '7.1': { fault: 'EFAULT', rule: 'pkvm-gup-refuses-vma', memslot: 'ok' } },
  },
  { id: 'M71-F5', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED', 'fault.exclAtomic': T }, on: { '7.1': { fault: 'req(NORMAL,T,F)' } } },
  { id: 'M71-F6', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED', 'slot.gmem': 'ONLY' }, on: { '7.1': { fault: 'req(NORMAL,T,F)', rule: 'pkvm-map' } } },
  {
    id: 'M71-F7',
    state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'cpu.dic': T },
    on: { '7.1': { fault: 'req(NORMAL,F,F)' }, '6.19': { fault: 'req(NORMAL,T,F)' }, '7.0': { fault: 'req(NORMAL,T,F)' } },
  },
  {
    id: 'M71-F8',
    state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'fault.exec': T },
    on: { '7.1': { fault: 'req(NORMAL,F,F)' }, ...all(['6.18', '6.19', '7.0'], { fault: 'req(NORMAL,T,F)' }) },
  },
  { id: 'M71-F9', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'fault.exec': T, 'fault.perm': T }, on: { '7.1': { fault: 'FORWARD_S2' } } },
  { id: 'M71-F10', state: { 'fault.nested': 'EL0', 'nested.xn': 'XN01', 'vm.xnx': T, 'fault.exec': T }, on: { '7.1': { fault: 'req(NORMAL,UX,F)', icache: T } } },
  { id: 'M71-F11', state: { 'fault.nested': 'EL0', 'nested.xn': 'XN01', 'fault.exec': T }, on: { '7.1': { fault: 'req(NORMAL,T,F)' } } },
  { id: 'M71-M1', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED', 'slot.logging': T }, on: { '7.1': { memslot: 'EPERM' } } },
  { id: 'M71-M2', state: { 'vm.protected': T, 'pfn.pin': 'FAIL', 'vma.pfnmap': T, 'slot.logging': T }, on: { '7.1': { memslot: 'EPERM', memslotRule: 'protected-logging' } } },
  { id: 'M71-M3', state: { 'slot.gmem': 'ONLY', 'vm.mte': T, 'vma.mteAllowed': T }, on: { '7.1': { memslot: 'ok' }, '7.2': { memslot: 'EINVAL' } } },
  // --- 7.2 (5.5) ---
  { id: 'M72-F1', state: {}, on: { '7.2': { fault: 'req(NORMAL,F,F)' } } },
  { id: 'M72-F2', state: { 'vm.mte': T, 'vma.mteAllowed': T }, on: { '7.2': { fault: 'req(NORMAL,F,T)' } } },
  { id: 'M72-F3', state: { 'slot.gmem': 'ONLY', 'vm.mte': T, 'vma.mteAllowed': T }, on: { '7.2': { fault: 'req(NORMAL,F,F)', memslot: 'EINVAL', memslotRule: 'gmem-mte' } } },
  { id: 'M72-F4', state: { 'fault.nested': 'EL1', 'nested.xn': 'XN11', 'vm.xnx': T, 'cpu.dic': T }, on: { '7.2': { fault: 'req(NORMAL,PX,F)' } } },
  { id: 'M72-F5', state: { 'vm.protected': T, 'pfn.pin': 'PAGECACHE', 'fault.perm': T, 'fault.write': T }, on: { '7.2': { fault: 'EIO' } } },
  { id: 'M72-F6', state: { 'fault.exclAtomic': T, 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC', 'vma.anyUncached': T, ...NONMAP }, on: { '7.2': { fault: 'INJECT_DABT' } } },
  { id: 'M72-F7', state: { 'fault.perm': T, 'vma.mixedmap': T, ...NONMAP, 'cpu.fwb': T, 'cpu.dic': T }, on: { '7.2': { fault: 'req(NORMAL,T,F)' }, v10: { fault: 'EFAULT' } } },
  {
    id: 'M72-F8',
    state: { 'fault.nested': 'EL0', 'nested.xn': 'XN10', 'fault.exec': T, 'fault.perm': T, 'slot.gmem': 'ONLY' },
    on: { '7.2': { fault: 'FORWARD_S2' }, '6.19': { fault: 'req(NORMAL,T,F)' }, '7.0': { fault: 'req(NORMAL,T,F)' } },
  },
  { id: 'M72-M1', state: { 'slot.gmem': 'PRIVATE', 'vm.mte': T }, on: { '7.2': { memslot: 'EINVAL', memslotRule: 'gmem-not-only' } } },
  { id: 'M72-M2', state: { 'slot.gmem': 'ONLY', 'vm.mte': T, 'vma.mteAllowed': F }, on: { '7.2': { memslot: 'EINVAL', memslotRule: 'gmem-mte' } } },
  { id: 'M72-M3', state: { 'slot.gmem': 'ONLY' }, on: { '7.2': { memslot: 'ok' } } },
  { id: 'M72-M4', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED', 'slot.gmem': 'ONLY' }, on: { '7.2': { memslot: 'ok' } } },
  { id: 'M72-M5', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED', 'slot.logging': T }, on: { '7.2': { memslot: 'EPERM' } } },
  // --- Discriminator states (mainline.md 7.2); "—" (outside the domain) is left out ---
  { id: 'Y1', state: { 'fault.perm': T }, on: { v10: { fault: 'EFAULT' }, ...all(['6.18', '6.19', '7.0', ...L71], { fault: 'req(NORMAL,F,F)' }) } },
  {
    id: 'Y2',
    state: { 'fault.exclAtomic': T },
    on: { ...all(['6.18', '6.19'], { fault: 'EFAULT' }), ...all(['7.0', ...L71], { fault: 'INJECT_DABT' }) },
  },
  {
    id: 'Y3',
    state: { 'fault.exclAtomic': T, 'slot.gmem': 'ONLY' },
    on: { ...all(['6.18', '6.19'], { fault: 'EFAULT' }), ...all(['7.0', ...L71], { fault: 'req(NORMAL,F,F)' }) },
  },
  {
    id: 'Y4',
    state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'cpu.dic': T },
    on: { '6.18': { fault: 'req(NORMAL,F,F)' }, ...all(['6.19', '7.0'], { fault: 'req(NORMAL,T,F)' }), ...all(L71, { fault: 'req(NORMAL,F,F)' }) },
  },
  {
    id: 'Y5',
    state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'fault.exec': T },
    on: { ...all(['6.18', '6.19', '7.0'], { fault: 'req(NORMAL,T,F)' }), ...all(L71, { fault: 'req(NORMAL,F,F)' }) },
  },
  {
    id: 'Y6',
    state: { 'fault.nested': 'EL1', 'nested.xn': 'XN10', 'fault.exec': T, 'fault.perm': T },
    on: { '6.18': { fault: 'FORWARD_S2' }, ...all(['6.19', '7.0'], { fault: 'req(NORMAL,T,F)' }), ...all(L71, { fault: 'FORWARD_S2' }) },
  },
  {
    id: 'Y7',
    state: { 'fault.nested': 'EL0', 'nested.xn': 'XN01', 'vm.xnx': T, 'fault.exec': T },
    on: { ...all(['6.19', '7.0'], { fault: 'req(NORMAL,UX,F)', icache: F }), ...all(L71, { fault: 'req(NORMAL,UX,F)', icache: T }) },
  },
  { id: 'Y8', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED' }, on: all(L71, { fault: 'req(NORMAL,T,F)' }) },
  {
    id: 'Y9',
    state: { 'slot.gmem': 'ONLY', 'vm.mte': T, 'vma.mteAllowed': T },
    on: { ...all(['6.18', '6.19', '7.0', '7.1'], { memslot: 'ok' }), '7.2': { memslot: 'EINVAL' } },
  },
  { id: 'Y10', state: { 'vm.protected': T, 'pfn.pin': 'SWAPBACKED', 'slot.logging': T }, on: all(L71, { memslot: 'EPERM' }) },
];

// --- The two encodings, each in the version's own space -------------------------

const FIELD_NAMES = new Set(FIELDS.map((f) => f.name));

/** The version's own space: its domain's bundle (the trees other test files of this worker built are reused). */
function context(id: string): { system: System; checker: Checker } {
  const { system, checker } = bundleAt(KVM_ARM64_STAGE2, id);
  expect(system.space.fields.map((f) => f.name).filter((n) => !FIELD_NAMES.has(n))).toEqual(domainOf(findVersion(id)!));
  return { system, checker };
}

function record(state: Fields, id: string): Record<string, Value> {
  const { space } = context(id).system;
  const r: Record<string, Value> = { ...DEFAULT_STATE, ...NEW_DEFAULT_STATE, ...state };
  // A vector must be in the version's domain (every field it sets is in the space).
  for (const [name, value] of Object.entries(state)) {
    if (!space.has(name) && value !== NEW_DEFAULT_STATE[name]) throw new Error(`${name} is outside ${id}'s domain`);
  }
  return r;
}

const execWord = (exec: boolean, ux: boolean, px: boolean) => (!exec ? 'F' : ux && px ? 'T' : ux ? 'UX' : 'PX');

/** The ts-pattern encoding, as the engine decides and derives. */
function concrete(id: string, state: Fields): Required<Expect> {
  const { system, checker } = context(id);
  const index = system.space.indexOfRecord(record(state, id));
  const x = checker.values(id, index);
  const at = checker.tables.get(id).at(index);
  const v = findVersion(id)!;
  const fault =
    x['request.outcome'] === 'request'
      ? `req(${x['request.attr']},${execWord(x['request.exec'] === true, x['request.ux'] === true, x['request.px'] === true)},${x['request.sanitiseTags'] ? 'T' : 'F'})`
      : String(x['request.outcome']);
  return { fault, memslot: String(x['memslot.outcome']), icache: x['cmo.icache'] === true, rule: v.faultRules[at.rules[0]], memslotRule: v.memslotRules[at.rules[1]] };
}

let z: Z3;

/** The Z3 encoding: the first branch whose guard holds, its outputs from the model. */
async function symbolic(id: string, state: Fields): Promise<Required<Omit<Expect, 'icache'>>> {
  const { system } = context(id);
  const r = record(state, id);
  const fields: Record<string, ZTerm> = {};
  for (const f of system.space.fields) {
    fields[f.name] = f.type === 'bool' ? z.Bool.val(r[f.name] === true) : z.Int.val(f.values.indexOf(String(r[f.name])));
  }
  const [faultD, memslotD] = system.symbolic(id)(z, fields);
  const solver = new z.Solver();
  expect(await check(solver, [])).toBe('sat');
  const m = solver.model();
  const bool = (t: ZTerm) => z.isTrue(m.eval(t as ZBoolTerm, true));
  const int = (t: ZTerm) => Number(m.eval(t as ZIntTerm, true).toString());
  const first = (d: typeof faultD) => {
    const b = d.branches.find((br) => bool(br.when));
    if (!b) throw new Error('no branch decides this state');
    return b;
  };
  const fb = first(faultD);
  const o = fb.outputs;
  const outcome = int(o['request.outcome']);
  const fault =
    outcome === 0
      ? `req(${ATTR_OR_NONE.values[int(o['request.attr'])]},${execWord(bool(o['request.exec']), bool(o['request.ux']), bool(o['request.px']))},${bool(o['request.sanitiseTags']) ? 'T' : 'F'})`
      : FAULT_ERRORS[outcome - 1];
  const mb = first(memslotD);
  return { fault, memslot: MEMSLOT_OUTCOMES[int(mb.outputs['memslot.outcome'])], rule: fb.rule, memslotRule: mb.rule };
}

beforeAll(async () => {
  z = await z3();
});

const cases = VECTORS.flatMap((v) => Object.entries(v.on).map(([id, e]) => [`${v.id} on ${id}`, v, id, e] as const));

describe('mainline vectors, ts-pattern encoding', () => {
  it.each(cases)('%s', (_name, v, id, e) => {
    const got = concrete(id, v.state);
    const have = Object.fromEntries(Object.keys(e).map((k) => [k, got[k as keyof Expect]]));
    expect(have).toEqual(e);
  });
});

describe('mainline vectors, Z3 encoding', () => {
  it.each(cases)('%s', async (_name, v, id, e) => {
    const got = await symbolic(id, v.state);
    // cmo.icache is derived from the outputs by the shared layer (checked above).
    const keys = Object.keys(e).filter((k) => k !== 'icache');
    const have = Object.fromEntries(keys.map((k) => [k, got[k as keyof typeof got]]));
    expect(have).toEqual(Object.fromEntries(keys.map((k) => [k, e[k as keyof Expect]])));
  });
});

/**
 * Vectors that break a hard assumption, with the one they break. The
 * contract says every vector satisfies the hard assumptions; M18-F5 does
 * not: it puts a guest_memfd slot on a VFIO BAR's pfn (pfn.valid and
 * pfn.mapMemory false), while for a guest_memfd slot pfn.* describe the
 * guest_memfd folio, which is RAM (gmem-pages-are-ram). The decision it
 * states holds all the same (gmem_abort() reads no pfn field).
 */
const BREAKS_HARD: Record<string, string> = { 'M18-F5 on 6.18': 'gmem-pages-are-ram' };

describe('every vector is a real state', () => {
  it('satisfies the hard assumptions in its version, except the listed ones', () => {
    const broken: Record<string, string> = {};
    for (const [name, v, id] of cases) {
      const { system, checker } = context(id);
      const index = system.space.indexOfRecord(record(v.state, id));
      const failing = system.assumptions.filter((a) => a.kind === 'hard' && checker.evaluateAt(id, a.formula, index) === false).map((a) => a.id);
      if (failing.length) broken[name] = failing.join(' ');
    }
    expect(broken).toEqual(BREAKS_HARD);
  });
});
