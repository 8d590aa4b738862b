// Readable conditions (src/compare/group.ts) on random labellings: every state
// that counts is covered by a condition of its own label and by none of
// another label, and the counts add up; a labelling given as sets of
// states gives the same conditions as the same labelling state by state.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Cube } from '../../src/space/cubes.ts';
import { FREE } from '../../src/space/cubes.ts';
import type { Condition } from '../../src/compare/group.ts';
import { conditions, conditionTokens, forEachState, intersect, setLabelling, stateLabelling } from '../../src/compare/group.ts';
import { EMPTY, Mdd } from '../../src/count/mdd.ts';
import type { Node } from '../../src/count/mdd.ts';
import { radixOf } from '../../src/space/space.ts';
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
          const groups = conditions(space, stateLabelling(space, labels), { within });
          // Every counted state: covered by its own label's conditions, by no other's (one expect for all).
          const wrong: string[] = [];
          for (let i = 0; i < space.size; i++) {
            const d = space.digits(i);
            if (labels[i] < 0 || !inside(i)) continue;
            const own = groups.find((g) => g.label === labels[i]);
            if (!own || !own.cubes.some((c) => covers(c.condition, d))) wrong.push(`state ${i}: not covered by its label ${labels[i]}`);
            for (const g of groups) if (g.label !== labels[i] && g.cubes.some((c) => covers(c.condition, d))) wrong.push(`state ${i}: covered by label ${g.label}`);
          }
          expect(wrong).toEqual([]);
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

  it('a labelling as sets gives the conditions it gives state by state', () => {
    const radices = space.fields.map(radixOf);
    const mdd = new Mdd(radices);
    const stateSet = (i: number): Node => mdd.cube(Array.from(space.digits(i), (d) => 1 << d));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 3 }), { minLength: space.size, maxLength: space.size }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 1 }))),
        fc.subarray([0, 1, 2, 3, 4]),
        (raw, fix, splitOn) => {
          const within: Cube = new Int8Array(space.fields.length).fill(FREE);
          if (fix) within[fix[0]] = fix[1];
          // A start partition: the space split on some fields, as path cubes are.
          let start: Cube[] = [new Int8Array(space.fields.length).fill(FREE)];
          for (const k of splitOn) start = start.flatMap((c) => Array.from({ length: radices[k] }, (_, v) => Int8Array.from(c, (d, j) => (j === k ? v : d))));
          const labels = Int32Array.from(raw, (l, i) => (space.digits(i).every((d, k) => within[k] === FREE || within[k] === d) ? l : -1));
          const sets = new Map<number, Node>();
          labels.forEach((l, i) => l >= 0 && sets.set(l, mdd.or(sets.get(l) ?? EMPTY, stateSet(i))));
          const bySets = conditions(space, setLabelling(space, mdd, sets), { within, start });
          const byStates = conditions(space, stateLabelling(space, labels), { within, start });
          expect(bySets).toEqual(byStates);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('prints conditions as state tokens', () => {
    const c: Condition = [[1], [0, 2], undefined, [0], undefined];
    expect(conditionTokens(space, c)).toEqual(['a', 'k=X|Z', '!c']);
    expect(conditionTokens(space, c, Int8Array.from([1, FREE, FREE, FREE, FREE]))).toEqual(['k=X|Z', '!c']);
  });
});
