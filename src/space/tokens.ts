// How a field literal and a state are written: the one syntax that every
// output prints and every input (src/parse/) reads back.

import type { Space, Value } from './space.ts';

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
