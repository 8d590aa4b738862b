// Readable conditions for a labelling of the states: for each label (an
// outcome, a deciding rule), a few cubes (conjunctions of field values)
// that together cover exactly the states with that label among the states
// that count. States that do not count (infeasible under the profile, not
// selected, outside the partial state) are don't-cares: a condition may
// include them, which is what makes it short. So a condition is read
// "among the states that count, these have this label", never as a claim
// about the others.
//
// The labelling is asked three things (Labelling): which labels a cube
// holds, whether a cube holds another label than one, and how many of a
// label's states a cube adds. It is answered on decision diagrams (sets
// of states, never visited one by one: setLabelling) or, for small spaces
// and as the tests' reference, on a label per state (stateLabelling); the
// conditions are the same.
//
// How: start from the decision table's execution-path cubes (the rules
// read the same fields on every state of one, so a label is usually
// constant on it), split a cube on its first free field until it holds one
// label, merge siblings per label (src/space/cubes.ts), then widen each cube by
// freeing fields while it still holds no state of another label, and keep
// a cube only if it covers a state no earlier cube covers. Every state
// that counts is covered by a cube of its own label and by no cube of
// another label; the counts attribute each state to the first cube of its
// label that covers it, so they sum to the label's total.

import type { Mdd, Node } from '../count/mdd.ts';
import { EMPTY } from '../count/mdd.ts';
import type { Cube } from '../space/cubes.ts';
import { compareCubes, cubeMasks, cubeSize, FREE, mergeCubes } from '../space/cubes.ts';
import type { Space } from '../space/space.ts';
import { radixOf } from '../space/space.ts';
import type { DecisionTable } from '../enumerate/table.ts';

/**
 * A condition: per field, the digits it allows, or undefined when the
 * field is free. One digit is a cube literal; several (for an enum) are
 * cubes that differ only in that field, shown together.
 */
export type Condition = ReadonlyArray<readonly number[] | undefined>;

export interface CubeCount {
  readonly condition: Condition;
  /** States of the label attributed to this condition (the first covering it). */
  readonly states: number;
}

export interface Conditions {
  readonly label: number;
  /** States with this label. */
  readonly states: number;
  readonly cubes: readonly CubeCount[];
}

/** Call `f` on the index of every state of the cube; stop early when it returns true. */
export function forEachState(space: Space, cube: Cube, f: (index: number) => boolean | void): void {
  const free: number[] = [];
  let base = 0;
  for (let k = 0; k < cube.length; k++) {
    if (cube[k] === FREE) free.push(k);
    else base += cube[k] * space.weights[k];
  }
  const radix = free.map((k) => radixOf(space.fields[k]));
  const weight = free.map((k) => space.weights[k]);
  const counter = new Int32Array(free.length);
  let index = base;
  for (;;) {
    if (f(index) === true) return;
    let p = free.length - 1;
    while (p >= 0 && ++counter[p] === radix[p]) {
      index -= (radix[p] - 1) * weight[p];
      counter[p--] = 0;
    }
    if (p < 0) return;
    index += weight[p];
  }
}

/** The intersection of two cubes, or undefined when they are disjoint. */
export function intersect(a: Cube, b: Cube): Cube | undefined {
  const out = new Int8Array(a.length);
  for (let k = 0; k < a.length; k++) {
    if (a[k] !== FREE && b[k] !== FREE && a[k] !== b[k]) return undefined;
    out[k] = a[k] === FREE ? b[k] : a[k];
  }
  return out;
}

/** A labelling of the states that count, as conditions() asks it. */
export interface Labelling {
  /** The label of the counting states of a cube: NO_LABEL when it has none, MIXED_LABELS when they differ. */
  labelIn(cube: Cube): number;
  /** Whether a cube holds a counting state of a label other than `label`. */
  holdsOther(cube: Cube, label: number): boolean;
  /** A tally for one label: each call counts the label's states in a cube that no earlier call counted. */
  tally(label: number): (cube: Cube) => number;
}
export const NO_LABEL = -1;
export const MIXED_LABELS = -2;

/** A labelling given state by state: `labels[i]` is the label (>= 0) of state i, or -1 when it does not count. */
export function stateLabelling(space: Space, labels: Int32Array): Labelling {
  return {
    labelIn(cube) {
      let first = NO_LABEL;
      let mixed = false;
      forEachState(space, cube, (i) => {
        const l = labels[i];
        if (l < 0) return false;
        if (first < 0) first = l;
        else if (l !== first) mixed = true;
        return mixed;
      });
      return mixed ? MIXED_LABELS : first;
    },
    holdsOther(cube, label) {
      let other = false;
      forEachState(space, cube, (i) => {
        other = labels[i] >= 0 && labels[i] !== label;
        return other;
      });
      return other;
    },
    tally(label) {
      const seen = new Uint8Array(space.size);
      return (cube) => {
        let n = 0;
        forEachState(space, cube, (i) => {
          if (labels[i] === label && !seen[i]) {
            seen[i] = 1;
            n++;
          }
        });
        return n;
      };
    },
  };
}

/**
 * A labelling given as sets: `sets.get(label)` holds the counting states
 * of that label (disjoint sets, in the diagram `mdd`). Nothing is visited
 * state by state, so it serves spaces of any size.
 */
export function setLabelling(space: Space, mdd: Mdd, sets: ReadonlyMap<number, Node>): Labelling {
  const radices = space.fields.map(radixOf);
  const masks = (cube: Cube) => cubeMasks(cube, radices);
  const labels = [...sets.keys()].sort((a, b) => a - b);
  const others = new Map<number, Node>();
  const otherThan = (label: number) => {
    let o = others.get(label);
    if (o === undefined) others.set(label, (o = mdd.orAll(labels.filter((l) => l !== label).map((l) => sets.get(l)!))));
    return o;
  };
  return {
    labelIn(cube) {
      const m = masks(cube);
      let found = NO_LABEL;
      for (const l of labels) {
        if (!mdd.meetsCube(sets.get(l)!, m)) continue;
        if (found !== NO_LABEL) return MIXED_LABELS;
        found = l;
      }
      return found;
    },
    holdsOther: (cube, label) => mdd.meetsCube(otherThan(label), masks(cube)),
    tally(label) {
      const set = sets.get(label) ?? EMPTY;
      let seen: Node = EMPTY;
      return (cube) => {
        const here = mdd.and(mdd.cube(masks(cube)), set);
        const fresh = mdd.and(here, mdd.not(seen));
        seen = mdd.or(seen, here);
        return mdd.count(fresh);
      };
    },
  };
}

/**
 * Conditions per label of a labelling. `within` restricts everything to
 * one cube (its fixed fields stay fixed; no state outside it is asked
 * about); `start` is a partition of the space to start from (default: one
 * cube).
 */
export function conditions(space: Space, labelling: Labelling, options: { within?: Cube; start?: readonly Cube[] } = {}): Conditions[] {
  const nf = space.fields.length;
  const radices = space.fields.map(radixOf);
  const within = options.within ?? new Int8Array(nf).fill(FREE);
  const start = options.start ?? [new Int8Array(nf).fill(FREE)];

  // 1. Split the starting cubes until each holds states of one label.
  const byLabel = new Map<number, Cube[]>();
  const stack: Cube[] = [];
  for (const c of start) {
    const x = intersect(c, within);
    if (x) stack.push(x);
  }
  while (stack.length) {
    const c = stack.pop()!;
    const label = labelling.labelIn(c);
    if (label === NO_LABEL) continue;
    if (label !== MIXED_LABELS) {
      const list = byLabel.get(label);
      if (list) list.push(c);
      else byLabel.set(label, [c]);
      continue;
    }
    const k = c.findIndex((d) => d === FREE);
    for (let v = radices[k] - 1; v >= 0; v--) {
      const child = Int8Array.from(c);
      child[k] = v;
      stack.push(child);
    }
  }

  const out: Conditions[] = [];
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    // 2. Merge siblings, 3. widen over don't-cares.
    const merged = mergeCubes(byLabel.get(label)!, radices);
    const widened = merged.map((c) => {
      const w = Int8Array.from(c);
      for (let k = 0; k < nf; k++) {
        if (w[k] === FREE || within[k] !== FREE) continue;
        const d = w[k];
        w[k] = FREE;
        if (labelling.holdsOther(w, label)) w[k] = d;
      }
      return w;
    });
    const unique = new Map<string, Cube>();
    for (const c of widened) unique.set(c.join(','), c);
    const ordered = [...unique.values()].sort((a, b) => cubeSize(b, radices) - cubeSize(a, radices) || compareCubes(a, b));
    // 4. Keep a cube only if it covers a state no earlier cube covers.
    const tally = labelling.tally(label);
    const cubes: Array<{ cube: Cube; states: number }> = [];
    let total = 0;
    for (const c of ordered) {
      const n = tally(intersect(c, within)!);
      if (n > 0) cubes.push({ cube: c, states: n });
      total += n;
    }
    out.push({ label, states: total, cubes: combine(cubes, radices) });
  }
  return out;
}

/** Conditions equal but for one field are shown as one, with the values of that field listed. */
function combine(cubes: ReadonlyArray<{ cube: Cube; states: number }>, radices: readonly number[]): CubeCount[] {
  let list: Array<{ condition: Array<number[] | undefined>; states: number }> = cubes.map((c) => ({
    condition: [...c.cube].map((d) => (d === FREE ? undefined : [d])),
    states: c.states,
  }));
  const keyOf = (c: ReadonlyArray<readonly number[] | undefined>, skip: number) => c.map((v, k) => (k === skip ? '*' : v ? v.join('|') : '-')).join(',');
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < radices.length; k++) {
      const groups = new Map<string, typeof list>();
      for (const [idx, c] of list.entries()) {
        const key = c.condition[k] ? keyOf(c.condition, k) : `free:${idx}`;
        const g = groups.get(key);
        if (g) g.push(c);
        else groups.set(key, [c]);
      }
      if (groups.size === list.length) continue;
      changed = true;
      list = [...groups.values()].map((g) => {
        if (g.length === 1) return g[0];
        const values = [...new Set(g.flatMap((c) => c.condition[k]!))].sort((a, b) => a - b);
        const condition = [...g[0].condition];
        condition[k] = values.length === radices[k] ? undefined : values;
        return { condition, states: g.reduce((n, c) => n + c.states, 0) };
      });
    }
  }
  return list;
}

/** The execution-path cubes of a decision table: a partition of the space (one cube when it has no paths). */
export function pathCubes(space: Space, table: DecisionTable): Cube[] {
  if (table.paths.length === 0) return [new Int8Array(space.fields.length).fill(FREE)];
  return table.paths.map((p) => {
    const digits = space.digits(p.representative);
    const c: Cube = new Int8Array(space.fields.length).fill(FREE);
    for (const k of p.fields) c[k] = digits[k];
    return c;
  });
}

/**
 * A condition as state tokens (`field`, `!field`, `field=V`, or
 * `field=V1|V2` for several values), in field order, leaving out the
 * fields fixed in `except` (the partial state a condition refines).
 */
export function conditionTokens(space: Space, condition: Condition, except?: Cube): string[] {
  const out: string[] = [];
  space.fields.forEach((f, k) => {
    const v = condition[k];
    if (!v || (except && except[k] !== FREE)) return;
    if (f.type === 'bool') out.push(v[0] === 1 ? f.name : `!${f.name}`);
    else out.push(`${f.name}=${v.map((d) => f.values[d]).join('|')}`);
  });
  return out;
}
