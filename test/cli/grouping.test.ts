// Grouping states into conditions on sets (src/cli/select.ts outcomeLabels,
// src/compare/group.ts setLabelling) against the same grouping on a label
// per state, the way it was done before (the reference below visits every
// state): the same outcome lines in the same order, the same counts and the
// same conditions, on shipped versions, a failing one, and a selection.

import { describe, expect, it } from 'vitest';
import { conditions, forEachState, pathCubes, stateLabelling } from '../../src/compare/group.ts';
import type { Node } from '../../src/count/mdd.ts';
import { compileOnStates } from '../../src/enumerate/evaluate.ts';
import type { ModelBundle } from '../../src/compare/bundle.ts';
import { cubeStates, derivedFieldsOf, outcomeLabels, parseCondition } from '../../src/cli/select.ts';
import { bundleAt } from '../../src/compare/bundle.ts';
import { FREE } from '../../src/space/cubes.ts';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { PROFILES } from '../../model/assumptions.ts';

/**
 * The reference, as the commands grouped before: each counting state's
 * outcome line (computed once per outputs, rules and derived facts'
 * fields), numbered in order of first appearance.
 */
/** A cube with every field free. */
const anyState = (bundle: ModelBundle) => new Int8Array(bundle.system.space.fields.length).fill(FREE);

function labelsPerState(bundle: ModelBundle, versionId: string, counts: (i: number) => boolean, within = anyState(bundle)) {
  const { space } = bundle.system;
  const table = bundle.checker.tables.get(versionId);
  const derivedFields = derivedFieldsOf(bundle, versionId);
  const labels = new Int32Array(space.size).fill(-1);
  const names: string[] = [];
  const byLine = new Map<string, number>();
  const byKey = new Map<string, number>();
  let counted = 0;
  const digits = new Int32Array(space.fields.length);
  // One state's row in place (table.at): a mainline table's flat arrays would cover 28M states.
  forEachState(space, within, (i) => {
    if (!counts(i)) return;
    counted++;
    const at = table.at(i);
    let key: string;
    if (at.failure !== undefined) key = `failure:${at.failure}`;
    else {
      space.digits(i, digits);
      key = '';
      for (let o = 0; o < at.outputs.length; o++) key += `${at.outputs[o]},`;
      for (let d = 0; d < at.rules.length; d++) key += `${at.rules[d]},`;
      for (const k of derivedFields) key += `${digits[k]},`;
    }
    let id = byKey.get(key);
    if (id === undefined) {
      const line = at.failure !== undefined ? `FAILURE: ${at.failure}` : bundle.outcomeLine(versionId, i);
      id = byLine.get(line);
      if (id === undefined) byLine.set(line, (id = names.push(line) - 1));
      byKey.set(key, id);
    }
    labels[i] = id;
  });
  return { labels, names, counted };
}

function expectSameGrouping(bundle: ModelBundle, versionId: string, counting: Node, counts: (i: number) => boolean, within = anyState(bundle)) {
  const { space } = bundle.system;
  const start = pathCubes(space, bundle.checker.tables.get(versionId));
  const bySets = outcomeLabels(bundle, versionId, counting);
  const byStates = labelsPerState(bundle, versionId, counts, within);
  expect(bySets.names).toEqual(byStates.names);
  expect(bySets.counted).toBe(byStates.counted);
  expect(conditions(space, bySets.labelling, { within, start })).toEqual(conditions(space, stateLabelling(space, byStates.labels), { within, start }));
}

describe('outcome groups on sets equal the per-state grouping', () => {
  const bundle = KVM_ARM64_STAGE2;
  const sets = bundle.checker.stateSets;
  for (const [id, profile] of [['baseline', 'default'], ['v8', 'hard'], ['v10', 'default']] as const) {
    it(`${id} under ${profile}`, () => {
      expectSameGrouping(bundle, id, sets.feasible(id, PROFILES[profile]), bundle.checker.feasibility(id, PROFILES[profile]));
    });
  }
  // A mainline space is too large to label state by state: a partial state
  // (anon-ram with the fields the derived facts read, and a few more, free).
  for (const id of ['6.18']) {
    it(`${id}, a partial state`, () => {
      const b = bundleAt(bundle, id);
      const { space } = b.system;
      const within = Int8Array.from(space.digits(b.system.presets.find((p) => p.name === 'anon-ram')!.index));
      for (const name of ['vma.pfnmap', 'pfn.mapMemory', 'vma.memType', 'fault.perm', 'cpu.fwb', 'cpu.dic', 'fault.write', 'fault.exec', 'fault.nested', 'slot.gmem', 'vm.mte']) {
        if (space.has(name)) within[space.indexOfField(name)] = FREE;
      }
      const s = b.checker.stateSets;
      const feasible = b.checker.feasibility(id, PROFILES.default);
      expectSameGrouping(b, id, s.mdd.and(s.feasible(id, PROFILES.default), cubeStates(b, within)), feasible, within);
    });
  }
  it('v9 where it differs from baseline (a relational selection)', () => {
    const where = parseCondition(bundle, 'baseline:fault.outcome != fault.outcome | pfn.mapMemory');
    const test = compileOnStates(bundle.system, bundle.checker.tables, 'v9', where);
    const feasible = bundle.checker.feasibility('v9', PROFILES.default);
    expectSameGrouping(bundle, 'v9', sets.selected('v9', PROFILES.default, where), (i) => feasible(i) && test(i) === true);
  });
});
