// Properties of the mixed-radix state space (src/space/space.ts) on random field
// lists, and the size of the real model's space.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FieldSpec, Value } from '../../src/space/space.ts';
import { radixOf, Space, valueOf } from '../../src/space/space.ts';
import { FIELDS, SPACE } from '../../model/state.ts';

// --- Generators -----------------------------------------------------------------

const nameArb = fc.stringMatching(/^[a-z][a-z0-9]{0,3}(\.[a-z][a-z0-9]{0,3})?$/);
const enumValuesArb = fc.uniqueArray(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/), { minLength: 1, maxLength: 5 });

/** 1..8 fields with unique names, each a bool or an enum of 1..5 distinct values. */
const fieldsArb: fc.Arbitrary<FieldSpec[]> = fc
  .uniqueArray(nameArb, { minLength: 1, maxLength: 8 })
  .chain((names) =>
    fc.tuple(
      ...names.map((name) =>
        fc.oneof(
          fc.constant<FieldSpec>({ name, type: 'bool' }),
          enumValuesArb.map((values): FieldSpec => ({ name, type: 'enum', values })),
        ),
      ),
    ),
  );

const spaceArb = fieldsArb.map((fields) => new Space(fields));

/** A space and an index in it. */
const spaceIndexArb = spaceArb.chain((space) => fc.tuple(fc.constant(space), fc.integer({ min: 0, max: space.size - 1 })));

/** A space and a complete record of it (one value per field). */
const spaceRecordArb = spaceArb.chain((space) =>
  fc.tuple(
    fc.constant(space),
    fc.tuple(...space.fields.map((f) => fc.integer({ min: 0, max: radixOf(f) - 1 }).map((d) => valueOf(f, d)))).map((vals) => {
      const rec: Record<string, Value> = {};
      space.fields.forEach((f, i) => (rec[f.name] = vals[i]));
      return rec;
    }),
  ),
);

/** A space, an index and digit overrides on distinct fields. */
const overridesArb = spaceIndexArb.chain(([space, index]) =>
  fc.tuple(
    fc.constant(space),
    fc.constant(index),
    fc
      .uniqueArray(fc.integer({ min: 0, max: space.fields.length - 1 }), { maxLength: space.fields.length })
      .chain((fs) => fc.tuple(...fs.map((f) => fc.tuple(fc.constant(f), fc.integer({ min: 0, max: radixOf(space.fields[f]) - 1 }))))),
  ),
);

const product = (fields: readonly FieldSpec[]) => fields.reduce((p, f) => p * radixOf(f), 1);

// --- Properties -----------------------------------------------------------------

describe('Space on random field lists', () => {
  it('size is the product of the radices', () => {
    fc.assert(fc.property(fieldsArb, (fields) => new Space(fields).size === product(fields)));
  });

  it('index -> digits -> index is the identity, and digits are in range', () => {
    fc.assert(
      fc.property(spaceIndexArb, ([space, index]) => {
        const d = space.digits(index);
        expect(d.length).toBe(space.fields.length);
        space.fields.forEach((f, k) => {
          expect(d[k]).toBeGreaterThanOrEqual(0);
          expect(d[k]).toBeLessThan(radixOf(f));
        });
        expect(space.indexOfDigits(d)).toBe(index);
      }),
      { numRuns: 300 },
    );
  });

  it('digits() writes into a given buffer and returns it', () => {
    fc.assert(
      fc.property(spaceIndexArb, ([space, index]) => {
        const buf = new Int32Array(space.fields.length).fill(99);
        expect(space.digits(index, buf)).toBe(buf);
        expect([...buf]).toEqual([...space.digits(index)]);
      }),
    );
  });

  it('record -> indexOfRecord -> record is the identity', () => {
    fc.assert(
      fc.property(spaceRecordArb, ([space, rec]) => {
        const index = space.indexOfRecord(rec);
        expect(index).toBeGreaterThanOrEqual(0);
        expect(index).toBeLessThan(space.size);
        expect(space.record(index)).toEqual(rec);
      }),
      { numRuns: 300 },
    );
  });

  it('index -> record -> indexOfRecord is the identity; record keys are the field names in order', () => {
    fc.assert(
      fc.property(spaceIndexArb, ([space, index]) => {
        const rec = space.record(index);
        expect(Object.keys(rec)).toEqual(space.fields.map((f) => f.name));
        expect(space.indexOfRecord(rec)).toBe(index);
      }),
      { numRuns: 300 },
    );
  });

  it('a record is a plain object whatever the field names (a field named __proto__ is a key)', () => {
    const space = new Space([
      { name: '__proto__', type: 'bool' },
      { name: 'constructor', type: 'enum', values: ['A', 'B'] },
      { name: 'a"b\\c', type: 'bool' },
    ]);
    for (let i = 0; i < space.size; i++) {
      const rec = space.record(i);
      expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
      expect(Object.keys(rec)).toEqual(['__proto__', 'constructor', 'a"b\\c']);
      expect(space.indexOfRecord(rec)).toBe(i);
    }
    expect(Object.getOwnPropertyDescriptor(space.record(4), '__proto__')?.value).toBe(true);
  });

  it('the first field is the most significant digit, the last the fastest', () => {
    fc.assert(
      fc.property(spaceArb, (space) => {
        const last = space.fields.length - 1;
        expect(space.weights[last]).toBe(1);
        expect(space.weights[0] * radixOf(space.fields[0])).toBe(space.size);
        for (let k = 0; k < last; k++) expect(space.weights[k]).toBe(space.weights[k + 1] * radixOf(space.fields[k + 1]));
      }),
    );
  });

  it('withDigits equals re-encoding the modified digits', () => {
    fc.assert(
      fc.property(overridesArb, ([space, index, overrides]) => {
        const d = space.digits(index);
        for (const [f, digit] of overrides) d[f] = digit;
        const expected = space.indexOfDigits(d);
        expect(space.withDigits(index, overrides)).toBe(expected);
        // With a scratch buffer too.
        expect(space.withDigits(index, overrides, new Int32Array(space.fields.length))).toBe(expected);
        // Only the overridden fields can differ.
        const changed = new Set(overrides.filter(([f, digit]) => space.digits(index)[f] !== digit).map(([f]) => space.fields[f].name));
        expect(new Set(space.difference(index, expected))).toEqual(changed);
      }),
      { numRuns: 300 },
    );
  });

  it('digitMatrix row i equals digits(i) for every i', () => {
    fc.assert(
      fc.property(spaceArb, (space) => {
        const m = space.digitMatrix();
        const nf = space.fields.length;
        expect(m.length).toBe(space.size * nf);
        const d = new Int32Array(nf);
        for (let i = 0; i < space.size; i++) {
          space.digits(i, d);
          for (let k = 0; k < nf; k++) if (m[i * nf + k] !== d[k]) expect({ i, k, matrix: m[i * nf + k] }).toEqual({ i, k, matrix: d[k] });
        }
        // Computed once.
        expect(space.digitMatrix()).toBe(m);
      }),
      { numRuns: 40 },
    );
  });

  it('enumerating 0..size-1 visits every digit vector exactly once', () => {
    fc.assert(
      fc.property(spaceArb, (space) => {
        const seen = new Set<string>();
        const d = new Int32Array(space.fields.length);
        for (let i = 0; i < space.size; i++) seen.add(space.digits(i, d).join(','));
        expect(seen.size).toBe(space.size);
        // ... and they are all the vectors: every digit in range (checked by
        // counting: size distinct in-range vectors out of size possible).
        const outOfRange: string[] = [];
        for (const key of seen) {
          const ds = key.split(',').map(Number);
          if (ds.some((x, k) => !(x < radixOf(space.fields[k]) && x >= 0))) outOfRange.push(key);
        }
        expect(outOfRange).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects out-of-range indices, unknown fields and wrong values', () => {
    fc.assert(
      fc.property(spaceArb, (space) => {
        expect(() => space.digits(-1)).toThrow();
        expect(() => space.digits(space.size)).toThrow();
        expect(() => space.digits(0.5)).toThrow();
        const rec = space.record(0);
        const f = space.fields[0];
        const { [f.name]: _, ...missing } = rec;
        expect(() => space.indexOfRecord(missing)).toThrow(f.name);
        expect(() => space.indexOfRecord({ ...rec, [f.name]: f.type === 'bool' ? 'nope' : true })).toThrow(f.name);
      }),
    );
  });

  it('rejects duplicate field names and empty enums', () => {
    expect(() => new Space([{ name: 'a', type: 'bool' }, { name: 'a', type: 'bool' }])).toThrow('twice');
    expect(() => new Space([{ name: 'a', type: 'enum', values: [] }])).toThrow('no values');
  });
});

describe('the model space', () => {
  it('has 16 booleans and one 6-valued enum: 2^16 * 6 = 393216 states', () => {
    expect(SPACE.size).toBe(2 ** 16 * 6);
    expect(SPACE.size).toBe(393216);
    expect(FIELDS.length).toBe(17);
    expect(FIELDS.filter((f) => f.type === 'bool').length).toBe(16);
    expect(FIELDS.filter((f) => f.type === 'enum').map(radixOf)).toEqual([6]);
    expect(new Set(FIELDS.map((f) => f.name)).size).toBe(17);
  });

  it('round-trips sampled states', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SPACE.size - 1 }), (i) => {
        expect(SPACE.indexOfRecord(SPACE.record(i))).toBe(i);
        expect(SPACE.indexOfDigits(SPACE.digits(i))).toBe(i);
      }),
    );
  });
});
