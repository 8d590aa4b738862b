// query's count and witness (findWitnesses: sets of states) against a visit
// of every feasible state, as the command did before: the same count, the
// same feasible total and the same witness (closest to a preset, then the
// lowest index), with formulas that read relational frames and derived
// facts, on shipped versions and on random models whose rules may fail.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KVM_ARM64_STAGE2 as shipped } from '../../model/index.ts';
import type { ModelBundle } from '../../src/compare/bundle.ts';
import type { Witnesses } from '../../src/cli/commands/query.ts';
import { findWitnesses } from '../../src/cli/commands/query.ts';
import { parseCondition } from '../../src/cli/select.ts';
import { Checker } from '../../src/enumerate/check.ts';
import { compileOnStates } from '../../src/enumerate/evaluate.ts';
import { TableCache } from '../../src/enumerate/table.ts';
import type { Bool } from '../../src/space/expr.ts';
import { formulaArb, modelArb, randomSystem } from '../helpers/random-model.ts';

/** The per-state answer: every feasible state visited in index order. */
function visitWitnesses(bundle: ModelBundle, versionId: string, assumptionIds: readonly string[], formula: Bool): Witnesses {
  const { space, presets } = bundle.system;
  const test = compileOnStates(bundle.system, bundle.checker.tables, versionId, formula);
  const presetDigits = presets.map((p) => space.digits(p.index));
  let count = 0;
  let best = -1;
  let bestDistance = Infinity;
  const feasible = bundle.checker.forEachFeasible(versionId, assumptionIds, (i) => {
    if (test(i) !== true) return;
    count++;
    const digits = space.digits(i);
    for (const pd of presetDigits) {
      const d = pd.reduce((n, x, k) => n + (x === digits[k] ? 0 : 1), 0);
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
  });
  return { count, feasible, witness: best >= 0 ? best : undefined };
}

describe('query: counted equals visited', () => {
  it('shipped versions, frames and derived facts', () => {
    const cases: Array<[string, string, string]> = [
      ['v10', 'default', '!vma.pfnmap & !vma.mixedmap & !pfn.mapMemory'],
      ['v10', 'hard', '!vma.pfnmap & !vma.mixedmap & !pfn.mapMemory'],
      ['v10', 'hard', 'baseline:fault.outcome = map & fault.outcome != map'],
      ['v9', 'default', 'baseline:fault.attr != fault.attr | fault.executable'],
      ['merged', 'end-to-end', '(cmo.dcache | cmo.icache) & !pfn.mapMemory'],
    ];
    for (const [v, profile, text] of cases) {
      const formula = parseCondition(shipped, text);
      const ids = shipped.profiles[profile];
      expect(findWitnesses(shipped, v, ids, formula), `${v} ${profile} ${text}`).toEqual(visitWitnesses(shipped, v, ids, formula));
    }
  });

  it('random models: twin and reference frames, failing rules', () => {
    fc.assert(
      fc.property(
        modelArb.chain((m) => fc.tuple(fc.constant(m), formulaArb(m.radices))),
        ([m, formula]) => {
          const system = randomSystem(m);
          const bundle = { system, checker: new Checker(system, new TableCache(system)) } as unknown as ModelBundle;
          for (const ids of [[], system.assumptions.map((a) => a.id)]) {
            for (const v of system.versionIds) expect(findWitnesses(bundle, v, ids, formula)).toEqual(visitWitnesses(bundle, v, ids, formula));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
