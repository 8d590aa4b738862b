// Pieces shared by explain, query, table --where and coverage: reading
// conditions and states from the command line, labelling states by their
// outcome, and printing conditions.

import type { ModelBundle } from '../compare/bundle.ts';
import type { Bool } from '../space/expr.ts';
import { varsOf } from '../space/expr.ts';
import type { Cube } from '../space/cubes.ts';
import { cubeMasks, FREE } from '../space/cubes.ts';
import type { Conditions, Labelling } from '../compare/group.ts';
import { conditionTokens, setLabelling } from '../compare/group.ts';
import type { Node } from '../count/mdd.ts';
import { EMPTY } from '../count/mdd.ts';
import { radixOf } from '../space/space.ts';
import { parseExpr } from '../parse/expr.ts';
import type { ParsedState } from '../parse/state.ts';
import { parseState } from '../parse/state.ts';
import { padLeft, WIDTH, wrap } from '../report/format.ts';
import { UsageError } from '../parse/errors.ts';
import { describeState } from '../space/tokens.ts';

/** A condition of the query language, over the bundle's vocabulary. */
export function parseCondition(bundle: ModelBundle, text: string): Bool {
  const { space, presets } = bundle.system;
  return parseExpr(text, {
    names: bundle.vocabulary,
    predicates: bundle.predicates,
    frames: bundle.system.frames.map((f) => f.id),
    presets: presets.map((p) => ({ name: p.name, values: space.record(p.index) as Record<string, boolean | string> })),
  });
}

/** State tokens over the bundle's space and presets. */
export function parseStateWords(bundle: ModelBundle, words: readonly string[]): ParsedState {
  return parseState(words, bundle.system.space, bundle.system.presets);
}

/** A state as "preset token ...", against its closest preset. */
export function stateTokens(bundle: ModelBundle, index: number): string {
  const c = bundle.checker.counterexample(index);
  return describeState(bundle.system.space, index, c.preset, c.differs);
}

export interface OutcomeLabels {
  /** The states that count, labelled by the outcome's number. */
  readonly labelling: Labelling;
  /** Outcome lines by number, in order of first appearance (lowest state index). */
  readonly names: readonly string[];
  /** States that count. */
  readonly counted: number;
}

/**
 * Label the states that count (`counting`, a set of the checker's
 * counter) by their outcome line, as sets: the version's states are
 * partitioned by outputs and deciding rules (a leaf row of its decision
 * tree), each part split by the fields the derived facts read
 * (ModelBundle.outcomeLine depends on nothing else), and the line
 * computed once per part, on its lowest state; states where the version
 * fails are labelled FAILURE. No state is visited one by one.
 */
export function outcomeLabels(bundle: ModelBundle, versionId: string, counting: Node): OutcomeLabels {
  const { space, outputs } = bundle.system;
  const width = outputs.length;
  const derivedFields = derivedFieldsOf(bundle, versionId);
  const nd = bundle.system.encoding(versionId).decisions.length;
  const { mdd, root, leafOf } = bundle.checker.partition(versionId, (t, l) =>
    t.leafFailed[l] ? `failure:${t.leafFailure[l]}` : `${Array.from(t.leafOutputs.subarray(l * width, (l + 1) * width))};${Array.from(t.leafRules.subarray(l * nd, (l + 1) * nd))}`,
  );
  const tree = bundle.checker.tables.get(versionId).tree!;
  // The parts: a row's states, split by the derived facts' fields (not a failure's).
  const parts: Array<{ set: Node; index: number; leaf: number }> = [];
  const split = (set: Node, leaf: number, j: number): void => {
    if (set === EMPTY) return;
    if (j === derivedFields.length || tree.leafFailed[leaf]) {
      parts.push({ set, index: space.indexOfDigits(mdd.lowest(set)!), leaf });
      return;
    }
    const k = derivedFields[j];
    for (let d = 0; d < radixOf(space.fields[k]); d++) split(mdd.and(set, mdd.literal(k, d)), leaf, j + 1);
  };
  for (const t of mdd.terminals(root)) split(mdd.and(counting, mdd.relabel(root, (x) => x === t)), leafOf.get(t)!, 0);
  parts.sort((a, b) => a.index - b.index);
  const names: string[] = [];
  const ids = new Map<string, number>();
  const sets = new Map<number, Node>();
  for (const p of parts) {
    const line = tree.leafFailed[p.leaf] ? `FAILURE: ${tree.leafFailure[p.leaf]}` : bundle.outcomeLine(versionId, p.index);
    let id = ids.get(line);
    if (id === undefined) {
      ids.set(line, (id = names.length));
      names.push(line);
    }
    sets.set(id, mdd.or(sets.get(id) ?? EMPTY, p.set));
  }
  return { labelling: setLabelling(space, mdd, sets), names, counted: mdd.count(counting) };
}

/** The state fields the version's derived facts read (an outcome line reads them too), in field order. */
export function derivedFieldsOf(bundle: ModelBundle, versionId: string): number[] {
  const { space } = bundle.system;
  return [
    ...new Set(
      Object.values(bundle.system.derived(versionId))
        .flatMap((d) => varsOf(d))
        .filter((v) => v.ref.frame === '' && space.has(v.ref.name))
        .map((v) => space.indexOfField(v.ref.name)),
    ),
  ].sort((a, b) => a - b);
}

/**
 * Where a version takes a decision ("kvm_handle_guest_abort() in
 * arch/arm64/kvm/mmu.c"), and, rule by rule in order, the kernel function
 * that holds the rule's check when it is not the one before (mainline's
 * dispatch to its helpers; never, for the series): what explain and
 * coverage print above the rule.
 */
export function kernelSites(bundle: ModelBundle, versionId: string, decision: string): { entry: string; changesTo(rule: string): string | undefined } {
  const entry = bundle.kernelSite(versionId, decision);
  let where = entry.replace(/ in \S+$/, '');
  return {
    entry,
    changesTo(rule) {
      const site = bundle.kernelSite(versionId, decision, rule);
      if (site === where) return undefined;
      return (where = site);
    },
  };
}

/** The states of a cube, each field's value sets applied (f=A|B), as a set of the checker's counter. */
export function cubeStates(bundle: ModelBundle, cube: Cube, sets?: ReadonlyArray<readonly number[] | undefined>): Node {
  const radices = bundle.system.space.fields.map(radixOf);
  const masks = cubeMasks(cube, radices).map((m, k) => (cube[k] === FREE && sets?.[k] ? sets[k]!.reduce((n, d) => n | (1 << d), 0) : m));
  return bundle.checker.stateSets.mdd.cube(masks);
}

/** Groups in print order: most states first, then by name. */
export function orderGroups(groups: readonly Conditions[], names: readonly string[]): Conditions[] {
  return [...groups].sort((a, b) => b.states - a.states || (names[a.label] < names[b.label] ? -1 : names[a.label] > names[b.label] ? 1 : 0));
}

/**
 * A group's conditions as text lines: the count right-aligned, then the
 * tokens (fields fixed in `except` left out), at most `max` lines and a
 * "+N more" line.
 */
export function conditionLines(bundle: ModelBundle, group: Conditions, options: { indent: string; except?: Cube; max?: number }): string[] {
  const { space } = bundle.system;
  const out: string[] = [];
  const shown = options.max !== undefined && group.cubes.length > options.max ? group.cubes.slice(0, options.max - 1) : group.cubes;
  for (const c of shown) {
    const tokens = conditionTokens(space, c.condition, options.except);
    const text = tokens.length ? tokens.join(' ') : 'true';
    out.push(...wrap(text, `${options.indent}        `, `${options.indent}${padLeft(String(c.states), 6)}  `));
  }
  const rest = group.cubes.length - shown.length;
  if (rest > 0) {
    const states = group.cubes.slice(shown.length).reduce((n, c) => n + c.states, 0);
    out.push(`${options.indent}${padLeft(String(states), 6)}  +${rest} more condition${rest === 1 ? '' : 's'}`);
  }
  return out;
}

/** What the count beside a condition means, in every command that prints one. */
export const COUNT_LEGEND = '(count: states of the outcome, each once, under its first condition)';

/** The first candidate that fits in one line of WIDTH columns (the last one, cut, if none does). */
export function summary(...candidates: string[]): string {
  const fit = candidates.find((c) => c.length <= WIDTH);
  if (fit) return fit;
  const last = candidates[candidates.length - 1];
  return `${last.slice(0, WIDTH - 3)}...`;
}

/** A condition as the user wrote it, white space collapsed, cut at `max` characters. */
export function conditionText(text: string, max = 400): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(/[^\x20-\x7e]/g, '?');
  return t.length > max ? `${t.slice(0, max)}...` : t;
}
