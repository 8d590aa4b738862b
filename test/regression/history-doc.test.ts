// docs/history.md is generated (npm run docs:history) and never edited by
// hand: regenerated in memory, it must equal the committed file.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { HISTORY_DOC, historyDoc } from '../../scripts/history-doc.ts';

describe('docs/history.md', () => {
  it('is up to date (else: npm run docs:history)', async () => {
    const fresh = await historyDoc();
    const committed = readFileSync(HISTORY_DOC, 'utf8');
    expect(fresh === committed, 'docs/history.md is stale: run npm run docs:history').toBe(true);
    expect(fresh).toMatch(/^## Version by version$/m);
    const series = ['baseline v1', 'v1 v2', 'v2 v3', 'v3 v4', 'v4 v6', 'v6 v7', 'v7 v8', 'v8 v9', 'v9 v10'];
    const mainline = ['v10 6.18', '6.18 6.19', '6.19 7.0', '7.0 7.1', '7.1 7.2', 'baseline 7.2'];
    for (const pair of [...series, ...mainline]) {
      expect(fresh).toContain(`\`s2check diff ${pair} --format markdown\`:`);
    }
    for (const l of fresh.split('\n')) expect(l).toMatch(/^[\x20-\x7e]*$/);
  // Fifteen diffs, six of them on mainline domains, and their versions' trees.
  }, 300_000);
});
