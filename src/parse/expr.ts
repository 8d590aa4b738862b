// The query language: text to the typed expressions of src/space/expr.ts. It
// reads what show() prints, so every property, assumption and derived fact
// can be pasted back in.
//
//   expr    := impl ('<->' impl)*            left-associative
//   impl    := disj ('->' impl)?             right-associative
//   disj    := conj ('|' conj)*
//   conj    := cmp (('&' | juxtaposition) cmp)*
//   cmp     := unary (('=' | '!=') unary ('|' VALUE)*)?   enums, or booleans (= is <->)
//   unary   := '!'* primary
//   primary := NAME | FRAME ':' NAME | VALUE | 'true' | 'false'
//            | '(' expr ')' | 'ite' '(' expr ',' expr ',' expr ')'
//
// NAME is a variable of the vocabulary (a boolean field or fact is a
// condition by itself; an enum is compared with a value or another enum of
// its sort), a named predicate, or a preset.
//
// So that every condition s2check prints reads back (the state syntax is
// a special case): terms side by side are a conjunction (`vma.pfnmap
// !cpu.fwb` is `vma.pfnmap & !cpu.fwb`); `f=A|B` is "f is A or B" and
// `f!=A|B` "f is neither" (a bare value after '|' continues the set; it
// could mean nothing else); a preset stands for its fields, except those
// that another term of the same conjunction sets (`anon-ram vma.io`: the
// anon-ram state with VM_IO set, as in the state syntax). Errors are UsageErrors: a message, then
// the expression with a caret under the bad token. Nesting is limited to
// MAX_DEPTH levels, so no input can exhaust the stack.

import type { Bool, Enum, EnumSort, Sort } from '../space/expr.ts';
import { eite, FALSE, inFrame, ite, TRUE } from '../space/expr.ts';
import { UsageError, closest } from './errors.ts';

export interface Vocabulary {
  /** Variables by name (fields, outputs, derived facts) with their sorts. */
  readonly names: ReadonlyArray<{ readonly name: string; readonly sort: Sort }>;
  /** Named predicates, e.g. SUPPORTED. */
  readonly predicates: Readonly<Record<string, Bool>>;
  /** Frame ids that may prefix a name: `baseline:fault.outcome`. */
  readonly frames?: readonly string[];
  /** Named states (presets): each stands for its fields' values. */
  readonly presets?: ReadonlyArray<{ readonly name: string; readonly values: Readonly<Record<string, boolean | string>> }>;
}

export const MAX_DEPTH = 200;

/** A parse or type error at a position of the expression. */
export class ExprError extends UsageError {
  constructor(
    readonly reason: string,
    readonly text: string,
    readonly at: number,
    readonly length = 1,
  ) {
    super(formatError(reason, text, at, length));
  }
}

function formatError(reason: string, text: string, at: number, length: number): string {
  // Show at most WINDOW characters around the bad token, ASCII only.
  const WINDOW = 60;
  let start = 0;
  let end = text.length;
  if (end > WINDOW) {
    start = Math.max(0, Math.min(at - 20, text.length - WINDOW));
    end = Math.min(text.length, start + WINDOW);
  }
  const left = start > 0 ? '...' : '';
  const right = end < text.length ? '...' : '';
  const excerpt = text.slice(start, end).replace(/[^\x20-\x7e]/g, ' ');
  const col = Math.min(at, text.length) - start + left.length;
  const carets = Math.max(1, Math.min(length, end - Math.min(at, end)));
  return `${reason} (column ${at + 1})\n  ${left}${excerpt}${right}\n  ${' '.repeat(col)}${'^'.repeat(carets)}`;
}

/** Candidates for "choose from", closest first, at most `max` of them. */
export function choices(word: string, candidates: readonly string[], max = 10): string {
  const list = closest(word.slice(0, 64), candidates);
  return list.length > max ? `${list.slice(0, max).join(' ')} ...` : list.join(' ');
}

/** User text inside a message, shortened. */
export function quote(s: string, max = 40): string {
  const t = s.replace(/[^\x20-\x7e]/g, '?');
  return `'${t.length > max ? `${t.slice(0, max)}...` : t}'`;
}

// --- Tokens -----------------------------------------------------------------

type TokKind = 'name' | '(' | ')' | ',' | '!' | '&' | '|' | '->' | '<->' | '=' | '!=' | 'end';
interface Tok {
  readonly kind: TokKind;
  readonly text: string;
  readonly at: number;
}

// A '-' inside a name (presets: anon-ram) when a letter or digit follows, so a->b is still an arrow.
const NAME = /[A-Za-z_][A-Za-z0-9_.]*(?:-[A-Za-z0-9_.]+)*(?::[A-Za-z_][A-Za-z0-9_.]*(?:-[A-Za-z0-9_.]+)*)?/y;

function tokenize(text: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    const three = text.slice(i, i + 3);
    if (three === '<->') {
      toks.push({ kind: '<->', text: three, at: i });
      i += 3;
    } else if (two === '->' || two === '!=') {
      toks.push({ kind: two, text: two, at: i });
      i += 2;
    } else if ('()!&|=,'.includes(c)) {
      toks.push({ kind: c as TokKind, text: c, at: i });
      i++;
    } else {
      NAME.lastIndex = i;
      const m = NAME.exec(text);
      if (!m) {
        const hint = c === '"' || c === "'" ? ' (values are written bare: fault.attr = NORMAL)' : ' (operators: ! & | -> <-> = != and parentheses)';
        throw new ExprError(`unexpected character ${quote(c)}${hint}`, text, i);
      }
      toks.push({ kind: 'name', text: m[0], at: i });
      i += m[0].length;
    }
  }
  toks.push({ kind: 'end', text: '', at: text.length });
  return toks;
}

// --- Untyped tree -----------------------------------------------------------

type Node =
  | { readonly k: 'name'; readonly text: string; readonly at: number; readonly depth: number }
  | { readonly k: 'not'; readonly arg: Node; readonly at: number; readonly depth: number }
  | { readonly k: 'and' | 'or'; readonly args: readonly Node[]; readonly at: number; readonly depth: number }
  | { readonly k: 'implies' | 'iff' | 'eq' | 'ne'; readonly lhs: Node; readonly rhs: Node; readonly at: number; readonly depth: number }
  | { readonly k: 'ite'; readonly args: readonly [Node, Node, Node]; readonly at: number; readonly depth: number }
  | { readonly k: 'in' | 'notin'; readonly lhs: Node; readonly values: readonly Node[]; readonly at: number; readonly depth: number };

class Parser {
  private i = 0;
  private nesting = 0;
  constructor(
    private readonly text: string,
    private readonly toks: readonly Tok[],
    /** Is this word a bare value of some enum (and nothing else)? */
    private readonly isValue: (word: string) => boolean = () => false,
  ) {}

  private get tok(): Tok {
    return this.toks[this.i];
  }

  private fail(reason: string, t: Tok = this.tok): never {
    throw new ExprError(reason, this.text, t.at, Math.max(1, t.text.length));
  }

  private depth(at: Tok, d: number): number {
    if (d > MAX_DEPTH) this.fail(`expression nested more than ${MAX_DEPTH} levels deep`, at);
    return d;
  }

  parse(): Node {
    if (this.tok.kind === 'end') this.fail('empty expression');
    const n = this.iff();
    const rest = this.toks[this.i];
    if (rest.kind !== 'end') {
      if (rest.kind === ')') this.fail("unexpected ')' (no '(' to close)");
      this.fail(`expected an operator (& | -> <-> = !=) or the end, found ${quote(rest.text)}`);
    }
    return n;
  }

  private iff(): Node {
    let lhs = this.implies();
    while (this.tok.kind === '<->') {
      const op = this.tok;
      this.i++;
      const rhs = this.implies();
      lhs = { k: 'iff', lhs, rhs, at: op.at, depth: this.depth(op, 1 + Math.max(lhs.depth, rhs.depth)) };
    }
    return lhs;
  }

  private implies(): Node {
    const parts = [this.or()];
    const ops: Tok[] = [];
    while (this.tok.kind === '->') {
      ops.push(this.tok);
      this.i++;
      parts.push(this.or());
    }
    let rhs = parts[parts.length - 1];
    for (let k = parts.length - 2; k >= 0; k--) {
      const lhs = parts[k];
      rhs = { k: 'implies', lhs, rhs, at: ops[k].at, depth: this.depth(ops[k], 1 + Math.max(lhs.depth, rhs.depth)) };
    }
    return rhs;
  }

  private nary(kind: '&' | '|', operand: () => Node): Node {
    const first = this.tok;
    const args = [operand()];
    while (this.tok.kind === kind) {
      this.i++;
      args.push(operand());
    }
    if (args.length === 1) return args[0];
    const depth = this.depth(first, 1 + args.reduce((m, a) => Math.max(m, a.depth), 0));
    return { k: kind === '&' ? 'and' : 'or', args, at: first.at, depth };
  }

  private or(): Node {
    return this.nary('|', () => this.and());
  }

  private and(): Node {
    // '&', or terms side by side: a name, '!' or '(' right after a term.
    const first = this.tok;
    const args = [this.cmp()];
    for (;;) {
      if (this.tok.kind === '&') this.i++;
      else if (this.tok.kind !== 'name' && this.tok.kind !== '!' && this.tok.kind !== '(') break;
      args.push(this.cmp());
    }
    if (args.length === 1) return args[0];
    const depth = this.depth(first, 1 + args.reduce((m, a) => Math.max(m, a.depth), 0));
    return { k: 'and', args, at: first.at, depth };
  }

  private cmp(): Node {
    const lhs = this.unary();
    const op = this.tok;
    if (op.kind !== '=' && op.kind !== '!=') return lhs;
    this.i++;
    const rhs = this.unary();
    // f=A|B|C: a set of values (a bare value after '|' could mean nothing else).
    const values: Node[] = [rhs];
    while (this.tok.kind === '|' && this.toks[this.i + 1]?.kind === 'name' && this.isValue(this.toks[this.i + 1].text) && this.toks[this.i + 2]?.kind !== '=' && this.toks[this.i + 2]?.kind !== '!=') {
      const v = this.toks[this.i + 1];
      values.push({ k: 'name', text: v.text, at: v.at, depth: 1 });
      this.i += 2;
    }
    if (this.tok.kind === '=' || this.tok.kind === '!=') this.fail('comparisons do not chain: use & between them, or parentheses');
    if (values.length > 1) return { k: op.kind === '=' ? 'in' : 'notin', lhs, values, at: op.at, depth: this.depth(op, 1 + lhs.depth) };
    return { k: op.kind === '=' ? 'eq' : 'ne', lhs, rhs, at: op.at, depth: this.depth(op, 1 + Math.max(lhs.depth, rhs.depth)) };
  }

  private unary(): Node {
    const nots: Tok[] = [];
    while (this.tok.kind === '!') {
      nots.push(this.tok);
      this.depth(this.tok, nots.length);
      this.i++;
    }
    let n = this.primary();
    for (let k = nots.length - 1; k >= 0; k--) n = { k: 'not', arg: n, at: nots[k].at, depth: this.depth(nots[k], n.depth + 1) };
    return n;
  }

  private primary(): Node {
    const t = this.tok;
    switch (t.kind) {
      case 'name': {
        this.i++;
        if (t.text === 'ite' && this.tok.kind === '(') return this.ite(t);
        return { k: 'name', text: t.text, at: t.at, depth: 1 };
      }
      case '(': {
        this.enter(t);
        this.i++;
        const inner = this.iff();
        if (this.tok.kind !== ')') {
          if (this.tok.kind === 'end') this.fail(`missing ')' for the '(' at column ${t.at + 1}`);
          this.fail(`expected ')' for the '(' at column ${t.at + 1}, found ${quote(this.tok.text)}`);
        }
        this.i++;
        this.nesting--;
        return inner;
      }
      case 'end':
        this.fail(this.i > 0 ? `the expression ends after ${quote(this.toks[this.i - 1].text)}: a name, value, '!' or '(' must follow` : 'empty expression', this.i > 0 ? this.toks[this.i - 1] : t);
      default:
        this.fail(`expected a name, a value, '!' or '(', found ${quote(t.text)}`);
    }
  }

  private enter(t: Tok): void {
    if (++this.nesting > MAX_DEPTH) this.fail(`expression nested more than ${MAX_DEPTH} levels deep`, t);
  }

  private ite(name: Tok): Node {
    this.enter(this.tok);
    this.i++;
    const args: Node[] = [];
    for (let k = 0; k < 3; k++) {
      args.push(this.iff());
      const want = k < 2 ? ',' : ')';
      if (this.tok.kind !== want) this.fail(`ite(condition, then, else): expected '${want}', found ${this.tok.kind === 'end' ? 'the end' : quote(this.tok.text)}`);
      this.i++;
    }
    this.nesting--;
    const depth = this.depth(name, 1 + Math.max(...args.map((a) => a.depth)));
    return { k: 'ite', args: args as unknown as [Node, Node, Node], at: name.at, depth };
  }
}

// --- Types ------------------------------------------------------------------

/** What a subtree is before its context is known: a bare value has no sort of its own. */
type Shape = 'bool' | EnumSort | 'value';

class Typer {
  private readonly sorts = new Map<string, Sort>();
  private readonly frames: ReadonlySet<string>;
  private readonly shapes = new Map<Node, Shape>();
  private readonly presets = new Map<string, Readonly<Record<string, boolean | string>>>();
  constructor(
    private readonly text: string,
    private readonly vocab: Vocabulary,
  ) {
    for (const v of vocab.names) this.sorts.set(v.name, v.sort);
    this.frames = new Set(vocab.frames ?? []);
    for (const p of vocab.presets ?? []) this.presets.set(p.name, p.values);
  }

  /** The field a literal term sets (f, !f, f = V, f != V, f=A|B), if it is one. */
  private literalField(n: Node): string | undefined {
    const named = (x: Node) => (x.k === 'name' && this.sorts.has(x.text) ? x.text : undefined);
    if (n.k === 'name') return named(n);
    if (n.k === 'not') return named(n.arg);
    if (n.k === 'eq' || n.k === 'ne' || n.k === 'in' || n.k === 'notin') return named(n.lhs);
    return undefined;
  }

  /** A preset: its fields' values, except the fields in `except`. */
  private preset(name: string, except: ReadonlySet<string>): Bool {
    const values = this.presets.get(name)!;
    const args: Bool[] = [];
    for (const [field, value] of Object.entries(values)) {
      if (except.has(field)) continue;
      const sort = this.sorts.get(field);
      if (!sort) continue;
      if (typeof value === 'boolean') args.push(value ? { op: 'var', ref: { name: field, frame: '' } } : { op: 'not', arg: { op: 'var', ref: { name: field, frame: '' } } });
      else args.push({ op: 'eq', lhs: { op: 'evar', ref: { name: field, frame: '' }, sort: sort as EnumSort }, rhs: { op: 'elit', sort: sort as EnumSort, value } });
    }
    return { op: 'and', args };
  }

  /** f=A|B (in) or f!=A|B (notin): an or of comparisons, negated for notin. */
  private member(n: Node & { k: 'in' | 'notin' }): Bool {
    const shape = this.shape(n.lhs);
    if (shape === 'bool' || shape === 'value') this.fail(`a set of values needs an enum on the left, e.g. vma.memType=NORMAL|OTHER`, n.lhs, n.lhs.k === 'name' ? undefined : 1);
    const label = n.lhs.k === 'name' ? n.lhs.text : shape.name;
    const lhs = this.enumOf(n.lhs, shape, label);
    const out: Bool = { op: 'or', args: n.values.map((v) => ({ op: 'eq', lhs, rhs: this.enumOf(v, shape, label) }) as Bool) };
    return n.k === 'in' ? out : { op: 'not', arg: out };
  }

  private fail(reason: string, n: Node, length?: number): never {
    throw new ExprError(reason, this.text, n.at, length ?? (n.k === 'name' ? n.text.length : 1));
  }

  /** Split `frame:name`, checking the frame. */
  private ref(n: Node & { k: 'name' }): { frame: string; name: string } {
    const colon = n.text.indexOf(':');
    if (colon < 0) return { frame: '', name: n.text };
    const frame = n.text.slice(0, colon);
    const name = n.text.slice(colon + 1);
    if (!this.frames.has(frame)) this.fail(`unknown frame ${quote(frame)} (choose from: ${choices(frame, [...this.frames]) || 'none'})`, n, colon);
    if (!this.vocab.predicates[name] && !this.sorts.has(name)) {
      this.fail(`unknown name ${quote(name)} (choose from: ${choices(name, [...this.sorts.keys()])})`, n);
    }
    return { frame, name };
  }

  /** The shape of a subtree, bottom-up (memoised, so typing stays linear). */
  private shape(n: Node): Shape {
    let s = this.shapes.get(n);
    if (s) return s;
    if (n.k === 'name') {
      if (n.text === 'true' || n.text === 'false' || (this.presets.has(n.text) && !this.sorts.has(n.text))) s = 'bool';
      else {
        const { name } = this.ref(n);
        const sort = this.sorts.get(name);
        s = this.vocab.predicates[name] ? 'bool' : sort ? (sort.kind === 'bool' ? 'bool' : sort) : 'value';
      }
    } else if (n.k === 'ite') {
      const a = this.shape(n.args[1]);
      const b = this.shape(n.args[2]);
      s = a === 'bool' || b === 'bool' ? 'bool' : a !== 'value' ? a : b;
    } else s = 'bool';
    this.shapes.set(n, s);
    return s;
  }

  /** An enum term of the given sort (a bare value is read in that sort). */
  private enumOf(n: Node, sort: EnumSort, label = sort.name): Enum {
    const shape = this.shape(n);
    if (shape === 'bool') this.fail(`expected a value of ${sort.name}, found a condition`, n, n.k === 'name' ? undefined : 3);
    if (shape !== 'value' && shape.name !== sort.name) this.fail(`cannot compare ${sort.name} with ${shape.name}`, n);
    if (n.k === 'ite') return eite(this.bool(n.args[0]), this.enumOf(n.args[1], sort, label), this.enumOf(n.args[2], sort, label));
    if (n.k !== 'name') this.fail(`expected a value of ${sort.name}`, n);
    if (shape !== 'value') {
      const { frame, name } = this.ref(n);
      return { op: 'evar', ref: { name, frame }, sort: this.sorts.get(name) as EnumSort };
    }
    if (!sort.values.includes(n.text)) {
      this.fail(`unknown value ${quote(n.text)} of ${label} (choose from: ${choices(n.text, sort.values)})`, n);
    }
    return { op: 'elit', sort, value: n.text };
  }

  private compare(n: { readonly k: string; readonly lhs: Node; readonly rhs: Node }): Bool {
    const l = this.shape(n.lhs);
    const r = this.shape(n.rhs);
    let out: Bool;
    if (l === 'bool' || r === 'bool') {
      // Two conditions compare as <->.
      out = { op: 'iff', lhs: this.bool(n.lhs), rhs: this.bool(n.rhs) };
    } else {
      const sort = l !== 'value' ? l : r !== 'value' ? r : undefined;
      if (!sort) this.fail('compare a variable with a value: neither side names a variable', n.lhs, n.lhs.k === 'name' ? undefined : 3);
      const label = l !== 'value' && n.lhs.k === 'name' ? n.lhs.text : r !== 'value' && n.rhs.k === 'name' ? n.rhs.text : sort.name;
      out = { op: 'eq', lhs: this.enumOf(n.lhs, sort, label), rhs: this.enumOf(n.rhs, sort, label) };
    }
    return n.k === 'ne' ? { op: 'not', arg: out } : out;
  }

  private name(n: Node & { k: 'name' }): Bool {
    if (n.text === 'true') return TRUE;
    if (n.text === 'false') return FALSE;
    if (this.presets.has(n.text) && !this.sorts.has(n.text) && !this.vocab.predicates[n.text]) return this.preset(n.text, new Set());
    const shape = this.shape(n);
    if (shape === 'value') {
      const holders = this.vocab.names.filter((v) => v.sort.kind === 'enum' && v.sort.values.includes(n.text)).map((v) => v.name);
      if (holders.length) this.fail(`${quote(n.text)} is a value: compare it, e.g. ${holders[0]} = ${n.text}`, n);
      const candidates = [...this.sorts.keys(), ...Object.keys(this.vocab.predicates), 'true', 'false'];
      this.fail(`unknown name ${quote(n.text)} (choose from: ${choices(n.text, candidates)})`, n);
    }
    if (shape !== 'bool') this.fail(`${n.text} is an enum (${shape.values.join(' ')}): compare it, e.g. ${n.text} = ${shape.values[0]}`, n);
    const { frame, name } = this.ref(n);
    const pred = this.vocab.predicates[name];
    if (pred) return frame ? inFrame(pred, frame) : pred;
    return { op: 'var', ref: { name, frame } };
  }

  bool(n: Node): Bool {
    switch (n.k) {
      case 'name':
        return this.name(n);
      case 'not':
        return { op: 'not', arg: this.bool(n.arg) };
      case 'and': {
        // A preset among the terms: its fields except those the other terms set.
        const isPreset = (a: Node) => a.k === 'name' && this.presets.has(a.text) && !this.sorts.has(a.text) && !this.vocab.predicates[a.text];
        if (!n.args.some(isPreset)) return { op: 'and', args: n.args.map((a) => this.bool(a)) };
        const set = new Set(n.args.flatMap((a) => this.literalField(a) ?? []));
        return { op: 'and', args: n.args.map((a) => (isPreset(a) ? this.preset((a as { text: string }).text, set) : this.bool(a))) };
      }
      case 'or':
        return { op: n.k, args: n.args.map((a) => this.bool(a)) };
      case 'in':
      case 'notin':
        return this.member(n);
      case 'implies':
      case 'iff':
        return { op: n.k, lhs: this.bool(n.lhs), rhs: this.bool(n.rhs) };
      case 'eq':
      case 'ne':
        return this.compare(n);
      case 'ite':
        if (this.shape(n) !== 'bool') this.fail('this ite chooses between values: compare it with a value', n, 3);
        return ite(this.bool(n.args[0]), this.bool(n.args[1]), this.bool(n.args[2]));
    }
  }
}

/** Parse a condition. Throws ExprError (a UsageError) with a caret on bad input. */
export function parseExpr(text: string, vocab: Vocabulary): Bool {
  const names = new Set([...vocab.names.map((v) => v.name), ...Object.keys(vocab.predicates), ...(vocab.presets ?? []).map((p) => p.name), 'true', 'false']);
  const values = new Set(vocab.names.flatMap((v) => (v.sort.kind === 'enum' ? v.sort.values : [])));
  const tree = new Parser(text, tokenize(text), (w) => values.has(w) && !names.has(w)).parse();
  return new Typer(text, vocab).bool(tree);
}
