// Plain-text helpers: reports are for mail and commit messages, so ASCII,
// at most 75 columns, stable order.

import type { Space, Value } from '../space.ts';

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

/** A field value as a state token: `name`, `!name` or `name=value`. */
export function token(name: string, value: Value): string {
  if (value === true) return name;
  if (value === false) return `!${name}`;
  return `${name}=${value}`;
}

/** A state as "preset token token ...": the preset, then the fields that differ from it. */
export function describeState(space: Space, index: number, preset: string, differs: readonly string[]): string {
  const rec = space.record(index);
  return [preset, ...differs.map((f) => token(f, rec[f]))].join(' ');
}

export function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export function padLeft(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}
