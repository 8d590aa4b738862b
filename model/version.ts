// What a rule version is: metadata, the rule names of its two decisions in
// kernel order, its two independent encodings (ts-pattern and Z3), and the
// verdicts its author expects (like a litmus test's Result: line).

import type { Bool } from '../src/space/expr.ts';
import type { FaultDecision, MemslotDecision, PageTableLayer } from './outcomes.ts';
import type { State } from './state.ts';
import type { Z3Version } from './symbolic.ts';

export interface VersionMeta {
  readonly id: string;
  /**
   * Other names of the same version (v10: merged, 6.17). The first one that
   * is a word rather than a release number is printed next to the id.
   */
  readonly aliases?: readonly string[];
  /** A rule file's single alias (the older form of `aliases`): read as `aliases: [alias]`. */
  readonly alias?: string;
  readonly title: string;
  /** Posting date (YYYY-MM-DD). */
  readonly date: string;
  /** Message-ID of the posting, or the commits / tree it was read from. */
  readonly source: string;
  /** Which stage2_set_prot_attr() the base tree has (versions.md 0.4). */
  readonly layer: PageTableLayer;
  /** What changed from the previous version, and who asked for it. */
  readonly summary: string;
  /**
   * The version this one changes (a rule file's starting point): `check`
   * compares violation counts with it and says when one got worse.
   */
  readonly base?: string;
  /**
   * The new fields (after fault.perm) the version reads: its domain. Every
   * other new field is pinned to its neutral value for it. None for the
   * series' versions.
   */
  readonly domain?: readonly string[];
  /** Mainline: the release before this one (the `previous` frame). */
  readonly previous?: string;
  /**
   * Where the kernel takes the decisions, when not where the series does
   * (user_mem_abort(), kvm_arch_prepare_memory_region()): `entry` per
   * decision, and per rule (`sites`, keyed `decision/rule`) the function
   * that holds its check. From 6.18, kvm_handle_guest_abort() dispatches
   * to gmem_abort(), pkvm_mem_abort() (7.1) and user_mem_abort(), whose
   * checks 7.1 splits into kvm_s2_fault_*() helpers.
   */
  readonly kernel?: { readonly entry?: Readonly<Record<string, string>>; readonly sites?: Readonly<Record<string, string>> };
  /** Mainline: the states on which the outcome may differ from `previous` (its release delta). */
  readonly delta?: Bool;
  /** Mainline: the release's commits, and which source text the rules were read from. */
  readonly commits?: string;
  /**
   * A version read off the kernel's C (model/kernel/): the hand-written
   * version it is compared with. It expects that version's verdicts,
   * counted on its own space under the same profile (a mainline version's
   * declared ones are for its larger space).
   */
  readonly expectsVerdictsOf?: string;
}

/** The alias printed next to a version's id: its first alias that is a word (v10: merged), if any. */
export function shownAlias(meta: { readonly aliases?: readonly string[] }): string | undefined {
  return meta.aliases?.find((a) => !/^\d/.test(a));
}

export type Verdict = 'holds' | 'violated' | 'vacuous' | 'pending';

export interface Expectation {
  readonly verdict: Verdict;
  /** Why, tied to the kernel history; required for every expected violation. */
  readonly reason?: string;
}

/** Expected verdict of every property under the default profile. */
export type Expectations = Readonly<Record<string, Expectation>>;

export interface RuleVersion {
  readonly meta: VersionMeta;
  readonly faultRules: readonly string[];
  readonly memslotRules: readonly string[];
  readonly fault: (s: State) => FaultDecision;
  readonly memslot: (s: State) => MemslotDecision;
  /** The independent Z3 encoding of both decisions. */
  readonly z3: Z3Version;
  readonly expected: Expectations;
  /** Expected verdicts under other profiles (by profile name), where declared. */
  readonly expectedByProfile?: Readonly<Record<string, Expectations>>;
}

/**
 * A rule version as its author writes it in one file: expected verdicts are
 * optional (a proposal may declare none yet; then only violations count
 * against it). `export default defineVersion({...})` is the format of a
 * user rule file (README, "Proposing a rule change").
 */
export type VersionDefinition = Omit<RuleVersion, 'expected'> & { readonly expected?: Expectations };

export function defineVersion(v: VersionDefinition): RuleVersion {
  return { ...v, expected: v.expected ?? {} };
}
