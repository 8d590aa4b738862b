// What the command line needs from a model besides the System: the
// catalogues to list, the expectations to compare with, and how to print a
// decision. The CLI and the reports read only this.

import type { Bool, Sort } from '../space/expr.ts';
import type { Value } from '../space/space.ts';
import type { System } from '../space/system.ts';
import type { DecisionTable } from '../enumerate/table.ts';
import type { Checker, CheckVerdict } from '../enumerate/check.ts';

export interface VersionInfo {
  readonly id: string;
  /** The alias printed next to the id (v10: merged). */
  readonly alias?: string;
  /** Every other name of the version (v10: merged, 6.17). */
  readonly aliases?: readonly string[];
  /** The release before this one, when the version has one (mainline). */
  readonly previous?: string;
  /** The new fields (after the series' seventeen) the version reads. */
  readonly domain?: readonly string[];
  readonly title: string;
  readonly date: string;
  readonly source: string;
  readonly layer: string;
  readonly summary: string;
  readonly expected: Readonly<Record<string, { readonly verdict: CheckVerdict; readonly reason?: string }>>;
  /** Expected verdicts under other profiles, where the version declares them. */
  readonly expectedByProfile?: Readonly<Record<string, Readonly<Record<string, { readonly verdict: CheckVerdict; readonly reason?: string }>>>>;
  /** The version this one changes (VersionMeta.base): check compares violation counts with it. */
  readonly base?: string;
  /** The rule file the version was loaded from (as the user named it); absent for shipped versions. */
  readonly file?: string;
  /** Expects the verdicts of this other version, counted on its own space (VersionMeta.expectsVerdictsOf). */
  readonly expectsVerdictsOf?: string;
}

/** The value of an outcome variable that differs across the states of a diff group. */
export const VARIES = '*';

/**
 * What `diff` compares and how it names a change (src/compare/diff.ts). The engine
 * groups states by their pair of outcomes; the model says what an outcome
 * is and which class a change belongs to.
 */
export interface OutcomeModel {
  /** The variables (outputs or derived facts) that make a state's observable outcome. */
  readonly observe: readonly string[];
  /**
   * One outcome in a few words: "map NORMAL exec; memslot ok". A value may
   * be VARIES: the outcome of a group of states in which it differs.
   */
  describe(outcome: Readonly<Record<string, Value>>): string;
  /**
   * The observed names that a group of changes of this class keeps apart;
   * the others may vary within one group (so that, say, newly refused
   * mappings are one group whether they were executable or not).
   */
  groupBy(cls: string): readonly string[];
  /** The classes of change, in display order, each with its definition. */
  readonly classes: ReadonlyArray<{ readonly id: string; readonly doc: string }>;
  /** The one primary class of a change from outcome `a` to a different outcome `b`. */
  classify(a: Readonly<Record<string, Value>>, b: Readonly<Record<string, Value>>): string;
  /**
   * The state is refused in this outcome, so that when both versions agree
   * on it no change of attributes can concern it: conditions may take such
   * states in (they read "... except where both refuse").
   */
  refused(outcome: Readonly<Record<string, Value>>): boolean;
  /** Classes that change behaviour beyond attributes (refusals): worth a correctness look. */
  readonly functionalClasses: readonly string[];
}

export interface AssumptionInfo {
  readonly id: string;
  readonly kind: string;
  readonly reason: string;
  readonly unconfirmed?: boolean;
  readonly versionRelative?: boolean;
}

export interface ModelBundle {
  readonly name: string;
  readonly system: System;
  /** The checker over the model's shared decision tables. */
  readonly checker: Checker;
  readonly versions: readonly VersionInfo[];
  readonly assumptions: readonly AssumptionInfo[];
  readonly profiles: Readonly<Record<string, readonly string[]>>;
  readonly profileDocs: Readonly<Record<string, string>>;
  /** The version used when a command is given no version. */
  readonly defaultProfile: string;
  /**
   * The decision on one state in one line: "fault map NORMAL exec by
   * map-normal; memslot ok". It must depend on the state only through the
   * version's outputs, deciding rules and derived facts: `explain`,
   * `table --group` and `coverage` compute it once per such combination.
   * A memslot refusal names its rule too ("memslot EINVAL by
   * pfnmap-logging"); `memslotRule` 'always' names an accepting one's as
   * well (a derived version's C line), 'never' neither (a short form).
   */
  outcomeLine(versionId: string, index: number, options?: { readonly memslotRule?: 'always' | 'never' }): string;
  /**
   * The decision on one state as labelled lines for `explain` (what was
   * asked, what the layers made of it, derived facts), in reading order.
   */
  describeDecision(versionId: string, index: number): ReadonlyArray<readonly [label: string, text: string]>;
  /** Every name the query language reads (fields, outputs, derived facts), with its sort. */
  readonly vocabulary: ReadonlyArray<{ readonly name: string; readonly sort: Sort }>;
  /** Named helper predicates the query language accepts. */
  readonly predicates: Readonly<Record<string, Bool>>;
  /** What each preset (System.presets) stands for, one line each. */
  readonly presetDocs: Readonly<Record<string, string>>;
  /** One table row as a JSON object (the `table --format jsonl` schema). */
  row(versionId: string, index: number, table: DecisionTable): Record<string, unknown>;
  /** Per decision id, the kernel function whose checks its rules encode ("user_mem_abort() in arch/arm64/kvm/mmu.c"). */
  readonly kernelFunctions: Readonly<Record<string, string>>;
  /**
   * Where a version takes a decision ("kvm_handle_guest_abort() in
   * arch/arm64/kvm/mmu.c"; kernelFunctions unless the version says
   * otherwise), or, given a rule, the function that holds the rule's check
   * ("gmem_abort()").
   */
  kernelSite(versionId: string, decision: string, rule?: string): string;
  /** Outcomes and classes of change, for `diff`. */
  readonly outcomes: OutcomeModel;
  /**
   * Where another thread can load this bundle: a module URL and the name of
   * its export (`check` enumerates there while this thread proves). Absent:
   * everything runs on this thread.
   */
  readonly loadFrom?: { readonly module: string; readonly name: string };
  /** Where the committed proof artefacts live (`check` compares with them). */
  readonly proofsDir: string;
  /**
   * This model plus the versions of user rule files, as a new bundle, and
   * the ids of the loaded versions. A bad file is a UsageError: one line
   * naming the file and the problem.
   */
  withRuleFiles(files: readonly string[]): Promise<{ readonly bundle: ModelBundle; readonly ids: readonly string[] }>;
  /** The version domain of this bundle's System ('' = the model's base space). */
  readonly domain?: string;
  /**
   * A model whose versions read different spaces: the bundle of one
   * version's space, and of the space two versions share (where they are
   * compared). Absent: every version reads this bundle's space.
   */
  at?(versionId: string): ModelBundle;
  common?(a: string, b: string): ModelBundle;
}

/** The bundle of a version's space. */
export function bundleAt(bundle: ModelBundle, versionId: string): ModelBundle {
  if (!bundle.at) return bundle;
  // The same space as this bundle: this one (it may carry a caller's own System).
  const b = bundle.at(versionId);
  return (b.domain ?? '') === (bundle.domain ?? '') ? bundle : b;
}

/** The bundle of the space two versions share. */
export function bundleCommon(bundle: ModelBundle, a: string, b: string): ModelBundle {
  if (!bundle.common) return bundle;
  const c = bundle.common(a, b);
  return (c.domain ?? '') === (bundle.domain ?? '') ? bundle : c;
}

/** Resolve a version id or alias. */
export function findVersionInfo(bundle: ModelBundle, idOrAlias: string): VersionInfo | undefined {
  return bundle.versions.find((v) => v.id === idOrAlias) ?? bundle.versions.find((v) => v.alias === idOrAlias || (v.aliases ?? []).includes(idOrAlias));
}
