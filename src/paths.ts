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

import type { ConcreteEncoding } from './system.ts';
import type { Space } from './space.ts';

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
  /** The fixed digits of each leaf's cube, `fields` per leaf (-1 = free). */
  readonly leafCube: Int8Array;
  /** Radix and index weight of each field, for walking the tree. */
  readonly radices: Int32Array;
  readonly weights: Float64Array;
  readonly runs: number;
}

export function explorePaths(space: Space, enc: ConcreteEncoding, width: number): PathTree {
  const nf = space.fields.length;
  const nd = enc.decisions.length;
  const radices = space.fields.map((f) => (f.type === 'bool' ? 2 : f.values.length));
  const field: number[] = [];
  const base: number[] = [];
  const child: number[] = [];
  const UNSET = 0x7fffffff;
  const leafOutputs: number[] = [];
  const leafRules: number[] = [];
  const leafFailure: Array<string | undefined> = [];
  const leafCube: number[] = [];
  let root = UNSET;

  const assigned = new Int32Array(nf).fill(-1);
  const decisions: number[] = []; // fields in order of first assignment, for backtracking
  const out = new Int32Array(width);
  const r = new Int32Array(nd);
  let runs = 0;

  const newLeaf = (failure: string | undefined, order: readonly number[]): number => {
    const id = leafFailure.length;
    leafFailure.push(failure);
    for (let o = 0; o < width; o++) leafOutputs.push(failure === undefined ? out[o] : 0);
    for (let d = 0; d < nd; d++) leafRules.push(failure === undefined ? r[d] : -1);
    const at = leafCube.length;
    for (let k = 0; k < nf; k++) leafCube.push(-1);
    for (const k of order) leafCube[at + k] = assigned[k];
    return ~id;
  };

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

  // With stages (src/system.ts), each stage's last run is remembered: its
  // reads as (field, digit) pairs and what it wrote. A stage whose reads
  // still give the same digits would do the same again (it is a pure
  // function of them), so it is replayed: the same reads, in the same order,
  // then its recorded outputs. The tree is the one evaluate() would give.
  const stages = enc.stages;
  const memos: Array<{ reads: number[]; wrote: Int32Array; rule: number; failure?: string } | undefined> = [];
  let reads: number[] = [];
  const recorded = (k: number): number => {
    const v = digit(k);
    reads.push(k, v);
    return v;
  };
  // Would the recorded reads give the same digits now? Asked without reading,
  // so that a stage that does run leaves only its own reads in the run.
  const replayed = (past: readonly number[]): boolean => {
    for (let i = 0; i < past.length; i += 2) if (Math.max(0, assigned[past[i]]) !== past[i + 1]) return false;
    for (let i = 0; i < past.length; i += 2) digit(past[i]);
    return true;
  };
  const decide = (): string | undefined => {
    if (!stages) {
      try {
        enc.evaluate(digit, out, r);
        return undefined;
      } catch (e) {
        return describeError(e);
      }
    }
    for (let s = 0; s < stages.length; s++) {
      const stage = stages[s];
      const memo = memos[s];
      if (memo && replayed(memo.reads)) {
        if (memo.failure !== undefined) return memo.failure;
        for (let i = 0; i < stage.writes.length; i++) out[stage.writes[i]] = memo.wrote[i];
        r[s] = memo.rule;
        continue;
      }
      reads = [];
      let failure: string | undefined;
      try {
        stage.run(recorded, out, r);
      } catch (e) {
        failure = describeError(e);
      }
      memos[s] = { reads, wrote: Int32Array.from(stage.writes, (w) => out[w]), rule: r[s], failure };
      if (failure !== undefined) return failure;
    }
    return undefined;
  };

  // Tree slots are set through one of two targets: the root or a child slot.
  let target = -1;
  const setRef = (x: number) => {
    if (target < 0) root = x;
    else child[target] = x;
  };

  for (;;) {
    runs++;
    order = [];
    seen.fill(0);
    const failure = decide();

    // Insert the run's reads (in their order) as a branch of the tree.
    target = -1;
    let ref = root;
    let conflict = false;
    for (const k of order) {
      if (ref === UNSET) {
        const n = field.length;
        field.push(k);
        base.push(child.length);
        for (let v = 0; v < radices[k]; v++) child.push(UNSET);
        setRef(n);
        ref = n;
      }
      if (ref < 0 || field[ref] !== k) {
        conflict = true;
        break;
      }
      target = base[ref] + assigned[k];
      ref = child[target];
    }
    if (conflict || ref !== UNSET) setRef(newLeaf(NOT_A_FUNCTION, order));
    else setRef(newLeaf(failure, order));

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

  const failed = new Uint8Array(leafFailure.length);
  leafFailure.forEach((f, i) => (failed[i] = f === undefined ? 0 : 1));
  return {
    root,
    field: Int32Array.from(field),
    base: Int32Array.from(base),
    child: Int32Array.from(child),
    leaves: leafFailure.length,
    leafOutputs: Int8Array.from(leafOutputs),
    leafRules: Int16Array.from(leafRules),
    leafFailed: failed,
    leafFailure,
    leafCube: Int8Array.from(leafCube),
    radices: Int32Array.from(radices),
    weights: Float64Array.from(space.weights),
    runs,
  };
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
