// Plain-text helpers: reports are for mail and commit messages, so ASCII,
// at most 75 columns, stable order.

export const WIDTH = 75;

/** Wrap words to WIDTH, indenting continuation lines. */
export function wrap(text: string, indent = '', first = indent): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line.trim() === '' || line.endsWith(' ') ? line + word : `${line} ${word}`;
    if (candidate.length > WIDTH && line.trim() !== '') {
      lines.push(line);
      line = indent + word;
    } else line = candidate;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function padLeft(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}
