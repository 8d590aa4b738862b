// Readable conditions for a labelling of the states: for each label (an
// outcome, a deciding rule), a few cubes (conjunctions of field values)
// that together cover exactly the states with that label among the states
// that count. States that do not count (infeasible under the profile, not
// selected, outside the partial state) are don't-cares: a condition may
// include them, which is what makes it short. So a condition is read
// "among the states that count, these have this label", never as a claim
// about the others.
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

import type { Cube } from '../space/cubes.ts';
import { compareCubes, cubeSize, FREE, mergeCubes } from '../space/cubes.ts';
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

/**
 * Conditions per label. `labels[i]` is the label (>= 0) of state i, or -1
 * when it does not count. `within` restricts everything to one cube (its
 * fixed fields stay fixed); `start` is a partition of the space to start
 * from (default: one cube).
 */
export function conditions(space: Space, labels: Int32Array, options: { within?: Cube; start?: readonly Cube[] } = {}): Conditions[] {
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
    let first = -1;
    let mixed = false;
    forEachState(space, c, (i) => {
      const l = labels[i];
      if (l < 0) return false;
      if (first < 0) first = l;
      else if (l !== first) mixed = true;
      return mixed;
    });
    if (first < 0) continue;
    if (!mixed) {
      const list = byLabel.get(first);
      if (list) list.push(c);
      else byLabel.set(first, [c]);
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
        let clean = true;
        forEachState(space, w, (i) => {
          if (labels[i] >= 0 && labels[i] !== label) clean = false;
          return !clean;
        });
        if (!clean) w[k] = d;
      }
      return w;
    });
    const unique = new Map<string, Cube>();
    for (const c of widened) unique.set(c.join(','), c);
    const ordered = [...unique.values()].sort((a, b) => cubeSize(b, radices) - cubeSize(a, radices) || compareCubes(a, b));
    // 4. Keep a cube only if it covers a state no earlier cube covers.
    const seen = new Uint8Array(space.size);
    const cubes: Array<{ cube: Cube; states: number }> = [];
    let total = 0;
    for (const c of ordered) {
      let n = 0;
      forEachState(space, intersect(c, within)!, (i) => {
        if (labels[i] === label && !seen[i]) {
          seen[i] = 1;
          n++;
        }
      });
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
