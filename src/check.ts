// The exhaustive checker: for one version and one assumption set, visit
// every state of the space, keep the feasible ones, and evaluate every
// property on each. Nothing is sampled: the counts it reports are counts.

import type { Bool, Env, Term, VarRef } from './expr.ts';
import { and, compileBool, compileEnum, inFrame, isBool, mapVars, showRef } from './expr.ts';
import type { Property } from './property.ts';
import type { Value } from './space.ts';
import type { System } from './system.ts';
import type { DecisionTable, TableCache } from './table.ts';

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

/** Expand derived variables (per frame, with that frame's version) until only fields and outputs remain. */
export function expandDerived(system: System, t: Bool, selfVersion: string): Bool {
  const frameVersion = (frame: string): string => {
    if (frame === '') return selfVersion;
    const f = system.frames.find((x) => x.id === frame);
    if (!f) throw new Error(`unknown frame ${frame}`);
    return f.version === 'self' ? selfVersion : f.version;
  };
  const go = (x: Term): Term =>
    mapVars(x as Bool, (ref) => {
      const def = system.derived(frameVersion(ref.frame))[ref.name];
      if (!def) return undefined;
      return go(ref.frame === '' ? def : inFrame(def, ref.frame));
    });
  const out = go(t);
  if (!isBool(out)) throw new Error('expansion changed the sort');
  return out;
}

interface Layout {
  readonly frames: Frame[];
  readonly rowWidth: number;
  readonly resolve: (ref: VarRef) => { frame: number; slot: number };
  /** Variable name of each slot of a self row. */
  readonly names: readonly string[];
}

interface Frame {
  readonly id: string;
  readonly table: DecisionTable;
  /** Fill the derived slots of a row whose fields and outputs are set. */
  readonly derive: ReadonlyArray<(row: Int32Array) => void>;
  /** [field position, digit] pairs that make the twin state. */
  readonly overrides: ReadonlyArray<readonly [number, number]>;
}

export class Checker {
  constructor(
    readonly system: System,
    readonly tables: TableCache,
  ) {}

  /**
   * Frames (self first), the layout of an env row (fields, outputs, then the
   * derived variables of the frame's version, each computed once per state)
   * and a resolver from variables to env slots.
   */
  private readonly layouts = new Map<string, Layout>();

  private frames(versionId: string): Layout {
    let layout = this.layouts.get(versionId);
    if (!layout) {
      layout = this.layout(versionId);
      this.layouts.set(versionId, layout);
    }
    return layout;
  }

  private layout(versionId: string): Layout {
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    const base = nf + outputs.length;
    const specs = [{ id: '', version: 'self', overrides: {} }, ...this.system.frames];
    // Derived names are the same for every version (only their definitions differ).
    const derivedNames = Object.keys(this.system.derived(versionId));
    const slotOf = (name: string): number | undefined => {
      if (space.has(name)) return space.indexOfField(name);
      const o = outputs.findIndex((x) => x.name === name);
      if (o >= 0) return nf + o;
      const d = derivedNames.indexOf(name);
      return d >= 0 ? base + d : undefined;
    };
    const frames: Frame[] = specs.map((f) => {
      const version = f.version === 'self' ? versionId : f.version;
      const defs = this.system.derived(version);
      // Each derived variable may read fields, outputs and the derived ones before it.
      const derive = derivedNames.map((name, k) => {
        const def = defs[name];
        const local = (ref: VarRef) => {
          const slot = slotOf(ref.name);
          if (ref.frame !== '' || slot === undefined || slot >= base + k) throw new Error(`derived ${name} reads ${showRef(ref)}`);
          return { frame: 0, slot };
        };
        const test = isBool(def) ? compileBool(def, local) : undefined;
        const value = isBool(def) ? undefined : compileEnum(def, local);
        const one: Int32Array[] = [new Int32Array(0)];
        return (row: Int32Array) => {
          one[0] = row;
          row[base + k] = test ? (test(one) ? 1 : 0) : value!(one);
        };
      });
      return {
        id: f.id,
        table: this.tables.get(version),
        derive,
        overrides: Object.entries(f.overrides).map(([name, value]) => {
          const pos = space.indexOfField(name);
          const field = space.fields[pos];
          const digit = field.type === 'bool' ? (value ? 1 : 0) : field.values.indexOf(String(value));
          return [pos, digit] as const;
        }),
      };
    });
    const resolve = (ref: VarRef) => {
      const frame = frames.findIndex((f) => f.id === ref.frame);
      if (frame < 0) throw new Error(`unknown frame in ${showRef(ref)}`);
      const slot = slotOf(ref.name);
      if (slot === undefined) throw new Error(`unknown variable ${showRef(ref)}`);
      return { frame, slot };
    };
    const names = [...space.fields.map((f) => f.name), ...outputs.map((o) => o.name), ...derivedNames];
    return { frames, rowWidth: base + derivedNames.length, resolve, names };
  }

  /**
   * Every variable of the version on one state: fields, outputs and derived
   * facts, by name (booleans as booleans, enums as their value names).
   */
  values(versionId: string, index: number): Record<string, Value> {
    const { frames, rowWidth, names } = this.frames(versionId);
    const row = new Int32Array(rowWidth);
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    space.digits(index, row);
    const t = frames[0].table;
    if (t.failures.has(index)) throw new Error(`version ${versionId} fails on state ${index}: ${t.failures.get(index)}`);
    for (let o = 0; o < outputs.length; o++) row[nf + o] = t.outputs[index * t.width + o];
    for (const d of frames[0].derive) d(row);
    const derived = this.system.derived(versionId);
    const out: Record<string, Value> = {};
    names.forEach((name, k) => {
      const sortOf = k < nf ? space.fields[k] : k < nf + outputs.length ? outputs[k - nf] : undefined;
      if (sortOf) out[name] = sortOf.type === 'bool' ? row[k] === 1 : sortOf.values[row[k]];
      else {
        const def = derived[name];
        out[name] = isBool(def) ? row[k] === 1 : def.sort.values[row[k]];
      }
    });
    return out;
  }

  /**
   * Evaluate a formula (any frame, derived variables allowed) on one state.
   * Returns undefined when a frame's encoding fails on its state.
   */
  evaluateAt(versionId: string, formula: Bool, index: number): boolean | undefined {
    const { frames, rowWidth, resolve } = this.frames(versionId);
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    const test = compileBool(formula, resolve);
    const env = frames.map(() => new Int32Array(rowWidth));
    space.digits(index, env[0]);
    for (let f = 0; f < frames.length; f++) {
      const fr = frames[f];
      let j = index;
      for (const [pos, digit] of fr.overrides) j += (digit - env[0][pos]) * space.weights[pos];
      if (fr.table.failures.has(j)) return undefined;
      space.digits(j, env[f]);
      for (let o = 0; o < outputs.length; o++) env[f][nf + o] = fr.table.outputs[j * fr.table.width + o];
      for (const d of fr.derive) d(env[f]);
    }
    return test(env);
  }

  /** A test of feasibility under the given assumptions (they may read the version's outputs). */
  feasibility(versionId: string, assumptionIds: readonly string[]): (index: number) => boolean {
    const { frames, rowWidth, resolve } = this.frames(versionId);
    const formula = and(
      ...assumptionIds.map((id) => {
        const a = this.system.assumptions.find((x) => x.id === id);
        if (!a) throw new Error(`unknown assumption ${id}`);
        return a.formula;
      }),
      { op: 'lit', value: true },
    );
    const test = compileBool(expandDerived(this.system, formula, versionId), resolve);
    const { space, outputs } = this.system;
    const nf = space.fields.length;
    const env = [new Int32Array(rowWidth)];
    const t = frames[0].table;
    return (index) => {
      space.digits(index, env[0]);
      for (let o = 0; o < outputs.length; o++) env[0][nf + o] = t.outputs[index * t.width + o];
      return test(env);
    };
  }

  check(versionId: string, assumptionIds: readonly string[], properties: readonly Property[] = this.system.properties): CheckResult {
    const { space, outputs } = this.system;
    const { frames, resolve, rowWidth } = this.frames(versionId);
    const self = frames[0].table;
    const nf = space.fields.length;
    const width = outputs.length;
    const env = frames.map(() => new Int32Array(rowWidth));

    const assumptions = assumptionIds.map((id) => {
      const a = this.system.assumptions.find((x) => x.id === id);
      if (!a) throw new Error(`unknown assumption ${id}`);
      return a.formula;
    });
    const feasible = compileBool(expandDerived(this.system, and(...assumptions, { op: 'lit', value: true }), versionId), resolve);

    const formulas = properties.flatMap((p) =>
      p.kind === 'formula'
        ? [
            {
              p,
              premise: compileBool(p.premise, resolve),
              conclusion: compileBool(p.conclusion, resolve),
              premiseStates: 0,
              violating: 0,
              best: undefined as { index: number; preset: number; distance: number } | undefined,
            },
          ]
        : [],
    );

    const enc = this.system.encoding(versionId);
    const nd = enc.decisions.length;
    const ruleCounts = enc.decisions.map((d) => new Array<number>(d.rules.length).fill(0));
    const presetDigits = this.system.presets.map((p) => space.digits(p.index));
    let feasibleStates = 0;
    let failedStates = 0;
    let firstFailure: { index: number; message: string } | undefined;

    const matrix = space.digitMatrix();
    const fill = (row: Int32Array, frame: Frame, index: number) => {
      const db = index * nf;
      for (let k = 0; k < nf; k++) row[k] = matrix[db + k];
      const base = index * width;
      for (let o = 0; o < width; o++) row[nf + o] = frame.table.outputs[base + o];
    };
    const derive = (row: Int32Array, frame: Frame) => {
      for (const d of frame.derive) d(row);
    };

    for (let i = 0; i < space.size; i++) {
      fill(env[0], frames[0], i);
      if (!feasible(env)) continue;
      feasibleStates++;
      if (self.rules[i * nd] < 0 || self.failures.has(i)) {
        failedStates++;
        if (!firstFailure || i < firstFailure.index) firstFailure = { index: i, message: self.failures.get(i) ?? 'no outcome' };
        continue;
      }
      for (let d = 0; d < nd; d++) ruleCounts[d][self.rules[i * nd + d]]++;
      derive(env[0], frames[0]);
      let framesOk = true;
      for (let f = 1; f < frames.length; f++) {
        const fr = frames[f];
        let j = i;
        for (const [pos, digit] of fr.overrides) j += (digit - env[0][pos]) * space.weights[pos];
        if (fr.table.failures.has(j)) framesOk = false;
        fill(env[f], fr, j);
        derive(env[f], fr);
      }
      if (!framesOk) continue; // the reference version failed here; its own `total` reports it
      for (const x of formulas) {
        if (!x.premise(env)) continue;
        x.premiseStates++;
        if (x.conclusion(env)) continue;
        x.violating++;
        // Closest preset: fewest differing fields.
        let bestPreset = -1;
        let bestDistance = Infinity;
        for (let p = 0; p < presetDigits.length; p++) {
          let dist = 0;
          const pd = presetDigits[p];
          for (let k = 0; k < nf; k++) if (pd[k] !== env[0][k]) dist++;
          if (dist < bestDistance) {
            bestDistance = dist;
            bestPreset = p;
          }
        }
        if (!x.best || bestDistance < x.best.distance) x.best = { index: i, preset: bestPreset, distance: bestDistance };
      }
    }

    const deadRules: string[] = [];
    const rules: RuleCount[] = [];
    enc.decisions.forEach((d, di) =>
      d.rules.forEach((rule, ri) => {
        rules.push({ decision: d.id, rule, states: ruleCounts[di][ri] });
        if (ruleCounts[di][ri] === 0) deadRules.push(`${d.id}/${rule}`);
      }),
    );

    const results: PropertyResult[] = properties.map((p): PropertyResult => {
      switch (p.kind) {
        case 'formula': {
          const x = formulas.find((f) => f.p === p)!;
          const verdict: CheckVerdict = x.violating > 0 ? 'violated' : x.premiseStates === 0 ? 'vacuous' : 'holds';
          return {
            id: p.id,
            verdict,
            premiseStates: x.premiseStates,
            violatingStates: x.violating,
            counterexample: x.best && this.counterexample(x.best.index, x.best.preset),
          };
        }
        case 'total':
          return {
            id: p.id,
            verdict: failedStates > 0 ? 'violated' : feasibleStates === 0 ? 'vacuous' : 'holds',
            premiseStates: feasibleStates,
            violatingStates: failedStates,
            counterexample: firstFailure && this.counterexample(firstFailure.index),
            failure: firstFailure?.message,
          };
        case 'no-dead-rules':
          return {
            id: p.id,
            verdict: deadRules.length > 0 ? 'violated' : 'holds',
            premiseStates: feasibleStates,
            violatingStates: 0,
            deadRules,
          };
        case 'encodings-agree':
          // The symbolic side is the prover's (src/solver); the enumerator alone cannot judge it.
          return { id: p.id, verdict: 'pending', premiseStates: feasibleStates, violatingStates: 0 };
      }
    });

    return {
      version: versionId,
      assumptions: assumptionIds,
      totalStates: space.size,
      feasibleStates,
      properties: results,
      rules,
    };
  }

  /** Describe a state relative to its closest preset. */
  counterexample(index: number, presetHint?: number): Counterexample {
    const { space, presets } = this.system;
    let best = presetHint ?? -1;
    let bestDiff: string[] | undefined = best >= 0 ? space.difference(presets[best].index, index) : undefined;
    if (best < 0) {
      presets.forEach((p, k) => {
        const diff = space.difference(p.index, index);
        if (!bestDiff || diff.length < bestDiff.length) {
          best = k;
          bestDiff = diff;
        }
      });
    }
    return { index, preset: presets[best]?.name ?? '', differs: bestDiff ?? [] };
  }
}
