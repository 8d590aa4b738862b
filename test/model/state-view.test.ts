// The state view the rules read (model/state.ts stateView): every getter
// is a read of the run, so nothing but a rule's own field accesses may read
// one. ts-pattern's non-exhaustive error serialises the value it matched;
// that must not read every field (the tree would split on all of them
// below the failing path).

import { describe, expect, it } from 'vitest';
import { match } from 'ts-pattern';
import { stateView } from '../../model/state.ts';
import { makeSystem } from '../../model/system.ts';
import { findVersion } from '../../model/versions/index.ts';
import type { RuleVersion } from '../../model/version.ts';
import { accept } from '../../model/versions/kit.ts';
import { computeTable } from '../../src/enumerate/table.ts';

describe('the state view', () => {
  it('reads no field when serialised as JSON, whole or by group, alone or inside another value', () => {
    const reads: number[] = [];
    const view = stateView((k) => (reads.push(k), 0));
    JSON.stringify(view);
    JSON.stringify(view.vma);
    JSON.stringify({ s: view, isCacheable: true });
    expect(reads).toEqual([]);
    // Its keys are the state's groups (the placeholder is not enumerable).
    expect(Object.keys(view)).toEqual(['vma', 'pfn', 'cpu', 'vm', 'slot', 'fault', 'nested']);
    view.cpu.fwb;
    expect(reads).toEqual([9]);
  });

  it('a non-exhaustive match fails on one path, as a plain throw at the same point does', () => {
    const v10 = findVersion('v10')!;
    const version = (id: string, memslot: RuleVersion['memslot']): RuleVersion => ({ ...v10, meta: { ...v10.meta, id, alias: undefined, aliases: undefined }, memslot });
    // Not exhaustive on purpose: the type check would refuse it (as it refuses a rule file), so the match is untyped.
    const untyped = (m: unknown) => m as { exhaustive(): ReturnType<RuleVersion['memslot']> };
    const nonExhaustive = version('non-exhaustive', (s) => untyped(match(s).with({ vma: { pfnmap: false } }, () => accept('accept'))).exhaustive());
    const throwing = version('throwing', (s) => {
      if (s.vma.pfnmap) throw new Error('pfnmap');
      return accept('accept');
    });
    const sys = makeSystem([nonExhaustive, throwing]);
    const a = computeTable(sys, 'non-exhaustive').tree!;
    const b = computeTable(sys, 'throwing').tree!;
    expect(a.leaves).toBe(b.leaves);
    expect(a.rows).toBe(b.rows);
    expect(a.leafFailed.reduce((n, f) => n + f, 0)).toBe(b.leafFailed.reduce((n, f) => n + f, 0));
  });
});
