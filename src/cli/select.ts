// Pieces shared by explain, query, table --where and coverage: reading
// conditions and states from the command line, labelling states by their
// outcome, and printing conditions.

import type { ModelBundle } from '../compare/bundle.ts';
import type { Bool } from '../space/expr.ts';
import { varsOf } from '../space/expr.ts';
import type { Cube } from '../space/cubes.ts';
import { FREE } from '../space/cubes.ts';
import type { Conditions } from '../compare/group.ts';
import { conditionTokens, forEachState } from '../compare/group.ts';
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

/** A cube with every field free. */
export function anyState(bundle: ModelBundle): Cube {
  return new Int8Array(bundle.system.space.fields.length).fill(FREE);
}

export interface OutcomeLabels {
  /** Per state: the outcome's number, or -1 when the state does not count. */
  readonly labels: Int32Array;
  /** Outcome lines by number, in order of first appearance. */
  readonly names: readonly string[];
  /** States that count. */
  readonly counted: number;
}

/**
 * Label the states of `within` that count by their outcome line. The line
 * is computed once per combination of outputs, deciding rules and the
 * fields the derived facts read (ModelBundle.outcomeLine depends on
 * nothing else); states where the version fails are labelled FAILURE.
 */
export function outcomeLabels(bundle: ModelBundle, versionId: string, counts: (index: number) => boolean, within: Cube): OutcomeLabels {
  const { space } = bundle.system;
  const table = bundle.checker.tables.get(versionId);
  const derivedFields = [
    ...new Set(
      Object.values(bundle.system.derived(versionId))
        .flatMap((d) => varsOf(d))
        .filter((v) => v.ref.frame === '' && space.has(v.ref.name))
        .map((v) => space.indexOfField(v.ref.name)),
    ),
  ].sort((a, b) => a - b);
  needsGroupableSpace(bundle, versionId, 'grouping the states');
  const labels = new Int32Array(space.size).fill(-1);
  const byKey = new Map<string, number>();
  const names: string[] = [];
  const nameIds = new Map<string, number>();
  const matrix = space.digitMatrix();
  const nf = space.fields.length;
  const { outputs, rules, failures, failed, width, decisions } = table;
  let counted = 0;
  forEachState(space, within, (i) => {
    if (!counts(i)) return;
    counted++;
    let key: string;
    if (failed[i]) key = `failure:${failures.get(i)}`;
    else {
      key = '';
      for (let o = 0; o < width; o++) key += `${outputs[i * width + o]},`;
      for (let d = 0; d < decisions; d++) key += `${rules[i * decisions + d]},`;
      for (const k of derivedFields) key += `${matrix[i * nf + k]},`;
    }
    let id = byKey.get(key);
    if (id === undefined) {
      const line = failed[i] ? `FAILURE: ${failures.get(i)}` : bundle.outcomeLine(versionId, i);
      id = nameIds.get(line);
      if (id === undefined) {
        id = names.length;
        names.push(line);
        nameIds.set(line, id);
      }
      byKey.set(key, id);
    }
    labels[i] = id;
  });
  return { labels, names, counted };
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

/** Grouping states into conditions keeps a label per state of the space: up to this many. */
export const GROUPING_LIMIT = 1 << 26;

/** A one-line usage error when a version's space is too large to group state by state. */
export function needsGroupableSpace(bundle: ModelBundle, versionId: string, what: string): void {
  const n = bundle.system.space.size;
  if (n > GROUPING_LIMIT) {
    throw new UsageError(`${what} of ${versionId} groups its ${n} states one by one (at most ${GROUPING_LIMIT}); give every field of the state, or use query/table/check (docs/mainline.md)`);
  }
}
