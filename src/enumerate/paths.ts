// The execution paths of an encoding, as a decision tree.
//
// The rules read the state only through a digit reader, so each run is a
// sequence of field reads. Exploring every sequence depth-first (run, then
// bump the last field read to its next value, replay) visits every
// execution path exactly once, and the reads of each run are one branch of
// a decision tree whose leaves hold the outcome. The rules are a pure
// function of the state, so every state that agrees with a leaf's fields
// takes that path: the tree decides every state of the space while its size
// grows with the number of paths, not with the number of states. A run that
// contradicts the tree built so far (another field read where the same
// values were seen before) means the encoding is not a function of the
// state; the states under that point are marked as failures.

import type { ConcreteEncoding, Stage } from '../space/system.ts';
import type { Space } from '../space/space.ts';

export const NOT_A_FUNCTION = 'the encoding is not a function of the state (two runs read different fields on the same values)';

export interface PathTree {
  /** Reference of the root: >= 0 an internal node, < 0 the leaf ~ref. */
  readonly root: number;
  /** Field tested by each internal node. */
  readonly field: Int32Array;
  /** Start of each node's children in `child` (one slot per value of its field). */
  readonly base: Int32Array;
  /** Child references (same encoding as root). */
  readonly child: Int32Array;
  readonly leaves: number;
  /** Output digits, `width` per leaf. */
  readonly leafOutputs: Int8Array;
  /** Rule index per decision, `decisions` per leaf; -1 on failure. */
  readonly leafRules: Int16Array;
  /** 1 where the run failed. */
  readonly leafFailed: Uint8Array;
  readonly leafFailure: ReadonlyArray<string | undefined>;
  /**
   * Each leaf's row: leaves with the same outputs, rules and failure share
   * a number (0, 1, ... in order of first leaf). A tree has many leaves and
   * few rows; diagrams of the table have one terminal per row.
   */
  readonly leafRow: Int32Array;
  /** Number of distinct rows. */
  readonly rows: number;
  /** Radix and index weight of each field, for walking the tree. */
  readonly radices: Int32Array;
  readonly weights: Float64Array;
  /** How many times rules ran: whole runs, or with stages the runs of every stage (0: transplanted). */
  readonly runs: number;
}

type Evaluate = (digit: (field: number) => number, out: Int32Array, rules: Int32Array) => void;

/**
 * The decision tree of an encoding. With stages (src/space/system.ts), each
 * stage's tree is explored on its own and the trees are composed: under
 * each leaf of one stage hangs the next stage's tree, its tests of fields
 * already decided on the way there collapsed. That is the tree the whole
 * evaluate() gives, node for node (a stage is a pure function of what it
 * reads), while the rules run once per path of each stage instead of once
 * per combined path.
 */
export function explorePaths(space: Space, enc: ConcreteEncoding, width: number): PathTree {
  const nd = enc.decisions.length;
  const stages = enc.stages;
  if (!stages || stages.length < 2) return exploreRuns(space, (d, out, r) => enc.evaluate(d, out, r), width, nd);
  const parts = stages.map((st) => stageTree(st, space, width, nd));
  const tree = compose(
    space,
    parts.map((p) => p.tree),
    stages.map((st) => st.writes),
    width,
    nd,
  );
  // Runs of this exploration only: a stage explored before ran no rule now.
  return { ...tree, runs: parts.reduce((n, p) => n + (p.fresh ? p.tree.runs : 0), 0) };
}

/**
 * A stage's own tree. The same stage object (an encoding may hand the same
 * stage to several versions: 7.2's fault is 7.1's) is a pure function of
 * the state, so in the same space it explores to the same tree: once.
 */
function stageTree(stage: Stage, space: Space, width: number, nd: number): { tree: PathTree; fresh: boolean } {
  const known = stageTrees.get(stage);
  if (known && known.space === space && known.width === width && known.nd === nd) return { tree: known.tree, fresh: false };
  const tree = exploreRuns(space, (d, out, r) => stage.run(d, out, r), width, nd);
  stageTrees.set(stage, { space, width, nd, tree });
  return { tree, fresh: true };
}

const stageTrees = new WeakMap<Stage, { space: Space; width: number; nd: number; tree: PathTree }>();

/** A typed array that grows by doubling: leaves are many, and pushing onto number[] costs. */
class Grow<T extends Int8Array | Int16Array | Int32Array> {
  length = 0;
  constructor(public data: T) {}
  push(x: number): void {
    if (this.length === this.data.length) {
      const next = new (this.data.constructor as new (n: number) => T)(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = x;
  }
  done(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/** Arrays of a tree under construction, and how to finish it. */
function treeBuilder(space: Space, width: number, nd: number) {
  const radices = space.fields.map((f) => (f.type === 'bool' ? 2 : f.values.length));
  const field = new Grow(new Int32Array(1024));
  const base = new Grow(new Int32Array(1024));
  const child = new Grow(new Int32Array(4096));
  const leafOutputs = new Grow(new Int8Array(1024 * Math.max(1, width)));
  const leafRules = new Grow(new Int16Array(1024 * Math.max(1, nd)));
  const leafFailure: Array<string | undefined> = [];
  const leafRow = new Grow(new Int32Array(1024));
  // Rows: a leaf of each (in order of first leaf), successful rows by a
  // hash of their digits (sameHash chains rows whose hashes collide),
  // failures by their message.
  const rowLeaf: number[] = [];
  const sameHash: number[] = [];
  const byHash = new Map<number, number>();
  const byFailure = new Map<string, number>();
  const sameRow = (leaf: number, out: Int32Array, r: Int32Array): boolean => {
    if (leafFailure[leaf] !== undefined) return false;
    for (let o = 0; o < width; o++) if (leafOutputs.data[leaf * width + o] !== out[o]) return false;
    for (let d = 0; d < nd; d++) if (leafRules.data[leaf * nd + d] !== r[d]) return false;
    return true;
  };
  return {
    radices,
    /** Field tested by internal node n. */
    fieldOf: (n: number) => field.data[n],
    baseOf: (n: number) => base.data[n],
    childAt: (slot: number) => child.data[slot],
    setChild: (slot: number, ref: number) => {
      child.data[slot] = ref;
    },
    /** A new internal node testing field k, its children unset. */
    node(k: number): number {
      const n = field.length;
      field.push(k);
      base.push(child.length);
      for (let v = 0; v < radices[k]; v++) child.push(UNSET);
      return n;
    },
    /** A new leaf: outputs and rules (ignored on failure). */
    leaf(failure: string | undefined, out: Int32Array, r: Int32Array): number {
      const id = leafFailure.length;
      leafFailure.push(failure);
      for (let o = 0; o < width; o++) leafOutputs.push(failure === undefined ? out[o] : 0);
      for (let d = 0; d < nd; d++) leafRules.push(failure === undefined ? r[d] : -1);
      let row: number | undefined;
      if (failure === undefined) {
        // Interned by a hash of the digits, rows compared digit by digit
        // with a leaf of theirs: no key string per leaf.
        let h = 0x811c9dc5;
        for (let o = 0; o < width; o++) h = Math.imul(h ^ (out[o] & 0xff), 0x01000193);
        for (let d = 0; d < nd; d++) h = Math.imul(h ^ (r[d] & 0xffff), 0x01000193);
        row = byHash.get(h) ?? -1;
        while (row >= 0 && !sameRow(rowLeaf[row], out, r)) row = sameHash[row];
        if (row < 0) {
          row = rowLeaf.length;
          rowLeaf.push(id);
          sameHash.push(byHash.get(h) ?? -1);
          byHash.set(h, row);
        }
      } else {
        row = byFailure.get(failure);
        if (row === undefined) {
          byFailure.set(failure, (row = rowLeaf.length));
          rowLeaf.push(id);
          sameHash.push(-1);
        }
      }
      leafRow.push(row);
      return ~id;
    },
    finish(root: number, runs: number): PathTree {
      const failed = new Uint8Array(leafFailure.length);
      leafFailure.forEach((f, i) => (failed[i] = f === undefined ? 0 : 1));
      return {
        root,
        field: field.done(),
        base: base.done(),
        child: child.done(),
        leaves: leafFailure.length,
        leafOutputs: leafOutputs.done(),
        leafRules: leafRules.done(),
        leafFailed: failed,
        leafFailure,
        leafRow: leafRow.done(),
        rows: rowLeaf.length,
        radices: Int32Array.from(radices),
        weights: Float64Array.from(space.weights),
        runs,
      };
    },
  };
}

const UNSET = 0x7fffffff;

/** Depth-first over the read sequences of one evaluate function (see the top of the file). */
function exploreRuns(space: Space, evaluate: Evaluate, width: number, nd: number): PathTree {
  const nf = space.fields.length;
  const t = treeBuilder(space, width, nd);
  const { radices } = t;
  let root = UNSET;
  const assigned = new Int32Array(nf).fill(-1);
  const decisions: number[] = []; // fields in order of first assignment, for backtracking
  const out = new Int32Array(width);
  const r = new Int32Array(nd);
  let runs = 0;

  // The reads of the current run, in order, and which fields it read.
  let order: number[] = [];
  const seen = new Uint8Array(nf);
  const digit = (k: number): number => {
    if (!Number.isInteger(k) || k < 0 || k >= nf) throw new Error(`field position ${k} out of range`);
    if (assigned[k] < 0) {
      assigned[k] = 0;
      decisions.push(k);
    }
    if (!seen[k]) {
      seen[k] = 1;
      order.push(k);
    }
    return assigned[k];
  };

  // Tree slots are set through one of two targets: the root or a child slot.
  let target = -1;
  const setRef = (x: number) => {
    if (target < 0) root = x;
    else t.setChild(target, x);
  };

  for (;;) {
    runs++;
    order = [];
    seen.fill(0);
    let failure: string | undefined;
    try {
      evaluate(digit, out, r);
    } catch (e) {
      failure = describeError(e);
    }

    // Insert the run's reads (in their order) as a branch of the tree.
    target = -1;
    let ref = root;
    let conflict = false;
    for (const k of order) {
      if (ref === UNSET) {
        ref = t.node(k);
        setRef(ref);
      }
      if (ref < 0 || t.fieldOf(ref) !== k) {
        conflict = true;
        break;
      }
      target = t.baseOf(ref) + assigned[k];
      ref = t.childAt(target);
    }
    if (conflict || ref !== UNSET) setRef(t.leaf(NOT_A_FUNCTION, out, r));
    else setRef(t.leaf(failure, out, r));

    // Backtrack: the next value of the last decision that has one left.
    while (decisions.length) {
      const k = decisions[decisions.length - 1];
      if (assigned[k] + 1 < radices[k]) {
        assigned[k]++;
        break;
      }
      assigned[k] = -1;
      decisions.pop();
    }
    if (!decisions.length) break;
  }
  return t.finish(root, runs);
}

/**
 * Stage trees composed in order: `writes[s]` are the output slots of stage
 * s, whose rule is rules[s]. Nodes and leaves are created in the order the
 * depth-first exploration of the whole would create them.
 */
function compose(space: Space, parts: readonly PathTree[], writes: ReadonlyArray<readonly number[]>, width: number, nd: number): PathTree {
  const nf = space.fields.length;
  const t = treeBuilder(space, width, nd);
  const { radices } = t;
  const assigned = new Int32Array(nf).fill(-1);
  const out = new Int32Array(width);
  const r = new Int32Array(nd);
  const build = (s: number, ref: number): number => {
    const p = parts[s];
    if (ref < 0) {
      const leaf = ~ref;
      if (p.leafFailed[leaf]) return t.leaf(p.leafFailure[leaf], out, r);
      for (const w of writes[s]) out[w] = p.leafOutputs[leaf * width + w];
      r[s] = p.leafRules[leaf * nd + s];
      return s + 1 < parts.length ? build(s + 1, parts[s + 1].root) : t.leaf(undefined, out, r);
    }
    const k = p.field[ref];
    // Read already on this path (by an earlier stage): no new test.
    if (assigned[k] >= 0) return build(s, p.child[p.base[ref] + assigned[k]]);
    const n = t.node(k);
    for (let v = 0; v < radices[k]; v++) {
      assigned[k] = v;
      t.setChild(t.baseOf(n) + v, build(s, p.child[p.base[ref] + v]));
    }
    assigned[k] = -1;
    return n;
  };
  const root = build(0, parts[0].root);
  return t.finish(root, parts.reduce((n, p) => n + p.runs, 0));
}

/**
 * A tree explored in another space, as the tree of the same encoding in
 * `space`: `fieldAt[k]` is the position in `space` of the source's field
 * k, or -1 where `space` pins that field at digit 0 (the encoding then
 * reads digit 0 there without a test). Nodes and leaves are created in
 * preorder, the order exploration creates them, so the result is node for
 * node the tree exploring the encoding in `space` builds, without running
 * it (`runs` is 0). Valid when the encoding reads the same fields in both
 * spaces but for the pinned ones; the caller vouches for that.
 */
export function transplant(source: PathTree, space: Space, fieldAt: Int32Array, width: number): PathTree {
  const nd = source.leaves ? source.leafRules.length / source.leaves : 0;
  const t = treeBuilder(space, width, nd);
  const out = new Int32Array(width);
  const r = new Int32Array(nd);
  const copy = (ref: number): number => {
    if (ref < 0) {
      const leaf = ~ref;
      for (let o = 0; o < width; o++) out[o] = source.leafOutputs[leaf * width + o];
      for (let d = 0; d < nd; d++) r[d] = source.leafRules[leaf * nd + d];
      return t.leaf(source.leafFailure[leaf], out, r);
    }
    const at = source.base[ref];
    const k = fieldAt[source.field[ref]];
    if (k < 0) return copy(source.child[at]);
    const n = t.node(k);
    for (let v = 0; v < t.radices[k]; v++) t.setChild(t.baseOf(n) + v, copy(source.child[at + v]));
    return n;
  };
  return t.finish(copy(source.root), 0);
}

/** The leaf that decides a state. */
export function leafOf(tree: PathTree, index: number): number {
  let ref = tree.root;
  while (ref >= 0) {
    const f = tree.field[ref];
    ref = tree.child[tree.base[ref] + (Math.floor(index / tree.weights[f]) % tree.radices[f])];
  }
  return ~ref;
}

/**
 * The cube of each leaf: the digits its path from the root fixes, one per
 * field (-1 free), `fields` per leaf (computed once per tree, on demand).
 */
export function leafCubes(tree: PathTree): Int8Array {
  let cubes = cubesOf.get(tree);
  if (cubes) return cubes;
  const nf = tree.radices.length;
  const out = new Int8Array(tree.leaves * nf).fill(-1);
  forEachPath(tree, (leaf, digits) => out.set(digits, leaf * nf));
  cubesOf.set(tree, (cubes = out));
  return cubes;
}

/**
 * Every path of the tree, in tree order: its leaf and the digit each field
 * has on it (-1: the path does not test the field). The array is reused
 * from one path to the next. The paths' cubes partition the space.
 */
export function forEachPath(tree: PathTree, visit: (leaf: number, digits: Int8Array) => void): void {
  const digits = new Int8Array(tree.radices.length).fill(-1);
  const go = (ref: number) => {
    if (ref < 0) return visit(~ref, digits);
    const f = tree.field[ref];
    for (let v = 0; v < tree.radices[f]; v++) {
      digits[f] = v;
      go(tree.child[tree.base[ref] + v]);
    }
    digits[f] = -1;
  };
  go(tree.root);
}

const cubesOf = new WeakMap<PathTree, Int8Array>();

/** Leaves reachable from the root, in tree order (a conflict can orphan some). */
export function reachableLeaves(tree: PathTree): number[] {
  const out: number[] = [];
  const stack = [tree.root];
  while (stack.length) {
    const ref = stack.pop()!;
    if (ref < 0) {
      out.push(~ref);
      continue;
    }
    const n = tree.radices[tree.field[ref]];
    for (let v = n - 1; v >= 0; v--) stack.push(tree.child[tree.base[ref] + v]);
  }
  return out;
}

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const first = e.message.split('\n')[0];
    return e.constructor.name === 'Error' ? first : `${e.constructor.name}: ${first}`;
  }
  return String(e);
}
