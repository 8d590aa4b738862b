// The KVM/arm64 stage-2 model, packaged for the engine.

import type { ConcreteEncoding, Stage, SymbolicEncoding, System } from '../src/space/system.ts';
import type { ZBoolTerm, ZIntTerm } from '../src/solver/z3.ts';
import type { SymState } from './symbolic.ts';
import { makeKit } from './symbolic.ts';
import { FRAMES, PROPERTIES } from '../properties/catalog.ts';
import { ASSUMPTIONS } from './assumptions.ts';
import { derivedFacts, FAULT_SLOTS, faultDigits, malformedFault, malformedMemslot, MEMSLOT_SLOTS, memslotDigits, OUTPUTS } from './outcomes.ts';
import { PRESETS, presetIndex } from './presets.ts';
import type { State } from './state.ts';
import { SPACE, stateView } from './state.ts';
import type { RuleVersion } from './version.ts';
import { findVersion, VERSIONS } from './versions/index.ts';

/** The ts-pattern encoding of a version as the engine sees it. */
export function concreteEncoding(v: RuleVersion): ConcreteEncoding {
  // One stage per decision; each reads the state on its own, so each is
  // explored alone (src/enumerate/paths.ts composes the trees). One view
  // object, reading through whichever digit reader the current run has:
  // the rules run synchronously and keep nothing.
  let read: (field: number) => number = () => {
    throw new Error('state read outside a run');
  };
  const view = stateView((k) => read(k));
  const stage = <D extends { rule: string }>(
    slot: number,
    name: string,
    ruleNames: readonly string[],
    decide: (s: State) => D,
    malformed: (d: unknown) => string | undefined,
    digits: (d: D, out: Int32Array) => void,
    writes: readonly number[],
  ): Stage => {
    const index = new Map(ruleNames.map((r, i) => [r, i]));
    return {
      writes,
      run(digit, out, rules) {
        read = digit;
        const d = decide(view);
        const bad = malformed(d);
        if (bad) throw new Error(bad);
        const i = index.get(d.rule);
        if (i === undefined) throw new Error(`${name} rule ${d.rule} is not in the version's rule list`);
        digits(d, out);
        rules[slot] = i;
      },
    };
  };
  const stages = [
    stage(0, 'fault', v.faultRules, v.fault, malformedFault, faultDigits, FAULT_SLOTS),
    stage(1, 'memslot', v.memslotRules, v.memslot, malformedMemslot, memslotDigits, MEMSLOT_SLOTS),
  ];
  return {
    id: v.meta.id,
    decisions: [
      { id: 'fault', rules: v.faultRules },
      { id: 'memslot', rules: v.memslotRules },
    ],
    stages,
    evaluate(digit, out, rules) {
      for (const s of stages) s.run(digit, out, rules);
    },
  };
}

/** The Z3 encoding of a version as the engine sees it. */
export function symbolicEncoding(v: RuleVersion): SymbolicEncoding {
  return (z, f) => {
    const b = (name: string) => f[name] as ZBoolTerm;
    const s: SymState = {
      vma: {
        pfnmap: b('vma.pfnmap'),
        mixedmap: b('vma.mixedmap'),
        io: b('vma.io'),
        mteAllowed: b('vma.mteAllowed'),
        anyUncached: b('vma.anyUncached'),
        cow: b('vma.cow'),
        memType: f['vma.memType'] as ZIntTerm,
      },
      pfn: { valid: b('pfn.valid'), mapMemory: b('pfn.mapMemory') },
      cpu: { fwb: b('cpu.fwb'), dic: b('cpu.dic') },
      vm: { mte: b('vm.mte') },
      slot: { logging: b('slot.logging'), cacheableFlag: b('slot.cacheableFlag') },
      fault: { exec: b('fault.exec'), write: b('fault.write'), perm: b('fault.perm') },
    };
    const rules = v.z3(makeKit(z, s));
    const branches = <T extends object>(list: readonly { rule: string; when: ZBoolTerm; then: T }[]) =>
      list.map((x) => ({ rule: x.rule, when: x.when, outputs: x.then as Record<string, ZBoolTerm | ZIntTerm> }));
    return [
      { id: 'fault', branches: branches(rules.fault) },
      { id: 'memslot', branches: branches(rules.memslot) },
    ];
  };
}

export function makeSystem(versions: readonly RuleVersion[] = VERSIONS): System {
  const encodings = new Map(versions.map((v) => [v.meta.id, concreteEncoding(v)]));
  const symbolic = new Map(versions.map((v) => [v.meta.id, symbolicEncoding(v)]));
  const derived = new Map(versions.map((v) => [v.meta.id, derivedFacts(v.meta.layer)]));
  const get = <T>(m: Map<string, T>, id: string): T => {
    const x = m.get(id) ?? m.get(findVersion(id)?.meta.id ?? '');
    if (!x) throw new Error(`unknown version ${id}`);
    return x;
  };
  return {
    space: SPACE,
    outputs: OUTPUTS,
    versionIds: versions.map((v) => v.meta.id),
    encoding: (id) => get(encodings, id),
    symbolic: (id) => get(symbolic, id),
    derived: (id) => get(derived, id),
    assumptions: ASSUMPTIONS,
    frames: FRAMES,
    properties: PROPERTIES,
    presets: PRESETS.map((p) => ({ name: p.name, index: presetIndex(p) })),
  };
}
