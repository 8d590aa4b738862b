// What a model hands the engine. The engine enumerates, evaluates and
// reports; the model says what the fields, outputs, versions, assumptions,
// frames and properties are.

import type { Bool, Term } from './expr.ts';
import type { FrameSpec, Property } from './property.ts';
import type { FieldSpec, Space } from './space.ts';
import type { Z3, ZBoolTerm, ZTerm } from '../solver/z3.ts';

export interface DecisionSpec {
  readonly id: string;
  /** Rule names in evaluation order. */
  readonly rules: readonly string[];
}

/** The concrete encoding of one version. */
export interface ConcreteEncoding {
  readonly id: string;
  readonly decisions: readonly DecisionSpec[];
  /**
   * Decide one state, reading its fields only through `digit(field)`.
   * Writes the output digits (System.outputs order) into `out` and the
   * index of the deciding rule of each decision into `rules`. Throws when
   * the encoding fails on the state (a rule throws, no rule matches, a
   * malformed result): the checker records that as a failure. Must be a
   * pure function of the digits it reads (src/enumerate/table.ts relies on it).
   */
  evaluate(digit: (field: number) => number, out: Int32Array, rules: Int32Array): void;
  /**
   * Optional: evaluate split by decision, in the order of `decisions`;
   * running the stages in order must be exactly `evaluate`. Each stage is
   * a pure function of the digits it reads, writes only the output slots
   * in `writes` and its own rule slot, and throws like evaluate. With
   * stages, src/enumerate/paths.ts explores each stage alone and composes the trees.
   */
  readonly stages?: readonly Stage[];
}

export interface Stage {
  /** Output slots (System.outputs positions) this stage writes, every time. */
  readonly writes: readonly number[];
  run(digit: (field: number) => number, out: Int32Array, rules: Int32Array): void;
}

/** One guarded branch of a symbolic decision: the first branch whose guard holds decides. */
export interface SymbolicBranch {
  readonly rule: string;
  readonly when: ZBoolTerm;
  /** Output terms by output name (the decision's own outputs). */
  readonly outputs: Readonly<Record<string, ZTerm>>;
}

/**
 * The Z3 encoding of one version: given a term per field (Bool for
 * booleans, Int for enums), the ordered branches of each decision, in the
 * order of ConcreteEncoding.decisions.
 */
export type SymbolicEncoding = (z: Z3, fields: Readonly<Record<string, ZTerm>>) => ReadonlyArray<{
  readonly id: string;
  readonly branches: readonly SymbolicBranch[];
}>;

export interface AssumptionSpec {
  readonly id: string;
  readonly kind: string;
  readonly formula: Bool;
}

export interface Preset {
  readonly name: string;
  /** A complete state, as its index. */
  readonly index: number;
}

export interface System {
  readonly space: Space;
  readonly outputs: readonly FieldSpec[];
  readonly versionIds: readonly string[];
  encoding(versionId: string): ConcreteEncoding;
  symbolic(versionId: string): SymbolicEncoding;
  /** Derived variables of a version: name -> definition over fields and outputs. */
  derived(versionId: string): Readonly<Record<string, Term>>;
  readonly assumptions: readonly AssumptionSpec[];
  readonly frames: readonly FrameSpec[];
  /**
   * The version a frame reads when `self` is under check. Optional: without
   * it, 'self' is the version under check and any other value a version id.
   * A model may give frames versions relative to self (e.g. 'previous').
   */
  frameVersion?(frame: FrameSpec, self: string): string;
  readonly properties: readonly Property[];
  readonly presets: readonly Preset[];
}

/** The version a frame reads when `self` is under check (System.frameVersion, or the plain rule). */
export function frameVersionOf(system: System, frame: FrameSpec, self: string): string {
  if (system.frameVersion) return system.frameVersion(frame, self);
  return frame.version === 'self' ? self : frame.version;
}
