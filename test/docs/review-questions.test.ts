// docs/review-questions.md is generated (npm run docs); regenerate it in
// memory and compare, so that a change to the model or the commands that
// changes an answer fails here until the document is regenerated.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { DOC_PATH, generateReviewQuestions } from '../../scripts/docs.ts';

describe('docs/review-questions.md', () => {
  it('is up to date (run npm run docs if not)', async () => {
    const committed = readFileSync(DOC_PATH, 'utf8');
    const fresh = await generateReviewQuestions();
    if (fresh !== committed) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const k = a.findIndex((l, i) => l !== b[i]);
      expect.fail(`docs/review-questions.md is stale (first difference at line ${k + 1}: ${JSON.stringify(a[k])} now ${JSON.stringify(b[k])}); run npm run docs`);
    }
  // Questions 5 to 9 run mainline diffs and queries (millions of states).
  }, 900_000);

  it('has no timings and is ASCII', () => {
    const text = readFileSync(DOC_PATH, 'utf8');
    expect(text).not.toMatch(/\d+ ms\b/);
    expect(text).toMatch(/^[\x0a\x20-\x7e]*$/);
    expect(text.match(/^## \d\. /gm)).toHaveLength(9);
  });
});
