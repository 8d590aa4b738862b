// The symbolic diff (src/compare/diff.ts: sets of states in decision
// diagrams) against the per-state diff it replaced (test/helpers/
// diff-per-state.ts: every feasible state visited and labelled): the same
// result, field for field (groups, their order and examples, conditions
// and their counts, failures), on shipped versions and on random models.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KVM_ARM64_STAGE2 as shipped } from '../../model/index.ts';
import type { ModelBundle, OutcomeModel } from '../../src/compare/bundle.ts';
import { computeDiff } from '../../src/compare/diff.ts';
import { Checker } from '../../src/enumerate/check.ts';
import { TableCache } from '../../src/enumerate/table.ts';
import type { Value } from '../../src/space/space.ts';
import { computeDiffPerState } from '../helpers/diff-per-state.ts';
import { modelArb, randomSystem } from '../helpers/random-model.ts';

describe('symbolic diff equals the per-state diff', () => {
  // Pairs with many groups, refusals on both sides and every profile.
  const pairs: Array<[string, string, string]> = [
    ['baseline', 'v10', 'default'],
    ['v9', 'v10', 'hard'],
    ['v4', 'v6', 'end-to-end'],
  ];
  for (const [a, b, name] of pairs) {
    it(`${a} -> ${b}, profile ${name}`, () => {
      const profile = { name, ids: shipped.profiles[name] };
      expect(computeDiff(shipped, a, b, profile)).toEqual(computeDiffPerState(shipped, a, b, profile));
    });
  }

  it('on random models (failures, derived facts, outputs the assumptions read)', () => {
    // Observes outputs and derived facts; 'z' is a refusal.
    const refused = (o: Readonly<Record<string, Value>>) => o['o.a'] === 'z';
    const outcomes: OutcomeModel = {
      observe: ['o.a', 'o.b', 'd.a', 'd.both'],
      describe: (o) => ['o.a', 'o.b', 'd.a', 'd.both'].map((n) => `${n}=${String(o[n])}`).join(' '),
      groupBy: (cls) => (cls === 'other' ? ['o.a', 'o.b'] : ['o.a']),
      classes: ['newly-refused', 'newly-allowed', 'a-changed', 'other'].map((id) => ({ id, doc: id })),
      classify: (x, y) =>
        refused(x) !== refused(y) ? (refused(y) ? 'newly-refused' : 'newly-allowed') : x['o.a'] !== y['o.a'] ? 'a-changed' : 'other',
      refused,
      functionalClasses: ['newly-refused', 'newly-allowed'],
    };
    fc.assert(
      fc.property(modelArb, (m) => {
        const system = randomSystem(m);
        const checker = new Checker(system, new TableCache(system));
        const bundle = { system, checker, outcomes } as unknown as ModelBundle;
        for (const ids of [[], system.assumptions.map((x) => x.id)]) {
          const profile = { name: 'p', ids };
          for (const [a, b] of [
            ['r0', 'r1'],
            ['r1', 'r0'],
          ]) {
            expect(computeDiff(bundle, a, b, profile)).toEqual(computeDiffPerState(bundle, a, b, profile));
          }
          // A version against itself: its failing states counted once.
          const self = computeDiff(bundle, 'r0', 'r0', profile);
          const total = checker.check('r0', ids).properties.find((p) => p.id === 'total')!;
          expect(self.failures.map((f) => f.states)).toEqual(total.violatingStates ? [total.violatingStates] : []);
          expect(self.differing).toBe(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});
