// States on the command line: `field` (true), `!field` (false),
// `field=value`, `field=A|B` (one of the values), `field!=A|B` (none of
// them), `true` (no constraint), or a preset name (first) followed by
// overrides, e.g.
// `nvgrace-usemem !cpu.dic fault.exec`. Fields not given are free: a
// partial state is a cube of states. Generic over a Space and a list of
// named complete states; knows nothing about the model.

import type { Cube } from '../space/cubes.ts';
import { FREE } from '../space/cubes.ts';
import type { Space, Value } from '../space/space.ts';
import { digitOf, valueOf } from '../space/space.ts';
import { UsageError } from './errors.ts';
import { choices, quote } from './expr.ts';

export interface NamedState {
  readonly name: string;
  /** A complete state, as its index. */
  readonly index: number;
}

export interface ParsedState {
  /** The preset the tokens start from, if any. */
  readonly preset?: string;
  /** One digit per field; FREE where the field is not given. */
  readonly cube: Cube;
  /** The state index when every field is given (always with a preset). */
  readonly index?: number;
  /** Fields the tokens set (after the preset), in the order given. */
  readonly given: readonly string[];
  /** Per field, the values allowed when a token allows several (f=A|B, f!=A); the cube has FREE there. */
  readonly sets?: ReadonlyArray<readonly number[] | undefined>;
}

/**
 * Parse state tokens. Each word may hold several tokens separated by
 * white space. With `defaults`, fields neither given nor set by a preset
 * take the default value (the result is then complete).
 */
export function parseState(
  words: readonly string[],
  space: Space,
  presets: readonly NamedState[],
  defaults?: Readonly<Record<string, Value>>,
): ParsedState {
  const tokens = words.flatMap((w) => w.split(/\s+/)).filter((t) => t !== '' && t !== 'true');
  if (tokens.length === 0 && words.some((w) => /(^|\s)true(\s|$)/.test(w))) return { cube: new Int8Array(space.fields.length).fill(FREE), given: [] };
  if (tokens.length === 0) throw new UsageError(`no state given (a preset, then tokens field, !field or field=value; presets: ${presets.map((p) => p.name).join(' ')})`);
  const fieldNames = space.fields.map((f) => f.name);
  const cube: Cube = new Int8Array(space.fields.length).fill(FREE);
  const setBy = new Map<number, number>();
  const given: string[] = [];
  const sets: Array<number[] | undefined> = space.fields.map(() => undefined);
  let preset: string | undefined;
  tokens.forEach((tok, t) => {
    const where = `state token ${t + 1} ${quote(tok)}`;
    const p = presets.find((x) => x.name === tok);
    if (p) {
      if (t > 0) throw new UsageError(`${where}: a preset must come first (then the fields that differ from it)`);
      preset = p.name;
      space.digits(p.index).forEach((d, k) => (cube[k] = d));
      return;
    }
    const ne = /^[^=!]+!=/.test(tok);
    const negated = tok.startsWith('!');
    const body = negated ? tok.slice(1) : ne ? tok.replace('!=', '=') : tok;
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    if (!space.has(name)) {
      const candidates = negated || eq >= 0 ? fieldNames : [...presets.map((x) => x.name), ...fieldNames];
      const what = negated || eq >= 0 ? 'field' : t === 0 ? 'field or preset' : 'field';
      throw new UsageError(`${where}: unknown ${what} ${quote(name)} (choose from: ${choices(name, candidates)})`);
    }
    const k = space.indexOfField(name);
    const field = space.fields[k];
    let digit: number;
    if (field.type === 'bool') {
      if (negated && eq >= 0) throw new UsageError(`${where}: write !${name} or ${name}=false, not both`);
      if (eq >= 0) {
        const v = body.slice(eq + 1);
        if (v !== 'true' && v !== 'false') throw new UsageError(`${where}: ${name} is true or false (write ${name}, !${name} or ${name}=false), not ${quote(v)}`);
        digit = (v === 'true') !== ne ? 1 : 0;
      } else digit = negated ? 0 : 1;
    } else {
      if (negated || eq < 0) throw new UsageError(`${where}: ${name} takes a value: ${name}=VALUE with VALUE one of ${field.values.join(' ')}`);
      const vs = body.slice(eq + 1).split('|');
      for (const v of vs) if (!field.values.includes(v)) throw new UsageError(`${where}: unknown value ${quote(v)} of ${name} (choose from: ${choices(v, field.values)})`);
      const named = vs.map((v) => digitOf(field, v));
      const allowed = ne ? field.values.map((_, d) => d).filter((d) => !named.includes(d)) : [...new Set(named)];
      if (allowed.length === 0) throw new UsageError(`${where}: no value of ${name} is left`);
      if (allowed.length > 1) {
        if (setBy.has(k) || sets[k]) throw new UsageError(`${where}: ${name} is given twice`);
        setBy.set(k, t);
        given.push(name);
        sets[k] = allowed;
        cube[k] = FREE;
        return;
      }
      digit = allowed[0];
    }
    const before = setBy.get(k);
    if (before !== undefined && cube[k] !== digit) {
      throw new UsageError(`${where}: ${name} is given twice with different values (token ${before + 1} ${quote(tokens[before])})`);
    }
    if (before === undefined) given.push(name);
    setBy.set(k, t);
    cube[k] = digit;
  });
  if (defaults && !preset) {
    space.fields.forEach((f, k) => {
      if (cube[k] === FREE && f.name in defaults) cube[k] = digitOf(f, defaults[f.name]);
    });
  }
  const complete = cube.every((d) => d !== FREE);
  const hasSets = sets.some((s) => s !== undefined);
  return { preset, cube, index: complete ? space.indexOfDigits(cube) : undefined, given, ...(hasSets ? { sets } : {}) };
}

/** The tokens of a cube's fixed fields (skipping those fixed in `except`), in field order. */
export function cubeTokens(space: Space, cube: Cube, except?: Cube): string[] {
  const out: string[] = [];
  space.fields.forEach((f, k) => {
    if (cube[k] === FREE || (except && except[k] !== FREE)) return;
    const v: Value = valueOf(f, cube[k]);
    out.push(v === true ? f.name : v === false ? `!${f.name}` : `${f.name}=${v}`);
  });
  return out;
}
