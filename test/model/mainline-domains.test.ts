// Version domains (docs/mainline.md): the series keeps its space and
// outputs exactly; each mainline version gets the space of its domain; the
// exact counts per profile are those of the contract's independent
// encoding; and on a mainline space the counter (check) and the
// conditional enumeration (enumerate) agree fact for fact.

import { describe, expect, it } from 'vitest';
import { KVM_ARM64_STAGE2 as root } from '../../model/index.ts';
import { LEGACY_OUTPUTS, OUTPUTS } from '../../model/outcomes.ts';
import { SPACE } from '../../model/state.ts';

const T = 300_000;

describe('version domains', () => {
  it('the series keeps its 17-field space and five outputs; mainline spaces extend it', () => {
    for (const id of ['baseline', 'v1', 'v10', 'merged', '6.12', '6.17']) {
      const b = root.at!(id);
      expect(b).toBe(root);
      expect(b.system.space).toBe(SPACE);
      expect(b.system.outputs).toBe(LEGACY_OUTPUTS);
    }
    const sizes: Record<string, number> = { '6.18': 28311552, '6.19': 56623104, '7.0': 56623104, '7.1': 452984832, '7.2': 452984832, '7.3': 452984832 };
    for (const [id, size] of Object.entries(sizes)) {
      const b = root.at!(id);
      expect(b.system.space.size, id).toBe(size);
      expect(b.system.outputs).toBe(OUTPUTS);
      // The legacy fields keep their positions.
      expect(b.system.space.fields.slice(0, 17).map((f) => f.name)).toEqual(SPACE.fields.map((f) => f.name));
    }
    // Two versions are compared on the fields both read.
    expect(root.common!('7.0', '7.1')).toBe(root.at!('7.0'));
    expect(root.common!('v10', '7.3')).toBe(root);
  });

  it('feasible states per profile are exact (mainline.md 2.3)', () => {
    const want: Record<string, [number, number, number]> = {
      v10: [165888, 79104, 56256],
      '6.18': [2654208, 1446912, 847872],
      '6.19': [5013504, 2733056, 1601536],
      '7.0': [5013504, 2733056, 1601536],
      '7.1': [5234688, 2858496, 1665024],
      '7.2': [5234688, 2858496, 1560576],
    };
    for (const [id, counts] of Object.entries(want)) {
      const b = root.at!(id);
      const got = (['hard', 'default', 'end-to-end'] as const).map((p) => b.checker.countFeasible(id, b.profiles[p]));
      expect(got, id).toEqual(counts);
    }
  }, T);

  it('the new assumptions are true at the neutral values: the series counts do not move', () => {
    const b = root;
    const seriesOnly = b.assumptions.slice(0, 7).map((a) => a.id).filter((id) => id !== 'vma-unchanged-since-memslot');
    expect(b.checker.countFeasible('v10', seriesOnly)).toBe(b.checker.countFeasible('v10', b.profiles.default));
  });

  it('on 6.18 the counter and the conditional enumeration agree fact for fact', () => {
    const b = root.at!('6.18');
    const ids = b.profiles.default;
    const counted = b.checker.check('6.18', ids);
    const enumerated = b.checker.enumerate('6.18', ids);
    expect(counted.feasibleStates).toBe(1446912);
    expect(enumerated).toEqual(counted);
    // And the conditional enumeration of feasible states visits exactly them, in order.
    let n = 0;
    let last = -1;
    let ordered = true;
    b.checker.forEachFeasible('6.18', ids, (i) => {
      n++;
      ordered &&= i > last;
      last = i;
    });
    expect(n).toBe(1446912);
    expect(ordered).toBe(true);
  }, T);
});
