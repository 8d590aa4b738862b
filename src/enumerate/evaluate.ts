// A formula compiled once and evaluated on any state of the space, for
// commands that select states (query, table --where): derived variables are
// expanded with the version's definitions and relational frames
// (`baseline:fault.outcome`) read their version's table on the twin state.

import type { Bool, VarRef } from '../space/expr.ts';
import { compileBool, showRef, varsOf } from '../space/expr.ts';
import { expandDerived } from './check.ts';
import type { System } from '../space/system.ts';
import type { DecisionTable, TableCache } from './table.ts';

/** Returns undefined on a state where a frame's encoding fails. */
export type StateTest = (index: number) => boolean | undefined;

export function compileOnStates(system: System, tables: TableCache, versionId: string, formula: Bool): StateTest {
  const { space, outputs } = system;
  const nf = space.fields.length;
  const width = outputs.length;
  const expanded = expandDerived(system, formula, versionId);
  const frameIds = ['', ...new Set(varsOf(expanded).map((v) => v.ref.frame).filter((f) => f !== ''))];
  const frames: Array<{ outputs: Int8Array; failed: Uint8Array; overrides: Array<readonly [number, number]> }> = frameIds.map((id) => {
    const flat = (t: DecisionTable) => ({ outputs: t.outputs, failed: t.failed });
    if (id === '') return { ...flat(tables.get(versionId)), overrides: [] };
    const spec = system.frames.find((f) => f.id === id);
    if (!spec) throw new Error(`unknown frame ${id}`);
    return {
      ...flat(tables.get(spec.version === 'self' ? versionId : spec.version)),
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
  const matrix = space.digitMatrix();
  return (index) => {
    for (let f = 0; f < frames.length; f++) {
      const { outputs, failed, overrides } = frames[f];
      let j = index;
      for (const [k, d] of overrides) j += (d - matrix[index * nf + k]) * space.weights[k];
      if (failed[j]) return undefined;
      const row = env[f];
      for (let k = 0; k < nf; k++) row[k] = matrix[j * nf + k];
      for (let o = 0; o < width; o++) row[nf + o] = outputs[j * width + o];
    }
    return test(env);
  };
}
