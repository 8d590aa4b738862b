// Decision trees compared node for node, without vitest's generic deep
// equality: it walks a typed array element by element through its own
// machinery, about 50 ms per tree (20 trees in checker.test.ts).

import type { PathTree } from '../../src/enumerate/paths.ts';

/**
 * The first part in which two trees differ ('' when node for node the
 * same). Every part but the run count, which says how the tree was made
 * (explored whole, by stages, transplanted), not what it is.
 */
export function treeDifference(a: PathTree, b: PathTree): string {
  const scalars = ['root', 'leaves', 'rows'] as const;
  for (const k of scalars) if (a[k] !== b[k]) return `${k}: ${a[k]} != ${b[k]}`;
  const parts = ['field', 'base', 'child', 'leafOutputs', 'leafRules', 'leafFailed', 'leafFailure', 'leafRow', 'radices', 'weights'] as const;
  for (const k of parts) {
    const x: ArrayLike<unknown> = a[k];
    const y: ArrayLike<unknown> = b[k];
    if (x.length !== y.length) return `${k}: length ${x.length} != ${y.length}`;
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return `${k}[${i}]: ${x[i]} != ${y[i]}`;
  }
  const known = new Set<string>([...scalars, ...parts, 'runs']);
  const extra = [...Object.keys(a), ...Object.keys(b)].filter((k) => !known.has(k));
  return extra.length ? `parts this comparison does not know: ${[...new Set(extra)].sort().join(', ')}` : '';
}
