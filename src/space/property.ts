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
