// Readable conditions (src/compare/group.ts) on random labellings: every state
// that counts is covered by a condition of its own label and by none of
// another label, and the counts add up.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cube } from '../../src/space/cubes.ts';
import { FREE } from '../../src/space/cubes.ts';
import type { Condition } from '../../src/compare/group.ts';
import { conditions, conditionTokens, forEachState, intersect } from '../../src/compare/group.ts';
import { Space } from '../../src/space/space.ts';

const space = new Space([
  { name: 'a', type: 'bool' },
  { name: 'k', type: 'enum', values: ['X', 'Y', 'Z'] },
  { name: 'b', type: 'bool' },
  { name: 'c', type: 'bool' },
  { name: 'm', type: 'enum', values: ['P', 'Q'] },
]);

const covers = (c: Condition, digits: Int32Array) => c.every((v, k) => !v || v.includes(digits[k]));

describe('conditions', () => {
  it('forEachState visits exactly the states of a cube', () => {
    const cube: Cube = Int8Array.from([FREE, 2, FREE, 1, FREE]);
    const seen: number[] = [];
    forEachState(space, cube, (i) => void seen.push(i));
    const expected = [...Array(space.size).keys()].filter((i) => {
      const d = space.digits(i);
      return d[1] === 2 && d[3] === 1;
    });
    expect(seen.sort((x, y) => x - y)).toEqual(expected);
    expect(intersect(cube, Int8Array.from([1, FREE, FREE, 0, FREE]))).toBeUndefined();
  });

  it('cover every counted state by its own label only; counts add up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 2 }), { minLength: space.size, maxLength: space.size }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1 }))),
        (raw, fix) => {
          const within: Cube = new Int8Array(space.fields.length).fill(FREE);
          if (fix) within[fix[0]] = fix[1];
          const labels = Int32Array.from(raw);
          const inside = (i: number) => space.digits(i).every((d, k) => within[k] === FREE || within[k] === d);
          const groups = conditions(space, labels, { within });
          for (let i = 0; i < space.size; i++) {
            const d = space.digits(i);
            if (labels[i] < 0 || !inside(i)) continue;
            const own = groups.find((g) => g.label === labels[i]);
            expect(own, `state ${i}`).toBeDefined();
            expect(own!.cubes.some((c) => covers(c.condition, d))).toBe(true);
            for (const g of groups) if (g.label !== labels[i]) expect(g.cubes.some((c) => covers(c.condition, d))).toBe(false);
          }
          for (const g of groups) {
            const total = [...Array(space.size).keys()].filter((i) => labels[i] === g.label && inside(i)).length;
            expect(g.states).toBe(total);
            expect(g.cubes.reduce((n, c) => n + c.states, 0)).toBe(total);
            // The fields of `within` are left as they are.
            for (const c of g.cubes) within.forEach((w, k) => w !== FREE && expect(c.condition[k]).toEqual([w]));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('prints conditions as state tokens', () => {
    const c: Condition = [[1], [0, 2], undefined, [0], undefined];
    expect(conditionTokens(space, c)).toEqual(['a', 'k=X|Z', '!c']);
    expect(conditionTokens(space, c, Int8Array.from([1, FREE, FREE, FREE, FREE]))).toEqual(['k=X|Z', '!c']);
  });
});
