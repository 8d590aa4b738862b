// The KVM/arm64 stage-2 model, packaged for the engine.
//
// Version domains (mainline after 6.17): each version declares the new
// fields it reads (VersionMeta.domain); every other new field is pinned to
// its neutral value (digit 0) for it. The engine sees one System per
// domain: its space is the seventeen legacy fields followed by the domain's
// new fields in canonical order, and a pinned field is not in the space at
// all: the rules' state view returns the neutral value, the Z3 encoding
// gets a constant, and properties read it as a constant derived fact. Any
// version can be seen in any domain's System: a field of the System that
// the version does not read is simply never tested by its rules, and a
// field the version reads that the System lacks is neutral. The series'
// versions live in the legacy System (no new field), which is exactly the
// space, outputs and facts the series always had.

import type { ConcreteEncoding, Stage, SymbolicEncoding, System } from '../src/space/system.ts';
import type { ZBoolTerm, ZIntTerm, ZTerm } from '../src/solver/z3.ts';
import type { Bool, Enum, Term } from '../src/space/expr.ts';
import { and, boolVar, FALSE, inFrame, is, lit, not, TRUE, varsOf } from '../src/space/expr.ts';
import type { FrameSpec, Property } from '../src/space/property.ts';
import type { Space } from '../src/space/space.ts';
import type { SymState } from './symbolic.ts';
import { makeKit } from './symbolic.ts';
import { FRAMES, PROPERTIES } from '../properties/catalog.ts';
import { ASSUMPTIONS } from './assumptions.ts';
import {
  derivedFacts,
  faultDigits,
  faultSlots,
  LEGACY_OUTPUTS,
  malformedFault,
  malformedMemslot,
  MEMSLOT_SLOTS,
  memslotDigits,
  OUTPUTS,
} from './outcomes.ts';
import { PRESETS, presetRecord } from './presets.ts';
import type { State } from './state.ts';
import { domainSpace, NEW_FIELDS, SPACE, stateView } from './state.ts';
import type { RuleVersion } from './version.ts';
import { VERSIONS } from './versions/index.ts';
import { enumSort } from '../src/space/expr.ts';

/** The new fields a version reads (none for the series' versions). */
export function domainOf(v: RuleVersion): readonly string[] {
  return v.meta.domain ?? [];
}

/** A domain in canonical field order, as a key ('' = legacy). */
export function domainKey(domain: readonly string[]): string {
  return NEW_FIELDS.filter((f) => domain.includes(f.name))
    .map((f) => f.name)
    .join(',');
}

/** Stages of one System by decision function, then slot, rules and hidden fields. */
type StageCache = WeakMap<object, Map<string, Stage>>;

/** The ts-pattern encoding of a version as the engine sees it, in a domain's space. */
export function concreteEncoding(v: RuleVersion, space: Space = SPACE, extended = false, shared?: StageCache): ConcreteEncoding {
  // One stage per decision; each reads the state on its own, so each is
  // explored alone (src/enumerate/paths.ts composes the trees). One view
  // object, reading through whichever digit reader the current run has:
  // the rules run synchronously and keep nothing. The view reads the new
  // fields of the version's own domain only; the others are neutral.
  let read: (field: number) => number = () => {
    throw new Error('state read outside a run');
  };
  const mine = new Set(domainOf(v));
  const hidden = NEW_FIELDS.filter((f) => space.has(f.name) && !mine.has(f.name)).map((f) => space.indexOfField(f.name));
  const view = stateView(
    hidden.length ? (k) => (hidden.includes(k) ? 0 : read(k)) : (k) => read(k),
    space,
  );
  // A pinned field must not even be read (the tree would test it): the
  // view of a hidden field is its neutral value without a read.
  const pinnedView = hidden.length ? stateView((k) => read(k), narrow(space, hidden)) : view;
  const stage = <D extends { rule: string }>(
    slot: number,
    name: string,
    ruleNames: readonly string[],
    decide: (s: State) => D,
    malformed: (d: unknown) => string | undefined,
    digits: (d: D, out: Int32Array) => void,
    writes: readonly number[],
  ): Stage => {
    // The same decision function with the same rules and the same hidden
    // fields (7.2's fault is 7.1's) is the same stage: one object, so that
    // its tree is explored once (src/enumerate/paths.ts).
    const key = `${slot}|${ruleNames.join(',')}|${hidden.join(',')}`;
    const known = shared?.get(decide)?.get(key);
    if (known) return known;
    const index = new Map(ruleNames.map((r, i) => [r, i]));
    const made: Stage = {
      writes,
      run(digit, out, rules) {
        read = digit;
        const d = decide(pinnedView);
        const bad = malformed(d);
        if (bad) throw new Error(bad);
        const i = index.get(d.rule);
        if (i === undefined) throw new Error(`${name} rule ${d.rule} is not in the version's rule list`);
        digits(d, out);
        rules[slot] = i;
      },
    };
    if (shared) {
      let byKey = shared.get(decide);
      if (!byKey) shared.set(decide, (byKey = new Map()));
      byKey.set(key, made);
    }
    return made;
  };
  const stages = [
    stage(0, 'fault', v.faultRules, v.fault, malformedFault, (d, out) => faultDigits(d, out, extended), faultSlots(extended)),
    stage(1, 'memslot', v.memslotRules, v.memslot, malformedMemslot, (d, out) => memslotDigits(d, out, extended), MEMSLOT_SLOTS),
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

/**
 * The same positions as `space`, minus some new fields: a view over it
 * returns their neutral value without reading them. (The space object is
 * only asked which fields it has and where.)
 */
function narrow(space: Space, hidden: readonly number[]): Space {
  const names = new Set(hidden.map((k) => space.fields[k].name));
  return {
    has: (name: string) => space.has(name) && !names.has(name),
    indexOfField: (name: string) => space.indexOfField(name),
  } as unknown as Space;
}

/** The Z3 encoding of a version as the engine sees it, with the given outputs. */
export function symbolicEncoding(v: RuleVersion, extended = false): SymbolicEncoding {
  const mine = new Set(domainOf(v));
  return (z, f) => {
    const F = z.Bool.val(false);
    const zero = z.Int.val(0);
    const b = (name: string) => f[name] as ZBoolTerm;
    // A new field outside the version's domain (or the System's space) is a constant.
    const nb = (name: string) => (mine.has(name) && f[name] ? (f[name] as ZBoolTerm) : F);
    const ni = (name: string) => (mine.has(name) && f[name] ? (f[name] as ZIntTerm) : zero);
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
      pfn: { valid: b('pfn.valid'), mapMemory: b('pfn.mapMemory'), pin: ni('pfn.pin') },
      cpu: { fwb: b('cpu.fwb'), dic: b('cpu.dic') },
      vm: { mte: b('vm.mte'), protected: nb('vm.protected'), xnx: nb('vm.xnx') },
      slot: { logging: b('slot.logging'), cacheableFlag: b('slot.cacheableFlag'), gmem: ni('slot.gmem') },
      fault: { exec: b('fault.exec'), write: b('fault.write'), perm: b('fault.perm'), exclAtomic: nb('fault.exclAtomic'), nested: ni('fault.nested') },
      nested: { xn: ni('nested.xn') },
    };
    const rules = v.z3(makeKit(z, s));
    const faultOutputs = (o: Record<string, ZTerm>): Record<string, ZTerm> => {
      const { 'request.ux': ux, 'request.px': px, ...legacy } = o;
      return extended ? { ...legacy, 'request.ux': ux ?? o['request.exec'], 'request.px': px ?? o['request.exec'] } : legacy;
    };
    return [
      { id: 'fault', branches: rules.fault.map((x) => ({ rule: x.rule, when: x.when, outputs: faultOutputs(x.then as unknown as Record<string, ZTerm>) })) },
      { id: 'memslot', branches: rules.memslot.map((x) => ({ rule: x.rule, when: x.when, outputs: x.then as unknown as Record<string, ZTerm> })) },
    ];
  };
}

/** A field's neutral value as a constant term. */
function neutral(name: string): Term {
  const f = NEW_FIELDS.find((x) => x.name === name)!;
  return f.type === 'bool' ? FALSE : lit(enumSort(f.name, f.values), f.values[0]);
}

/** `name` is neutral, as a formula over the state. */
function isNeutral(name: string): Bool {
  const f = NEW_FIELDS.find((x) => x.name === name)!;
  return f.type === 'bool' ? not(boolVar(name)) : is({ op: 'evar', ref: { name, frame: '' }, sort: enumSort(f.name, f.values) }, f.values[0]);
}

/** Frames whose version is not the version under check (their states may lie outside its domain). */
const FOREIGN = new Set(FRAMES.filter((f) => f.version !== 'self').map((f) => f.id));

/**
 * In a System with new fields, a relational property compares with another
 * version only on states in that version's domain: outside it the premise
 * is false (the frame's `domain.in` fact).
 */
function guarded(p: Property): Property {
  if (p.kind !== 'formula') return p;
  const frames = [...new Set([...varsOf(p.premise), ...varsOf(p.conclusion)].map((x) => x.ref.frame))].filter((f) => FOREIGN.has(f));
  if (!frames.length) return p;
  return { ...p, premise: and(p.premise, ...frames.map((f) => inFrame(boolVar('domain.in'), f))) };
}

export function makeSystem(versions: readonly RuleVersion[] = VERSIONS, domain: readonly string[] = []): System & { readonly key: string } {
  const key = domainKey(domain);
  const space = key === '' ? SPACE : domainSpace(key.split(','));
  const extended = key !== '';
  const find = (id: string): RuleVersion => {
    const v = versions.find((x) => x.meta.id === id) ?? versions.find((x) => (x.meta.aliases ?? []).includes(id));
    if (!v) throw new Error(`unknown version ${id}`);
    return v;
  };
  const lazy = <T>(make: (v: RuleVersion) => T) => {
    const m = new Map<string, T>();
    return (id: string): T => {
      const v = find(id);
      let x = m.get(v.meta.id);
      if (x === undefined) m.set(v.meta.id, (x = make(v)));
      return x;
    };
  };
  const pinned = NEW_FIELDS.filter((f) => !space.has(f.name));
  const stages: StageCache = new WeakMap();
  const derived = lazy((v) => {
    const facts: Record<string, Term> = {};
    // Pinned fields read as constants (properties and assumptions name them).
    for (const f of pinned) facts[f.name] = neutral(f.name);
    if (!extended) {
      // Without the FEAT_XNX outputs, the entry's execute permission is one bit.
      facts['request.ux'] = boolVar('request.exec');
      facts['request.px'] = boolVar('request.exec');
    }
    Object.assign(facts, derivedFacts(v.meta.layer, extended));
    facts['domain.in'] = TRUE;
    if (extended) {
      const mine = domainOf(v);
      const outside = NEW_FIELDS.filter((f) => space.has(f.name) && !mine.includes(f.name)).map((f) => isNeutral(f.name));
      facts['domain.in'] = outside.length ? and(...outside) : TRUE;
    }
    facts['release.tracked'] = v.meta.previous ? TRUE : FALSE;
    facts['release.delta'] = v.meta.delta ?? FALSE;
    return facts;
  });
  const frameVersion = (frame: FrameSpec, self: string): string =>
    frame.version === 'self' ? self : frame.version === 'previous' ? (find(self).meta.previous ?? find(self).meta.id) : frame.version;
  const presets = PRESETS.filter((p) => Object.keys(p.fields).every((name) => space.has(name) || !NEW_FIELDS.some((f) => f.name === name))).map((p) => ({
    name: p.name,
    index: space.indexOfRecord(presetRecord(p, space)),
  }));
  return {
    key,
    space,
    outputs: extended ? OUTPUTS : LEGACY_OUTPUTS,
    versionIds: versions.map((v) => v.meta.id),
    encoding: lazy((v) => concreteEncoding(v, space, extended, stages)),
    symbolic: lazy((v) => symbolicEncoding(v, extended)),
    derived: derived as (id: string) => Readonly<Record<string, Bool | Enum>>,
    assumptions: ASSUMPTIONS,
    frames: FRAMES,
    frameVersion,
    properties: extended ? PROPERTIES.map(guarded) : PROPERTIES,
    presets,
  };
}
