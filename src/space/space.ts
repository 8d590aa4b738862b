// A finite state space over typed fields (booleans and enumerations).
//
// Every state has an integer index in mixed radix: the first field is the
// most significant digit, the last field varies fastest. A boolean digit is
// 0 = false, 1 = true; an enum digit is the position of the value in the
// field's value list. The index names a state exactly, so a state can be
// printed, stored in an artefact and replayed.

export type Value = boolean | string;

export type FieldSpec =
  | { readonly name: string; readonly type: 'bool'; readonly doc?: string }
  | { readonly name: string; readonly type: 'enum'; readonly values: readonly string[]; readonly doc?: string };

export function radixOf(field: FieldSpec): number {
  return field.type === 'bool' ? 2 : field.values.length;
}

export function valueOf(field: FieldSpec, digit: number): Value {
  return field.type === 'bool' ? digit === 1 : field.values[digit];
}

/**
 * Digits as a record by name: booleans as booleans, the others as the
 * value at their digit in `sorts[k]` (undefined for a boolean). One object
 * literal, generated, so that every record has the same shape: built key
 * by key, records cost several times more to make and to print.
 */
export function recordMaker(names: readonly string[], sorts: ReadonlyArray<readonly string[] | undefined>): (digits: ArrayLike<number>) => Record<string, Value> {
  // A computed key for __proto__, which as a plain key would set the prototype.
  const key = (name: string) => (name === '__proto__' ? `[${JSON.stringify(name)}]` : JSON.stringify(name));
  const entries = names.map((name, k) => `${key(name)}: ${sorts[k] ? `V[${k}][R[${k}]]` : `R[${k}] === 1`}`);
  const make = new Function('V', 'R', `return {${entries.join(', ')}};`) as (v: typeof sorts, digits: ArrayLike<number>) => Record<string, Value>;
  return (digits) => make(sorts, digits);
}

export function digitOf(field: FieldSpec, value: Value): number {
  if (field.type === 'bool') {
    if (typeof value !== 'boolean') throw new Error(`field ${field.name} takes true or false, not ${String(value)}`);
    return value ? 1 : 0;
  }
  const digit = typeof value === 'string' ? field.values.indexOf(value) : -1;
  if (digit < 0) throw new Error(`field ${field.name} takes one of ${field.values.join(' ')}, not ${String(value)}`);
  return digit;
}

export class Space {
  readonly fields: readonly FieldSpec[];
  /** Number of states: the product of the radices. */
  readonly size: number;
  /** weights[i]: how much the index moves when field i moves by one. */
  readonly weights: readonly number[];
  private readonly position = new Map<string, number>();

  constructor(fields: readonly FieldSpec[]) {
    this.fields = fields;
    const weights = new Array<number>(fields.length);
    let size = 1;
    for (let i = fields.length - 1; i >= 0; i--) {
      const radix = radixOf(fields[i]);
      if (radix < 1) throw new Error(`field ${fields[i].name} has no values`);
      if (this.position.has(fields[i].name)) throw new Error(`field ${fields[i].name} is declared twice`);
      this.position.set(fields[i].name, i);
      weights[i] = size;
      size *= radix;
    }
    if (!Number.isSafeInteger(size)) throw new Error(`state space too large to index (${size} states)`);
    this.size = size;
    this.weights = weights;
  }

  has(name: string): boolean {
    return this.position.has(name);
  }

  /** Position of a field; throws on an unknown name (callers validate user input first). */
  indexOfField(name: string): number {
    const i = this.position.get(name);
    if (i === undefined) throw new Error(`unknown field ${name}`);
    return i;
  }

  field(name: string): FieldSpec {
    return this.fields[this.indexOfField(name)];
  }

  private matrix: Int8Array | undefined;

  /** Digits of every state, `fields.length` per state (computed once, for hot loops). */
  digitMatrix(): Int8Array {
    if (!this.matrix) {
      const nf = this.fields.length;
      const m = new Int8Array(this.size * nf);
      const d = new Int32Array(nf);
      for (let i = 0; i < this.size; i++) {
        // Counting in mixed radix: increment the last digit, carry left.
        m.set(d, i * nf);
        let k = nf - 1;
        while (k >= 0 && ++d[k] === radixOf(this.fields[k])) d[k--] = 0;
      }
      this.matrix = m;
    }
    return this.matrix;
  }

  /** Digits of a state, written into `out` (allocated when absent). */
  digits(index: number, out: Int32Array = new Int32Array(this.fields.length)): Int32Array {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) throw new Error(`state index ${index} out of range 0..${this.size - 1}`);
    let rest = index;
    for (let i = 0; i < this.fields.length; i++) {
      const w = this.weights[i];
      const d = Math.floor(rest / w);
      out[i] = d;
      rest -= d * w;
    }
    return out;
  }

  indexOfDigits(digits: ArrayLike<number>): number {
    let index = 0;
    for (let i = 0; i < this.fields.length; i++) index += digits[i] * this.weights[i];
    return index;
  }

  /** Flat record with the dotted field names as keys, in field order. */
  record(index: number): Record<string, Value> {
    this.recordOf ??= recordMaker(
      this.fields.map((f) => f.name),
      this.fields.map((f) => (f.type === 'bool' ? undefined : f.values)),
    );
    this.scratch ??= new Int32Array(this.fields.length);
    return this.recordOf(this.digits(index, this.scratch));
  }

  private recordOf: ((digits: ArrayLike<number>) => Record<string, Value>) | undefined;
  private scratch: Int32Array | undefined;

  /** Index of a state given as a flat record; every field must be present. */
  indexOfRecord(record: Readonly<Record<string, Value>>): number {
    const digits = this.fields.map((f) => {
      if (!(f.name in record)) throw new Error(`state lacks field ${f.name}`);
      return digitOf(f, record[f.name]);
    });
    return this.indexOfDigits(digits);
  }

  /** Index of the state that equals `index` except for the given field digits. */
  withDigits(index: number, overrides: ReadonlyArray<readonly [field: number, digit: number]>, scratch?: Int32Array): number {
    const d = this.digits(index, scratch);
    for (const [f, digit] of overrides) d[f] = digit;
    return this.indexOfDigits(d);
  }

  /** Fields on which two states differ. */
  difference(a: number, b: number): string[] {
    const da = this.digits(a);
    const db = this.digits(b);
    return this.fields.filter((_, i) => da[i] !== db[i]).map((f) => f.name);
  }

  /** Nested object view: "vma.pfnmap" becomes { vma: { pfnmap } }. */
  nested(index: number): Record<string, unknown> {
    return nest(this.record(index));
  }
}

export function nest(flat: Readonly<Record<string, Value>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(flat)) {
    const parts = name.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = value;
  }
  return out;
}
