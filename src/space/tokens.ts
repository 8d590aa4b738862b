// How a field literal and a state are written: the one syntax that every
// output prints and every input (src/parse/) reads back.

import type { Space, Value } from './space.ts';

/** A field value as a state token: `name`, `!name` or `name=value`. */
export function token(name: string, value: Value): string {
  if (value === true) return name;
  if (value === false) return `!${name}`;
  return `${name}=${value}`;
}

/** How many fields a state may differ from a preset and still be named after it. */
export const PRESET_DISTANCE = 1;

/**
 * A state in the state syntax. Named after its closest preset only when
 * it is that preset or differs from it in one field ("cow-pfnmap",
 * "anon-ram vma.io": the preset, then the field that differs); otherwise
 * by all its fields, so that no preset suggests a setting it does not have.
 */
export function describeState(space: Space, index: number, preset: string, differs: readonly string[]): string {
  const rec = space.record(index);
  if (preset && differs.length <= PRESET_DISTANCE) return [preset, ...differs.map((f) => token(f, rec[f]))].join(' ');
  return space.fields.map((f) => token(f.name, rec[f.name])).join(' ');
}
