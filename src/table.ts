// The decision table of a version: its outputs and deciding rules on every
// state of the space (feasible or not, so that relational frames can look
// up any twin state), computed once and shared by every check.
//
// How every state gets its outcome without running the rules once per
// state: a run of the rules on a state reads some of its fields (recorded
// through the digit reader). The rules are a pure function of the state, so
// every state that agrees on the fields read takes the same path and gets
// the same outcome: the run decides that whole cube of states. The cubes of
// different paths are disjoint, so the table is filled by running the rules
// once per execution path. A state claimed by two paths means the encoding
// is not a function of its input; that is reported as a failure.
// `mode: 'per-state'` runs the rules on every state instead (slow; tests
// compare the two).

import type { System } from './system.ts';

export interface DecisionTable {
  readonly versionId: string;
  readonly size: number;
  readonly width: number;
  /** Output digits, `width` per state. */
  readonly outputs: Int8Array;
  /** Deciding rule index per decision, `decisions` per state; -1 on failure. */
  readonly rules: Int16Array;
  readonly decisions: number;
  /** States on which the encoding failed, with the message. */
  readonly failures: ReadonlyMap<number, string>;
  /** How many times the rules ran. */
  readonly runs: number;
  /**
   * The execution paths ('paths' mode): a representative state and the
   * fields the run read. The cubes they span partition the space, and every
   * state of a cube has the representative's outcome.
   */
  readonly paths: ReadonlyArray<{ readonly representative: number; readonly fields: readonly number[] }>;
}

export type TableMode = 'paths' | 'per-state';

export function computeTable(system: System, versionId: string, mode: TableMode = 'paths'): DecisionTable {
  const enc = system.encoding(versionId);
  const { space } = system;
  const size = space.size;
  const nf = space.fields.length;
  const width = system.outputs.length;
  const nd = enc.decisions.length;
  const outputs = new Int8Array(size * width);
  const rules = new Int16Array(size * nd);
  const failures = new Map<number, string>();
  const filled = new Uint8Array(size);
  const digits = new Int32Array(nf);
  const read = new Uint8Array(nf);
  const out = new Int32Array(width);
  const r = new Int32Array(nd);
  const digit = (k: number): number => {
    if (k < 0 || k >= nf || !Number.isInteger(k)) throw new Error(`field position ${k} out of range`);
    read[k] = 1;
    return digits[k];
  };
  const radices = space.fields.map((f) => (f.type === 'bool' ? 2 : f.values.length));
  let runs = 0;
  const paths: Array<{ representative: number; fields: number[] }> = [];

  for (let i = 0; i < size; i++) {
    if (filled[i]) continue;
    space.digits(i, digits);
    read.fill(0);
    let failure: string | undefined;
    runs++;
    try {
      enc.evaluate(digit, out, r);
    } catch (e) {
      failure = describeError(e);
    }
    // The cube: fields not read are free. In per-state mode, none is free.
    const free: number[] = [];
    if (mode === 'paths') {
      for (let k = 0; k < nf; k++) if (!read[k]) free.push(k);
      const fields: number[] = [];
      for (let k = 0; k < nf; k++) if (read[k]) fields.push(k);
      paths.push({ representative: i, fields });
    }
    const counter = new Int32Array(free.length);
    for (;;) {
      let j = i;
      for (let f = 0; f < free.length; f++) j += (counter[f] - digits[free[f]]) * space.weights[free[f]];
      if (filled[j]) {
        failures.set(j, 'the encoding is not a function of the state (two execution paths claim it)');
      } else {
        filled[j] = 1;
        if (failure !== undefined) {
          failures.set(j, failure);
          for (let d = 0; d < nd; d++) rules[j * nd + d] = -1;
        } else {
          outputs.set(out, j * width);
          for (let d = 0; d < nd; d++) rules[j * nd + d] = r[d];
        }
      }
      let f = 0;
      while (f < free.length && ++counter[f] === radices[free[f]]) counter[f++] = 0;
      if (f === free.length) break;
    }
  }
  return { versionId, size, width, outputs, rules, decisions: nd, failures, runs, paths };
}

export function describeError(e: unknown): string {
  if (e instanceof Error) {
    const first = e.message.split('\n')[0];
    return e.constructor.name === 'Error' ? first : `${e.constructor.name}: ${first}`;
  }
  return String(e);
}

/** Tables are pure functions of the version, so one per version per process. */
export class TableCache {
  private readonly tables = new Map<string, DecisionTable>();
  constructor(
    private readonly system: System,
    private readonly mode: TableMode = 'paths',
  ) {}
  get(versionId: string): DecisionTable {
    let t = this.tables.get(versionId);
    if (!t) {
      t = computeTable(this.system, versionId, this.mode);
      this.tables.set(versionId, t);
    }
    return t;
  }
}
