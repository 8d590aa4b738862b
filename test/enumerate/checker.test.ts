// The exhaustive checker and the decision tables on the real model:
// feasible counts against a brute-force count written from the spec
// (domain.md section 3), path tables against per-state tables, and
// deliberately broken versions.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Checker } from '../../src/enumerate/check.ts';
import { computeTable, TableCache } from '../../src/enumerate/table.ts';
import { explorePaths } from '../../src/enumerate/paths.ts';
import type { PathTree } from '../../src/enumerate/paths.ts';
import { tableDigest } from '../../src/compare/artefacts.ts';
import type { DecisionTable } from '../../src/enumerate/table.ts';
import { makeSystem } from '../../model/system.ts';
import { ASSUMPTIONS, PROFILES } from '../../model/assumptions.ts';
import { SPACE, stateFromIndex } from '../../model/state.ts';
import { valueOf } from '../../src/space/space.ts';
import type { State } from '../../model/state.ts';
import { findVersion, VERSIONS } from '../../model/versions/index.ts';
import type { RuleVersion } from '../../model/version.ts';
import type { FaultDecision } from '../../model/outcomes.ts';
import { accept, grant, refuse, reject } from '../../model/versions/kit.ts';
import { treeDifference } from '../helpers/trees.ts';
import { perStateTableInThread } from '../helpers/per-state.ts';

const sys = makeSystem();
const checker = new Checker(sys, new TableCache(sys));
const version = (id: string): RuleVersion => {
  const v = findVersion(id);
  if (!v) throw new Error(`no version ${id}`);
  return v;
};
const baseline = version('baseline');
const v10 = version('v10');

// --- Brute force, written from domain.md section 3 -------------------------

type Rec = Record<string, boolean | string>;

/** The hard constraints. */
function hard(r: Rec): boolean {
  return (
    (!r['pfn.mapMemory'] || r['pfn.valid'] === true) && // mapmem-has-page
    !(r['vma.pfnmap'] && r['vma.mixedmap']) && // pfnmap-xor-mixedmap
    !(r['fault.exec'] && r['fault.write']) // exec-not-write
  );
}

/** hard + every soft constraint except vma-unchanged-since-memslot. */
function dflt(r: Rec): boolean {
  return (
    hard(r) &&
    (r['vma.memType'] !== 'NORMAL_TAGGED' || r['vma.mteAllowed'] === true) && // tagged-needs-mte-allowed
    (!r['vma.pfnmap'] || !r['slot.logging']) && // no-logging-on-pfnmap
    (!r['vma.pfnmap'] || !r['vma.mteAllowed']) && // pfnmap-not-mte-allowed
    (r['vma.pfnmap'] === true || r['vma.mixedmap'] === true || r['pfn.mapMemory'] === true) // ordinary-vma-linear-mapped
  );
}

/** default + the version's own memslot check accepts the state. */
function endToEnd(v: RuleVersion): (r: Rec, i: number) => boolean {
  return (r, i) => dflt(r) && v.memslot(stateFromIndex(i)).outcome === 'ok';
}

/**
 * SPACE.record(i), written into one object that every call reuses (the
 * brute-force passes read it and keep nothing): 393216 records of their
 * own cost more than the passes. The passes go through the indices in
 * order, so the next index is the last one's digits counted up by one and
 * only the fields whose digit changed are written again.
 */
const scratch: Rec = {};
const scratchDigits = new Int32Array(SPACE.fields.length);
const radices = SPACE.fields.map((f) => (f.type === 'bool' ? 2 : f.values.length));
let scratchIndex = -1;
const recordOf = (i: number): Rec => {
  const nf = SPACE.fields.length;
  if (i === scratchIndex + 1 && i > 0) {
    let k = nf - 1;
    while (++scratchDigits[k] === radices[k]) {
      scratchDigits[k] = 0;
      scratch[SPACE.fields[k].name] = valueOf(SPACE.fields[k], 0);
      k--;
    }
    scratch[SPACE.fields[k].name] = valueOf(SPACE.fields[k], scratchDigits[k]);
  } else {
    SPACE.digits(i, scratchDigits);
    SPACE.fields.forEach((f, k) => (scratch[f.name] = valueOf(f, scratchDigits[k])));
  }
  scratchIndex = i;
  return scratch;
};

function bruteForce(pred: (r: Rec, i: number) => boolean): { count: number; feasible: Uint8Array } {
  const feasible = new Uint8Array(SPACE.size);
  let count = 0;
  for (let i = 0; i < SPACE.size; i++) {
    if (pred(recordOf(i), i)) {
      feasible[i] = 1;
      count++;
    }
  }
  return { count, feasible };
}

function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

// --- Feasible counts ------------------------------------------------------------

describe('feasible states of v10 equal a brute-force count', () => {
  it('the profiles are the ones domain.md names', () => {
    const all = ASSUMPTIONS.map((a) => a.id);
    const mainlineHard = [
      'protected-pins',
      'nested-fields-only-when-nested',
      'excl-atomic-is-data-fsc',
      'gmem-no-dirty-logging',
      'gmem-pages-are-ram',
      'nested-not-protected',
      'protected-no-mte',
      'pin-needs-gup-page',
    ];
    expect(new Set(PROFILES.hard)).toEqual(new Set(['mapmem-has-page', 'pfnmap-xor-mixedmap', 'exec-not-write', ...mainlineHard]));
    expect(new Set(PROFILES.default)).toEqual(new Set(all.filter((id) => id !== 'vma-unchanged-since-memslot')));
    expect(new Set(PROFILES['end-to-end'])).toEqual(new Set(all));
    // The series' eight, then mainline's nine (eight hard, pinned-is-ram soft).
    expect(all.length).toBe(17);
  });

  const cases: Array<[string, (r: Rec, i: number) => boolean, number]> = [
    ['hard', hard, 165888],
    ['default', dflt, 79104],
    ['end-to-end', endToEnd(v10), 56256],
  ];
  for (const [profile, pred, expected] of cases) {
    it(`profile ${profile}`, () => {
      const bf = bruteForce(pred);
      const result = checker.check('v10', PROFILES[profile]);
      expect(result.totalStates).toBe(393216);
      expect(result.feasibleStates).toBe(bf.count);
      // Same set, not just the same size.
      const test = checker.feasibility('v10', PROFILES[profile]);
      for (let i = 0; i < SPACE.size; i++) if (test(i) !== (bf.feasible[i] === 1)) expect({ profile, i, checker: test(i) }).toBeUndefined();
      // The counts found by hand (hard: 3/4 * 3/4 * 3/4 of the space).
      expect(bf.count).toBe(expected);
    }, 30_000);
  }

  it('end-to-end is relative to the version: baseline has its own count', () => {
    const bf = bruteForce(endToEnd(baseline));
    expect(checker.check('baseline', PROFILES['end-to-end']).feasibleStates).toBe(bf.count);
  }, 30_000);
});

// --- Tables -----------------------------------------------------------------------

describe('path tables equal per-state tables', () => {
  // Made in threads of their own from the start of the file (test/helpers/per-state.ts).
  const perStateTables = new Map(['v8', 'v10'].map((id) => [id, perStateTableInThread(id)]));
  for (const id of perStateTables.keys()) {
    it(`${id}`, async () => {
      // The file's checker's table: the tree the counter and the digest read.
      const paths = checker.tables.get(id);
      const perState = await perStateTables.get(id)!;
      expect(paths.failures.size).toBe(0);
      expect(perState.failures.size).toBe(0);
      expect(perState.runs).toBe(SPACE.size);
      expect(paths.runs).toBeLessThan(SPACE.size);
      expect(paths.width).toBe(perState.width);
      expect(paths.decisions).toBe(perState.decisions);
      expect(firstDifference(paths.outputs, perState.outputs)).toBe(-1);
      expect(firstDifference(paths.rules, perState.rules)).toBe(-1);
      // Every state has a rule for every decision.
      expect(paths.rules.every((r) => r >= 0)).toBe(true);
      // The artefact digest streams the tree; per-state tables hand it the flat arrays.
      expect(tableDigest(sys, paths)).toBe(tableDigest(sys, perState));
      // The counter's row diagram is the same canonical diagram (the digest the gate takes).
      const lines = checker.tableLines(id);
      expect(tableDigest(sys, paths, lines)).toBe(tableDigest(sys, perState));
    }, 60_000);
  }

  it('the streamed digest covers failures: a version failing on some states', () => {
    // Plain conditionals, not v10's matches: the per-state table runs the
    // rules on every state, and the failures are the point here.
    const plain = (failing: boolean): RuleVersion => ({
      ...v10,
      fault: (s) => {
        if (failing && s.vma.io && s.cpu.dic && s.fault.write && s.vm.mte) throw new Error('io is broken');
        if (s.vma.pfnmap && s.fault.exec) return refuse('ENOEXEC', 'exec-on-force-nc');
        return grant('map-normal', 'NORMAL', s.fault.exec || s.cpu.dic, s.vm.mte);
      },
      memslot: (s) => (s.vma.pfnmap && s.slot.logging ? reject('pfnmap-logging') : accept('accept')),
    });
    const s = makeSystem([plain(true)]);
    const paths = computeTable(s, 'v10', 'paths');
    const perState = computeTable(s, 'v10', 'per-state');
    expect(perState.failures.size).toBe(SPACE.size / 16);
    expect(tableDigest(s, paths)).toBe(tableDigest(s, perState));
    expect(tableDigest(s, paths, new Checker(s, new TableCache(s)).tableLines('v10'))).toBe(tableDigest(s, perState));
    // And it sees them: the same table without the failures digests differently.
    const whole = makeSystem([plain(false)]);
    expect(tableDigest(s, paths)).not.toBe(tableDigest(whole, computeTable(whole, 'v10', 'paths')));
  }, 60_000);

  it('table rules agree with running the version directly (sampled states)', () => {
    const t = checker.tables.get('v10');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SPACE.size - 1 }), (i) => {
        const s = stateFromIndex(i);
        expect(v10.faultRules[t.rules[i * t.decisions]]).toBe(v10.fault(s).rule);
        expect(v10.memslotRules[t.rules[i * t.decisions + 1]]).toBe(v10.memslot(s).rule);
      }),
      { numRuns: 2000 },
    );
  });
});

// --- Stages: replaying a decision gives the tree evaluate() gives ------------------

describe('exploring by stages builds the same decision tree as evaluate()', () => {
  const trees = (v: RuleVersion) => {
    const s = makeSystem([v]);
    const enc = s.encoding(v.meta.id);
    expect(enc.stages?.length).toBe(2);
    const width = s.outputs.length;
    return { staged: explorePaths(SPACE, enc, width), whole: explorePaths(SPACE, { ...enc, stages: undefined }, width) };
  };
  // The same tree, node for node; only the number of rule runs differs.
  const same = (staged: PathTree, whole: PathTree) => expect(treeDifference(staged, whole)).toBe('');
  /**
   * Rows are canonical: two leaves share a row exactly when their failure,
   * outputs and rules are equal, and rows are numbered in order of their
   * first leaf (paths.ts interns them by a hash of the digits).
   */
  const rowsCanonical = (t: PathTree) => {
    const width = t.leafOutputs.length / t.leaves;
    const nd = t.leafRules.length / t.leaves;
    const content = (l: number) =>
      t.leafFailure[l] !== undefined ? `!${t.leafFailure[l]}` : `${t.leafOutputs.subarray(l * width, (l + 1) * width)}|${t.leafRules.subarray(l * nd, (l + 1) * nd)}`;
    const rowOf = new Map<string, number>();
    const expected = Array.from({ length: t.leaves }, (_, l) => {
      const c = content(l);
      if (!rowOf.has(c)) rowOf.set(c, rowOf.size);
      return rowOf.get(c)!;
    });
    expect(Array.from(t.leafRow)).toEqual(expected);
    expect(t.rows).toBe(rowOf.size);
  };
  for (const v of VERSIONS) {
    it(v.meta.id, () => {
      const { staged, whole } = trees(v);
      same(staged, whole);
      rowsCanonical(staged);
      expect(whole.runs).toBe(whole.leaves);
      expect(staged.runs).toBeLessThan(whole.runs);
    });
  }
  it('on versions that fail: fault throws, memslot throws, a rule outside the list', () => {
    const broken = [
      brokenV10((s) => {
        if (s.vma.io && s.cpu.fwb) throw new Error('io is broken');
        return v10.fault(s);
      }),
      brokenV10(v10.fault, (s) => {
        if (s.slot.logging && !s.vm.mte) throw new TypeError('no logging');
        return v10.memslot(s);
      }),
      brokenV10((s) => (s.fault.write && s.pfn.valid ? { ...v10.fault(s), rule: 'no-such-rule' } : v10.fault(s))),
    ];
    for (const v of broken) {
      const { staged, whole } = trees(v);
      expect(staged.leafFailed.some((f) => f === 1)).toBe(true);
      same(staged, whole);
      rowsCanonical(staged);
    }
  });
});

// --- Broken versions -------------------------------------------------------------

function brokenV10(fault: (s: State) => FaultDecision, memslot = v10.memslot): RuleVersion {
  return { ...v10, fault, memslot };
}

function checkBroken(v: RuleVersion, profile = 'default') {
  const s = makeSystem([baseline, v]);
  const c = new Checker(s, new TableCache(s));
  let result: ReturnType<Checker['check']> | undefined;
  expect(() => (result = c.check('v10', PROFILES[profile]))).not.toThrow();
  const total = result!.properties.find((p) => p.id === 'total')!;
  return { result: result!, total, table: c.tables.get('v10') };
}

describe('a broken version makes total violated, and the checker does not throw', () => {
  it('fault() throws on vma.io states', () => {
    const { result, total } = checkBroken(
      brokenV10((s) => {
        if (s.vma.io) throw new Error('io is broken');
        return v10.fault(s);
      }),
    );
    expect(total.verdict).toBe('violated');
    expect(total.counterexample).toBeDefined();
    expect(SPACE.record(total.counterexample!.index)['vma.io']).toBe(true);
    expect(total.failure).toContain('io is broken');
    // vma.io is free of every default assumption: exactly half the feasible states fail.
    expect(total.premiseStates).toBe(result.feasibleStates);
    expect(total.violatingStates).toBe(result.feasibleStates / 2);
    // The rule counts cover the states that did not fail.
    const faultSum = result.rules.filter((r) => r.decision === 'fault').reduce((a, r) => a + r.states, 0);
    expect(faultSum).toBe(result.feasibleStates - total.violatingStates);
  });

  it('fault() names a rule outside faultRules', () => {
    const { total } = checkBroken(
      brokenV10((s) => {
        const d = v10.fault(s);
        return s.fault.write ? { ...d, rule: 'no-such-rule' } : d;
      }),
    );
    expect(total.verdict).toBe('violated');
    expect(SPACE.record(total.counterexample!.index)['fault.write']).toBe(true);
    expect(total.failure).toContain('no-such-rule');
  });

  it('fault() returns a malformed decision', () => {
    const { total } = checkBroken(
      brokenV10((s) => (s.cpu.fwb ? ({ rule: 'map-normal', request: { attr: 'WRITEBACK', exec: false, sanitiseTags: false } } as unknown as FaultDecision) : v10.fault(s))),
    );
    expect(total.verdict).toBe('violated');
    expect(SPACE.record(total.counterexample!.index)['cpu.fwb']).toBe(true);
  });

  it('memslot() throws', () => {
    const { total } = checkBroken(
      brokenV10(v10.fault, (s) => {
        if (s.slot.logging) throw new TypeError('no logging');
        return v10.memslot(s);
      }),
    );
    expect(total.verdict).toBe('violated');
    expect(SPACE.record(total.counterexample!.index)['slot.logging']).toBe(true);
    expect(total.failure).toBe('TypeError: no logging');
  });

  it('an impure encoding (reads depend on call history) is caught by the path table', () => {
    let calls = 0;
    const { total, table } = checkBroken(
      brokenV10(
        (s) => {
          if (calls++ === 0) void s.vma.pfnmap; // the first run reads a field, later ones do not
          return { rule: 'map-normal', request: { attr: 'NORMAL', exec: false, sanitiseTags: false } };
        },
        () => ({ rule: 'accept', outcome: 'ok' }),
      ),
    );
    expect(table.failures.size).toBeGreaterThan(0);
    expect([...table.failures.values()][0]).toContain('not a function');
    expect(total.verdict).toBe('violated');
  });
});

// --- Properties read every feasible state ----------------------------------------

describe('v10 under default: every feasible state is counted once per decision', () => {
  let cached: ReturnType<Checker['check']> | undefined;
  const run = () => (cached ??= checker.check('v10', PROFILES.default));

  it('total reads every feasible state and holds', () => {
    const total = run().properties.find((p) => p.id === 'total')!;
    expect(total.premiseStates).toBe(run().feasibleStates);
    expect(total.violatingStates).toBe(0);
    expect(total.verdict).toBe('holds');
    expect(run().feasibleStates).toBe(79104);
  });

  for (const decision of ['fault', 'memslot']) {
    it(`${decision} rule counts sum to the feasible states`, () => {
      const rows = run().rules.filter((r) => r.decision === decision);
      expect(rows.map((r) => r.rule)).toEqual(decision === 'fault' ? [...v10.faultRules] : [...v10.memslotRules]);
      expect(rows.reduce((a, r) => a + r.states, 0)).toBe(run().feasibleStates);
    });
  }

  it('rule counts equal a brute-force count over the feasible states', () => {
    const fault = new Map<string, number>();
    const memslot = new Map<string, number>();
    for (let i = 0; i < SPACE.size; i++) {
      if (!dflt(recordOf(i))) continue;
      const s = stateFromIndex(i);
      const f = v10.fault(s).rule;
      const m = v10.memslot(s).rule;
      fault.set(f, (fault.get(f) ?? 0) + 1);
      memslot.set(m, (memslot.get(m) ?? 0) + 1);
    }
    for (const r of run().rules) expect([r.decision, r.rule, r.states]).toEqual([r.decision, r.rule, (r.decision === 'fault' ? fault : memslot).get(r.rule) ?? 0]);
  }, 30_000);

  it('every version is total under the hard profile', () => {
    for (const v of VERSIONS) {
      const r = checker.check(v.meta.id, PROFILES.hard);
      expect([v.meta.id, r.properties.find((p) => p.id === 'total')!.verdict]).toEqual([v.meta.id, 'holds']);
    }
  }, 60_000);
});

describe("the brute force reads the space's records", () => {
  it('recordOf(i) is SPACE.record(i), in order and out of order', () => {
    const check = (i: number) => expect({ ...recordOf(i) }).toEqual(SPACE.record(i));
    for (const i of [0, 1, 2, 3, 4095, 4096, 4097, SPACE.size - 2, SPACE.size - 1, 7, 8, 9]) check(i);
  });
});
