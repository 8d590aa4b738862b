/** Bad input from the user: reported as one line, exit code 2. */
export class UsageError extends Error {}

/** The closest candidates first: for "did you mean" lists. */
export function closest(word: string, candidates: readonly string[]): string[] {
  const d = (a: string, b: string): number => {
    const m = a.length;
    const n = b.length;
    let prev = Array.from({ length: n + 1 }, (_, j) => j);
    for (let i = 1; i <= m; i++) {
      const cur = [i];
      for (let j = 1; j <= n; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[n];
  };
  const w = word.toLowerCase();
  // Candidates that contain the word come first (a prefix typed by hand), then by edit distance.
  const score = (c: string) => (c.toLowerCase().includes(w) && w.length > 0 ? 0 : 1);
  return [...candidates]
    .map((c, i) => ({ c, i, s: score(c), k: d(w, c.toLowerCase()) }))
    .sort((x, y) => x.s - y.s || x.k - y.k || x.i - y.i)
    .map((x) => x.c);
}

/** "unknown version 'v5' (choose from: v6 v4 ...)". */
export function unknown(what: string, word: string, candidates: readonly string[]): UsageError {
  return new UsageError(`unknown ${what} '${word}' (choose from: ${closest(word, candidates).join(' ')})`);
}
