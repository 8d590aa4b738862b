// A formula compiled once and evaluated on any state of the space, for
// commands that select states (query, table --where): derived variables are
// expanded with the version's definitions and relational frames
// (`baseline:fault.outcome`) read their version's table on the twin state.

import type { Bool, VarRef } from '../space/expr.ts';
import { compileBool, showRef, varsOf } from '../space/expr.ts';
import { expandDerived } from './check.ts';
import type { System } from '../space/system.ts';
import { frameVersionOf } from '../space/system.ts';
import { radixOf } from '../space/space.ts';
import type { DecisionTable, TableCache } from './table.ts';
import { leafOf } from './paths.ts';

/** Returns undefined on a state where a frame's encoding fails. */
export type StateTest = (index: number) => boolean | undefined;

export function compileOnStates(system: System, tables: TableCache, versionId: string, formula: Bool): StateTest {
  const { space, outputs } = system;
  const nf = space.fields.length;
  const width = outputs.length;
  const expanded = expandDerived(system, formula, versionId);
  const frameIds = ['', ...new Set(varsOf(expanded).map((v) => v.ref.frame).filter((f) => f !== ''))];
  // Each frame's outcome is a walk down its decision tree (no per-state
  // arrays: a mainline domain has hundreds of millions of states).
  const frames: Array<{ table: DecisionTable; overrides: Array<readonly [number, number]> }> = frameIds.map((id) => {
    if (id === '') return { table: tables.get(versionId), overrides: [] };
    const spec = system.frames.find((f) => f.id === id);
    if (!spec) throw new Error(`unknown frame ${id}`);
    return {
      table: tables.get(frameVersionOf(system, spec, versionId)),
      overrides: Object.entries(spec.overrides).map(([name, value]) => {
        const k = space.indexOfField(name);
        const f = space.fields[k];
        return [k, f.type === 'bool' ? (value ? 1 : 0) : f.values.indexOf(String(value))] as const;
      }),
    };
  });
  const resolve = (ref: VarRef) => {
    const frame = frameIds.indexOf(ref.frame);
    if (frame < 0) throw new Error(`unknown frame in ${showRef(ref)}`);
    if (space.has(ref.name)) return { frame, slot: space.indexOfField(ref.name) };
    const o = outputs.findIndex((x) => x.name === ref.name);
    if (o < 0) throw new Error(`unknown variable ${showRef(ref)}`);
    return { frame, slot: nf + o };
  };
  const test = compileBool(expanded, resolve);
  const env = frames.map(() => new Int32Array(nf + width));
  const digits = new Int32Array(nf);
  const radices = space.fields.map(radixOf);
  // A scan (index after index: table --where, counting) steps the digits
  // like an odometer instead of decoding every index.
  let last = -2;
  return (index) => {
    if (index === last + 1 && index < space.size) {
      let k = nf - 1;
      while (k >= 0 && ++digits[k] === radices[k]) digits[k--] = 0;
    } else space.digits(index, digits);
    last = index;
    for (let f = 0; f < frames.length; f++) {
      const { table, overrides } = frames[f];
      const row = env[f];
      let j = index;
      if (overrides.length === 0) row.set(digits);
      else {
        for (const [k, d] of overrides) j += (d - digits[k]) * space.weights[k];
        space.digits(j, row);
      }
      // A tree's leaf read in place (at() makes an object and two views per call).
      const tree = table.tree;
      if (tree) {
        const leaf = leafOf(tree, j);
        if (tree.leafFailure[leaf] !== undefined) return undefined;
        for (let o = 0; o < width; o++) row[nf + o] = tree.leafOutputs[leaf * width + o];
        continue;
      }
      const at = table.at(j);
      if (at.failure !== undefined) return undefined;
      for (let o = 0; o < width; o++) row[nf + o] = at.outputs[o];
    }
    return test(env);
  };
}
