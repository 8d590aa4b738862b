// Cubes: conjunctions of field literals, written as one digit per field
// (-1 = the field is free). A set of disjoint cubes covers a set of states;
// merging siblings (cubes equal but for one field, together covering every
// value of that field) shrinks the cover without changing the states it
// covers. Used to hand Z3 a compact table and to print readable conditions.

export type Cube = Int8Array;

export const FREE = -1;

/**
 * Cube keys as numbers: the digits read in base radix + 1, FREE as 0, and
 * the skipped field as FREE. Exact while the product of (radix + 1) stays
 * below 2^53, which spaces far beyond any model here do; strings otherwise.
 */
function keys(radices: readonly number[]): (c: Cube, skip: number) => number | string {
  const weights: number[] = [];
  let w = 1;
  for (const r of radices) {
    weights.push(w);
    w *= r + 1;
  }
  if (w > Number.MAX_SAFE_INTEGER) {
    return (c, skip) => {
      let s = '';
      for (let k = 0; k < c.length; k++) s += k === skip ? '*,' : `${c[k]},`;
      return s;
    };
  }
  // A cube's full key, computed once; skipping a field subtracts its digit.
  const full = new Map<Cube, number>();
  return (c, skip) => {
    let n = full.get(c);
    if (n === undefined) {
      n = 0;
      for (let k = 0; k < c.length; k++) n += (c[k] + 1) * weights[k];
      full.set(c, n);
    }
    return skip < 0 ? n : n - (c[skip] + 1) * weights[skip];
  };
}

/** Merge sibling cubes until no merge applies. The result covers exactly the same states. */
export function mergeCubes(input: readonly Cube[], radices: readonly number[]): Cube[] {
  const key = keys(radices);
  const dedupe = (cubes: readonly Cube[]): Cube[] => {
    const seen = new Map<number | string, Cube>();
    for (const c of cubes) seen.set(key(c, -1), c);
    return [...seen.values()];
  };
  let cubes = dedupe(input);
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < radices.length; k++) {
      const groups = new Map<number | string, Cube[]>();
      for (const c of cubes) {
        if (c[k] === FREE) continue;
        const g = key(c, k);
        const list = groups.get(g);
        if (list) list.push(c);
        else groups.set(g, [c]);
      }
      const merged = new Set<Cube>();
      const added: Cube[] = [];
      for (const list of groups.values()) {
        if (list.length < radices[k]) continue;
        const values = new Set(list.map((c) => c[k]));
        if (values.size !== radices[k]) continue;
        const m = Int8Array.from(list[0]);
        m[k] = FREE;
        added.push(m);
        for (const c of list) merged.add(c);
      }
      if (added.length) {
        cubes = dedupe([...cubes.filter((c) => !merged.has(c)), ...added]);
        changed = true;
      }
    }
  }
  return cubes.sort(compareCubes);
}

/** Stable order: fewer fixed fields first, then by digits. */
export function compareCubes(a: Cube, b: Cube): number {
  const fa = a.reduce((n, d) => n + (d === FREE ? 0 : 1), 0);
  const fb = b.reduce((n, d) => n + (d === FREE ? 0 : 1), 0);
  if (fa !== fb) return fa - fb;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] - b[k];
  return 0;
}

/** The number of states a cube covers. */
export function cubeSize(c: Cube, radices: readonly number[]): number {
  let n = 1;
  for (let k = 0; k < c.length; k++) if (c[k] === FREE) n *= radices[k];
  return n;
}

/** A cube as one bit mask of allowed digits per field (a free field: every digit), as decision diagrams take cubes. */
export function cubeMasks(c: Cube, radices: readonly number[]): number[] {
  return Array.from(c, (d, k) => (d === FREE ? (1 << radices[k]) - 1 : 1 << d));
}

/** Does the cube contain the state with these digits? */
export function cubeContains(c: Cube, digits: ArrayLike<number>): boolean {
  for (let k = 0; k < c.length; k++) if (c[k] !== FREE && c[k] !== digits[k]) return false;
  return true;
}
