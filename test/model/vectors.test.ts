// Every test vector of versions.md (0.5 common vectors C1/C2, the "### Vectors"
// list of each version, and the cross-version discriminator table of 11.2
// with its memslot notes), as unit tests of the rule encodings.
//
// Fields a vector does not name take the default state of versions.md 0.5
// (DEFAULT_STATE). Rule names are internal and are not asserted: only the
// decision (request attr/exec/sanitiseTags, or the error; memslot outcome).

import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/space/space.ts';
import type { FaultDecision, FaultError, PageTableLayer } from '../../model/outcomes.ts';
import { DEFAULT_STATE } from '../../model/presets.ts';
import { SPACE, stateFromIndex, type State } from '../../model/state.ts';
import { findVersion, VERSIONS } from '../../model/versions/index.ts';
import type { RuleVersion } from '../../model/version.ts';

// --- Helpers ------------------------------------------------------------------

type Overrides = Readonly<Record<string, Value>>;
type Attr = 'NORMAL' | 'NORMAL_NC' | 'DEVICE';

/** The decision without its (internal) rule name. */
type Outcome =
  | { readonly request: { readonly attr: Attr; readonly exec: boolean; readonly sanitiseTags: boolean } }
  | { readonly error: FaultError };

/** versions.md 0.5: "req(A, x, s)" = request(attr: A, exec: x, sanitiseTags: s). */
const req = (attr: Attr, exec: boolean, sanitiseTags: boolean): Outcome => ({ request: { attr, exec, sanitiseTags } });
const error = (e: FaultError): Outcome => ({ error: e });
const T = true;
const F = false;

/** The state of a vector: the default state of versions.md 0.5 plus the vector's fields. */
function stateOf(overrides: Overrides): State {
  for (const name of Object.keys(overrides)) {
    if (!SPACE.has(name)) throw new Error(`vector names unknown field ${name}`);
  }
  const record = { ...DEFAULT_STATE, ...overrides };
  // The vectors keep the physical invariant pfn.mapMemory => pfn.valid (versions.md 0.5).
  if (record['pfn.mapMemory'] === true && record['pfn.valid'] !== true) throw new Error('vector breaks pfn.mapMemory => pfn.valid');
  return stateFromIndex(SPACE.indexOfRecord(record));
}

function version(id: string): RuleVersion {
  const v = findVersion(id);
  if (!v) throw new Error(`no version ${id}`);
  return v;
}

function strip(d: FaultDecision): Outcome {
  if (d.request) return { request: { attr: d.request.attr, exec: d.request.exec, sanitiseTags: d.request.sanitiseTags } };
  return { error: d.error };
}

/**
 * versions.md 0.4, the shared layer stage2_set_prot_attr() at map time,
 * written here from the spec (mapLayer_preNC / mapLayer_NC).
 */
function mapLayer(layer: PageTableLayer, d: Outcome, s: State): Outcome {
  if ('error' in d) return d; // user_mem_abort returned before mapping
  if (s.fault.perm) return d; // relax_perms path: no attribute check
  const { attr, exec } = d.request;
  if (layer === 'pre-nc') {
    // NORMAL_NC does not exist before the Normal-NC series.
    if (attr === 'NORMAL_NC') throw new Error('pre-NC layer asked for NORMAL_NC');
    if (exec && attr === 'DEVICE') return error('EINVAL');
    return d;
  }
  if (attr === 'DEVICE' && exec) return error('EINVAL');
  if (attr === 'NORMAL_NC' && exec) return error('EINVAL');
  return d;
}

/**
 * Asserts a fault vector: the decision of fault() is `request`, and the final
 * outcome after the page-table layer is `final` (defaults to `request`: the
 * layer changes the result only where a vector says "→ MAP: …").
 */
function expectFault(id: string, overrides: Overrides, request: Outcome, final: Outcome = request): void {
  const v = version(id);
  const s = stateOf(overrides);
  const d = strip(v.fault(s));
  expect(d, `${id} fault()`).toEqual(request);
  expect(mapLayer(v.meta.layer, d, s), `${id} after the ${v.meta.layer} layer`).toEqual(final);
}

function expectMemslot(id: string, overrides: Overrides, outcome: 'ok' | 'EINVAL'): void {
  const v = version(id);
  expect(v.memslot(stateOf(overrides)).outcome, `${id} memslot()`).toBe(outcome);
}

// Recurring vector states.
const OUTSIDE = { 'pfn.valid': F, 'pfn.mapMemory': F } as const;
/** B-F2 / V1-F1 / V2-F1 / V4-F1 / X1: nvgrace usemem with FWB and DIC. */
const USEMEM = { 'vma.pfnmap': T, 'vma.io': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T } as const;

const IDS = ['baseline', 'v1', 'v2', 'v3', 'v4', 'v6', 'v7', 'v8', 'v9', 'v10'] as const;
type Id = (typeof IDS)[number];

describe('registry', () => {
  it('has exactly the versions the vectors name, and merged = v10', () => {
    // The series; mainline (6.18 ..) follows, with its own vectors (mainline-vectors.test.ts).
    expect(VERSIONS.filter((v) => !v.meta.domain).map((v) => v.meta.id)).toEqual([...IDS]);
    expect(VERSIONS.filter((v) => v.meta.domain).map((v) => v.meta.id)).toEqual(['6.18', '6.19', '7.0', '7.1', '7.2']);
    expect(findVersion('6.17')).toBe(findVersion('v10'));
    expect(findVersion('6.12')).toBe(findVersion('baseline'));
    expect(findVersion('7.3')).toBe(findVersion('7.2'));
    expect(findVersion('mainline')).toBe(findVersion('7.2'));
    expect(findVersion('merged')).toBe(findVersion('v10'));
    expect(version('v1').meta.layer).toBe('pre-nc');
    for (const id of IDS.filter((x) => x !== 'v1')) expect(version(id).meta.layer).toBe('nc');
  });
});

// --- 0.5 Common vectors ---------------------------------------------------------

describe('common vectors', () => {
  // C1: the prelude. versions.md writes "{fault.perm=T}, with any values of the
  // other fields", but the prelude (0.3) is `perm and not write and not exec`
  // and C2 (perm+write) is a request, so C1 is tested with write=F, exec=F and
  // every value of every other field.
  const c1States: State[] = [];
  const perm = SPACE.indexOfField('fault.perm');
  const write = SPACE.indexOfField('fault.write');
  const exec = SPACE.indexOfField('fault.exec');
  const d = new Int32Array(SPACE.fields.length);
  for (let i = 0; i < SPACE.size; i++) {
    SPACE.digits(i, d);
    if (d[perm] === 1 && d[write] === 0 && d[exec] === 0) c1States.push(stateFromIndex(i));
  }

  it('C1 covers every other field value', () => {
    expect(c1States.length).toBe(SPACE.size / 8);
  });

  for (const id of IDS) {
    it(`C1 [${id}]`, () => {
      const v = version(id);
      let bad: string | undefined;
      // toEqual decides wherever the mapped outcome is not plainly the same JSON (49152 states x 10 versions of expect() cost seconds).
      const efault = JSON.stringify(error('EFAULT'));
      for (const s of c1States) {
        const d = strip(v.fault(s));
        if (!('error' in d) || d.error !== 'EFAULT') {
          bad = `${JSON.stringify(s)} -> ${JSON.stringify(d)}`;
          break;
        }
        const mapped = mapLayer(v.meta.layer, d, s);
        if (JSON.stringify(mapped) !== efault) expect(mapped).toEqual(error('EFAULT'));
      }
      expect(bad, 'C1 counter-example').toBeUndefined();
    });

    it(`C2 [${id}]`, () => {
      expectFault(
        id,
        { 'fault.perm': T, 'fault.write': T, 'vm.mte': T, 'vma.mteAllowed': F, 'cpu.fwb': T, 'cpu.dic': T },
        req('NORMAL', T, F),
      );
    });
  }
});

// --- 1. Baseline ------------------------------------------------------------------

describe('baseline vectors', () => {
  const id = 'baseline';
  it('B-F1', () => expectFault(id, { 'cpu.dic': T, 'vm.mte': T, 'vma.mteAllowed': T }, req('NORMAL', T, T)));
  it('B-F2', () => expectFault(id, USEMEM, req('DEVICE', F, F)));
  it('B-F3', () => expectFault(id, { ...USEMEM, 'fault.exec': T }, error('ENOEXEC')));
  it('B-F4', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRnE', 'vma.anyUncached': T, ...OUTSIDE },
      req('NORMAL_NC', F, F),
    ));
  it('B-F5', () => expectFault(id, { 'vm.mte': T, 'vma.mteAllowed': F }, error('EFAULT')));
  it('B-M1', () => expectMemslot(id, { 'vma.pfnmap': T, 'slot.logging': T }, 'EINVAL'));
  it('B-M2', () => expectMemslot(id, { 'vm.mte': T, 'vma.mteAllowed': F, 'vma.pfnmap': T }, 'EINVAL'));
  it('B-M3', () => expectMemslot(id, { 'vma.pfnmap': T }, 'ok'));
});

// --- 2. V1 --------------------------------------------------------------------------

describe('v1 vectors', () => {
  const id = 'v1';
  it('V1-F1', () => expectFault(id, USEMEM, req('NORMAL', T, F)));
  it('V1-F2', () => expectFault(id, { ...USEMEM, 'cpu.fwb': F }, error('EINVAL')));
  it('V1-F3', () => expectFault(id, { ...USEMEM, 'fault.exec': T }, error('ENOEXEC')));
  it('V1-F4', () =>
    expectFault(id, { 'vma.memType': 'DEVICE_nGnRE', 'fault.exec': T }, req('DEVICE', T, F), error('EINVAL')));
  it('V1-F5', () => {
    const s = { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC', 'vma.anyUncached': T, ...OUTSIDE } as const;
    expectFault(id, s, error('EINVAL'));
    // "with cpu.fwb=T it would be req(DEVICE, F, F)"
    expectFault(id, { ...s, 'cpu.fwb': T }, req('DEVICE', F, F));
  });
  it('V1-M1', () => expectMemslot(id, { 'vma.pfnmap': T, 'slot.logging': T }, 'EINVAL'));
  it('V1-M2', () => expectMemslot(id, { 'vma.pfnmap': T }, 'ok'));
});

// --- 3. V2 --------------------------------------------------------------------------

describe('v2 vectors', () => {
  const id = 'v2';
  it('V2-F1', () => expectFault(id, USEMEM, req('NORMAL', T, F)));
  it('V2-F2', () => expectFault(id, { ...USEMEM, 'fault.exec': T }, error('ENOEXEC')));
  it('V2-F3', () => expectFault(id, { ...USEMEM, 'cpu.fwb': F }, error('EINVAL')));
  it('V2-F4', () => expectFault(id, { 'vma.memType': 'OTHER', 'vma.anyUncached': T }, req('NORMAL_NC', F, F)));
  it('V2-F5', () => {
    const s = { 'vm.mte': T, 'vma.mteAllowed': F, 'cpu.dic': T } as const;
    expectFault(id, s, req('NORMAL', T, F));
    // "the baseline gives EFAULT"
    expectFault('baseline', s, error('EFAULT'));
  });
  it('V2-M1', () => expectMemslot(id, { 'vm.mte': T, 'vma.mteAllowed': F }, 'EINVAL'));
  it('V2-M2', () => expectMemslot(id, { 'vma.pfnmap': T, 'vma.io': T }, 'ok'));
});

// --- 4. V3 --------------------------------------------------------------------------

describe('v3 vectors', () => {
  const id = 'v3';
  const f1 = { 'vma.pfnmap': T, 'vma.io': T, ...OUTSIDE, 'cpu.fwb': T } as const;
  it('V3-F1', () => expectFault(id, f1, req('NORMAL', F, F)));
  it('V3-F2', () => expectFault(id, { ...f1, 'cpu.fwb': F }, error('EINVAL')));
  it('V3-F3', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.cow': T, 'vma.memType': 'DEVICE_nGnRE', ...OUTSIDE, 'fault.exec': T },
      error('EINVAL'),
    ));
  it('V3-F4', () =>
    expectFault(id, { 'vma.pfnmap': T, ...OUTSIDE, 'vm.mte': T, 'vma.mteAllowed': F }, error('EFAULT')));
  it('V3-F5', () => {
    expectFault(id, { 'vma.pfnmap': T }, error('EINVAL'));
    // "the baseline gives req(NORMAL, F, F)"
    expectFault('baseline', { 'vma.pfnmap': T }, req('NORMAL', F, F));
  });
  it('V3-M1', () => expectMemslot(id, { 'vma.pfnmap': T }, 'ok'));
  it('V3-M2', () => expectMemslot(id, { 'vma.pfnmap': T, 'slot.logging': T }, 'EINVAL'));
});

// --- 5. V4 --------------------------------------------------------------------------

describe('v4 vectors', () => {
  const id = 'v4';
  it('V4-F1', () => {
    expectFault(id, USEMEM, req('NORMAL', T, F));
    // "the flag is irrelevant at fault time"
    expectFault(id, { ...USEMEM, 'slot.cacheableFlag': T }, req('NORMAL', T, F));
  });
  it('V4-F2', () => expectFault(id, { ...USEMEM, 'cpu.dic': F }, error('EINVAL')));
  it('V4-F3', () => expectFault(id, { ...USEMEM, 'fault.exec': T }, req('NORMAL', T, F)));
  it('V4-F4', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T },
      req('DEVICE', F, F),
    ));
  it('V4-F5', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.cow': T, 'vma.memType': 'NORMAL_NC', 'vma.anyUncached': T, ...OUTSIDE },
      error('EINVAL'),
    ));
  it('V4-M1', () => expectMemslot(id, { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, 'EINVAL'));
  it('V4-M2', () => expectMemslot(id, { 'vma.pfnmap': T, 'slot.cacheableFlag': T, 'cpu.fwb': T, 'cpu.dic': T }, 'ok'));
  it('V4-M3', () => expectMemslot(id, { 'vma.pfnmap': T, 'slot.cacheableFlag': T, 'cpu.fwb': T }, 'EINVAL'));
  it('V4-M4', () => expectMemslot(id, { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED' }, 'ok'));
});

// --- 6. V6 --------------------------------------------------------------------------

describe('v6 vectors', () => {
  const id = 'v6';
  it('V6-F1', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T },
      req('NORMAL', T, F),
    ));
  it('V6-F2', () =>
    expectFault(id, { 'vma.pfnmap': T, 'vma.memType': 'OTHER', ...OUTSIDE, 'cpu.fwb': T }, error('EINVAL')));
  it('V6-F3', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRE', 'vma.anyUncached': T, ...OUTSIDE, 'fault.exec': T },
      error('ENOEXEC'),
    ));
  it('V6-F4', () => expectFault(id, { 'vma.pfnmap': T, 'cpu.fwb': T }, error('EINVAL')));
  it('V6-F5', () =>
    expectFault(id, { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T }, req('DEVICE', F, F)));
  it('V6-M1', () =>
    expectMemslot(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', 'slot.cacheableFlag': T, 'cpu.fwb': T, 'cpu.dic': T },
      'ok',
    ));
  it('V6-M2', () =>
    expectMemslot(id, { 'vma.pfnmap': T, 'vma.memType': 'OTHER', 'slot.cacheableFlag': T, 'cpu.fwb': T }, 'EINVAL'));
  it('V6-M3', () => expectMemslot(id, { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC' }, 'ok'));
});

// --- 7. V7 --------------------------------------------------------------------------

describe('v7 vectors', () => {
  const id = 'v7';
  it('V7-F1', () => {
    expectFault(id, {}, error('EINVAL'));
    // "the baseline and V8+ give req(NORMAL, F, F)"
    for (const other of ['baseline', 'v8', 'v9', 'v10']) expectFault(other, {}, req('NORMAL', F, F));
  });
  it('V7-F2', () => expectFault(id, { ...USEMEM, 'fault.exec': T }, req('NORMAL', T, F)));
  it('V7-F3', () => expectFault(id, { 'vma.pfnmap': T, 'vma.cow': T, 'cpu.fwb': T, 'cpu.dic': T }, error('EINVAL')));
  it('V7-F4', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRE', 'vma.anyUncached': T, ...OUTSIDE },
      req('NORMAL_NC', F, F),
    ));
  it('V7-F5', () => {
    const s = { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T } as const;
    expectFault(id, s, req('NORMAL', T, F));
    // "V8 gives EINVAL"
    expectFault('v8', s, error('EINVAL'));
  });
  it('V7-M1', () => expectMemslot(id, { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, 'ok'));
  it('V7-M2', () => expectMemslot(id, { 'vma.pfnmap': T, 'cpu.fwb': T }, 'EINVAL'));
  it('V7-M3', () => expectMemslot(id, { 'vma.pfnmap': T, 'vma.memType': 'DEVICE_nGnRnE' }, 'ok'));
});

// --- 8. V8 --------------------------------------------------------------------------

describe('v8 vectors', () => {
  const id = 'v8';
  it('V8-F1', () => expectFault(id, {}, req('NORMAL', F, F)));
  it('V8-F2', () =>
    expectFault(id, { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T }, error('EINVAL')));
  it('V8-F3', () => expectFault(id, { 'vma.pfnmap': T, ...OUTSIDE, 'cpu.dic': T }, error('EFAULT')));
  it('V8-F4', () => expectFault(id, { 'vma.pfnmap': T, 'vma.cow': T }, req('NORMAL', F, F)));
  it('V8-F5', () => expectFault(id, { 'vma.pfnmap': T, 'vma.cow': T, ...OUTSIDE }, error('EINVAL')));
  it('V8-M1', () => expectMemslot(id, { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_TAGGED', 'cpu.fwb': T }, 'EINVAL'));
  it('V8-M2', () =>
    expectMemslot(id, { 'vma.pfnmap': T, 'slot.logging': T, 'cpu.fwb': T, 'cpu.dic': T }, 'EINVAL'));
  it('V8-M3', () => expectMemslot(id, { 'vma.mixedmap': T }, 'ok'));
});

// --- 9. V9 --------------------------------------------------------------------------

describe('v9 vectors', () => {
  const id = 'v9';
  it('V9-F1', () =>
    expectFault(id, { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T }, req('NORMAL', T, F)));
  it('V9-F2', () => expectFault(id, { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.dic': T }, error('EFAULT')));
  it('V9-F3', () => {
    const s = { 'vma.mixedmap': T, 'vma.cow': T, 'vma.memType': 'DEVICE_nGnRE', ...OUTSIDE } as const;
    expectFault(id, s, error('EINVAL'));
    // "V8 and V10 give req(DEVICE, F, F)"
    expectFault('v8', s, req('DEVICE', F, F));
    expectFault('v10', s, req('DEVICE', F, F));
  });
  it('V9-F4', () => expectFault(id, { 'vma.pfnmap': T, 'vma.cow': T }, req('NORMAL', F, F)));
  it('V9-F5', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC', 'vma.anyUncached': T, ...OUTSIDE, 'fault.exec': T },
      error('ENOEXEC'),
    ));
  it('V9-M1', () => expectMemslot(id, { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, 'ok'));
  it('V9-M2', () => expectMemslot(id, { 'vma.pfnmap': T, 'cpu.dic': T }, 'EINVAL'));
});

// --- 10. V10 (merged) -----------------------------------------------------------------

describe('v10 vectors', () => {
  const id = 'v10';
  it('V10-F1', () =>
    expectFault(id, { 'vma.pfnmap': T, 'vma.cow': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T }, req('NORMAL', T, F)));
  it('V10-F2', () => expectFault(id, { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.fwb': T }, error('EFAULT')));
  it('V10-F3', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.io': T, 'vma.memType': 'DEVICE_nGnRnE', ...OUTSIDE },
      req('DEVICE', F, F),
    ));
  it('V10-F4', () =>
    expectFault(
      id,
      { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC', 'cpu.dic': T, 'fault.exec': T },
      req('NORMAL', T, F),
    ));
  it('V10-F5', () => {
    const s = { 'vma.pfnmap': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T, 'vm.mte': T, 'vma.mteAllowed': T } as const;
    expectFault(id, s, req('NORMAL', T, T));
    // "with vma.mteAllowed=F: error(EFAULT)"
    expectFault(id, { ...s, 'vma.mteAllowed': F }, error('EFAULT'));
  });
  it('V10-M1', () => expectMemslot(id, { 'vma.pfnmap': T, 'cpu.fwb': T }, 'EINVAL'));
  it('V10-M2', () => expectMemslot(id, { 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, 'ok'));
  it('V10-M3', () =>
    expectMemslot(id, { 'vm.mte': T, 'vma.mteAllowed': F, 'vma.pfnmap': T, 'cpu.fwb': T, 'cpu.dic': T }, 'EINVAL'));
  it('merged alias gives the V10 vectors', () => {
    expect(findVersion('merged')?.meta.id).toBe('v10');
    expectFault('merged', { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.fwb': T }, error('EFAULT'));
  });
});

// --- 11.2 Cross-version discriminator vectors ------------------------------------------

const X1 = USEMEM;
const TABLE: ReadonlyArray<{ readonly id: string; readonly state: Overrides; readonly expected: Readonly<Record<Id, Outcome>> }> = [
  {
    id: 'X1',
    state: X1,
    expected: {
      baseline: req('DEVICE', F, F),
      v1: req('NORMAL', T, F),
      v2: req('NORMAL', T, F),
      v3: req('NORMAL', T, F),
      v4: req('NORMAL', T, F),
      v6: req('NORMAL', T, F),
      v7: req('NORMAL', T, F),
      v8: req('NORMAL', T, F),
      v9: req('NORMAL', T, F),
      v10: req('NORMAL', T, F),
    },
  },
  {
    id: 'X2',
    state: { ...X1, 'fault.exec': T },
    expected: {
      baseline: error('ENOEXEC'),
      v1: error('ENOEXEC'),
      v2: error('ENOEXEC'),
      v3: req('NORMAL', T, F),
      v4: req('NORMAL', T, F),
      v6: req('NORMAL', T, F),
      v7: req('NORMAL', T, F),
      v8: req('NORMAL', T, F),
      v9: req('NORMAL', T, F),
      v10: req('NORMAL', T, F),
    },
  },
  {
    id: 'X3',
    state: { ...X1, 'cpu.fwb': F, 'cpu.dic': F },
    expected: {
      baseline: req('DEVICE', F, F),
      v1: error('EINVAL'),
      v2: error('EINVAL'),
      v3: error('EINVAL'),
      v4: error('EINVAL'),
      v6: error('EINVAL'),
      v7: error('EINVAL'),
      v8: error('EFAULT'),
      v9: error('EFAULT'),
      v10: error('EFAULT'),
    },
  },
  {
    id: 'X4',
    state: {},
    expected: {
      baseline: req('NORMAL', F, F),
      v1: req('NORMAL', F, F),
      v2: req('NORMAL', F, F),
      v3: req('NORMAL', F, F),
      v4: req('NORMAL', F, F),
      v6: req('NORMAL', F, F),
      v7: error('EINVAL'),
      v8: req('NORMAL', F, F),
      v9: req('NORMAL', F, F),
      v10: req('NORMAL', F, F),
    },
  },
  {
    id: 'X5',
    state: { 'vma.mixedmap': T, ...OUTSIDE, 'cpu.fwb': T, 'cpu.dic': T },
    expected: {
      baseline: req('DEVICE', F, F),
      v1: req('NORMAL', T, F),
      v2: req('NORMAL', T, F),
      v3: req('DEVICE', F, F),
      v4: req('DEVICE', F, F),
      v6: req('DEVICE', F, F),
      v7: req('NORMAL', T, F),
      v8: error('EINVAL'),
      v9: req('NORMAL', T, F),
      v10: req('NORMAL', T, F),
    },
  },
  {
    id: 'X6',
    state: {
      'vma.pfnmap': T,
      'vma.io': T,
      'vma.anyUncached': T,
      'vma.memType': 'DEVICE_nGnRnE',
      ...OUTSIDE,
      'cpu.fwb': T,
      'cpu.dic': T,
    },
    expected: {
      baseline: req('NORMAL_NC', F, F),
      v1: req('DEVICE', F, F),
      v2: req('NORMAL_NC', F, F),
      v3: req('NORMAL_NC', F, F),
      v4: req('NORMAL_NC', F, F),
      v6: req('NORMAL_NC', F, F),
      v7: req('NORMAL_NC', F, F),
      v8: req('NORMAL_NC', F, F),
      v9: req('NORMAL_NC', F, F),
      v10: req('NORMAL_NC', F, F),
    },
  },
  {
    id: 'X7',
    state: { 'vma.pfnmap': T, 'vma.memType': 'NORMAL_NC' },
    expected: {
      baseline: req('NORMAL', F, F),
      v1: req('DEVICE', F, F),
      v2: req('DEVICE', F, F),
      v3: req('NORMAL', F, F),
      v4: req('NORMAL', F, F),
      v6: req('NORMAL', F, F),
      v7: req('NORMAL', F, F),
      v8: req('NORMAL', F, F),
      v9: req('NORMAL', F, F),
      v10: req('NORMAL', F, F),
    },
  },
];

describe('cross-version discriminator vectors (11.2)', () => {
  for (const row of TABLE) {
    for (const id of IDS) {
      it(`${row.id} [${id}]`, () => expectFault(id, row.state, row.expected[id]));
    }
  }

  // "For X3 at memslot time with slot.cacheableFlag=F: baseline–V3 ok; V4–V10 EINVAL."
  const X3 = { ...X1, 'cpu.fwb': F, 'cpu.dic': F, 'slot.cacheableFlag': F } as const;
  const x3Memslot: Record<Id, 'ok' | 'EINVAL'> = {
    baseline: 'ok',
    v1: 'ok',
    v2: 'ok',
    v3: 'ok',
    v4: 'EINVAL',
    v6: 'EINVAL',
    v7: 'EINVAL',
    v8: 'EINVAL',
    v9: 'EINVAL',
    v10: 'EINVAL',
  };
  for (const id of IDS) {
    it(`X3 memslot [${id}]`, () => expectMemslot(id, X3, x3Memslot[id]));
  }

  // "For X1 at memslot time (FWB and DIC present) with slot.cacheableFlag=F:
  // V4–V6 EINVAL; with the flag set, ok. V7–V10 give ok either way."
  for (const id of ['v4', 'v6'] as const) {
    it(`X1 memslot [${id}]`, () => {
      expectMemslot(id, { ...X1, 'slot.cacheableFlag': F }, 'EINVAL');
      expectMemslot(id, { ...X1, 'slot.cacheableFlag': T }, 'ok');
    });
  }
  for (const id of ['v7', 'v8', 'v9', 'v10'] as const) {
    it(`X1 memslot [${id}]`, () => {
      expectMemslot(id, { ...X1, 'slot.cacheableFlag': F }, 'ok');
      expectMemslot(id, { ...X1, 'slot.cacheableFlag': T }, 'ok');
    });
  }
});
