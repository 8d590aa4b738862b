// s2check diff A B: every feasible state whose observable outcome differs
// between two versions, grouped by class of change and outcome before and
// after, each group described as a short list of conditions over the
// fields; and the properties whose verdict (or number of violating states)
// changed.
//
// A condition is a generalised cube: for each field, the set of values it
// allows (all of them: the field is not mentioned). The conditions of a
// group are built from its states: exact merging of sibling cubes
// (src/space/cubes.ts mergeCubes), joining conditions that differ in one field
// only (their union is exact), widening each condition over states that do
// not count, naming the flags all its states have, and dropping redundant
// conditions. States that do not count: infeasible ones (a condition is
// read within the feasible space) and, for a group with a usable outcome
// on one side, states both versions refuse alike (no change can concern
// them). So every counting state a condition meets is a state of its
// group, and together the conditions meet all of them; two conditions of
// one group may share states.
//
// No state is visited: the feasible, failed and refused-alike states, each
// version's observed outcome and each group are sets of states in the
// counter's decision diagram (src/count/), and merging, widening, counting
// and attributing are operations on sets and cubes. The per-state diff it
// replaced is the tests' reference (test/helpers/diff-per-state.ts).
//
// Generic: the model says which variables make the outcome, how to print
// one, how to classify a change and what a refusal is (ModelBundle.outcomes).

import type { ModelBundle, OutcomeModel } from './bundle.ts';
import type { Checker, CheckResult, CheckVerdict, PropertyResult } from '../enumerate/check.ts';
import type { Mdd, Node } from '../count/mdd.ts';
import { ALL, EMPTY, mergeStates } from '../count/mdd.ts';
import type { Cube } from '../space/cubes.ts';
import { cubeMasks } from '../space/cubes.ts';
import type { Value } from '../space/space.ts';
import { radixOf } from '../space/space.ts';
import { token } from '../space/tokens.ts';
import { bundleAt, VARIES } from './bundle.ts';

export interface DiffCondition {
  /** Allowed values of each field, as a bit mask over the field's digits. */
  readonly masks: readonly number[];
  /** The condition as state tokens: `field`, `!field`, `field=A|B`, `field!=C`. */
  readonly text: string;
  /** States of the pair that meet the condition. */
  readonly states: number;
}

export interface DiffGroup {
  readonly class: string;
  readonly before: string;
  readonly after: string;
  /** The observed values before and after (VARIES where they differ within the group). */
  readonly beforeValues: Readonly<Record<string, Value>>;
  readonly afterValues: Readonly<Record<string, Value>>;
  readonly states: number;
  /** An example: the lowest state index of the pair. */
  readonly example: number;
  readonly conditions: readonly DiffCondition[];
}

export interface PropertyChange {
  readonly id: string;
  readonly before: CheckVerdict;
  readonly after: CheckVerdict;
  readonly violatingBefore: number;
  readonly violatingAfter: number;
  /** true: the verdict changed; false: only the number of violating states. */
  readonly verdictChanged: boolean;
}

export interface DiffResult {
  readonly a: string;
  readonly b: string;
  readonly profile: string;
  /** States feasible for both versions under the profile. */
  readonly feasible: number;
  /**
   * States feasible for one version only (the profile's assumptions read
   * outcomes: end-to-end assumes the memslot accepted); not compared.
   */
  readonly feasibleOnly: { readonly a: number; readonly b: number };
  readonly differing: number;
  readonly groups: readonly DiffGroup[];
  /** Per class (in the model's order): conditions and states. */
  readonly classes: ReadonlyArray<{ readonly id: string; readonly conditions: number; readonly states: number }>;
  readonly properties: readonly PropertyChange[];
  /**
   * Fields one of the versions reads that the comparison's space lacks:
   * compared where they are neutral (the other version does not read them).
   */
  readonly pinned?: readonly string[];
  /** Feasible states on which a version's rules fail (no outcome to compare). */
  readonly failures: ReadonlyArray<{ readonly version: string; readonly states: number; readonly index: number; readonly message: string }>;
}

export function computeDiff(bundle: ModelBundle, a: string, b: string, profile: { name: string; ids: readonly string[] }): DiffResult {
  const { checker, system } = bundle;
  const { space } = system;
  const model = bundle.outcomes;
  const sets = checker.stateSets;
  const { mdd } = sets;
  const indexOf = (digits: readonly number[]) => space.indexOfDigits(digits);

  const [fa, fb] = [sets.feasible(a, profile.ids), sets.feasible(b, profile.ids)];
  const feasible = mdd.and(fa, fb);
  const feasibleOnly = { a: mdd.count(mdd.and(fa, mdd.not(fb))), b: mdd.count(mdd.and(fb, mdd.not(fa))) };
  // Feasible states on which a version fails have no outcome to compare
  // (a version diffed with itself counts them once).
  const failures: DiffResult['failures'] = [...new Set([a, b])]
    .map((version) => {
      const failed = mdd.and(feasible, sets.failedStates(version));
      const lowest = mdd.lowest(failed);
      if (!lowest) return undefined;
      const index = indexOf(lowest);
      return { version, states: mdd.count(failed), index, message: checker.tables.get(version).at(index).failure! };
    })
    .filter((f) => f !== undefined)
    .sort((x, y) => (x.version < y.version ? -1 : 1));
  const compared = mdd.and(feasible, mdd.not(mdd.or(sets.failedStates(a), sets.failedStates(b))));

  // Each compared state's pair of observations, as one diagram: a terminal
  // for states both versions observe alike (refused, or usable), and one
  // per group (a class and the outcome names that class keeps apart; the
  // rest may vary in it), with the exact pairs of outcomes it holds.
  const obsA = observation(checker, a, model.observe);
  const obsB = observation(checker, b, model.observe);
  const sameRefused = mdd.terminal();
  const sameUsable = mdd.terminal();
  const groupOf = new Map<string, Node>();
  const found = new Map<Node, { class: string; befores: Array<Record<string, Value>>; afters: Array<Record<string, Value>> }>();
  const pairs = mdd.combine(
    mdd.combine(obsA.root, compared, (t, inside) => (inside === ALL ? t : EMPTY)),
    obsB.root,
    (ta, tb) => {
      if (ta === EMPTY) return EMPTY;
      const oa = obsA.outcomes.get(ta)!;
      const ob = obsB.outcomes.get(tb)!;
      if (obsA.keys.get(ta) === obsB.keys.get(tb)) return model.refused(oa) ? sameRefused : sameUsable;
      const cls = model.classify(oa, ob);
      const gk = `${cls}\n${JSON.stringify(model.groupBy(cls).map((n) => [oa[n], ob[n]]))}`;
      let g = groupOf.get(gk);
      if (g === undefined) {
        groupOf.set(gk, (g = mdd.terminal()));
        found.set(g, { class: cls, befores: [], afters: [] });
      }
      found.get(g)!.befores.push(oa);
      found.get(g)!.afters.push(ob);
      return g;
    },
  );
  // What a condition may take in besides its own states: infeasible
  // states, and states both versions refuse alike (no change can concern
  // them). Groups are numbered by their lowest state, as a visit in index
  // order would meet them.
  const refusedAlike = mdd.relabel(pairs, (t) => t === sameRefused);
  const groupInfo = [...found]
    .map(([terminal, p]) => {
      const set = mdd.relabel(pairs, (t) => t === terminal);
      return { ...p, set, states: mdd.count(set), example: indexOf(mdd.lowest(set)!) };
    })
    .sort((x, y) => x.example - y.example);

  const groups: DiffGroup[] = groupInfo.map((p) => {
    const forbidden = mdd.and(feasible, mdd.not(mdd.or(p.set, refusedAlikeAreDontCares(model, p) ? refusedAlike : EMPTY)));
    return diffGroup(bundle, p, groupSets(mdd, p.set, forbidden));
  });
  return assembleDiff(bundle, a, b, profile, { feasible: mdd.count(feasible), feasibleOnly, differing: groupInfo.reduce((n, p) => n + p.states, 0), groups, failures });
}

/**
 * What every diff computes the same way once its groups are known,
 * however it found them (here on sets; the tests' per-state reference by
 * visiting states): groups in the model's class order, the per-class
 * summary, the properties whose verdict or count changed, and the pinned
 * fields.
 */
export function assembleDiff(
  bundle: ModelBundle,
  a: string,
  b: string,
  profile: { name: string; ids: readonly string[] },
  found: { feasible: number; feasibleOnly: DiffResult['feasibleOnly']; differing: number; groups: DiffGroup[]; failures: DiffResult['failures'] },
): DiffResult {
  const { checker, system } = bundle;
  const { space } = system;
  const model = bundle.outcomes;
  const { groups } = found;
  const classOrder = model.classes.map((c) => c.id);
  const rank = (c: string) => (classOrder.includes(c) ? classOrder.indexOf(c) : classOrder.length);
  groups.sort((x, y) => rank(x.class) - rank(y.class) || y.states - x.states || (x.before < y.before ? -1 : x.before > y.before ? 1 : 0) || (x.after < y.after ? -1 : x.after > y.after ? 1 : 0));
  const classes = [...new Set([...classOrder, ...groups.map((g) => g.class)])]
    .map((id) => {
      const gs = groups.filter((g) => g.class === id);
      return { id, conditions: gs.reduce((n, g) => n + g.conditions.length, 0), states: gs.reduce((n, g) => n + g.states, 0) };
    })
    .filter((c) => c.conditions > 0);

  // Properties: each version's check (counted, src/count/).
  const ra = checkCached(checker, a, profile.ids);
  const rb = checkCached(checker, b, profile.ids);
  const byId = (rs: readonly PropertyResult[]) => new Map(rs.map((r) => [r.id, r]));
  const pa = byId(ra.properties);
  const pb = byId(rb.properties);
  const properties: PropertyChange[] = [];
  for (const p of system.properties) {
    const x = pa.get(p.id);
    const y = pb.get(p.id);
    if (!x || !y) continue;
    if (x.verdict !== y.verdict || x.violatingStates !== y.violatingStates) {
      properties.push({
        id: p.id,
        before: x.verdict,
        after: y.verdict,
        violatingBefore: x.violatingStates,
        violatingAfter: y.violatingStates,
        verdictChanged: x.verdict !== y.verdict,
      });
    }
  }

  const wider = [a, b].flatMap((id) => bundleAt(bundle, id).system.space.fields.map((f) => f.name));
  const pinned = [...new Set(wider)].filter((n) => !space.has(n));
  return {
    a,
    b,
    profile: profile.name,
    ...(pinned.length ? { pinned } : {}),
    feasible: found.feasible,
    feasibleOnly: found.feasibleOnly,
    differing: found.differing,
    groups,
    classes,
    properties,
    failures: found.failures,
  };
}

/** Outcomes of one group as one: a name whose value varies reads VARIES. */
export function blend(names: readonly string[], outcomes: ReadonlyArray<Record<string, Value>>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const n of names) {
    const values = new Set(outcomes.map((o) => o[n]));
    out[n] = values.size === 1 ? outcomes[0][n] : VARIES;
  }
  return out;
}

// --- Caches (one process often diffs a version more than once: docs/history.md) ---

/** A version's observation of every state: a diagram with one terminal per distinct observed outcome. */
interface Observation {
  readonly root: Node;
  readonly outcomes: ReadonlyMap<Node, Record<string, Value>>;
  /** A canonical key of each outcome, comparable across versions. */
  readonly keys: ReadonlyMap<Node, string>;
}

/**
 * What a checker computes once per key, made on first use and kept while
 * the checker lives (its tables do not change).
 */
export function memoPerChecker<T>(cache: WeakMap<Checker, Map<string, T>>, checker: Checker, key: string, make: () => T): T {
  let byKey = cache.get(checker);
  if (!byKey) cache.set(checker, (byKey = new Map()));
  let value = byKey.get(key);
  if (value === undefined) byKey.set(key, (value = make()));
  return value;
}

const observations = new WeakMap<Checker, Map<string, Observation>>();

function observation(checker: Checker, versionId: string, names: readonly string[]): Observation {
  return memoPerChecker(observations, checker, `${versionId}\n${names.join(',')}`, () => observe(checker, versionId, names));
}

function observe(checker: Checker, versionId: string, names: readonly string[]): Observation {
  const sets = checker.stateSets;
  const { mdd } = sets;
  // Built one name at a time: a terminal per distinct outcome over the names so far.
  let outcomes = new Map<Node, Record<string, Value>>([[mdd.terminal(), {}]]);
  let root: Node = [...outcomes.keys()][0];
  for (const name of names) {
    const { sets: valueSets, values } = sets.valueSets(versionId, name);
    // The name's value as a diagram (its value sets partition the space).
    const valueOf = new Map<Node, Value>(values.map((v) => [mdd.terminal(), v]));
    const valueTerminals = [...valueOf.keys()];
    let value = valueTerminals[0];
    for (let v = 1; v < valueSets.length; v++) value = mdd.combine(value, valueSets[v], (t, inside) => (inside === ALL ? valueTerminals[v] : t));
    const next = new Map<Node, Record<string, Value>>();
    const byKey = new Map<string, Node>();
    root = mdd.combine(root, value, (t, u) => {
      const rec = { ...outcomes.get(t)!, [name]: valueOf.get(u)! };
      const key = JSON.stringify(rec);
      let n = byKey.get(key);
      if (n === undefined) {
        byKey.set(key, (n = mdd.terminal()));
        next.set(n, rec);
      }
      return n;
    });
    outcomes = next;
  }
  return { root, outcomes, keys: new Map([...outcomes].map(([t, rec]) => [t, JSON.stringify(rec)])) };
}

const checks = new WeakMap<Checker, Map<string, CheckResult>>();

/** checker.check(version, assumptions), computed once per process. */
export function checkCached(checker: Checker, versionId: string, assumptionIds: readonly string[]): CheckResult {
  return memoPerChecker(checks, checker, `${versionId}\n${assumptionIds.join(',')}`, () => checker.check(versionId, assumptionIds));
}

// --- Conditions ---------------------------------------------------------------

export type Masks = number[];

export const full = (radix: number) => (1 << radix) - 1;

export function fixedCount(radices: readonly number[], m: readonly number[]): number {
  return m.reduce((n, x, k) => n + (x === full(radices[k]) ? 0 : 1), 0);
}

export function compareMasks(x: readonly number[], y: readonly number[]): number {
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] - y[k];
  return 0;
}

/** Join conditions equal in every field but one (their union is exact), until none is left. */
export function join(conds: readonly Masks[], nf: number): Masks[] {
  let list = conds.map((c) => [...c]);
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < nf; k++) {
      const byKey = new Map<string, Masks>();
      for (const c of list) {
        const key = c.map((m, j) => (j === k ? '*' : m)).join(',');
        const prev = byKey.get(key);
        if (prev) {
          prev[k] |= c[k];
          changed = true;
        } else byKey.set(key, [...c]);
      }
      list = [...byKey.values()];
    }
  }
  return list;
}

/**
 * What describeGroup asks of a group's states: here sets in a diagram
 * (groupSets); the tests' per-state reference answers the same questions
 * from a list of states.
 */
export interface GroupStates {
  /** The group's states as cubes, sibling cubes merged. */
  merged(): Cube[];
  /** Whether a condition meets no forbidden state (feasible, neither the group's nor a don't-care). */
  allows(masks: Masks): boolean;
  /** Whether the group has a state in a condition. */
  meets(masks: Masks): boolean;
  /** The group's states under each condition: how many, and whether the kept others cover them all. */
  parts(conds: readonly Masks[]): { size(i: number): number; covered(i: number, kept: ReadonlySet<number>): boolean };
  /** How many of the group's states a condition holds. */
  count(masks: Masks): number;
  /** The counts beside conditions in print order: each state under the first condition that holds it. */
  attribute<T extends { masks: Masks; states: number }>(conds: readonly T[]): T[];
}

/**
 * Whether a group may take in the states both versions refuse alike as
 * don't-cares: only next to a usable outcome, since a change between two
 * refusals must be told apart from refusals that stay.
 */
export function refusedAlikeAreDontCares(model: OutcomeModel, pair: { befores: ReadonlyArray<Record<string, Value>>; afters: ReadonlyArray<Record<string, Value>> }): boolean {
  return pair.befores.every((o, k) => !model.refused(o) || !model.refused(pair.afters[k]));
}

/**
 * A group as the diff prints it, from its pair of outcomes and its states
 * (GroupStates): the conditions that describe it, counted and in print
 * order. The per-state reference makes its groups here too.
 */
export function diffGroup(
  bundle: ModelBundle,
  pair: { class: string; befores: ReadonlyArray<Record<string, Value>>; afters: ReadonlyArray<Record<string, Value>>; states: number; example: number },
  group: GroupStates,
): DiffGroup {
  const model = bundle.outcomes;
  const { space } = bundle.system;
  const radices = space.fields.map(radixOf);
  return {
    class: pair.class,
    before: model.describe(blend(model.observe, pair.befores)),
    after: model.describe(blend(model.observe, pair.afters)),
    beforeValues: blend(model.observe, pair.befores),
    afterValues: blend(model.observe, pair.afters),
    states: pair.states,
    example: pair.example,
    conditions: group.attribute(
      describeGroup(radices, group)
        .map((masks) => ({ masks, text: conditionText(space, radices, masks), states: group.count(masks) }))
        .sort((x, y) => y.states - x.states || fixedCount(radices, x.masks) - fixedCount(radices, y.masks) || compareMasks(x.masks, y.masks)),
    ),
  };
}

/** A group's states as sets: `group`, and `forbidden` (the feasible states neither the group's nor don't-cares). */
function groupSets(mdd: Mdd, group: Node, forbidden: Node): GroupStates {
  return {
    merged: () => mergeStates(mdd, group),
    allows: (masks) => !mdd.meetsCube(forbidden, masks),
    meets: (masks) => mdd.meetsCube(group, masks),
    parts(conds) {
      const mine = conds.map((c) => mdd.and(mdd.cube(c), group));
      return {
        size: (i) => mdd.count(mine[i]),
        covered: (i, kept) => mdd.and(mine[i], mdd.not(mdd.orAll([...kept].filter((j) => j !== i).map((j) => mine[j])))) === EMPTY,
      };
    },
    count: (masks) => mdd.count(mdd.and(mdd.cube(masks), group)),
    attribute(conds) {
      let claimed: Node = EMPTY;
      return conds.map((c) => {
        const mine = mdd.and(mdd.cube(c.masks), group);
        const n = mdd.count(mdd.and(mine, mdd.not(claimed)));
        claimed = mdd.or(claimed, mine);
        return { ...c, states: n };
      });
    },
  };
}

/**
 * The conditions of a group: conditions that meet no forbidden state and
 * together cover the group.
 */
export function describeGroup(radices: readonly number[], group: GroupStates): Masks[] {
  const nf = radices.length;
  // 1. Exact: the states as cubes, sibling cubes merged.
  let conds: Masks[] = group.merged().map((c) => cubeMasks(c, radices));
  // 2. Join along one field.
  conds = join(conds, nf);
  // 3. Widen over don't-cares, largest conditions first.
  const size = (m: readonly number[]) => m.reduce((n, x) => n * popcount(x), 1);
  conds.sort((x, y) => size(y) - size(x) || compareMasks(x, y));
  for (const c of conds) {
    for (let k = 0; k < nf; k++) {
      const all = full(radices[k]);
      if (c[k] === all) continue;
      // Whole field first, then (enums) one value at a time.
      const tries = radices[k] > 2 ? [all, ...Array.from({ length: radices[k] }, (_, d) => c[k] | (1 << d)).filter((m) => m !== c[k] && m !== all)] : [all];
      for (const m of tries) {
        if ((c[k] | m) === c[k]) continue;
        const added = [...c];
        added[k] = m & ~c[k];
        if (group.allows(added)) c[k] |= m;
        if (c[k] === all) break;
      }
    }
  }
  conds = join(conds, nf);
  // A flag every state of the condition has is said even when the
  // profile implies it (vma.mixedmap rather than only what implies it).
  for (const c of conds) {
    for (let k = 0; k < nf; k++) {
      if (radices[k] !== 2 || c[k] !== 3) continue;
      const unset = [...c];
      unset[k] = 1;
      if (group.meets(c) && !group.meets(unset)) c[k] = 2;
    }
  }
  // 4. Drop conditions contained in another, then those whose states the others cover.
  conds = conds.filter((c, i) => !conds.some((d, j) => j !== i && c.every((m, k) => (m & d[k]) === m) && (c.some((m, k) => m !== d[k]) || j < i)));
  const parts = group.parts(conds);
  const counts = conds.map((_, i) => parts.size(i));
  const order = conds.map((_, i) => i).sort((x, y) => counts[x] - counts[y] || compareMasks(conds[x], conds[y]));
  const keep = new Set(conds.map((_, i) => i));
  for (const i of order) if (parts.covered(i, keep)) keep.delete(i);
  return conds.filter((_, i) => keep.has(i));
}

export function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** A condition as tokens; `(any feasible state)` when no field is constrained. */
export function conditionText(
  space: { fields: ReadonlyArray<{ name: string; type: 'bool' | 'enum'; values?: readonly string[] }> },
  radices: readonly number[],
  masks: readonly number[],
): string {
  const tokens: string[] = [];
  space.fields.forEach((f, k) => {
    const m = masks[k];
    if (m === full(radices[k])) return;
    if (f.type === 'bool') tokens.push(token(f.name, m === 2));
    else {
      const values = f.values!;
      const inside = values.filter((_, d) => m & (1 << d));
      const outside = values.filter((_, d) => !(m & (1 << d)));
      tokens.push(outside.length < inside.length ? `${f.name}!=${outside.join('|')}` : `${f.name}=${inside.join('|')}`);
    }
  });
  return tokens.length ? tokens.join(' ') : 'true';
}
