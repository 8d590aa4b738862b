// Exact counting at scale: the synthetic model (bench/synthetic.ts) with k
// extra boolean fields, up to 2^40 states, counted from the decision trees
// (src/count/) and checked against the closed form. The extra fields are
// unconstrained and only the new rule reads them (it refuses a write fault
// with every extra field set), so for every k:
//   feasible(k)           = feasible(0) * 2^k
//   rule extra-all-set    = the feasible write faults of k = 0 (k > 0)
//   property extra-all-set-refuses: premise as that rule, violating 0
// Prints one JSON line per k; bench/run.ts puts them in docs/benchmarks.md.
//   node --import tsx bench/counting.ts [K ...]

import { PROFILES } from '../model/assumptions.ts';
import { Checker } from '../src/enumerate/check.ts';
import { TableCache } from '../src/enumerate/table.ts';
import { boolVar } from '../src/space/expr.ts';
import { syntheticSystem } from './synthetic.ts';

const ks = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [0, 4, 8, 12, 16, 20, 22];

const base = (() => {
  const sys = syntheticSystem(0);
  const checker = new Checker(sys, new TableCache(sys));
  const r = checker.check('v10', PROFILES.default);
  const writes = checker.witness('v10', PROFILES.default, boolVar('fault.write')) === undefined ? 0 : countWrites(checker);
  return { feasible: r.feasibleStates, writes };
})();

function countWrites(checker: Checker): number {
  // The feasible write faults of the plain model: a count like any other.
  const prop = { id: 'writes', category: 'bench', kind: 'formula' as const, statement: '', reason: '', explain: '', premise: boolVar('fault.write'), conclusion: boolVar('fault.write') };
  return checker.check('v10', PROFILES.default, [prop]).properties[0].premiseStates;
}

for (const k of ks) {
  const sys = syntheticSystem(k);
  const checker = new Checker(sys, new TableCache(sys));
  let t = performance.now();
  checker.tables.get('baseline');
  checker.tables.get('v10');
  const treesMs = performance.now() - t;
  t = performance.now();
  const r = checker.check('v10', PROFILES.default);
  const countMs = performance.now() - t;
  const rule = r.rules.find((x) => x.rule === 'extra-all-set')!.states;
  const prop = r.properties.find((p) => p.id === 'extra-all-set-refuses')!;
  const expect = {
    feasible: base.feasible * 2 ** k,
    rule: k > 0 ? base.writes : 0,
  };
  const closedForm = r.feasibleStates === expect.feasible && rule === expect.rule && prop.premiseStates === expect.rule && prop.violatingStates === 0;
  console.log(
    JSON.stringify({
      k,
      states: sys.space.size,
      log2States: Math.round(Math.log2(sys.space.size) * 10) / 10,
      feasible: r.feasibleStates,
      closedForm,
      treesMs: Math.round(treesMs),
      countMs: Math.round(countMs),
      effectiveStatesPerSecond: Math.round(sys.space.size / ((treesMs + countMs) / 1000)),
    }),
  );
  if (!closedForm) process.exitCode = 1;
}
