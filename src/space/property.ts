// Engine-level shapes of properties, frames and verdicts. Nothing here
// knows the model: a model hands the checker a list of these.

import type { Bool } from './expr.ts';
import type { Value } from './space.ts';

/**
 * A relational copy of the system. `version` is 'self' (the version under
 * check) or the id of a fixed reference version; `overrides` sets named
 * fields of the state (a twin state). Variables of the frame are written
 * `frame:name` in expressions.
 */
export interface FrameSpec {
  readonly id: string;
  readonly version: 'self' | string;
  readonly overrides: Readonly<Record<string, Value>>;
  readonly doc: string;
}

interface PropertyBase {
  readonly id: string;
  readonly category: string;
  /** The statement as the catalogue words it. */
  readonly statement: string;
  readonly reason: string;
  /** One line for a kernel reader, used in reports when the property is violated. */
  readonly explain: string;
}

/** premise -> conclusion, checked on every feasible state. */
export interface FormulaProperty extends PropertyBase {
  readonly kind: 'formula';
  readonly premise: Bool;
  readonly conclusion: Bool;
}

/** Properties about the encoding itself rather than about one state. */
export interface StructuralProperty extends PropertyBase {
  readonly kind: 'total' | 'no-dead-rules' | 'encodings-agree';
}

export type Property = FormulaProperty | StructuralProperty;

// --- What checking a version establishes -------------------------------------

export type CheckVerdict = 'holds' | 'violated' | 'vacuous' | 'pending';

/**
 * The counterexample the checker reports: among all violating states, the
 * one closest to a named preset (fewest fields that differ from it); ties go
 * to the preset listed first, then to the lowest state index. A reviewer
 * reads it as "preset X, but with these fields changed". For `total` it is
 * the lowest failing state, still described against its closest preset.
 */
export interface Counterexample {
  readonly index: number;
  readonly preset: string;
  readonly differs: readonly string[];
}

export interface PropertyResult {
  readonly id: string;
  readonly verdict: CheckVerdict;
  /** Feasible states that meet the premise (for total: feasible states). */
  readonly premiseStates: number;
  readonly violatingStates: number;
  readonly counterexample?: Counterexample;
  /** no-dead-rules: the rules that decide no feasible state, as decision/rule. */
  readonly deadRules?: readonly string[];
  /** total: the first failure message. */
  readonly failure?: string;
}

export interface RuleCount {
  readonly decision: string;
  readonly rule: string;
  readonly states: number;
}

export interface CheckResult {
  readonly version: string;
  readonly assumptions: readonly string[];
  readonly totalStates: number;
  readonly feasibleStates: number;
  readonly properties: readonly PropertyResult[];
  readonly rules: readonly RuleCount[];
}
