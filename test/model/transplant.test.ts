// A version read in a domain other than its own (a frame's previous
// release, a comparison in the domains' common space) takes its tree from
// its own domain, fields moved (model/family.ts, transplant() in
// src/enumerate/paths.ts). The tree must be node for node the one that
// exploring the rules in that space builds: every array equal, only the
// run count differs (0: no rule ran). Likewise a stage two versions share
// (7.2's fault is 7.1's) is explored once, and each version's tree is the
// one exploring it alone builds.

import { describe, expect, it } from 'vitest';
import { KVM_ARM64_STAGE2 as root } from '../../model/index.ts';
import { bundleAt, bundleCommon } from '../../src/compare/bundle.ts';
import type { ModelBundle } from '../../src/compare/bundle.ts';
import { computeTable } from '../../src/enumerate/table.ts';
import type { PathTree } from '../../src/enumerate/paths.ts';
import { treeDifference } from '../helpers/trees.ts';
import { transplant } from '../../src/enumerate/paths.ts';
import { makeSystem } from '../../model/system.ts';
import { findVersion } from '../../model/versions/index.ts';

/** The transplanted tree (what the bundle's cache gives) and the explored one. */
function both(bundle: ModelBundle, versionId: string): { moved: PathTree; explored: PathTree } {
  const moved = bundle.checker.tables.get(versionId).tree!;
  const explored = computeTable(bundle.system, versionId).tree!;
  return { moved, explored };
}

describe('a version read in another domain takes its tree from its own', () => {
  const cases: Array<[string, () => ModelBundle, string]> = [
    // The frame `previous` of 6.19 is 6.18, whose domain is smaller.
    ['6.18 in 6.19', () => bundleAt(root, '6.19'), '6.18'],
    // 7.1's previous release, 7.0, has no pKVM fields.
    ['7.0 in 7.1', () => bundleAt(root, '7.1'), '7.0'],
    // diff 6.19 7.2 compares in 6.19's domain: 7.2 reads fields pinned
    // there (vm.protected, pfn.pin), whose tests collapse to digit 0.
    ['7.2 in the space it shares with 6.19 (pinned fields)', () => bundleCommon(root, '6.19', '7.2'), '7.2'],
  ];
  for (const [name, bundle, id] of cases) {
    it(name, () => {
      const b = bundle();
      expect(b.domain).not.toBe(bundleAt(root, id).domain);
      const { moved, explored } = both(b, id);
      expect(moved.runs).toBe(0);
      expect(explored.runs).toBeGreaterThan(0);
      expect(treeDifference(moved, explored)).toBe('');
    });
  }

  it('a wrong field map gives another tree (the comparison can fail)', () => {
    const b = bundleAt(root, '7.1');
    const home = bundleAt(root, '7.0');
    const source = home.checker.tables.get('7.0').tree!;
    const at = Int32Array.from(home.system.space.fields, (f) => b.system.space.indexOfField(f.name));
    // Swap two boolean fields the tree tests.
    const [a, c] = [home.system.space.indexOfField('vma.pfnmap'), home.system.space.indexOfField('vma.mixedmap')];
    [at[a], at[c]] = [at[c], at[a]];
    const wrong = transplant(source, b.system.space, at, b.system.outputs.length);
    expect(treeDifference(wrong, computeTable(b.system, '7.0').tree!)).toMatch(/^field\[/);
  });

  it('the series keeps its own trees: a legacy version in a mainline domain is explored there', () => {
    const b = bundleAt(root, '6.18');
    expect(b.checker.tables.get('v10').tree!.runs).toBeGreaterThan(0);
  });
});

describe('a stage two versions share is explored once', () => {
  it("7.2's fault is 7.1's: in their domain the fault rules run for one of them, and each tree is the one exploring it alone builds", () => {
    const b = bundleAt(root, '7.2');
    const [v71, v72] = [findVersion('7.1')!, findVersion('7.2')!];
    expect(v72.fault).toBe(v71.fault);
    // Whichever this process explored first ran the fault rules; the other ran its memslot rules only.
    const [t71, t72] = [b.checker.tables.get('7.1').tree!, b.checker.tables.get('7.2').tree!];
    // Alone: a System of the one version, in the same domain, where nothing is shared.
    const alone = (v: typeof v71) => computeTable(makeSystem([v], v.meta.domain), v.meta.id).tree!;
    const [a71, a72] = [alone(v71), alone(v72)];
    expect(treeDifference(t71, a71)).toBe('');
    expect(treeDifference(t72, a72)).toBe('');
    expect(Math.min(t71.runs, t72.runs)).toBeLessThan(Math.min(a71.runs, a72.runs) / 50);
    expect(Math.max(t71.runs, t72.runs)).toBeGreaterThan(0);
  });
});
