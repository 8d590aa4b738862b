// The exhaustive checker: for one version and one assumption set, visit
// every state of the space, keep the feasible ones, and evaluate every
// property on each. Nothing is sampled: the counts it reports are counts.

import v8 from 'node:v8';
import type { Bool, Env, VarRef } from '../space/expr.ts';
import { and, boolCode, boolCodeEager, compileBool, enumCodeEager, isBool, showRef, varsOf } from '../space/expr.ts';
import type { CheckResult, CheckVerdict, Counterexample, FormulaProperty, PropertyResult, Property, RuleCount } from '../space/property.ts';
import { expandDerived } from '../space/expand.ts';
export { expandDerived };
import type { Space, Value } from '../space/space.ts';
import { recordMaker } from '../space/space.ts';
import type { System } from '../space/system.ts';
import { frameVersionOf } from '../space/system.ts';
import type { PathTree } from './paths.ts';
import { leafOf } from './paths.ts';
import type { Mdd, Node } from '../count/mdd.ts';
import type { DiagramExport } from '../count/count.ts';
import { Counter, nearestPreset } from '../count/count.ts';
import type { DecisionTable, TableCache } from './table.ts';

export type { CheckResult, CheckVerdict, Counterexample, PropertyResult, RuleCount } from '../space/property.ts';

interface Layout {
  readonly frames: Frame[];
  readonly rowWidth: number;
  readonly resolve: (ref: VarRef) => { frame: number; slot: number };
  /** A self row as a record by variable name (booleans as booleans, enums as their value names). */
  readonly record: (row: Int32Array) => Record<string, Value>;
}

interface Frame {
  readonly id: string;
  readonly table: DecisionTable;
  /** Fill the derived slots of a row whose fields and outputs are set. */
  readonly derive: (row: Int32Array) => void;
  /** [field position, digit] pairs that make the twin state. */
  readonly overrides: ReadonlyArray<readonly [number, number]>;
}

type Kernel = (...args: unknown[]) => number[];

/** What a pass counts, per assumption set p (property k at p * properties + k, rule r at p * rules + r). */
interface KernelCounts {
  readonly premiseStates: Int32Array;
  readonly violating: Int32Array;
  readonly ruleCounts: Int32Array;
  readonly feasible: Int32Array;
  readonly failed: Int32Array;
  /** The first state (index) where the version fails, per set; -1 for none. */
  readonly firstFailed: Int32Array;
}
const select = (c: number, a: number, b: number): number => (c !== 0 ? a : b);

/**
 * The violating state of each property closest to a preset (fewest fields
 * differing; ties to the first preset, then the lowest index). A class, so
 * that the generated pass always calls the same method and V8 keeps its
 * optimised code from one check to the next.
 */
class ClosestViolations {
  readonly best: Array<{ index: number; preset: number; distance: number } | undefined>;
  constructor(private readonly presetDigits: readonly Int32Array[], properties: number) {
    this.best = Array.from({ length: properties }, () => undefined);
  }

  /** State i (digits D) violates each property p with violated[p] = 1. */
  add(violated: Int32Array, i: number, D: Int32Array): void {
    const { presetDigits } = this;
    const nf = D.length;
    let preset = -1;
    let distance = Infinity;
    for (let q = 0; q < presetDigits.length; q++) {
      let dist = 0;
      const pd = presetDigits[q];
      for (let k = 0; k < nf; k++) if (pd[k] !== D[k]) dist++;
      if (dist < distance) {
        distance = dist;
        preset = q;
      }
    }
    for (let p = 0; p < violated.length; p++) {
      if (violated[p] === 0) continue;
      const b = this.best[p];
      if (!b || distance < b.distance) this.best[p] = { index: i, preset, distance };
    }
  }
}

const KERNELS = new Map<string, Kernel>();

export class Checker {
  constructor(
    readonly system: System,
    readonly tables: TableCache,
  ) {}

  /**
   * Frames (self first), the layout of an env row (fields, outputs, then the
   * derived variables of the frame's version, each computed once per state)
   * and a resolver from variables to env slots.
   */
  private readonly layouts = new Map<string, Layout>();

  private frames(versionId: string): Layout {
    let layout = this.layouts.get(versionId);
    if (!layout) {
      layout = this.layout(versionId);
      this.layouts.set(versionId, layout);
    }
    return layout;
  }

  private layout(versionId: string): Layout {
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    const base = nf + outputs.length;
    const specs = [{ id: '', version: 'self', overrides: {}, doc: '' }, ...this.system.frames];
    // Derived names are the same for every version (only their definitions differ).
    const derivedNames = Object.keys(this.system.derived(versionId));
    const slotOf = (name: string): number | undefined => {
      if (space.has(name)) return space.indexOfField(name);
      const o = outputs.findIndex((x) => x.name === name);
      if (o >= 0) return nf + o;
      const d = derivedNames.indexOf(name);
      return d >= 0 ? base + d : undefined;
    };
    const frames: Frame[] = specs.map((f) => {
      const version = frameVersionOf(this.system, f, versionId);
      const defs = this.system.derived(version);
      // Each derived variable may read fields, outputs and the derived ones
      // before it. One generated function fills them all: tables and
      // reports ask for every variable of many states.
      const derive = derivedNames.map((name, k) => {
        const def = defs[name];
        const local = (ref: VarRef) => {
          const slot = slotOf(ref.name);
          if (ref.frame !== '' || slot === undefined || slot >= base + k) throw new Error(`derived ${name} reads ${showRef(ref)}`);
          return `R[${slot}]`;
        };
        return `R[${base + k}] = ${isBool(def) ? boolCodeEager(def, local) : enumCodeEager(def, local)};`;
      });
      return {
        id: f.id,
        table: this.tables.get(version),
        derive: (new Function('SEL', 'R', derive.join('\n')) as (sel: typeof select, row: Int32Array) => void).bind(undefined, select),
        overrides: Object.entries(f.overrides).map(([name, value]) => {
          const pos = space.indexOfField(name);
          const field = space.fields[pos];
          const digit = field.type === 'bool' ? (value ? 1 : 0) : field.values.indexOf(String(value));
          return [pos, digit] as const;
        }),
      };
    });
    const resolve = (ref: VarRef) => {
      const frame = frames.findIndex((f) => f.id === ref.frame);
      if (frame < 0) throw new Error(`unknown frame in ${showRef(ref)}`);
      const slot = slotOf(ref.name);
      if (slot === undefined) throw new Error(`unknown variable ${showRef(ref)}`);
      return { frame, slot };
    };
    const names = [...space.fields.map((f) => f.name), ...outputs.map((o) => o.name), ...derivedNames];
    return { frames, rowWidth: base + derivedNames.length, resolve, record: recordMaker(names, this.sorts(versionId, names)) };
  }

  /** The value names of each slot of a self row of the version; undefined for a boolean. */
  private sorts(versionId: string, names: readonly string[]): Array<readonly string[] | undefined> {
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    const derived = this.system.derived(versionId);
    return names.map((name, k) => {
      const sort = k < nf ? space.fields[k] : k < nf + outputs.length ? outputs[k - nf] : undefined;
      if (sort) return sort.type === 'bool' ? undefined : sort.values;
      const def = derived[name];
      return isBool(def) ? undefined : def.sort.values;
    });
  }

  /** The versions whose tables a check of this version reads: itself, then its frames' versions. */
  versionsRead(versionId: string): string[] {
    return [...new Set([versionId, ...this.system.frames.map((f) => frameVersionOf(this.system, f, versionId))])];
  }

  /**
   * Every variable of the version on one state: fields, outputs and derived
   * facts, by name (booleans as booleans, enums as their value names).
   */
  values(versionId: string, index: number): Record<string, Value> {
    const { frames, rowWidth, record } = this.frames(versionId);
    const row = new Int32Array(rowWidth);
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    space.digits(index, row);
    const t = frames[0].table;
    const at = t.at(index);
    if (at.failure !== undefined) throw new Error(`version ${versionId} fails on state ${index}: ${at.failure}`);
    for (let o = 0; o < outputs.length; o++) row[nf + o] = at.outputs[o];
    frames[0].derive(row);
    return record(row);
  }

  /**
   * Evaluate a formula (any frame, derived variables allowed) on one state.
   * Returns undefined when a frame's encoding fails on its state.
   */
  evaluateAt(versionId: string, formula: Bool, index: number): boolean | undefined {
    const { frames, rowWidth, resolve } = this.frames(versionId);
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    // Compiled once per version and formula object: the prover confirms many states.
    const key = `${versionId}`;
    let byFormula = this.compiled.get(formula);
    if (!byFormula) this.compiled.set(formula, (byFormula = new Map()));
    let test = byFormula.get(key);
    if (!test) byFormula.set(key, (test = compileBool(formula, resolve)));
    const env = frames.map(() => new Int32Array(rowWidth));
    space.digits(index, env[0]);
    for (let f = 0; f < frames.length; f++) {
      const fr = frames[f];
      let j = index;
      for (const [pos, digit] of fr.overrides) j += (digit - env[0][pos]) * space.weights[pos];
      const at = fr.table.at(j);
      if (at.failure !== undefined) return undefined;
      space.digits(j, env[f]);
      for (let o = 0; o < outputs.length; o++) env[f][nf + o] = at.outputs[o];
      fr.derive(env[f]);
    }
    return test(env);
  }

  /** The conjunction of the given assumptions (true for none). */
  private assumptionsOf(assumptionIds: readonly string[]): Bool {
    return and(
      ...assumptionIds.map((id) => {
        const a = this.system.assumptions.find((x) => x.id === id);
        if (!a) throw new Error(`unknown assumption ${id}`);
        return a.formula;
      }),
      { op: 'lit', value: true },
    );
  }

  private readonly compiled = new WeakMap<Bool, Map<string, (env: Env) => boolean>>();
  private readonly feasibilities = new Map<string, (index: number) => boolean>();

  /** A test of feasibility under the given assumptions (they may read the version's outputs). */
  feasibility(versionId: string, assumptionIds: readonly string[]): (index: number) => boolean {
    const key = `${versionId}|${assumptionIds.join(',')}`;
    let f = this.feasibilities.get(key);
    if (!f) this.feasibilities.set(key, (f = this.compileFeasibility(versionId, assumptionIds)));
    return f;
  }

  private compileFeasibility(versionId: string, assumptionIds: readonly string[]): (index: number) => boolean {
    const { frames, rowWidth, resolve } = this.frames(versionId);
    const formula = this.assumptionsOf(assumptionIds);
    const test = compileBool(expandDerived(this.system, formula, versionId), resolve);
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    const env = [new Int32Array(rowWidth)];
    const t = frames[0].table;
    return (index) => {
      space.digits(index, env[0]);
      const at = t.at(index);
      for (let o = 0; o < outputs.length; o++) env[0][nf + o] = at.outputs[o];
      return test(env);
    };
  }

  private counter: Counter | undefined;

  /** The counter over this checker's decision trees, made on first use. */
  private get counting(): Counter {
    this.counter ??= new Counter(this.system, (id) => {
      const tree = this.tables.get(id).tree;
      if (!tree) throw new Error(`version ${id} has no decision tree`);
      return tree;
    });
    return this.counter;
  }

  /**
   * Every count and witness of a version under an assumption set: counted
   * from the decision trees (src/count/), not enumerated. enumerate() is the
   * independent method and gives the same result (the tests hold them to it).
   */
  check(versionId: string, assumptionIds: readonly string[], properties: readonly Property[] = this.system.properties): CheckResult {
    // Counting covers the whole space at once: progress goes from none to all.
    this.progress?.(0, this.system.space.size);
    const result = this.counting.check(versionId, assumptionIds, properties);
    this.progress?.(this.system.space.size, this.system.space.size);
    return result;
  }

  /** The number of feasible states under an assumption set, counted. */
  countFeasible(versionId: string, assumptionIds: readonly string[]): number {
    return this.counting.countFeasible(versionId, assumptionIds);
  }

  /** The lowest-index feasible state (no frame failing) where a formula holds: a witness for the prover. */
  witness(versionId: string, assumptionIds: readonly string[], formula: Bool): number | undefined {
    return this.counting.witness(versionId, assumptionIds, formula);
  }

  /** The version's table as canonical diagram lines, from the counter's row diagram (the table digest's input). */
  tableLines(versionId: string): string[] {
    return this.counting.tableLines(versionId);
  }

  /** The row diagrams a check of the version reads, for another thread's checker (src/count/count.ts). */
  exportDiagrams(versionId: string): DiagramExport[] {
    return this.counting.exportDiagrams(versionId);
  }

  /** Row diagrams built by another thread's checker from the same trees. */
  adoptDiagrams(diagrams: readonly DiagramExport[]): void {
    this.counting.adoptDiagrams(diagrams);
  }

  /** The version's states partitioned by a function of their leaf (src/count/count.ts), in the counter's diagram. */
  partition(versionId: string, key: (tree: PathTree, leaf: number) => string): { mdd: Mdd; root: Node; leafOf: ReadonlyMap<Node, number> } {
    return { mdd: this.counting.mdd, ...this.counting.partition(versionId, key) };
  }

  /**
   * The counter (src/count/count.ts), for callers that work on sets of
   * states instead of visiting them (diff, query): its diagram, feasible,
   * failed and formula sets, the value sets of any variable.
   */
  get stateSets(): Counter {
    return this.counting;
  }

  /** The lowest-index feasible state that rule r of decision d decides. */
  ruleWitness(versionId: string, assumptionIds: readonly string[], d: number, r: number): number | undefined {
    return this.counting.ruleWitness(versionId, assumptionIds, d, r);
  }

  /**
   * The exhaustive pass: every state of the space visited, the feasible ones
   * kept and every property evaluated on each.
   */
  enumerate(versionId: string, assumptionIds: readonly string[], properties: readonly Property[] = this.system.properties): CheckResult {
    return this.enumerateProfiles(versionId, [assumptionIds], properties)[0];
  }

  /**
   * The exhaustive pass under several assumption sets at once: each state is
   * visited and its properties evaluated once, and counted under every set
   * it satisfies. The results are those of enumerate() under each set.
   */
  enumerateProfiles(versionId: string, profiles: ReadonlyArray<readonly string[]>, properties: readonly Property[] = this.system.properties): CheckResult[] {
    return withEagerFeedback(() => this.enumerateNow(versionId, profiles, properties));
  }

  private enumerateNow(versionId: string, profiles: ReadonlyArray<readonly string[]>, properties: readonly Property[]): CheckResult[] {
    const { space } = this.system;
    const formulas = properties.filter((p): p is FormulaProperty => p.kind === 'formula');
    const nk = formulas.length;
    const kernel = this.kernel(versionId, profiles.map((ids) => this.assumptionsOf(ids)), formulas);
    const enc = this.system.encoding(versionId);
    const offsets = enc.decisions.map((_, d) => enc.decisions.slice(0, d).reduce((n, x) => n + x.rules.length, 0));
    const nr = enc.decisions.reduce((n, d) => n + d.rules.length, 0);
    const presets = this.system.presets.map((p) => space.digits(p.index));
    const closest = profiles.map(() => new ClosestViolations(presets, nk));
    const { premiseStates, violating, ruleCounts, feasible, failed, firstFailed: firsts } = kernel(Int32Array.from(offsets), closest, this.progress);
    const self = this.tables.get(versionId);

    return profiles.map((assumptionIds, p): CheckResult => {
      const [feasibleStates, failedStates, firstFailed] = [feasible[p], failed[p], firsts[p]];
      const firstFailure =
        firstFailed >= 0 ? { index: firstFailed, message: self.tree!.leafFailure[leafOf(self.tree!, firstFailed)] ?? 'no outcome' } : undefined;
      const deadRules: string[] = [];
      const rules: RuleCount[] = [];
      enc.decisions.forEach((d, di) =>
        d.rules.forEach((rule, ri) => {
          const n = ruleCounts[p * nr + offsets[di] + ri];
          rules.push({ decision: d.id, rule, states: n });
          if (n === 0) deadRules.push(`${d.id}/${rule}`);
        }),
      );
      const best = closest[p].best;
      const results: PropertyResult[] = properties.map((prop): PropertyResult => {
        switch (prop.kind) {
          case 'formula': {
            const k = formulas.indexOf(prop);
            const premises = premiseStates[p * nk + k];
            const violations = violating[p * nk + k];
            const verdict: CheckVerdict = violations > 0 ? 'violated' : premises === 0 ? 'vacuous' : 'holds';
            const b = best[k];
            return {
              id: prop.id,
              verdict,
              premiseStates: premises,
              violatingStates: violations,
              counterexample: b && this.counterexample(b.index, b.preset),
            };
          }
          case 'total':
            return {
              id: prop.id,
              verdict: failedStates > 0 ? 'violated' : feasibleStates === 0 ? 'vacuous' : 'holds',
              premiseStates: feasibleStates,
              violatingStates: failedStates,
              counterexample: firstFailure && this.counterexample(firstFailure.index),
              failure: firstFailure?.message,
            };
          case 'no-dead-rules':
            return {
              id: prop.id,
              verdict: deadRules.length > 0 ? 'violated' : 'holds',
              premiseStates: feasibleStates,
              violatingStates: 0,
              deadRules,
            };
          case 'encodings-agree':
            // The symbolic side is the prover's (src/solver); the enumerator alone cannot judge it.
            return { id: prop.id, verdict: 'pending', premiseStates: feasibleStates, violatingStates: 0 };
        }
      });
      return {
        version: versionId,
        assumptions: assumptionIds,
        totalStates: space.size,
        feasibleStates,
        properties: results,
        rules,
      };
    });
  }

  /**
   * The number of feasible states under an assumption set: the same stream
   * as enumerate() with nothing but the assumptions evaluated.
   */
  enumerateFeasible(versionId: string, assumptionIds: readonly string[]): number {
    const { space } = this.system;
    const formula = expandDerived(this.system, this.assumptionsOf(assumptionIds), versionId);
    // Assumptions that read no output give the same count for every version.
    const key = `${varsOf(formula).some((v) => !space.has(v.ref.name)) ? versionId : ''}|${assumptionIds.join(',')}`;
    let n = this.counts.get(key);
    if (n === undefined) this.counts.set(key, (n = this.forEachFeasible(versionId, assumptionIds, () => {})));
    return n;
  }

  private readonly counts = new Map<string, number>();

  /**
   * Every state feasible under the assumptions, in index order, with the
   * leaf of the version's tree that decides it: the same conditional
   * enumeration as check() (a sub-space that violates a field-only
   * assumption is skipped whole), so big spaces cost their feasible states.
   */
  forEachFeasible(versionId: string, assumptionIds: readonly string[], visit: (index: number, leaf: number) => void): number {
    return withEagerFeedback(() => this.forEachFeasibleNow(versionId, assumptionIds, visit));
  }

  private forEachFeasibleNow(versionId: string, assumptionIds: readonly string[], visit: (index: number, leaf: number) => void): number {
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    const formula = expandDerived(this.system, this.assumptionsOf(assumptionIds), versionId);
    const tree = this.tables.get(versionId).tree;
    if (!tree) throw new Error(`version ${versionId} has no decision tree`);
    const digitOf = (ref: VarRef) => {
      if (ref.frame !== '') throw new Error(`an assumption reads frame ${ref.frame}`);
      if (space.has(ref.name)) return `D[${space.indexOfField(ref.name)}]`;
      const o = outputs.findIndex((x) => x.name === ref.name);
      if (o < 0) throw new Error(`unknown variable ${ref.name}`);
      return `(LO[l * ${outputs.length} + ${o}])`;
    };
    const { level, rest } = splitByLevel(space, formula);
    const tests = level.map((cs) => (cs.length ? boolCode(and(...cs), digitOf) : ''));
    const fn = new Function(
      'ROOT',
      'FLD',
      'BASE',
      'CH',
      'LO',
      'CB',
      `const D = new Int32Array(${nf}); let n = 0;
       ${loopNest(
         space,
         tests,
         `let r = ROOT; while (r >= 0) { const q = FLD[r]; r = CH[BASE[r] + D[q]]; } const l = ~r;
          if (${rest.length ? boolCode(and(...rest), digitOf) : 'true'}) { n++; CB(i, l); }`,
       )}
       return n;`,
    ) as (...a: unknown[]) => number;
    return fn(tree.root, tree.field, tree.base, tree.child, tree.leafOutputs, visit);
  }

  /** Called with (states visited, total) every few million states of a check. */
  progress: ((done: number, total: number) => void) | undefined;

  /**
   * The whole pass of check(), generated as one JavaScript function for the
   * version, its assumption sets and its properties. It streams over the
   * state indices: each needed field digit is computed from the index, each
   * frame's outcome is a walk down its decision tree, derived facts are
   * locals and every property a pair of straight-line tests, so V8 runs it
   * without a call per expression node and nothing per state is stored.
   * With several assumption sets (profiles), a state's properties are
   * evaluated once and counted under each set it satisfies (f0, f1, ...).
   */
  private kernel(versionId: string, assumptionSets: readonly Bool[], formulas: readonly FormulaProperty[]) {
    const { space, outputs } = this.system;
    const width = outputs.length;
    const { frames } = this.frames(versionId);
    const enc = this.system.encoding(versionId);
    const nd = enc.decisions.length;
    const nr = enc.decisions.reduce((n, d) => n + d.rules.length, 0);
    const nk = formulas.length;
    const np = assumptionSets.length;
    const derivedNames = Object.keys(this.system.derived(versionId));
    const frameIndex = (id: string) => {
      const f = frames.findIndex((x) => x.id === id);
      if (f < 0) throw new Error(`unknown frame ${id}`);
      return f;
    };
    const overrideOf = frames.map((fr) => new Map(fr.overrides.map(([pos, digit]) => [pos, digit])));
    // The source of a variable's digit in frame f.
    const digitIn = (f: number) => (ref: VarRef): string => {
      const g = ref.frame === '' ? f : frameIndex(ref.frame);
      if (space.has(ref.name)) {
        const k = space.indexOfField(ref.name);
        const o = overrideOf[g].get(k);
        if (o !== undefined) return String(o);
        return `D[${k}]`;
      }
      const o = outputs.findIndex((x) => x.name === ref.name);
      if (o >= 0) return `LO${g}[l${g} * ${width} + ${o}]`;
      const d = derivedNames.indexOf(ref.name);
      if (d >= 0) return `d${g}_${d}`;
      throw new Error(`unknown variable ${showRef(ref)}`);
    };
    // Walk frame f's tree with the state's digits D, overridden fields replaced.
    const walk = (f: number) => {
      const digitOf = frames[f].overrides.reduceRight((acc, [pos, digit]) => `(q === ${pos} ? ${digit} : ${acc})`, 'D[q]');
      return `let r${f} = ROOT${f}; while (r${f} >= 0) { const q = FLD${f}[r${f}]; r${f} = CH${f}[BASE${f}[r${f}] + ${digitOf}]; } const l${f} = ~r${f};`;
    };
    const body: string[] = [];
    // Field-only assumptions that every set has prune the loop nest; the
    // rest is tested per state, a 0/1 per set.
    const splits = assumptionSets.map((a) => splitByLevel(space, expandDerived(this.system, a, versionId)));
    const text = (c: Bool) => JSON.stringify(c);
    const shared = space.fields.map((_, k) => splits[0].level[k].filter((c) => splits.every((x) => x.level[k].some((d) => text(d) === text(c)))));
    const sharedText = new Set(shared.flat().map(text));
    const tests = shared.map((cs) => (cs.length ? boolCodeEager(and(...cs), digitIn(0)) : ''));
    const feasibleCode = splits.map((x) => {
      const own = [...x.level.flat().filter((c) => !sharedText.has(text(c))), ...x.rest];
      return own.length ? boolCodeEager(and(...own), digitIn(0)) : '1';
    });
    const sets = Array.from({ length: np }, (_, p) => p);
    // The sets a state satisfies, as a mask M (bit p: set p). Counters are
    // kept per mask, one add per state whatever the number of sets, and
    // summed per set after the pass.
    const mask = sets.map((p) => (p === 0 ? 'f0' : `(f${p} << ${p})`)).join(' | ');
    // Version-relative assumptions read frame 0's outcome, so its walk comes first then.
    const early = feasibleCode.some((c) => c.includes('l0'));
    if (early) body.push(`  ${walk(0)}`);
    sets.forEach((p) => body.push(`  const f${p} = ${feasibleCode[p]};`));
    body.push(`  const M = ${mask};`);
    if (feasibleCode.some((c) => c !== '1')) body.push('  if (M === 0) continue;');
    // Where the counters of mask M start (mask 0 is not counted). With one
    // set M is 1 from here on: fixed indices, as in a pass of its own.
    const [atK, atR] = np === 1 ? ['', ''] : ['BK + ', 'BR + '];
    if (np > 1) body.push(`  const BK = (M - 1) * ${nk}, BR = (M - 1) * ${nr};`);
    if (!early) body.push(`  ${walk(0)}`);
    // Per-set counters in locals: code that runs on few states (failures)
    // must not index arrays, or V8 throws away the optimised pass the
    // first time it does (no type feedback for that access yet).
    sets.forEach((p) => body.push(`  feasible${p} += f${p};`));
    // (With one set, f0 is 1 here: no test of it.)
    const holds = (p: number, then: string) => (np === 1 ? then : `if (f${p} === 1) ${then}`);
    body.push(`  if (LF0[l0]) { ${sets.map((p) => `failed${p} += f${p}; if (firstFailed${p} < 0) ${holds(p, `firstFailed${p} = i;`)}`).join(' ')} continue; }`);
    for (let d = 0; d < nd; d++) body.push(`  RC[${atR}off[${d}] + LR0[l0 * ${nd} + ${d}]]++;`);
    frames.forEach((fr, g) => {
      if (g === 0) return;
      const j = fr.overrides.map(([pos, digit]) => ` + (${digit} - D[${pos}]) * ${space.weights[pos]}`).join('');
      body.push(`  const j${g} = i${j};`);
      body.push(`  ${walk(g)}`);
      body.push(`  if (LF${g}[l${g}]) continue;`);
    });
    // From here on every state runs the same code: derived facts and
    // properties branch-free, counters always added to, one call on a
    // violation (see boolCodeEager).
    frames.forEach((fr, g) => {
      const defs = this.system.derived(fr.table.versionId);
      derivedNames.forEach((name, k) => {
        const def = defs[name];
        const code = isBool(def) ? boolCodeEager(def, digitIn(g)) : enumCodeEager(def, digitIn(g));
        body.push(`  const d${g}_${k} = ${code};`);
      });
    });
    formulas.forEach((prop, k) => {
      body.push(`  const p${k} = ${boolCodeEager(prop.premise, digitIn(0))};`);
      body.push(`  const v${k} = p${k} & (${boolCodeEager(prop.conclusion, digitIn(0))} ^ 1);`);
      body.push(`  PC[${atK}${k}] += p${k}; VC[${atK}${k}] += v${k}; VS[${k}] = v${k};`);
    });
    if (nk) {
      const violated = formulas.map((_, k) => `v${k}`).join(' | ');
      body.push(`  if ((${violated}) !== 0) { ${sets.map((p) => holds(p, `V${p}.add(VS, i, D);`)).join(' ')} }`);
    }
    const nf = space.fields.length;
    const source = [
      sets.map((p) => `let feasible${p} = 0, failed${p} = 0, firstFailed${p} = -1; const V${p} = V[${p}];`).join('\n'),
      `const VS = new Int32Array(${nk});`,
      `const D = new Int32Array(${nf});`,
      // One loop per field, in index order; a sub-space that violates a
      // field-only assumption of every set is skipped whole (conditional
      // enumeration).
      loopNest(space, tests, body.join('\n'), true),
      'if (progress) progress(SIZE, SIZE);',
      `return [${sets.map((p) => `feasible${p}, failed${p}, firstFailed${p}`).join(', ')}];`,
    ].join('\n');
    const trees = frames.map((fr) => {
      const t = fr.table.tree;
      if (!t) throw new Error(`version ${fr.table.versionId} has no decision tree`);
      return t;
    });
    const names = ['PC', 'VC', 'RC', 'off', 'V', 'progress', 'SIZE', 'WT', 'RD', 'SEL'];
    const values: unknown[] = [space.size, trees[0].weights, trees[0].radices, select];
    trees.forEach((t, g) => {
      names.push(`ROOT${g}`, `FLD${g}`, `BASE${g}`, `CH${g}`, `LO${g}`, `LR${g}`, `LF${g}`);
      values.push(t.root, t.field, t.base, t.child, t.leafOutputs, t.leafRules, t.leafFailed);
    });
    // Versions whose code is the same text share one function (their trees
    // are arguments), so V8 optimises it once: compiling a fresh copy per
    // version cost more than the pass itself.
    const key = `${names.join(',')}\n${source}`;
    let fn = KERNELS.get(key);
    if (!fn) KERNELS.set(key, (fn = new Function(...names, source) as Kernel));
    if (process.env.DUMPK) require("fs").writeFileSync(process.env.DUMPK, source);
    // Per set p: its sum over the masks that have bit p.
    const perSet = (byMask: Int32Array, n: number): Int32Array => {
      const out = new Int32Array(np * n);
      for (let m = 1; m < 1 << np; m++) {
        for (const p of sets) if (m & (1 << p)) for (let x = 0; x < n; x++) out[p * n + x] += byMask[(m - 1) * n + x];
      }
      return out;
    };
    return (off: Int32Array, closest: readonly ClosestViolations[], progress: ((done: number, total: number) => void) | undefined): KernelCounts => {
      const [pc, vc, rc] = [nk, nk, nr].map((n) => new Int32Array(((1 << np) - 1) * n));
      const counts = fn!(pc, vc, rc, off, closest, progress, ...values);
      const each = (at: number) => Int32Array.from(sets, (p) => counts[3 * p + at]);
      return {
        premiseStates: perSet(pc, nk),
        violating: perSet(vc, nk),
        ruleCounts: perSet(rc, nr),
        feasible: each(0),
        failed: each(1),
        firstFailed: each(2),
      };
    };
  }

  /** Describe a state relative to its closest preset. */
  counterexample(index: number, presetHint?: number): Counterexample {
    return nearestPreset(this.system, index, presetHint);
  }
}

/**
 * Runs an exhaustive pass with V8 allocating a function's feedback on its
 * first call. A pass is a freshly generated function called once to run
 * one long loop; with V8's default (feedback allocated lazily, right for
 * code that runs once) that loop ran unoptimised for most of a first pass:
 * v10's three profiles took 1.1 s the first time, 0.14 s warm, and 0.43 s
 * the first time with this. Process-wide it is not wanted: closure-heavy
 * code (the ts-pattern rules, run per state) is 1.6x slower with it. The
 * flag is a heuristic of V8's (no behaviour changes) and is put back
 * after the pass.
 */
function withEagerFeedback<T>(pass: () => T): T {
  v8.setFlagsFromString('--no-lazy-feedback-allocation');
  try {
    return pass();
  } finally {
    v8.setFlagsFromString('--lazy-feedback-allocation');
  }
}

/** The conjuncts of a formula (nested ands flattened). */
function conjuncts(t: Bool): Bool[] {
  if (t.op === 'and') return t.args.flatMap(conjuncts);
  if (t.op === 'lit' && t.value) return [];
  return [t];
}

/**
 * Conditional enumeration. The conjuncts of the assumptions that read state
 * fields only are tested as soon as their last field (in digit order) is
 * set, so a sub-space that violates one is skipped whole; the others (they
 * read the version's outputs) are tested per state. `level[k]` lists the
 * field-only conjuncts decided at field k, `rest` the others.
 */
export function splitByLevel(space: Space, assumptions: Bool): { level: Bool[][]; rest: Bool[] } {
  const level: Bool[][] = space.fields.map(() => []);
  const rest: Bool[] = [];
  for (const c of conjuncts(assumptions)) {
    const vars = varsOf(c);
    if (vars.some((v) => v.ref.frame !== '' || !space.has(v.ref.name))) rest.push(c);
    else level[Math.max(-1, ...vars.map((v) => space.indexOfField(v.ref.name)))]?.push(c) ?? rest.push(c);
  }
  return { level, rest };
}

/**
 * Source of a loop nest over the states of a space in index order, one loop
 * per field (digits in D, the index in i), skipping a sub-space as soon as
 * a level's test (JavaScript, 0/1 or boolean) fails. `body` runs per state
 * that passes every level; it may `continue`. Progress (if given) is
 * reported at the first field whose sub-space is at most 2^22 states.
 */
export function loopNest(space: Space, tests: readonly string[], body: string, progress = false): string {
  // One flat loop (V8 optimises it on stack; a nest of two dozen loops it
  // does not): an odometer over the digits D, where a failed level test
  // advances that level's digit directly, skipping the sub-space under it.
  // The levels are re-tested from the leftmost digit that changed.
  const nf = space.fields.length;
  const radices = space.fields.map((f) => (f.type === 'bool' ? 2 : f.values.length));
  let at = nf - 1;
  for (let k = 0; k < nf; k++) if (space.weights[k] <= 1 << 22) { at = k; break; }
  const cases: string[] = [];
  for (let k = 0; k < nf; k++) {
    const prev = k === 0 ? '' : `i${k - 1} + `;
    cases.push(`case ${k}: i${k} = ${prev}D[${k}] * ${space.weights[k]};`);
    if (progress && k === at) cases.push(`if (progress && D[${nf - 1}] === 0) progress(i${k}, SIZE);`);
    if (tests[k]) cases.push(`if (!(${tests[k]})) { p = ${k}; break level; }`);
  }
  return [
    `let ${space.fields.map((_, k) => `i${k} = 0`).join(', ')};`,
    `const RDX = [${radices.join(', ')}];`,
    'for (let c = 0, p = 0; ; ) {',
    `p = ${nf - 1};`,
    'level: {',
    'switch (c) {',
    ...cases,
    '}',
    `const i = i${nf - 1};`,
    'do {',
    body,
    '} while (false);',
    '}',
    // Advance digit p (and carry); the digits after p are 0 here.
    'while (p >= 0 && ++D[p] === RDX[p]) { D[p] = 0; p--; }',
    'if (p < 0) break;',
    'c = p;',
    '}',
  ].join('\n');
}
