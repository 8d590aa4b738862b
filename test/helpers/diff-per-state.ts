// The per-state diff: computeDiff as it was before it worked on sets of
// states (src/compare/diff.ts), kept as the independent reference the
// tests hold the symbolic diff to. It visits every feasible state, labels
// it with its group and grows and counts conditions by visiting the
// states they contain.

import type { ModelBundle } from '../../src/compare/bundle.ts';
import type { Checker } from '../../src/enumerate/check.ts';
import type { DiffGroup, DiffResult, GroupStates, Masks } from '../../src/compare/diff.ts';
import { assembleDiff, diffGroup, memoPerChecker, refusedAlikeAreDontCares } from '../../src/compare/diff.ts';
import { mergeCubes } from '../../src/space/cubes.ts';
import type { Value } from '../../src/space/space.ts';
import { radixOf } from '../../src/space/space.ts';
import type { DecisionTable, StateOutcome } from '../../src/enumerate/table.ts';

const INFEASIBLE = -1;
const SAME = -2;
const FAILED = -3;
/** SAME, found (lazily) to be refused by both versions / usable in both. */
const SAME_REFUSED = -4;
const SAME_USABLE = -5;

export function computeDiffPerState(bundle: ModelBundle, a: string, b: string, profile: { name: string; ids: readonly string[] }): DiffResult {
  const { checker, system } = bundle;
  const { space } = system;
  const model = bundle.outcomes;
  const nf = space.fields.length;
  const radices = space.fields.map(radixOf);
  const feasB = checker.feasibility(b, profile.ids);
  const tA = checker.tables.get(a);
  const tB = checker.tables.get(b);

  // A label per state: dense for small spaces, sparse (feasible states
  // only; the others read INFEASIBLE) for a domain of hundreds of millions.
  const label = labels(space.size);
  // Exact pairs of outcomes, and the groups they fall in: a group is a class
  // and the outcome names that class keeps apart (the rest may vary in it).
  const pairs = new Map<number, number>();
  const groupIndex = new Map<string, number>();
  const pairInfo: Array<{ class: string; befores: Array<Record<string, Value>>; afters: Array<Record<string, Value>>; states: number[] }> = [];
  const failures = new Map<string, { states: number; index: number; message: string }>();
  const width = tA.width;
  // The observed names are defined alike (over outputs, fields and each
  // other) in both versions: equal outputs give an equal observation.
  const defA = system.derived(a);
  const defB = system.derived(b);
  const sameDerived = width === tB.width && model.observe.every((n) => JSON.stringify(defA[n]) === JSON.stringify(defB[n]));
  const obsA = observer(checker, a, model.observe);
  const obsB = observer(checker, b, model.observe);
  let feasible = 0;
  const feasibleOnly = { a: 0, b: 0 };
  // Only the states feasible for A are visited (conditional enumeration);
  // each is then tested for B.
  const feasibleStates: number[] = [];
  checker.forEachFeasible(a, profile.ids, (i) => {
    if (!feasB(i)) {
      feasibleOnly.a++;
      return;
    }
    feasible++;
    feasibleStates.push(i);
    const atA = tA.at(i);
    const atB = tB.at(i);
    const failed = [
      [tA, atA],
      [tB, atB],
    ].filter(([, at]) => (at as StateOutcome).failure !== undefined) as Array<[DecisionTable, StateOutcome]>;
    if (failed.length) {
      label.set(i, FAILED);
      for (const [t, at] of failed) {
        const f = failures.get(t.versionId);
        if (f) f.states++;
        else failures.set(t.versionId, { states: 1, index: i, message: at.failure! });
      }
      return;
    }
    // Same primitive outputs and the same derived definitions: the same outcome.
    if (sameDerived) {
      let same = true;
      for (let o = 0; o < width && same; o++) same = atA.outputs[o] === atB.outputs[o];
      if (same) {
        label.set(i, SAME);
        return;
      }
    }
    const ia = obsA.id(i);
    const ib = obsB.id(i);
    const oa = obsA.outcomes[ia];
    const ob = obsB.outcomes[ib];
    if (obsA.keys[ia] === obsB.keys[ib]) {
      label.set(i, SAME);
      return;
    }
    const key = ia * 0x10000 + ib;
    let g = pairs.get(key);
    if (g === undefined) {
      const cls = model.classify(oa, ob);
      const gk = `${cls}\n${JSON.stringify(model.groupBy(cls).map((n) => [oa[n], ob[n]]))}`;
      g = groupIndex.get(gk);
      if (g === undefined) {
        g = pairInfo.length;
        groupIndex.set(gk, g);
        pairInfo.push({ class: cls, befores: [], afters: [], states: [] });
      }
      pairs.set(key, g);
      pairInfo[g].befores.push(oa);
      pairInfo[g].afters.push(ob);
    }
    pairInfo[g].states.push(i);
    label.set(i, g);
  });

  // Conditions are grown and counted over the feasible states only (every
  // other state is a don't-care), found in the sorted list by prefix.
  const scope: Scope = { weights: space.weights, digits: (i, out) => space.digits(i, out), sorted: Float64Array.from(feasibleStates) };

  // What a condition may take in besides its own states: infeasible states,
  // and states both versions refuse alike (no change can concern them).
  const dontCare = (i: number): boolean => {
    let l = label.get(i);
    if (l === SAME) {
      label.set(i, (l = model.refused(obsA.outcomes[obsA.id(i)]) ? SAME_REFUSED : SAME_USABLE));
    }
    return l === INFEASIBLE || l === SAME_REFUSED;
  };
  const groups: DiffGroup[] = pairInfo.map((p, g) => {
    const dontCares = refusedAlikeAreDontCares(model, p) ? dontCare : (i: number) => label.get(i) === INFEASIBLE;
    return diffGroup(bundle, { ...p, states: p.states.length, example: p.states[0] }, groupStates(scope, radices, label, g, p.states, dontCares));
  });
  // and B's feasible states, for those A's assumptions exclude
  const feasA = checker.feasibility(a, profile.ids);
  checker.forEachFeasible(b, profile.ids, (i) => {
    if (!feasA(i)) feasibleOnly.b++;
  });
  return assembleDiff(bundle, a, b, profile, {
    feasible,
    feasibleOnly,
    differing: pairInfo.reduce((n, p) => n + p.states.length, 0),
    groups,
    failures: [...failures.entries()].map(([version, f]) => ({ version, ...f })).sort((x, y) => (x.version < y.version ? -1 : 1)),
  });
}

// --- The outcome of a state, remembered per state ---

interface Observer {
  /** The outcome number of a state (computed on first use). */
  id(index: number): number;
  readonly outcomes: Array<Record<string, Value>>;
  /** A canonical key of each outcome, comparable across versions. */
  readonly keys: string[];
}

const observers = new WeakMap<Checker, Map<string, Observer>>();

function observer(checker: Checker, versionId: string, names: readonly string[]): Observer {
  return memoPerChecker(observers, checker, `${versionId}\n${names.join(',')}`, () => {
    const ids = labels(checker.system.space.size, -1);
    const outcomes: Array<Record<string, Value>> = [];
    const keys: string[] = [];
    const known = new Map<string, number>();
    return {
      outcomes,
      keys,
      id(index) {
        const known0 = ids.get(index);
        if (known0 >= 0) return known0;
        const x = checker.values(versionId, index);
        const rec: Record<string, Value> = {};
        for (const n of names) rec[n] = x[n];
        const key = JSON.stringify(rec);
        let id = known.get(key);
        if (id === undefined) {
          id = outcomes.length;
          known.set(key, id);
          outcomes.push(rec);
          keys.push(key);
        }
        ids.set(index, id);
        return id;
      },
    };
  });
}

// --- Conditions ---------------------------------------------------------------


/** The states a diff reads: the space's weights, and the feasible states in index order. */
interface Scope {
  readonly weights: readonly number[];
  digits(i: number, out?: Int32Array): Int32Array;
  readonly sorted: Float64Array;
}

/** First position in sorted[lo, hi) whose value is >= x. */
function lowerBound(sorted: Float64Array, x: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Visit every feasible state a condition allows, in index order; stop when
 * `f` returns false. Returns false if stopped. (Infeasible states are
 * don't-cares to every caller, so they are not visited.)
 */
function forEachState(scope: Scope, radices: readonly number[], masks: readonly number[], f: (i: number) => boolean): boolean {
  const nf = radices.length;
  const { sorted, weights } = scope;
  const values = masks.map((m, k) => {
    const vs: number[] = [];
    for (let d = 0; d < radices[k]; d++) if (m & (1 << d)) vs.push(d);
    return vs;
  });
  // From field k on, every value allowed: the whole range is in the condition.
  const freeFrom = new Array<boolean>(nf + 1).fill(true);
  for (let k = nf - 1; k >= 0; k--) freeFrom[k] = freeFrom[k + 1] && values[k].length === radices[k];
  const go = (k: number, base: number, lo: number, hi: number): boolean => {
    if (lo >= hi) return true;
    if (freeFrom[k]) {
      for (let j = lo; j < hi; j++) if (!f(sorted[j])) return false;
      return true;
    }
    for (const d of values[k]) {
      const b = base + d * weights[k];
      const l2 = lowerBound(sorted, b, lo, hi);
      const h2 = lowerBound(sorted, b + weights[k], l2, hi);
      if (!go(k + 1, b, l2, h2)) return false;
    }
    return true;
  };
  return go(0, 0, 0, sorted.length);
}

/**
 * The count beside a condition, as everywhere in s2check: the states of
 * the group it covers, each counted once, under the first condition (in
 * print order) that covers it; the counts sum to the group's states.
 */


/**
 * A group's states as the diff's describeGroup asks them, answered from
 * its list of states and the feasible states around them, one by one.
 */
function groupStates(
  space: Scope,
  radices: readonly number[],
  label: Labels,
  g: number,
  states: readonly number[],
  dontCare: (i: number) => boolean,
): GroupStates {
  const allowed = (i: number) => label.get(i) === g || dontCare(i);
  const inGroup = (masks: readonly number[]) => {
    const list: number[] = [];
    forEachState(space, radices, masks, (i) => {
      if (label.get(i) === g) list.push(i);
      return true;
    });
    return list;
  };
  return {
    merged: () => mergeCubes(states.map((i) => Int8Array.from(space.digits(i))), radices),
    allows: (masks) => forEachState(space, radices, masks, allowed),
    meets: (masks) => !forEachState(space, radices, masks, (i) => label.get(i) !== g),
    parts(conds) {
      const mine = conds.map(inGroup);
      const sets = mine.map((m) => new Set(m));
      return {
        size: (i) => mine[i].length,
        covered: (i, kept) => mine[i].every((s) => [...kept].some((j) => j !== i && sets[j].has(s))),
      };
    },
    count: (masks) => inGroup(masks).length,
    attribute(conds) {
      const claimed = new Set<number>();
      return conds.map((c) => {
        let n = 0;
        for (const i of inGroup(c.masks)) {
          if (!claimed.has(i)) {
            claimed.add(i);
            n++;
          }
        }
        return { ...c, states: n };
      });
    },
  };
}

/** A number per state: an array for spaces up to 2^24 states, else a map (absent = `absent`). */
interface Labels {
  get(i: number): number;
  set(i: number, v: number): void;
}

function labels(size: number, absent = INFEASIBLE): Labels {
  if (size <= 1 << 24) {
    const a = new Int32Array(size).fill(absent);
    return { get: (i) => a[i], set: (i, v) => void (a[i] = v) };
  }
  const m = new Map<number, number>();
  return { get: (i) => m.get(i) ?? absent, set: (i, v) => void m.set(i, v) };
}
