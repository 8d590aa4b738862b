// Exact counts without visiting states. The decision tree of a version
// (src/enumerate/paths.ts) and every formula of the model (assumptions,
// properties, derived facts, relational frames) become sets of states in
// one decision diagram (src/count/mdd.ts): the third interpreter of the
// expression layer. Feasible states, states per rule, premise and
// violating states per property are then counts of sets, and the reported
// counterexample is found by a walk, not a search: fields a set does not
// mention multiply its count and are never enumerated.
//
// It computes exactly what the exhaustive pass (src/enumerate/check.ts)
// computes, by another method; the tests hold the two to the same numbers,
// witnesses and failures on every shipped version and on random models.

import type { Bool, Enum, VarRef } from '../space/expr.ts';
import { and, inFrame, isBool, showRef, varsOf } from '../space/expr.ts';
import { expandDerived } from '../space/expand.ts';
import type { CheckResult, CheckVerdict, Counterexample, FormulaProperty, Property, PropertyResult, RuleCount } from '../space/property.ts';
import type { Space, Value } from '../space/space.ts';
import type { System } from '../space/system.ts';
import { frameVersionOf } from '../space/system.ts';
import type { PathTree } from '../enumerate/paths.ts';
import { leafOf } from '../enumerate/paths.ts';
import type { Node } from './mdd.ts';
import { ALL, EMPTY, Mdd } from './mdd.ts';
import { diagramLines, leafRowText } from './table-diagram.ts';

/**
 * A row diagram (Counter.rowDiagram) as plain arrays, for a counter on
 * another thread that has the same trees: nodes children first, the root
 * last; a terminal is given by a leaf of its row.
 */
export interface DiagramExport {
  /** The frame view's key: version read and overridden fields. */
  readonly key: string;
  /** Level of each node; the space's depth marks a terminal. */
  readonly levels: Int32Array;
  /** Children of the internal nodes in order, as node positions. */
  readonly kids: Int32Array;
  /** The leaf of each terminal, in order. */
  readonly leaves: Int32Array;
}

/** Where a counter gets a version's decision tree. */
export type TreeSource = (versionId: string) => PathTree;

/** The state described against its closest preset (ties: first preset; or the preset given). */
export function nearestPreset(system: System, index: number, presetHint?: number): Counterexample {
  const { space, presets } = system;
  let best = presetHint ?? -1;
  let bestDiff: string[] | undefined = best >= 0 ? space.difference(presets[best].index, index) : undefined;
  if (best < 0) {
    presets.forEach((p, k) => {
      const diff = space.difference(p.index, index);
      if (!bestDiff || diff.length < bestDiff.length) {
        best = k;
        bestDiff = diff;
      }
    });
  }
  return { index, preset: presets[best]?.name ?? '', differs: bestDiff ?? [] };
}

interface FrameView {
  readonly id: string;
  readonly versionId: string;
  /** Field position -> digit, for twin states. */
  readonly overrides: ReadonlyMap<number, number>;
  /** The view's identity for caches: version read and overridden fields (frames may coincide). */
  readonly key: string;
}

export class Counter {
  readonly mdd: Mdd;
  private readonly space: Space;
  private readonly leafSets = new Map<string, Node>();
  private readonly rowDiagrams = new Map<string, { root: Node; leafOf: Map<Node, number> }>();
  private readonly feasibleSets = new Map<string, Node>();
  private readonly derivedSets = new Map<string, Node[]>();
  private readonly formulaSets = new WeakMap<Bool, Map<string, Node>>();

  constructor(
    readonly system: System,
    private readonly trees: TreeSource,
  ) {
    this.space = system.space;
    this.mdd = new Mdd(this.space.fields.map((f) => (f.type === 'bool' ? 2 : f.values.length)));
  }

  /** A frame's view of a version, made once (judged() asks for every frame on every witness). */
  private frame(id: string, versionId: string): FrameView {
    const key = `${id}|${versionId}`;
    let fr = this.frameViews.get(key);
    if (!fr) this.frameViews.set(key, (fr = this.makeFrame(id, versionId)));
    return fr;
  }

  private readonly frameViews = new Map<string, FrameView>();

  private makeFrame(id: string, versionId: string): FrameView {
    if (id === '') return { id, versionId, overrides: new Map(), key: `${versionId}|` };
    const spec = this.system.frames.find((f) => f.id === id);
    if (!spec) throw new Error(`unknown frame ${id}`);
    const overrides = new Map<number, number>();
    for (const [name, value] of Object.entries(spec.overrides)) {
      const k = this.space.indexOfField(name);
      const f = this.space.fields[k];
      overrides.set(k, f.type === 'bool' ? (value ? 1 : 0) : f.values.indexOf(String(value)));
    }
    const read = frameVersionOf(this.system, spec, versionId);
    return { id, versionId: read, overrides, key: `${read}|${[...overrides].join(';')}` };
  }

  /**
   * The frame's decision tree as one diagram whose terminals are the
   * distinct rows of its leaves (outputs, rules, failure): the tree is
   * walked once per frame (for a twin frame, each state reads its twin's
   * leaf), and every set of states defined by their row is then a
   * relabelling of that small diagram.
   */
  private rowDiagram(fr: FrameView): { root: Node; leafOf: Map<Node, number> } {
    const key = fr.key;
    let d = this.rowDiagrams.get(key);
    if (d) return d;
    const tree = this.trees(fr.versionId);
    const { mdd } = this;
    // One terminal per distinct row; any leaf with that row stands for it.
    const terminals: Node[] = new Array(tree.rows);
    const leafOf = new Map<Node, number>();
    const terminalOf = (leaf: number): Node => {
      const row = tree.leafRow[leaf];
      let t = terminals[row];
      if (t === undefined) {
        terminals[row] = t = mdd.terminal();
        leafOf.set(t, leaf);
      }
      return t;
    };
    // Overridden fields as an array: the walk asks for every node.
    const fixed = new Int32Array(this.space.fields.length).fill(-1);
    for (const [k, v] of fr.overrides) fixed[k] = v;
    // A tree, not a graph: each node is met once, nothing to remember.
    const walk = (ref: number): Node => {
      if (ref < 0) return terminalOf(~ref);
      const q = tree.field[ref];
      const at = tree.base[ref];
      if (fixed[q] >= 0) return walk(tree.child[at + fixed[q]]);
      const radix = tree.radices[q];
      const cases = new Array<Node>(radix);
      for (let v = 0; v < radix; v++) cases[v] = walk(tree.child[at + v]);
      return mdd.select(q, cases);
    };
    d = { root: walk(tree.root), leafOf };
    this.rowDiagrams.set(key, d);
    return d;
  }

  /** The version's table as canonical diagram lines (src/count/table-diagram.ts), from its row diagram. */
  tableLines(versionId: string): string[] {
    const tree = this.trees(versionId);
    const { root, leafOf } = this.rowDiagram(this.frame('', versionId));
    const w = this.system.outputs.length;
    const nd = tree.leafRules.length / Math.max(1, tree.leaves);
    return diagramLines(this.mdd, root, (t) => leafRowText(tree, leafOf.get(t)!, w, nd));
  }

  /**
   * The row diagrams a check of the version reads (its own and each
   * frame's), built here if need be, as arrays for another thread's counter.
   */
  exportDiagrams(versionId: string): DiagramExport[] {
    const ids = ['', ...new Set(this.system.frames.map((f) => f.id))];
    const views = [...new Map(ids.map((id) => this.frame(id, versionId)).map((fr) => [fr.key, fr])).values()];
    return views.map((fr) => {
      const { root, leafOf } = this.rowDiagram(fr);
      const { mdd } = this;
      const order = mdd.postorder(root);
      const position = new Map(order.map((n, k) => [n, k]));
      const kids: number[] = [];
      const leaves: number[] = [];
      for (const n of order) {
        if (mdd.isTerminal(n)) leaves.push(leafOf.get(n)!);
        else for (let v = 0; v < mdd.radices[mdd.levelOf(n)]; v++) kids.push(position.get(mdd.child(n, v))!);
      }
      return { key: fr.key, levels: Int32Array.from(order, (n) => mdd.levelOf(n)), kids: Int32Array.from(kids), leaves: Int32Array.from(leaves) };
    });
  }

  /** Row diagrams another thread built from the same trees (exportDiagrams): rebuilt here, not walked again. */
  adoptDiagrams(diagrams: readonly DiagramExport[]): void {
    const { mdd } = this;
    for (const d of diagrams) {
      if (this.rowDiagrams.has(d.key)) continue;
      const nodes = new Array<Node>(d.levels.length);
      const leafOf = new Map<Node, number>();
      let kid = 0;
      let leaf = 0;
      for (let i = 0; i < d.levels.length; i++) {
        const k = d.levels[i];
        if (k === mdd.depth) {
          const t = mdd.terminal();
          leafOf.set(t, d.leaves[leaf++]);
          nodes[i] = t;
        } else {
          const children = new Array<Node>(mdd.radices[k]);
          for (let v = 0; v < children.length; v++) children[v] = nodes[d.kids[kid++]];
          nodes[i] = mdd.make(k, children);
        }
      }
      this.rowDiagrams.set(d.key, { root: nodes[nodes.length - 1], leafOf });
    }
  }

  /** The states whose leaf satisfies `pred` (a function of the leaf's row); `key` names it for the cache. */
  private leafSet(fr: FrameView, key: string, pred: (tree: PathTree, leaf: number) => boolean): Node {
    const cacheKey = `${fr.key}|${key}`;
    let set = this.leafSets.get(cacheKey);
    if (set !== undefined) return set;
    const tree = this.trees(fr.versionId);
    const { root, leafOf } = this.rowDiagram(fr);
    set = this.mdd.relabel(root, (terminal) => pred(tree, leafOf.get(terminal)!));
    this.leafSets.set(cacheKey, set);
    return set;
  }

  /**
   * The version's states partitioned by a function of their leaf's row:
   * one terminal per distinct key, each with a leaf that has it.
   */
  partition(versionId: string, key: (tree: PathTree, leaf: number) => string): { root: Node; leafOf: ReadonlyMap<Node, number> } {
    const fr = this.frame('', versionId);
    const tree = this.trees(versionId);
    const rows = this.rowDiagram(fr);
    const groups = new Map<string, Node>();
    const leafOf = new Map<Node, number>();
    const root = this.mdd.mapTerminals(rows.root, (t) => {
      const leaf = rows.leafOf.get(t)!;
      const k = key(tree, leaf);
      let g = groups.get(k);
      if (g === undefined) {
        groups.set(k, (g = this.mdd.terminal()));
        leafOf.set(g, leaf);
      }
      return g;
    });
    return { root, leafOf };
  }

  /** States on which the frame's encoding fails. */
  private failed(fr: FrameView): Node {
    return this.leafSet(fr, 'failed', (t, l) => t.leafFailed[l] === 1);
  }

  /**
   * States whose output slot o has digit v in the frame. A failed leaf holds
   * digit 0 in every slot (src/enumerate/paths.ts), and so it reads here: an
   * assumption that reads outputs cannot hide a failing state from `total`
   * (properties skip failing states anyway).
   */
  private output(fr: FrameView, o: number, v: number): Node {
    const w = this.system.outputs.length;
    return this.leafSet(fr, `out${o}=${v}`, (t, l) => t.leafOutputs[l * w + o] === v);
  }

  /** States decided by rule r of decision d (self frame, failures excluded). */
  ruleSet(versionId: string, d: number, r: number): Node {
    const nd = this.system.encoding(versionId).decisions.length;
    return this.leafSet(this.frame('', versionId), `rule${d}=${r}`, (t, l) => t.leafFailed[l] === 0 && t.leafRules[l * nd + d] === r);
  }

  /** A variable's value sets: one set per digit (a boolean: [false, true]). */
  private variable(ref: VarRef, versionId: string): Node[] {
    const fr = this.frame(ref.frame, versionId);
    const { space, mdd } = this;
    if (space.has(ref.name)) {
      const k = space.indexOfField(ref.name);
      const radix = mdd.radices[k];
      const fixed = fr.overrides.get(k);
      return Array.from({ length: radix }, (_, v) => (fixed !== undefined ? (v === fixed ? ALL : EMPTY) : mdd.literal(k, v)));
    }
    const o = this.system.outputs.findIndex((x) => x.name === ref.name);
    if (o >= 0) {
      const spec = this.system.outputs[o];
      const radix = spec.type === 'bool' ? 2 : spec.values.length;
      return Array.from({ length: radix }, (_, v) => this.output(fr, o, v));
    }
    // A derived fact: its definition (in the frame's version) read in the frame, once.
    const def = this.system.derived(fr.versionId)[ref.name];
    if (!def) throw new Error(`unknown variable ${showRef(ref)}`);
    const key = `${versionId}|${ref.frame}|${ref.name}`;
    let sets = this.derivedSets.get(key);
    if (!sets) {
      const t = ref.frame === '' ? def : inFrame(def, ref.frame);
      sets = isBool(t) ? [EMPTY, ALL].map((_, v) => (v ? this.bool(t, versionId) : mdd.not(this.bool(t, versionId)))) : this.enumValues(t, versionId);
      this.derivedSets.set(key, sets);
    }
    return sets;
  }

  /**
   * The states where a formula (derived variables expanded) holds. Every
   * compound subformula is remembered per version (by object): a prover's
   * query `premise & !conclusion` reuses the property's premise and
   * conclusion sets the check made.
   */
  private bool(t: Bool, versionId: string): Node {
    if (t.op === 'lit' || t.op === 'var') return this.boolOf(t, versionId);
    return this.states(versionId, t);
  }

  private boolOf(t: Bool, versionId: string): Node {
    const m = this.mdd;
    switch (t.op) {
      case 'lit':
        return t.value ? ALL : EMPTY;
      case 'var':
        return this.variable(t.ref, versionId)[1];
      case 'not':
        return m.not(this.bool(t.arg, versionId));
      case 'and':
        return t.args.reduce((acc, x) => (acc === EMPTY ? EMPTY : m.and(acc, this.bool(x, versionId))), ALL);
      case 'or':
        return t.args.reduce((acc, x) => (acc === ALL ? ALL : m.or(acc, this.bool(x, versionId))), EMPTY);
      case 'implies':
        return m.or(m.not(this.bool(t.lhs, versionId)), this.bool(t.rhs, versionId));
      case 'iff':
        return m.not(m.xor(this.bool(t.lhs, versionId), this.bool(t.rhs, versionId)));
      case 'eq': {
        const a = this.enumValues(t.lhs, versionId);
        const b = this.enumValues(t.rhs, versionId);
        return m.orAll(a.map((x, v) => m.and(x, b[v])));
      }
      case 'ite':
        return m.ite(this.bool(t.cond, versionId), this.bool(t.then, versionId), this.bool(t.else, versionId));
    }
  }

  /** One set per value of the enum's sort: the states where the term has that value. */
  private enumValues(t: Enum, versionId: string): Node[] {
    switch (t.op) {
      case 'elit':
        return t.sort.values.map((v) => (v === t.value ? ALL : EMPTY));
      case 'evar':
        return this.variable(t.ref, versionId);
      case 'eite': {
        const c = this.bool(t.cond, versionId);
        const a = this.enumValues(t.then, versionId);
        const b = this.enumValues(t.else, versionId);
        return a.map((x, v) => this.mdd.ite(c, x, b[v]));
      }
    }
  }

  /** The states where a formula holds, derived variables allowed. */
  states(versionId: string, formula: Bool): Node {
    let byVersion = this.formulaSets.get(formula);
    if (!byVersion) this.formulaSets.set(formula, (byVersion = new Map()));
    let set = byVersion.get(versionId);
    if (set === undefined) byVersion.set(versionId, (set = this.boolOf(formula, versionId)));
    return set;
  }

  /** The feasible states of a version under an assumption set. */
  feasible(versionId: string, assumptionIds: readonly string[]): Node {
    const key = `${versionId}|${assumptionIds.join(',')}`;
    let set = this.feasibleSets.get(key);
    if (set === undefined) {
      const formula = and(
        ...assumptionIds.map((id) => {
          const a = this.system.assumptions.find((x) => x.id === id);
          if (!a) throw new Error(`unknown assumption ${id}`);
          return a.formula;
        }),
        { op: 'lit', value: true },
      );
      set = this.states(versionId, formula);
      this.feasibleSets.set(key, set);
    }
    return set;
  }

  countFeasible(versionId: string, assumptionIds: readonly string[]): number {
    return this.mdd.count(this.feasible(versionId, assumptionIds));
  }

  /** The states on which the version's encoding fails (feasible or not). */
  failedStates(versionId: string): Node {
    return this.failed(this.frame('', versionId));
  }

  /**
   * A field, output or derived fact of the version, as one set of states
   * per value (the sets partition the space; an output reads its failed
   * states as its first value) and the value each set stands for, as
   * Checker.values() names it.
   */
  valueSets(versionId: string, name: string): { sets: readonly Node[]; values: readonly Value[] } {
    const sets = this.variable({ name, frame: '' }, versionId);
    const sort = this.space.has(name)
      ? this.space.fields[this.space.indexOfField(name)]
      : (this.system.outputs.find((o) => o.name === name) ?? this.derivedSort(versionId, name));
    return { sets, values: sets.map((_, v) => (sort.type === 'bool' ? v === 1 : sort.values![v])) };
  }

  private derivedSort(versionId: string, name: string): { type: 'bool' | 'enum'; values?: readonly string[] } {
    const def = this.system.derived(versionId)[name];
    return isBool(def) ? { type: 'bool' } : { type: 'enum', values: def.sort.values };
  }

  /**
   * The feasible states where a formula holds and no frame it reads fails
   * (the version's own frame is always read): the states a query selects,
   * as src/enumerate/evaluate.ts reads a formula on one state.
   */
  selected(versionId: string, assumptionIds: readonly string[], formula: Bool): Node {
    const { mdd } = this;
    const frames = new Set(['', ...varsOf(expandDerived(this.system, formula, versionId)).map((v) => v.ref.frame)]);
    let set = mdd.and(this.feasible(versionId, assumptionIds), this.states(versionId, formula));
    for (const id of frames) set = mdd.and(set, mdd.not(this.failed(this.frame(id, versionId))));
    return set;
  }

  /** The index of a state given by its digits. */
  private indexOf(digits: readonly number[]): number {
    return this.space.indexOfDigits(digits);
  }

  /**
   * The reported counterexample of a set of violating states: fewest fields
   * away from a preset, ties to the preset listed first, then the lowest index.
   */
  closestToPresets(set: Node): Counterexample | undefined {
    if (set === EMPTY) return undefined;
    const presets = this.system.presets.map((p) => Array.from(this.space.digits(p.index)));
    const found = presets.map((d) => this.mdd.closest(set, d)!);
    const distance = Math.min(...found.map((f) => f.distance));
    let index = Infinity;
    found.forEach((f) => {
      if (f.distance === distance) index = Math.min(index, this.indexOf(f.digits));
    });
    // The state's own preset: the first at that distance from it.
    const state = Array.from(this.space.digits(index));
    const preset = presets.findIndex((p) => p.reduce((n, d, k) => n + (d === state[k] ? 0 : 1), 0) === distance);
    return nearestPreset(this.system, index, preset);
  }

  /** The feasible states the version's rules decide (no failure). */
  private decided(versionId: string, assumptionIds: readonly string[]): Node {
    return this.mdd.and(this.feasible(versionId, assumptionIds), this.mdd.not(this.failed(this.frame('', versionId))));
  }

  /** The states a check judges properties on: decided, and no frame's twin fails there. */
  private judged(versionId: string, assumptionIds: readonly string[]): Node {
    const { mdd } = this;
    const frameIds = [...new Set(this.system.frames.map((f) => f.id))];
    return frameIds.reduce((acc, id) => mdd.and(acc, mdd.not(this.failed(this.frame(id, versionId)))), this.decided(versionId, assumptionIds));
  }

  /** The lowest-index judged state where the formula holds, if any: a witness for the prover to confirm. */
  witness(versionId: string, assumptionIds: readonly string[], formula: Bool): number | undefined {
    const d = this.mdd.lowest(this.mdd.and(this.judged(versionId, assumptionIds), this.states(versionId, formula)));
    return d && this.indexOf(d);
  }

  /** The lowest-index feasible state that rule r of decision d decides, if any. */
  ruleWitness(versionId: string, assumptionIds: readonly string[], d: number, r: number): number | undefined {
    const digits = this.mdd.lowest(this.mdd.and(this.decided(versionId, assumptionIds), this.ruleSet(versionId, d, r)));
    return digits && this.indexOf(digits);
  }

  /** What Checker.check() computes, counted instead of enumerated. */
  check(versionId: string, assumptionIds: readonly string[], properties: readonly Property[] = this.system.properties): CheckResult {
    const { mdd, system } = this;
    const self = this.frame('', versionId);
    const feasibleSet = this.feasible(versionId, assumptionIds);
    const failedSet = mdd.and(feasibleSet, this.failed(self));
    const decidedSet = this.decided(versionId, assumptionIds);
    // Properties are judged where no frame's twin fails (as the pass skips them).
    const judged = this.judged(versionId, assumptionIds);

    const enc = system.encoding(versionId);
    const rules: RuleCount[] = [];
    const deadRules: string[] = [];
    enc.decisions.forEach((d, di) =>
      d.rules.forEach((rule, ri) => {
        const n = mdd.count(mdd.and(decidedSet, this.ruleSet(versionId, di, ri)));
        rules.push({ decision: d.id, rule, states: n });
        if (n === 0) deadRules.push(`${d.id}/${rule}`);
      }),
    );
    const feasibleStates = mdd.count(feasibleSet);
    const failedStates = mdd.count(failedSet);

    const results = properties.map((p): PropertyResult => {
      switch (p.kind) {
        case 'formula':
          return this.formula(p, versionId, judged);
        case 'total': {
          const lowest = mdd.lowest(failedSet);
          const index = lowest && this.indexOf(lowest);
          const tree = this.trees(versionId);
          return {
            id: p.id,
            verdict: failedStates > 0 ? 'violated' : feasibleStates === 0 ? 'vacuous' : 'holds',
            premiseStates: feasibleStates,
            violatingStates: failedStates,
            counterexample: index === undefined ? undefined : nearestPreset(system, index),
            failure: index === undefined ? undefined : (tree.leafFailure[leafOf(tree, index)] ?? 'no outcome'),
          };
        }
        case 'no-dead-rules':
          return { id: p.id, verdict: deadRules.length > 0 ? 'violated' : 'holds', premiseStates: feasibleStates, violatingStates: 0, deadRules };
        case 'encodings-agree':
          return { id: p.id, verdict: 'pending', premiseStates: feasibleStates, violatingStates: 0 };
      }
    });
    return { version: versionId, assumptions: assumptionIds, totalStates: this.space.size, feasibleStates, properties: results, rules };
  }

  private formula(p: FormulaProperty, versionId: string, judged: Node): PropertyResult {
    const { mdd } = this;
    const premise = mdd.and(judged, this.states(versionId, p.premise));
    const violating = mdd.and(premise, mdd.not(this.states(versionId, p.conclusion)));
    const premiseStates = mdd.count(premise);
    const violatingStates = mdd.count(violating);
    const verdict: CheckVerdict = violatingStates > 0 ? 'violated' : premiseStates === 0 ? 'vacuous' : 'holds';
    return { id: p.id, verdict, premiseStates, violatingStates, counterexample: this.closestToPresets(violating) };
  }
}
