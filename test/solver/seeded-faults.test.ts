// Seeded faults: deliberately broken copies of v10, with one of its two
// encodings changed and the other left as is, must make encodings-agree
// fail, at a state where the broken encoding really differs from the
// original. Plus a control (unmodified v10) and a few proofs of v10 under
// the default profile, and the InternalError a Z3 counterexample that the
// ts-pattern side does not confirm must raise.

import { beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../model/assumptions.ts';
import type { State } from '../../model/state.ts';
import { MEM_TYPES, SPACE, stateFromIndex } from '../../model/state.ts';
import type { Branch, FaultOut, Z3Version } from '../../model/symbolic.ts';
import { concreteEncoding, makeSystem, symbolicEncoding } from '../../model/system.ts';
import type { RuleVersion } from '../../model/version.ts';
import { findVersion } from '../../model/versions/index.ts';
import { LEGACY_OUTPUTS } from '../../model/outcomes.ts';
import { PROPERTIES } from '../../properties/catalog.ts';
import { Checker } from '../../src/enumerate/check.ts';
import type { FormulaProperty, Property } from '../../src/space/property.ts';
import { InternalError, Prover } from '../../src/solver/prover.ts';
import type { Z3, ZTerm } from '../../src/solver/z3.ts';
import { check, z3 } from '../../src/solver/z3.ts';
import type { System } from '../../src/space/system.ts';
import { TableCache } from '../../src/enumerate/table.ts';
import { verify } from '../../src/compare/verify.ts';

const v10 = findVersion('v10')!;
const baseline = findVersion('baseline')!;
const DEFAULT = PROFILES.default;

let z: Z3;
beforeAll(async () => {
  z = await z3();
}, 30_000);

// --- Harness ----------------------------------------------------------------------

const AGREE_ONLY = PROPERTIES.filter((p) => p.kind === 'encodings-agree');

/** A system with baseline and the given v10, its checker and its prover. */
function setup(version: RuleVersion, properties: readonly Property[] = PROPERTIES) {
  const sys: System = { ...makeSystem([baseline, version]), properties };
  const checker = new Checker(sys, new TableCache(sys));
  const prover = new Prover(sys, checker, z);
  return { sys, checker, prover };
}

function formula(id: string): FormulaProperty {
  const p = PROPERTIES.find((x) => x.id === id);
  if (!p || p.kind !== 'formula') throw new Error(`no formula property ${id}`);
  return p;
}

interface Decided {
  /** Output digits in LEGACY_OUTPUTS order. */
  readonly out: number[];
  /** Deciding rule name of each decision (fault, memslot). */
  readonly rules: string[];
}

/** What the ts-pattern encoding of `v` decides on a state. */
function concreteDecision(v: RuleVersion, index: number): Decided {
  const d = SPACE.digits(index);
  const out = new Int32Array(LEGACY_OUTPUTS.length);
  const rules = new Int32Array(2);
  const enc = concreteEncoding(v);
  enc.evaluate((k) => d[k], out, rules);
  return { out: [...out], rules: enc.decisions.map((x, i) => x.rules[rules[i]]) };
}

/** What the Z3 encoding of `v` decides on a state: the first branch whose guard evaluates to true. */
async function z3Decision(v: RuleVersion, index: number): Promise<Decided> {
  const rec = SPACE.record(index);
  const fields: Record<string, ZTerm> = {};
  for (const f of SPACE.fields) {
    fields[f.name] = f.type === 'bool' ? z.Bool.val(rec[f.name] === true) : z.Int.val(f.values.indexOf(String(rec[f.name])));
  }
  const solver = new z.Solver();
  expect(await check(solver, [])).toBe('sat');
  const m = solver.model();
  const out = new Array<number>(LEGACY_OUTPUTS.length).fill(-1);
  const rules: string[] = [];
  for (const d of symbolicEncoding(v)(z, fields)) {
    const branch = d.branches.find((b) => z.isTrue(m.eval(b.when, true)));
    if (!branch) throw new Error(`no ${d.id} branch fires on state ${index}`);
    rules.push(branch.rule);
    for (const [name, t] of Object.entries(branch.outputs)) {
      const v = m.eval(t, true).toString();
      out[LEGACY_OUTPUTS.findIndex((o) => o.name === name)] = v === 'true' ? 1 : v === 'false' ? 0 : Number(v);
    }
  }
  return { out, rules };
}

// --- Faults -----------------------------------------------------------------------

/** A Z3 encoding that is v10's with its fault branch list rewritten. */
function mapFaultBranches(f: (branches: Branch<FaultOut>[], k: Parameters<Z3Version>[0]) => Branch<FaultOut>[]): Z3Version {
  return (k) => {
    const rules = v10.z3(k);
    return { ...rules, fault: f([...rules.fault], k) };
  };
}

const NONCACHEABLE = new Set<string>(['NORMAL_NC', 'DEVICE_nGnRnE', 'DEVICE_nGnRE']);
/** v10's s2_force_noncacheable, read off a concrete state. */
const forceNc = (s: State) => (s.vma.pfnmap || s.vma.mixedmap) && !s.pfn.mapMemory && NONCACHEABLE.has(s.vma.memType);

interface Fault {
  readonly name: string;
  /** Which encoding was broken. */
  readonly side: 'ts-pattern' | 'z3';
  readonly version: RuleVersion;
  /** The condition the fault was seeded under: the reported state must meet it. */
  readonly where: (s: State) => boolean;
  /** Substrings of the ts-pattern half and of the Z3 half of the disagreement text. */
  readonly tsText: readonly string[];
  readonly z3Text: readonly string[];
  /** Whether the fault changes an output (not just the deciding rule's name). */
  readonly changesOutputs: boolean;
}

const FLIPPED: RuleVersion = {
  ...v10,
  fault: (s) => {
    const d = v10.fault(s);
    return d.rule === 'map-normal' && s.vma.io ? { rule: 'map-device', request: { ...d.request!, attr: 'DEVICE' } } : d;
  },
};

const DROPPED_GUARD: RuleVersion = {
  ...v10,
  z3: mapFaultBranches((bs, k) => bs.map((b) => (b.rule === 'exec-on-force-nc' ? { ...b, when: k.z.Bool.val(false) } : b))),
};

function swapExecAndMte(keepNames: boolean): Z3Version {
  return mapFaultBranches((bs) => {
    const i = bs.findIndex((b) => b.rule === 'exec-on-force-nc');
    const j = bs.findIndex((b) => b.rule === 'mte-not-allowed');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(j).toBeGreaterThanOrEqual(0);
    const [a, c] = [bs[i], bs[j]];
    bs[i] = keepNames ? { ...c, rule: a.rule } : c;
    bs[j] = keepNames ? { ...a, rule: c.rule } : a;
    return bs;
  });
}

/** The two branches swapped outright: the branch NAME lists then differ from the ts-pattern rule list. */
const SWAPPED: RuleVersion = { ...v10, z3: swapExecAndMte(false) };
/** The guards and outputs swapped, names left in place: the name lists match, the deciding rule does not. */
const SWAPPED_BODIES: RuleVersion = { ...v10, z3: swapExecAndMte(true) };

const MEMSLOT_FLIPPED: RuleVersion = {
  ...v10,
  memslot: (s) => {
    const d = v10.memslot(s);
    return d.rule === 'pfnmap-cacheable-unsupported' ? { ...d, outcome: 'ok' } : d;
  },
};

/** Z3's map-normal grants NORMAL_NC; the ts-pattern side is the original. */
const NC_GRANT: RuleVersion = {
  ...v10,
  z3: mapFaultBranches((bs, k) =>
    bs.map((b) => (b.rule === 'map-normal' ? { ...b, then: k.request('NORMAL_NC', b.then['request.exec'], b.then['request.sanitiseTags']) } : b)),
  ),
};

const FAULTS: readonly Fault[] = [
  {
    name: 'flipped outcome (ts-pattern maps VM_IO Normal memory DEVICE)',
    side: 'ts-pattern',
    version: FLIPPED,
    where: (s) => s.vma.io && v10.fault(s).rule === 'map-normal',
    tsText: ['request.attr=DEVICE', 'fault:map-device '],
    z3Text: ['request.attr=NORMAL', 'fault:map-normal'],
    changesOutputs: true,
  },
  {
    name: "dropped guard (Z3 exec-on-force-nc never fires)",
    side: 'z3',
    version: DROPPED_GUARD,
    where: (s) => s.fault.exec && forceNc(s),
    tsText: ['request.outcome=ENOEXEC', 'fault:exec-on-force-nc'],
    z3Text: ['request.outcome=request', 'request.exec=true', 'fault:map-device'],
    changesOutputs: true,
  },
  {
    name: 'swapped bodies (Z3 exec-on-force-nc and mte-not-allowed exchange guards and outcomes)',
    side: 'z3',
    version: SWAPPED_BODIES,
    where: (s) => ['exec-on-force-nc', 'mte-not-allowed'].includes(v10.fault(s).rule),
    tsText: ['fault:'],
    z3Text: ['fault:'],
    changesOutputs: false,
  },
  {
    name: 'memslot flipped (ts-pattern accepts where pfnmap-cacheable-unsupported refuses)',
    side: 'ts-pattern',
    version: MEMSLOT_FLIPPED,
    where: (s) => v10.memslot(s).rule === 'pfnmap-cacheable-unsupported',
    tsText: ['memslot.outcome=ok', 'memslot:pfnmap-cacheable-unsupported'],
    z3Text: ['memslot.outcome=EINVAL', 'memslot:pfnmap-cacheable-unsupported'],
    changesOutputs: true,
  },
  {
    name: 'Z3 map-normal grants NORMAL_NC',
    side: 'z3',
    version: NC_GRANT,
    where: (s) => v10.fault(s).rule === 'map-normal',
    tsText: ['request.attr=NORMAL ', 'fault:map-normal'],
    z3Text: ['request.attr=NORMAL_NC', 'fault:map-normal'],
    changesOutputs: true,
  },
];

// --- Tests --------------------------------------------------------------------------

describe('seeded faults make encodings-agree fail', () => {
  for (const fault of FAULTS) {
    it(`${fault.name}: violated, at a state where the broken encoding differs`, async () => {
      const { sys, checker, prover } = setup(fault.version, AGREE_ONLY);
      const verified = await verify(sys, checker, prover, 'v10', DEFAULT);
      expect(verified.verdicts.get('encodings-agree')).toBe('violated');
      const proof = verified.proofs!.get('encodings-agree')!;
      expect(proof.verdict).toBe('refuted');
      expect(proof.counterexample).toBeTypeOf('number');
      const index = proof.counterexample!;
      const s = stateFromIndex(index);
      const where = JSON.stringify(SPACE.record(index));

      // The state is feasible under the profile and meets the seeded condition.
      expect(checker.feasibility('v10', DEFAULT)(index), where).toBe(true);
      expect(fault.where(s), where).toBe(true);

      // The broken version's two encodings decide differently here...
      const ts = concreteDecision(fault.version, index);
      const sym = await z3Decision(fault.version, index);
      expect({ out: ts.out, rules: ts.rules }, where).not.toEqual({ out: sym.out, rules: sym.rules });
      if (fault.changesOutputs) expect(ts.out, where).not.toEqual(sym.out);
      else expect(ts.rules, where).not.toEqual(sym.rules);
      // ...the original's agree, and the unbroken side of the broken version is the original.
      const original = concreteDecision(v10, index);
      expect(await z3Decision(v10, index), where).toEqual(original);
      if (fault.side === 'ts-pattern') expect(sym, where).toEqual(original);
      else expect(ts, where).toEqual(original);

      // The text names both sides, with their outcomes and rules.
      const text = proof.disagreement!;
      expect(text).toContain('ts-pattern');
      expect(text).toContain('Z3');
      const [tsHalf, z3Half] = text.split('; Z3 ');
      expect(z3Half, text).toBeDefined();
      for (const x of fault.tsText) expect(tsHalf, text).toContain(x);
      for (const x of fault.z3Text) expect(z3Half, text).toContain(x);
      if (!fault.changesOutputs) {
        const rule = (half: string) => /fault:(\S+)/.exec(half)![1];
        expect(new Set([rule(tsHalf), rule(z3Half)])).toEqual(new Set(['exec-on-force-nc', 'mte-not-allowed']));
      }
    }, 20_000);
  }

  it('swapped rule order (Z3 branch names reordered): verify reports encodings-agree violated with the conflict', async () => {
    const { sys, checker, prover } = setup(SWAPPED);
    // The engine requires equal branch-name lists: a session cannot even be built.
    expect(() => prover.session('v10', DEFAULT)).toThrow(InternalError);
    const verified = await verify(sys, checker, prover, 'v10', DEFAULT);
    expect(verified.verdicts.get('encodings-agree')).toBe('violated');
    const conflict = verified.conflicts.get('encodings-agree');
    expect(conflict).toContain('differ from the ts-pattern rules');
    expect(conflict).toContain('mte-not-allowed exec-on-force-nc');
    expect(verified.proofs!.get('encodings-agree')!.verdict).toBe('inconclusive');
  }, 20_000);

  it('control: the unmodified v10 gives holds, with no conflict', async () => {
    const { sys, checker, prover } = setup(v10);
    const verified = await verify(sys, checker, prover, 'v10', DEFAULT);
    expect(verified.verdicts.get('encodings-agree')).toBe('holds');
    expect(verified.proofs!.get('encodings-agree')!.verdict).toBe('proved');
    expect(verified.conflicts.has('encodings-agree')).toBe(false);
  }, 20_000);
});

describe('v10 proofs under the default profile', () => {
  it("cmo-needs-linear-map is proved, needing ordinary-vma-linear-mapped and not under hard alone", async () => {
    const { prover } = setup(v10);
    const r = await prover.session('v10', DEFAULT).proveFormula(formula('cmo-needs-linear-map'));
    expect(r.verdict).toBe('proved');
    expect(r.assumptionsUsed).toContain('ordinary-vma-linear-mapped');
    expect(r.holdsUnderHard).toBe(false);
  }, 20_000);

  it('sanitise-needs-struct-page is refuted on a state without struct page', async () => {
    const { checker, prover } = setup(v10);
    const p = formula('sanitise-needs-struct-page');
    const r = await prover.session('v10', DEFAULT).proveFormula(p);
    expect(r.verdict).toBe('refuted');
    const index = r.counterexample!;
    expect(index).toBeTypeOf('number');
    expect(stateFromIndex(index).pfn.valid).toBe(false);
    // And the state really violates it on the ts-pattern side.
    expect(checker.feasibility('v10', DEFAULT)(index)).toBe(true);
    expect(checker.evaluateAt('v10', p.premise, index)).toBe(true);
    expect(checker.evaluateAt('v10', p.conclusion, index)).toBe(false);
  }, 20_000);
});

describe('a Z3 counterexample the ts-pattern side does not confirm is an InternalError', () => {
  // Each property holds on the ts-pattern side of the broken version (the
  // catalogue expects it to hold of v10, and the seeded fault does not
  // touch the ts-pattern rules, or only removes violations), but fails on
  // its Z3 side: any counterexample Z3 finds is unconfirmed.
  const CASES: Array<[string, RuleVersion, string]> = [
    ['Z3 map-normal grants NORMAL_NC', NC_GRANT, 'normal-nc-needs-opt-in'],
    ['Z3 exec-on-force-nc guard dropped', DROPPED_GUARD, 'no-exec-request-on-noncacheable'],
    ['ts-pattern maps VM_IO Normal memory DEVICE', FLIPPED, 'seed-no-cacheable-under-vm-io'],
  ];
  for (const [name, version, id] of CASES) {
    it(`${name}: proveFormula(${id}) rejects with InternalError`, async () => {
      const { checker, prover } = setup(version);
      // Precondition: the ts-pattern side has no violation at all.
      const enumerated = checker.check('v10', DEFAULT, [formula(id)]).properties[0];
      expect(enumerated.violatingStates).toBe(0);
      await expect(prover.session('v10', DEFAULT).proveFormula(formula(id))).rejects.toThrow(InternalError);
    }, 20_000);
  }
});

describe('verify() over the full catalogue on a broken version', () => {
  // A Z3 counterexample the ts-pattern rules do not confirm is reported as
  // a conflict on that property; the run goes on to encodings-agree.
  for (const fault of FAULTS.filter((f) => f.changesOutputs)) {
    it(`${fault.name}: reports encodings-agree violated instead of throwing`, async () => {
      const { sys, checker, prover } = setup(fault.version);
      const verified = await verify(sys, checker, prover, 'v10', DEFAULT);
      expect(verified.verdicts.get('encodings-agree'), verified.proofs?.get('encodings-agree')?.reason).toBe('violated');
      expect(verified.conflicts.size).toBeGreaterThan(0);
    }, 30_000);
  }

  it('swapped bodies (rule names differ, outputs do not): reports encodings-agree violated', async () => {
    const { sys, checker, prover } = setup(SWAPPED_BODIES);
    const verified = await verify(sys, checker, prover, 'v10', DEFAULT);
    expect(verified.verdicts.get('encodings-agree')).toBe('violated');
    expect(verified.proofs!.get('encodings-agree')!.disagreement).toContain('ts-pattern');
  }, 20_000);
});

// Sanity of the harness itself: the Z3 evaluator and the concrete one agree on v10.
describe('harness', () => {
  it('z3Decision and concreteDecision agree on v10 for a spread of states', async () => {
    for (let i = 0; i < SPACE.size; i += 7919) {
      expect(await z3Decision(v10, i), String(i)).toEqual(concreteDecision(v10, i));
    }
  }, 20_000);
  it('MEM_TYPES has the non-cacheable types forceNc reads', () => {
    for (const t of NONCACHEABLE) expect(MEM_TYPES).toContain(t);
  });
});
