// A symbolic interpreter of C functions. It runs a function's statements
// over symbolic values (values.ts): both sides of a condition are run and
// their stores merged, gotos to later labels join there, static helpers of
// the same file are inlined. Everything specific to a code base comes from
// the caller's InterpProfile: which expressions mean which conditions
// (pattern -> value), which calls end a path (endpoints), which set a mark,
// which functions are not inlined. Conditions the profile does not map
// become unknowns, recorded with the line and text where they were met.

import type { Bool } from '../space/expr.ts';
import { boolVar, FALSE, show, TRUE } from '../space/expr.ts';
import { CFrontError } from './errors.ts';
import type { CFile, FunctionDef, Node } from './parse.ts';
import { firstError, innermostName } from './parse.ts';
import type { Origin, V } from './values.ts';
import { sAnd, sIte, sNot, sOr, termId, vbool, vint, vkey, VOID, vtext } from './values.ts';

/** One entry of the predicate map: a normalised kernel expression pattern ('$' matches any operand). */
export interface PatternEntry {
  readonly pattern: string;
  readonly value: V;
  /** Only inside this function (its own body, not its callees). */
  readonly in?: string;
  /** A key the caller uses to report which entries were used. */
  readonly key: string;
}

export interface InterpProfile {
  readonly patterns: readonly PatternEntry[];
  /** Identifiers with a value (MT_NORMAL -> an enum literal, NULL -> 0 ...). */
  readonly constants: Readonly<Record<string, V>>;
  /** Functions never inlined: their calls are opaque values. */
  readonly opaque: readonly string[];
  /** Calls that end the path as an endpoint (e.g. the call that installs a mapping). */
  readonly terminal: readonly string[];
  /** Calls that set a mark (a boolean the endpoint reads), by function name -> mark. */
  readonly marks: Readonly<Record<string, string>>;
  /** Calls whose return value is the decision: inlined, and each of their returns ends the path. */
  readonly decisions: readonly string[];
}

export interface Unknown {
  readonly id: string;
  readonly var: Bool;
  readonly text: string;
  /** The expression as written at the line (the text is as the front end read it). */
  readonly source: string;
  readonly fn: string;
  readonly line: number;
}

export interface Endpoint {
  /** The path condition. */
  readonly guard: Bool;
  readonly kind: 'return' | 'call';
  /** Returned value (kind return). */
  readonly value?: V;
  /** Called function and argument values (kind call). */
  readonly call?: string;
  readonly args?: readonly V[];
  readonly marks: Readonly<Record<string, Bool>>;
  /** The line that decided: the call, the return, or where the returned constant was written. */
  readonly origin: Origin;
}

export interface RunResult {
  readonly endpoints: readonly Endpoint[];
  readonly unknowns: readonly Unknown[];
  /** Pattern keys used. */
  readonly used: ReadonlySet<string>;
  /** Functions inlined. */
  readonly inlined: ReadonlySet<string>;
}

// ---------------------------------------------------------------------------

class St {
  constructor(
    public guard: Bool,
    public store: Map<string, V>,
  ) {}
  fork(g: Bool): St {
    return new St(sAnd(this.guard, g), new Map(this.store));
  }
  get dead(): boolean {
    return this.guard.op === 'lit' && !this.guard.value;
  }
}

interface Flow {
  fall: St | null;
  breaks: St[];
  conts: St[];
  gotos: Map<string, St[]>;
}

interface Frame {
  readonly fn: FunctionDef;
  readonly id: string;
  readonly scopes: Array<Map<string, string>>;
  readonly types: Map<string, string>;
  readonly returns: Array<{ st: St; v: V; line: number }>;
  /** Returns of this frame end the path (a decision function, or the entry). */
  readonly terminal: boolean;
}

const MAX_DEPTH = 24;

function normalise(text: string): string {
  return text.replace(/\s+/g, '');
}

function patternRegex(p: string): RegExp {
  const esc = normalise(p)
    .split('$')
    .map((s) => s.replace(/[.*+?^{}()|[\]\\]/g, '\\$&'))
    .join('(.+?)');
  return new RegExp(`^${esc}$`);
}

function balanced(s: string): boolean {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')' && --d < 0) return false;
  }
  return d === 0;
}

export class Interpreter {
  private readonly endpoints: Endpoint[] = [];
  private readonly unknowns = new Map<string, Unknown>();
  private readonly used = new Set<string>();
  private readonly inlined = new Set<string>();
  private readonly compiled: ReadonlyArray<{ e: PatternEntry; re: RegExp }>;
  private calls = 0;
  private depth = 0;
  /** Counts every way control leaves a construct other than falling through. */
  private exits = 0;

  constructor(
    private readonly file: CFile,
    private readonly profile: InterpProfile,
    private readonly unknownPrefix = '?',
  ) {
    this.compiled = profile.patterns.map((e) => ({ e, re: patternRegex(e.pattern) }));
  }

  /** Run an entry function; its returns and the terminal calls are the endpoints. */
  run(entry: string): RunResult {
    const fn = this.file.functions.get(entry);
    if (!fn) throw new CFrontError(this.file.file, 0, `function ${entry}() not found (a refactor? the profile names it as an entry)`);
    const st = new St(TRUE, new Map());
    const args: V[] = fn.params.map((p) => this.lookup({ k: 'opaque', text: p.name }, p.name, fn.name));
    this.invoke(fn, args, st, true, fn.line);
    return { endpoints: this.endpoints, unknowns: [...this.unknowns.values()], used: this.used, inlined: this.inlined };
  }

  private err(n: Node, msg: string): never {
    throw new CFrontError(this.file.file, n.startPosition.row + 1, msg);
  }

  // --- predicate map -----------------------------------------------------------

  private lookup(v: V, text: string, fn: string): V {
    const t = normalise(text);
    for (const { e, re } of this.compiled) {
      if (e.in && e.in !== fn) continue;
      const m = re.exec(t);
      if (m && m.slice(1).every(balanced)) {
        this.used.add(e.key);
        // an opaque meaning without a text keeps the expression's own
        return e.value.k === 'opaque' && e.value.text === '' ? { ...e.value, text: t } : e.value;
      }
    }
    return v;
  }

  private opaque(text: string, fr: Frame): V {
    return this.lookup({ k: 'opaque', text: normalise(text) }, text, fr.fn.name);
  }

  private unknown(text: string, n: Node, fr: Frame): Bool {
    const key = normalise(text);
    let u = this.unknowns.get(key);
    if (!u) {
      const id = `${this.unknownPrefix}${this.unknowns.size + 1}`;
      const source = normalise(n.text);
      u = { id, var: boolVar(id), text: key, source: source.length < 200 ? source : key, fn: fr.fn.name, line: n.startPosition.row + 1 };
      this.unknowns.set(key, u);
    }
    return u.var;
  }

  // --- conversions -------------------------------------------------------------

  private truth(v: V, n: Node, fr: Frame): Bool {
    switch (v.k) {
      case 'bool':
        return v.t;
      case 'int':
        return v.n !== 0 ? TRUE : FALSE;
      case 'sym':
      case 'nbits':
      case 'ptr':
      case 'zero':
        return TRUE;
      case 'bits':
        return sOr(...v.bits.values());
      case 'opaque':
        if (v.nonnull || v.positive) return TRUE;
        return this.unknown(v.text, n, fr);
      case 'undef':
        return this.truth(this.opaque(v.name, fr), n, fr);
      case 'choice':
        return sOr(...v.alts.map((a) => sAnd(a.g, this.truth(a.v, n, fr))));
      case 'enum':
        return this.unknown(vtext(v), n, fr);
      case 'void':
        return this.err(n, 'a void value used as a condition');
    }
  }

  /** Apply f to every alternative of the operands (a choice distributes). */
  private lift(vs: V[], f: (xs: V[]) => V): V {
    const i = vs.findIndex((v) => v.k === 'choice');
    if (i < 0) return f(vs);
    const c = vs[i] as Extract<V, { k: 'choice' }>;
    return choice(c.alts.map((a) => ({ g: a.g, v: this.lift(vs.map((x, j) => (j === i ? a.v : x)), f) })));
  }

  // --- storage -----------------------------------------------------------------

  private declare(fr: Frame, name: string, type: string): string {
    const path = `${fr.id}.${name}`;
    fr.scopes[fr.scopes.length - 1].set(name, path);
    fr.types.set(path, type);
    return path;
  }

  private resolve(fr: Frame, name: string): string | undefined {
    for (let i = fr.scopes.length - 1; i >= 0; i--) {
      const p = fr.scopes[i].get(name);
      if (p) return p;
    }
    return undefined;
  }

  private read(st: St, path: string): V {
    return readPath(st.store, path);
  }

  private write(st: St, path: string, v: V, fr: Frame): void {
    const type = fr.types.get(path) ?? this.fieldType(path, fr);
    const coerced = type && /^(const\s+)?bool$/.test(type.trim()) && v.k !== 'bool' ? vbool(this.truth(v, fr.fn.body, fr)) : v;
    // writing a whole struct value replaces its fields
    for (const k of [...st.store.keys()]) if (k.startsWith(`${path}.`)) st.store.delete(k);
    st.store.set(path, coerced);
  }

  /** The declared type of a struct field path (root.f1.f2), when the file defines the struct. */
  private fieldType(path: string, fr: Frame): string | undefined {
    const parts = path.split('.');
    const base = fr.types.get(parts.slice(0, 2).join('.'));
    if (!base || parts.length < 3) return undefined;
    const struct = /struct\s+(\w+)/.exec(base)?.[1];
    return struct ? this.file.structs.get(struct)?.get(parts[parts.length - 1]) : undefined;
  }

  /** The storage location an lvalue expression denotes, if it is one we track. */
  private location(n: Node, st: St, fr: Frame): string | undefined {
    switch (n.type) {
      case 'identifier':
        return this.resolve(fr, n.text);
      case 'parenthesized_expression':
        return this.location(n.namedChildren[0]!, st, fr);
      case 'field_expression': {
        const arg = n.childForFieldName('argument')!;
        const field = n.childForFieldName('field')!.text;
        const op = n.children[1]?.text;
        if (op === '->') {
          const p = this.eval(arg, st, fr);
          return p.k === 'ptr' ? `${p.path}.${field}` : undefined;
        }
        const base = this.location(arg, st, fr);
        return base ? `${base}.${field}` : undefined;
      }
      case 'pointer_expression': {
        if (n.children[0]?.text !== '*') return undefined;
        const p = this.eval(n.childForFieldName('argument')!, st, fr);
        return p.k === 'ptr' ? p.path : undefined;
      }
      default:
        return undefined;
    }
  }

  // --- functions ---------------------------------------------------------------

  private invoke(fn: FunctionDef, args: V[], st: St, terminal: boolean, line: number): { st: St | null; v: V } {
    if (++this.depth > MAX_DEPTH) throw new CFrontError(this.file.file, line, `calls nested more than ${MAX_DEPTH} deep (recursion in ${fn.name}()?)`);
    const bad = firstError(fn.body);
    if (bad) throw new CFrontError(this.file.file, bad.startPosition.row + 1, `syntax error in ${fn.name}() at '${oneLine(bad.text)}' (a macro the table does not know?)`);
    this.inlined.add(fn.name);
    const fr: Frame = { fn, id: `${fn.name}#${this.calls++}`, scopes: [new Map()], types: new Map(), returns: [], terminal };
    fn.params.forEach((p, i) => {
      const path = this.declare(fr, p.name, p.type);
      this.write(st, path, args[i] ?? { k: 'opaque', text: p.name }, fr);
    });
    const flow = this.execBlock(fn.body, st, fr, false);
    if (flow.gotos.size) {
      const [label] = flow.gotos.keys();
      throw new CFrontError(this.file.file, fn.line, `goto ${label} in ${fn.name}() jumps backwards or out of the function (unsupported)`);
    }
    if (flow.fall && !flow.fall.dead) fr.returns.push({ st: flow.fall, v: VOID, line: fn.body.endPosition.row + 1 });
    this.depth--;
    const boolRet = /^(static\s+)?(inline\s+)?bool$/.test(fn.returnType.trim());
    const rets = fr.returns.map((r) => ({ ...r, v: boolRet && r.v.k !== 'bool' && r.v.k !== 'void' ? vbool(this.truth(r.v, fn.body, fr)) : r.v }));
    if (terminal) {
      for (const r of rets) this.endReturn(r.st, r.v, { fn: fn.name, line: r.line }, fr);
      return { st: null, v: VOID };
    }
    const m = mergeWith(rets.map((r) => r.st));
    if (!m) return { st: null, v: VOID };
    const live = rets.filter((r) => !r.st.dead);
    return { st: m.st, v: choice(live.map((r, i) => ({ g: m.rests[i], v: r.v }))) };
  }

  private marks(st: St): Record<string, Bool> {
    const out: Record<string, Bool> = {};
    for (const m of new Set(Object.values(this.profile.marks))) {
      const v = st.store.get(`@mark.${m}`);
      out[m] = v && v.k === 'bool' ? v.t : FALSE;
    }
    return out;
  }

  private endReturn(st: St, v: V, origin: Origin, fr: Frame): void {
    if (st.dead) return;
    if (v.k === 'choice') {
      for (const a of v.alts) this.endReturn(new St(sAnd(st.guard, a.g), st.store), a.v, origin, fr);
      return;
    }
    const o = v.k === 'sym' && v.origin ? v.origin : origin;
    this.endpoints.push({ guard: st.guard, kind: 'return', value: v, marks: this.marks(st), origin: o });
  }

  private call(n: Node, st: St, fr: Frame): V {
    let callee = n.childForFieldName('function')!;
    while (callee.type === 'parenthesized_expression') callee = callee.namedChildren[0]!;
    const argNodes = n.childForFieldName('arguments')!.namedChildren.filter((x): x is Node => x !== null && x.type !== 'comment');
    if (callee.type !== 'identifier') {
      // a call through a pointer or a macro result: opaque
      const args = argNodes.map((a) => this.eval(a, st, fr));
      return this.opaque(`${callee.text}(${args.map(vtext).join(',')})`, fr);
    }
    const name = callee.text;
    const line = n.startPosition.row + 1;
    const args = argNodes.map((a) => this.eval(a, st, fr));
    if (st.dead) return VOID;
    if (this.profile.terminal.includes(name)) {
      this.endpoints.push({ guard: st.guard, kind: 'call', call: name, args, marks: this.marks(st), origin: { fn: fr.fn.name, line } });
      this.exits++;
      st.guard = FALSE;
      return VOID;
    }
    const mark = this.profile.marks[name];
    if (mark) {
      st.store.set(`@mark.${mark}`, vbool(TRUE));
      return VOID;
    }
    const text = `${name}(${args.map(vtext).join(',')})`;
    const mapped = this.lookup(VOID, text, fr.fn.name);
    if (mapped !== VOID) return mapped;
    const def = this.file.functions.get(name);
    if (def && (this.profile.decisions.includes(name) || (def.isStatic && !this.profile.opaque.includes(name)))) {
      const r = this.invoke(def, args, st, this.profile.decisions.includes(name), line);
      if (!r.st) {
        st.guard = FALSE;
        return VOID;
      }
      st.guard = r.st.guard;
      st.store = r.st.store;
      return r.v;
    }
    // An unknown function: it may write through the addresses it is given.
    argNodes.forEach((a, i) => {
      if (a.type === 'pointer_expression' && a.children[0]?.text === '&') {
        const target = a.childForFieldName('argument')!;
        const loc = this.location(target, st, fr);
        if (loc) this.write(st, loc, this.opaque(target.text, fr), fr);
      } else if (args[i].k === 'ptr' && !/^const\b/.test('')) {
        // a pointer to our storage passed on: the callee may write it
      }
    });
    return { k: 'opaque', text: normalise(text) };
  }

  // --- expressions -------------------------------------------------------------

  eval(n: Node, st: St, fr: Frame): V {
    switch (n.type) {
      case 'number_literal': {
        const t = n.text.replace(/[uUlL]+$/, '');
        const v = Number(t.startsWith('0') && t.length > 1 && !/^0[xXbB.]/.test(t) ? parseInt(t, 8) : t);
        return Number.isFinite(v) ? vint(v) : { k: 'opaque', text: n.text };
      }
      case 'char_literal':
        return vint(n.text.charCodeAt(1));
      case 'true':
        return vbool(TRUE);
      case 'false':
        return vbool(FALSE);
      case 'null':
        return vint(0);
      case 'string_literal':
      case 'concatenated_string':
        return { k: 'opaque', text: '"..."', nonnull: true };
      case 'identifier': {
        const path = this.resolve(fr, n.text);
        if (path) return this.read(st, path);
        const c = this.profile.constants[n.text];
        if (c) {
          this.used.add(`const:${n.text}`);
          return c;
        }
        if (/^[A-Z_][A-Z0-9_]*[A-Z0-9]$/.test(n.text) && /[A-Z]/.test(n.text)) {
          return this.lookup({ k: 'sym', name: n.text, origin: { fn: fr.fn.name, line: n.startPosition.row + 1 } }, n.text, fr.fn.name);
        }
        return this.opaque(n.text, fr);
      }
      case 'parenthesized_expression':
        return this.eval(n.namedChildren[0]!, st, fr);
      case 'cast_expression': {
        const v = this.eval(n.childForFieldName('value')!, st, fr);
        const type = n.childForFieldName('type')?.text ?? '';
        return /^bool$/.test(type.trim()) && v.k !== 'bool' ? vbool(this.truth(v, n, fr)) : v;
      }
      case 'unary_expression':
        return this.unary(n, st, fr);
      case 'binary_expression':
        return this.binary(n, st, fr);
      case 'conditional_expression': {
        const cn = n.childForFieldName('condition')!;
        const c = this.truth(this.eval(cn, st, fr), cn, fr);
        if (c.op === 'lit') return this.eval(n.childForFieldName(c.value ? 'consequence' : 'alternative')!, st, fr);
        const before = this.exits;
        const s1 = st.fork(c);
        const s2 = st.fork(sNot(c));
        const a = this.eval(n.childForFieldName('consequence')!, s1, fr);
        const b = this.eval(n.childForFieldName('alternative')!, s2, fr);
        this.join(st, [s1, s2], before);
        return choice([
          { g: c, v: a },
          { g: sNot(c), v: b },
        ]);
      }
      case 'assignment_expression':
        return this.assign(n, st, fr);
      case 'update_expression': {
        const arg = n.childForFieldName('argument')!;
        const loc = this.location(arg, st, fr);
        const old = this.eval(arg, st, fr);
        if (loc) this.write(st, loc, old.k === 'int' ? vint(old.n + (n.text.includes('++') ? 1 : -1)) : this.opaque(`${arg.text}+1`, fr), fr);
        return old;
      }
      case 'call_expression':
        return this.call(n, st, fr);
      case 'field_expression': {
        const loc = this.location(n, st, fr);
        if (loc) return this.read(st, loc);
        const base = this.eval(n.childForFieldName('argument')!, st, fr);
        const op = n.children[1]?.text ?? '->';
        const field = n.childForFieldName('field')!.text;
        return this.lift([base], ([b]) => this.opaque(`${vtext(b)}${op}${field}`, fr));
      }
      case 'pointer_expression': {
        const op = n.children[0]?.text;
        const arg = n.childForFieldName('argument')!;
        if (op === '&') {
          const loc = this.location(arg, st, fr);
          if (loc) return { k: 'ptr', path: loc };
          return { k: 'opaque', text: normalise(`&${vtext(this.eval(arg, st, fr))}`), nonnull: true };
        }
        const loc = this.location(n, st, fr);
        if (loc) return this.read(st, loc);
        return this.lift([this.eval(arg, st, fr)], ([b]) => this.opaque(`*${vtext(b)}`, fr));
      }
      case 'subscript_expression': {
        const a = this.eval(n.childForFieldName('argument')!, st, fr);
        const i = this.eval(n.childForFieldName('index')!, st, fr);
        return this.opaque(`${vtext(a)}[${vtext(i)}]`, fr);
      }
      case 'sizeof_expression':
      case 'alignof_expression':
      case 'offsetof_expression':
        return { k: 'opaque', text: normalise(n.text), positive: true };
      case 'comma_expression': {
        this.eval(n.childForFieldName('left')!, st, fr);
        return this.eval(n.childForFieldName('right')!, st, fr);
      }
      case 'compound_literal_expression':
      case 'initializer_list':
        return { k: 'opaque', text: normalise(n.text) };
      case 'ERROR':
        return this.err(n, `syntax error at '${oneLine(n.text)}'`);
      default:
        return this.err(n, `unsupported expression (${n.type}): ${oneLine(n.text)}`);
    }
  }

  private unary(n: Node, st: St, fr: Frame): V {
    const op = n.children[0]!.text;
    const argNode = n.childForFieldName('argument')!;
    const arg = this.eval(argNode, st, fr);
    return this.lift([arg], ([a]) => {
      if (op === '!') return vbool(sNot(this.truth(a, argNode, fr)));
      if (op === '-') {
        if (a.k === 'int') return vint(-a.n);
        if (a.k === 'sym') return { k: 'sym', name: a.name.startsWith('-') ? a.name.slice(1) : `-${a.name}`, origin: { fn: fr.fn.name, line: n.startPosition.row + 1 } };
        return this.opaque(`-${vtext(a)}`, fr);
      }
      if (op === '~') {
        if (a.k === 'sym') return { k: 'nbits', names: [a.name] };
        if (a.k === 'bits' && [...a.bits.values()].every((g) => g.op === 'lit' && g.value)) return { k: 'nbits', names: [...a.bits.keys()] };
        if (a.k === 'int') return vint(~a.n);
        return this.opaque(`~${vtext(a)}`, fr);
      }
      if (op === '+') return a;
      return this.opaque(`${op}${vtext(a)}`, fr);
    });
  }

  private binary(n: Node, st: St, fr: Frame): V {
    const op = n.childForFieldName('operator')?.text ?? n.children[1]!.text;
    const ln = n.childForFieldName('left')!;
    const rn = n.childForFieldName('right')!;
    if (op === '&&' || op === '||') {
      const a = this.truth(this.eval(ln, st, fr), ln, fr);
      if (a.op === 'lit' && a.value === (op === '||')) return vbool(a);
      if (a.op === 'lit') return vbool(this.truth(this.eval(rn, st, fr), rn, fr));
      // the right operand runs only when the left one does not decide
      const before = this.exits;
      const s1 = st.fork(op === '&&' ? a : sNot(a));
      const s2 = st.fork(op === '&&' ? sNot(a) : a);
      const b = this.truth(this.eval(rn, s1, fr), rn, fr);
      this.join(st, [s1, s2], before);
      return vbool(op === '&&' ? sAnd(a, b) : sOr(a, b));
    }
    const l = this.eval(ln, st, fr);
    const r = this.eval(rn, st, fr);
    return this.lift([l, r], ([a, b]) => this.binop(op, a, b, n, fr));
  }

  private binop(op: string, a: V, b: V, n: Node, fr: Frame): V {
    const text = () => `${vtext(a)}${op}${vtext(b)}`;
    if (a.k === 'int' && b.k === 'int') {
      const x = a.n;
      const y = b.n;
      const r: Record<string, () => number | boolean> = {
        '+': () => x + y, '-': () => x - y, '*': () => x * y, '/': () => (y ? Math.trunc(x / y) : NaN), '%': () => (y ? x % y : NaN),
        '<<': () => x * 2 ** y, '>>': () => Math.floor(x / 2 ** y), '&': () => x & y, '|': () => x | y, '^': () => x ^ y,
        '==': () => x === y, '!=': () => x !== y, '<': () => x < y, '>': () => x > y, '<=': () => x <= y, '>=': () => x >= y,
      };
      const f = r[op];
      if (f) {
        const v = f();
        if (typeof v === 'boolean') return vbool(v ? TRUE : FALSE);
        if (Number.isFinite(v)) return vint(v);
      }
    }
    if (op === '==' || op === '!=') {
      const eq = this.equal(a, b, n, fr, text);
      return vbool(op === '==' ? eq : sNot(eq));
    }
    if (op === '|') {
      const ba = this.asBits(a);
      const bb = this.asBits(b);
      if (ba && bb) {
        const m = new Map(ba);
        for (const [k, g] of bb) m.set(k, sOr(m.get(k) ?? FALSE, g));
        return { k: 'bits', bits: m };
      }
    }
    if (op === '&') {
      if (b.k === 'nbits' || a.k === 'nbits') {
        const [x, mask] = b.k === 'nbits' ? [a, b] : [b, a as Extract<V, { k: 'nbits' }>];
        const bx = this.asBits(x);
        if (bx) return { k: 'bits', bits: new Map([...bx].filter(([k]) => !mask.names.includes(k))) };
      }
      const ba = this.asBits(a);
      const bb = this.asBits(b);
      if (ba && bb && (a.k === 'bits' || b.k === 'bits')) {
        const m = new Map<string, Bool>();
        for (const [k, g] of ba) if (bb.has(k)) m.set(k, sAnd(g, bb.get(k)!));
        return { k: 'bits', bits: m };
      }
      // x & (A | B) as a test: (x & A) | (x & B), each looked up
      if (b.k === 'bits' && a.k === 'opaque') {
        const parts = [...b.bits].map(([k, g]) => ({ g, v: this.opaque(`${a.text}&${k}`, fr) }));
        if (parts.every((p) => p.g.op === 'lit' && p.g.value)) {
          return vbool(sOr(...parts.map((p) => this.truth(p.v, n, fr))));
        }
      }
    }
    if (op === '<' || op === '<=' || op === '>' || op === '>=') {
      // a positive opaque value compared with zero
      const pos = (v: V) => v.k === 'opaque' && v.positive === true;
      const zero = (v: V) => v.k === 'int' && v.n === 0;
      if (pos(a) && zero(b)) return vbool(op === '>' || op === '>=' ? TRUE : FALSE);
      if (zero(a) && pos(b)) return vbool(op === '<' || op === '<=' ? TRUE : FALSE);
    }
    return this.opaque(text(), fr);
  }

  /** A value as a set of flags (a named constant is one flag; 0 is none). */
  private asBits(v: V): Map<string, Bool> | undefined {
    if (v.k === 'bits') return new Map(v.bits);
    if (v.k === 'sym' && !v.name.startsWith('-')) return new Map([[v.name, TRUE]]);
    if (v.k === 'int' && v.n === 0) return new Map();
    return undefined;
  }

  private equal(a: V, b: V, n: Node, fr: Frame, text: () => string): Bool {
    if (a.k === 'enum' && b.k === 'enum') return a.t.sort.name === b.t.sort.name ? { op: 'eq', lhs: a.t, rhs: b.t } : this.err(n, `compares ${a.t.sort.name} with ${b.t.sort.name}`);
    if (a.k === 'bool' && b.k === 'bool') return a.t.op === 'lit' && b.t.op === 'lit' ? (a.t.value === b.t.value ? TRUE : FALSE) : { op: 'iff', lhs: a.t, rhs: b.t };
    if (a.k === 'bool' && b.k === 'int') return b.n === 0 ? sNot(a.t) : b.n === 1 ? a.t : FALSE;
    if (b.k === 'bool' && a.k === 'int') return a.n === 0 ? sNot(b.t) : a.n === 1 ? b.t : FALSE;
    if (a.k === 'sym' && b.k === 'sym') return a.name === b.name ? TRUE : FALSE;
    if ((a.k === 'sym' && b.k === 'int') || (a.k === 'int' && b.k === 'sym')) return FALSE;
    if (a.k === 'ptr' && b.k === 'int' && b.n === 0) return FALSE;
    if (b.k === 'ptr' && a.k === 'int' && a.n === 0) return FALSE;
    if (a.k === 'opaque' && b.k === 'opaque' && a.text === b.text) return TRUE;
    if ((a.k === 'opaque' && (a.nonnull || a.positive) && b.k === 'int' && b.n === 0) || (b.k === 'opaque' && (b.nonnull || b.positive) && a.k === 'int' && a.n === 0)) return FALSE;
    return this.truth(this.opaque(text(), fr), n, fr);
  }

  private assign(n: Node, st: St, fr: Frame): V {
    const op = n.childForFieldName('operator')?.text ?? n.children[1]!.text;
    const left = n.childForFieldName('left')!;
    const right = this.eval(n.childForFieldName('right')!, st, fr);
    const loc = this.location(left, st, fr);
    let v = right;
    if (op !== '=') {
      const old = this.eval(left, st, fr);
      v = this.lift([old, right], ([a, b]) => this.binop(op.slice(0, -1), a, b, n, fr));
    }
    if (loc) this.write(st, loc, v, fr);
    return v;
  }

  /** Merge the states `parts` (disjoint forks of st) back into st. */
  private join(st: St, parts: St[], before?: number): void {
    const guard = st.guard;
    const m = merge(parts);
    if (m && before !== undefined && this.exits === before) m.guard = guard;
    if (!m) {
      st.guard = FALSE;
      return;
    }
    st.guard = m.guard;
    st.store = m.store;
  }

  // --- statements --------------------------------------------------------------

  private execBlock(n: Node, st: St, fr: Frame, scope = true): Flow {
    if (scope) fr.scopes.push(new Map());
    const flow: Flow = { fall: st, breaks: [], conts: [], gotos: new Map() };
    const pending = new Map<string, St[]>();
    for (const c of n.namedChildren) {
      if (!c || c.type === 'comment') continue;
      let stmt: Node = c;
      while (stmt.type === 'labeled_statement') {
        const label = stmt.childForFieldName('label')!.text;
        const arriving = pending.get(label) ?? [];
        pending.delete(label);
        flow.fall = merge([...(flow.fall ? [flow.fall] : []), ...arriving]);
        const inner = stmt.namedChildren.find((x) => x && x.type !== 'statement_identifier');
        if (!inner) break;
        stmt = inner;
      }
      if (stmt.type === 'labeled_statement' || stmt.type === 'statement_identifier') continue;
      if (!flow.fall || flow.fall.dead) {
        flow.fall = null;
        continue;
      }
      const f = this.exec(stmt, flow.fall, fr);
      flow.fall = f.fall && !f.fall.dead ? f.fall : null;
      flow.breaks.push(...f.breaks);
      flow.conts.push(...f.conts);
      for (const [l, ss] of f.gotos) pending.set(l, [...(pending.get(l) ?? []), ...ss]);
    }
    flow.gotos = pending;
    if (scope) fr.scopes.pop();
    return flow;
  }

  private exec(n: Node, st: St, fr: Frame): Flow {
    const none = (fall: St | null): Flow => ({ fall, breaks: [], conts: [], gotos: new Map() });
    switch (n.type) {
      case 'compound_statement':
        return this.execBlock(n, st, fr);
      case 'expression_statement': {
        const e = n.namedChildren[0];
        if (e) this.eval(e, st, fr);
        return none(st);
      }
      case 'declaration':
        this.declaration(n, st, fr);
        return none(st);
      case 'return_statement': {
        const e = n.namedChildren[0];
        const v = e ? this.eval(e, st, fr) : VOID;
        if (!st.dead) fr.returns.push({ st, v, line: n.startPosition.row + 1 });
        this.exits++;
        return none(null);
      }
      case 'goto_statement': {
        const label = n.childForFieldName('label')!.text;
        this.exits++;
        return { fall: null, breaks: [], conts: [], gotos: new Map([[label, [st]]]) };
      }
      case 'break_statement':
        this.exits++;
        return { fall: null, breaks: [st], conts: [], gotos: new Map() };
      case 'continue_statement':
        this.exits++;
        return { fall: null, breaks: [], conts: [st], gotos: new Map() };
      case 'if_statement': {
        const cn = n.childForFieldName('condition')!;
        const c = this.truth(this.eval(cn, st, fr), cn.namedChildren[0] ?? cn, fr);
        const alt = n.childForFieldName('alternative');
        const elseStmt = alt ? (alt.type === 'else_clause' ? alt.namedChildren[0]! : alt) : null;
        const before = this.exits;
        const thenF = c.op === 'lit' && !c.value ? none(null) : this.exec(n.childForFieldName('consequence')!, st.fork(c), fr);
        const elseF = c.op === 'lit' && c.value ? none(null) : elseStmt ? this.exec(elseStmt, st.fork(sNot(c)), fr) : none(st.fork(sNot(c)));
        return this.closed(combine(thenF, elseF), st.guard, before);
      }
      case 'switch_statement':
        return this.switchStmt(n, st, fr);
      case 'do_statement':
      case 'while_statement':
      case 'for_statement':
        return this.loop(n, st, fr);
      case 'attributed_statement': {
        const inner = n.namedChildren.find((x) => x && x.type !== 'attribute_declaration');
        return inner ? this.exec(inner, st, fr) : none(st);
      }
      case ';':
      case 'empty_statement':
        return none(st);
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_else':
      case 'preproc_elif': {
        const cond = n.childForFieldName('condition')?.text ?? n.childForFieldName('name')?.text ?? n.text.split('\n')[0];
        return this.err(n, `#${n.type === 'preproc_ifdef' ? n.text.trim().split(/\s/)[0].slice(1) : 'if'} ${oneLine(cond)} inside ${fr.fn.name}(): the profile assumes no value for it (add it to the profile's defines)`);
      }
      case 'ERROR':
        return this.err(n, `syntax error in ${fr.fn.name}() at '${oneLine(n.text)}' (a macro the table does not know?)`);
      default:
        return this.err(n, `unsupported statement (${n.type}) in ${fr.fn.name}(): ${oneLine(n.text)}`);
    }
  }

  /** When nothing left a construct, its joined states cover exactly the guard it started under. */
  private closed(f: Flow, guard: Bool, before: number): Flow {
    if (this.exits === before && f.fall) f.fall.guard = guard;
    return f;
  }

  private declaration(n: Node, st: St, fr: Frame): void {
    const type = n.childForFieldName('type')?.text ?? '';
    for (const d of n.childrenForFieldName('declarator')) {
      if (!d) continue;
      const init = d.type === 'init_declarator' ? d.childForFieldName('value') : null;
      const decl = d.type === 'init_declarator' ? d.childForFieldName('declarator')! : d;
      const name = innermostName(decl);
      if (!name) this.err(d, `unsupported declaration: ${oneLine(d.text)}`);
      const ptr = decl.type === 'pointer_declarator';
      const fullType = `${type}${ptr ? ' *' : ''}`;
      if (init?.type === 'initializer_list') {
        const path = this.declare(fr, name!, fullType);
        st.store.set(path, { k: 'zero' });
        for (const item of init.namedChildren) {
          if (!item || item.type !== 'initializer_pair') continue;
          const field = item.childForFieldName('designator')?.text.replace(/^\./, '');
          const value = item.childForFieldName('value');
          if (field && value) this.write(st, `${path}.${field}`, this.eval(value, st, fr), fr);
        }
        continue;
      }
      const v = init ? this.eval(init, st, fr) : undefined;
      const path = this.declare(fr, name!, fullType);
      if (v) this.write(st, path, v, fr);
      else st.store.set(path, { k: 'undef', name: name! });
    }
  }

  private switchStmt(n: Node, st: St, fr: Frame): Flow {
    const scrut = this.eval(n.childForFieldName('condition')!, st, fr);
    const before = this.exits;
    const body = n.childForFieldName('body')!;
    const cases = body.namedChildren.filter((c): c is Node => c !== null && c.type === 'case_statement');
    const matches = cases.map((c) => {
      const value = c.childForFieldName('value');
      return value ? this.lift([scrut, this.eval(value, st, fr)], ([a, b]) => vbool(this.equal(a, b, c, fr, () => `${vtext(a)}==${vtext(b)}`))) : null;
    });
    const truths = matches.map((m, i) => (m ? this.truth(m, cases[i], fr) : null));
    const anyCase = sOr(...truths.filter((t): t is Bool => t !== null));
    const breaks: St[] = [];
    const conts: St[] = [];
    const gotos = new Map<string, St[]>();
    let fall: St | null = null;
    fr.scopes.push(new Map());
    cases.forEach((c, i) => {
      const enter = truths[i] ?? sNot(anyCase);
      const entry = enter.op === 'lit' && !enter.value ? null : st.fork(enter);
      let cur = merge([...(fall ? [fall] : []), ...(entry ? [entry] : [])]);
      const valueId = c.childForFieldName('value')?.id;
      for (const s of c.namedChildren) {
        if (!s || s.id === valueId || s.type === 'comment') continue;
        if (!cur || cur.dead) {
          cur = null;
          break;
        }
        const f = this.exec(s, cur, fr);
        cur = f.fall && !f.fall.dead ? f.fall : null;
        breaks.push(...f.breaks);
        conts.push(...f.conts);
        for (const [l, ss] of f.gotos) gotos.set(l, [...(gotos.get(l) ?? []), ...ss]);
      }
      fall = cur;
    });
    fr.scopes.pop();
    const noDefault = cases.every((c) => c.childForFieldName('value'));
    const skip = noDefault ? st.fork(sNot(anyCase)) : null;
    // breaks end the switch: they do not leave the construct
    const exitsInside = this.exits - before - breaks.length;
    const out: Flow = { fall: merge([...(fall ? [fall] : []), ...breaks, ...(skip ? [skip] : [])]), breaks: [], conts, gotos };
    if (exitsInside === 0 && out.fall) out.fall.guard = st.guard;
    return out;
  }

  /** Loops run while their condition is not settled false; the profile must settle it within one pass. */
  private loop(n: Node, st: St, fr: Frame): Flow {
    const line = n.startPosition.row + 1;
    const condNode = n.childForFieldName('condition');
    const body = n.childForFieldName('body')!;
    const settle = (s: St): Bool => (condNode ? this.truth(this.eval(condNode, s, fr), condNode, fr) : TRUE);
    fr.scopes.push(new Map());
    if (n.type === 'for_statement') {
      const init = n.childForFieldName('initializer');
      if (init) init.type === 'declaration' ? this.declaration(init, st, fr) : this.eval(init, st, fr);
    }
    let entry: St | null = st;
    if (n.type !== 'do_statement') {
      const c = settle(st);
      if (c.op === 'lit' && !c.value) {
        fr.scopes.pop();
        return { fall: st, breaks: [], conts: [], gotos: new Map() };
      }
      entry = st.fork(c);
      const exit = st.fork(sNot(c));
      const f = this.exec(body, entry, fr);
      const after = merge([...(f.fall ? [f.fall] : []), ...f.conts]);
      if (after && !after.dead) {
        const upd = n.childForFieldName('update');
        if (upd) this.eval(upd, after, fr);
        const again = settle(after);
        if (!(again.op === 'lit' && !again.value)) this.err(n, `loop in ${fr.fn.name}() at line ${line}: the profile does not settle that it ends after one pass (condition '${oneLine(condNode?.text ?? '')}')`);
      }
      fr.scopes.pop();
      return { fall: merge([exit, ...(after ? [after] : []), ...f.breaks]), breaks: [], conts: [], gotos: f.gotos };
    }
    const f = this.exec(body, st, fr);
    const after = merge([...(f.fall ? [f.fall] : []), ...f.conts]);
    if (after && !after.dead) {
      const again = settle(after);
      if (!(again.op === 'lit' && !again.value)) this.err(n, `loop in ${fr.fn.name}() at line ${line}: the profile does not settle that it ends after one pass (condition '${oneLine(condNode?.text ?? '')}')`);
    }
    fr.scopes.pop();
    return { fall: merge([...(after ? [after] : []), ...f.breaks]), breaks: [], conts: [], gotos: f.gotos };
  }
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 50 ? `${t.slice(0, 47)}...` : t;
}

/** A choice, collapsed when every alternative is the same value or a condition. */
export function choice(alts: ReadonlyArray<{ g: Bool; v: V }>): V {
  const live = alts.filter((a) => !(a.g.op === 'lit' && !a.g.value));
  const flat: Array<{ g: Bool; v: V }> = [];
  for (const a of live) {
    if (a.v.k === 'choice') for (const b of a.v.alts) flat.push({ g: sAnd(a.g, b.g), v: b.v });
    else flat.push(a);
  }
  if (flat.length === 0) return VOID;
  const k0 = vkey(flat[0].v);
  if (flat.every((a) => vkey(a.v) === k0)) return flat[0].v;
  if (flat.every((a) => a.v.k === 'bool')) {
    let t = (flat[flat.length - 1].v as Extract<V, { k: 'bool' }>).t;
    for (let i = flat.length - 2; i >= 0; i--) t = sIte(flat[i].g, (flat[i].v as Extract<V, { k: 'bool' }>).t, t);
    return vbool(t);
  }
  if (flat.every((a) => a.v.k === 'bits' || (a.v.k === 'sym' && !a.v.name.startsWith('-')) || (a.v.k === 'int' && a.v.n === 0))) {
    const m = new Map<string, Bool>();
    for (const a of flat) {
      const bits = a.v.k === 'bits' ? a.v.bits : a.v.k === 'sym' ? new Map([[a.v.name, TRUE]]) : new Map<string, Bool>();
      for (const [k, g] of bits) m.set(k, sOr(m.get(k) ?? FALSE, sAnd(a.g, g)));
    }
    return { k: 'bits', bits: m };
  }
  // merge equal values' conditions
  const groups = new Map<string, { g: Bool; v: V }>();
  for (const a of flat) {
    const k = vkey(a.v);
    const e = groups.get(k);
    groups.set(k, e ? { g: sOr(e.g, a.g), v: a.v } : a);
  }
  return { k: 'choice', alts: [...groups.values()] };
}

/** A stored value, or what its nearest stored ancestor says (zero, or a field of an opaque value). */
function readPath(store: ReadonlyMap<string, V>, path: string): V {
  const v = store.get(path);
  if (v && v.k !== 'zero') return v.k === 'undef' ? { k: 'opaque', text: v.name } : v;
  if (v?.k === 'zero') return v;
  let p = path;
  while (p.includes('.', p.indexOf('#'))) {
    p = p.slice(0, p.lastIndexOf('.'));
    const a = store.get(p);
    if (!a) continue;
    if (a.k === 'zero') return vint(0);
    if (a.k === 'undef') return { k: 'opaque', text: `${a.name}${path.slice(p.length)}` };
    if (a.k === 'opaque') return { k: 'opaque', text: `${a.text}${path.slice(p.length)}` };
  }
  if (path.startsWith('@mark.')) return vbool(FALSE);
  return { k: 'opaque', text: path.replace(/^[^#]*#\d+\./, '') };
}

/** The conjuncts of a guard. */
function conjuncts(g: Bool): readonly Bool[] {
  return g.op === 'and' ? g.args : g.op === 'lit' && g.value ? [] : [g];
}

/**
 * Join disjoint states: the guard is their disjunction, with the conjuncts
 * they share factored out (so that the two sides of an if join back into
 * the guard before it); differing values become choices whose conditions
 * are the parts of the guards that differ.
 */
function merge(states: readonly St[]): St | null {
  return mergeWith(states)?.st ?? null;
}

/** merge(), with each live state's own part of the joined guard. */
function mergeWith(states: readonly St[]): { st: St; live: St[]; rests: Bool[] } | null {
  const live = states.filter((s) => !s.dead);
  if (live.length === 0) return null;
  if (live.length === 1) return { st: live[0], live, rests: [TRUE] };
  const parts = live.map((s) => conjuncts(s.guard));
  const shared = parts[0].filter((c) => parts.every((p) => p.some((x) => termId(x) === termId(c))));
  const sharedIds = new Set(shared.map(termId));
  const rests = parts.map((p) => sAnd(...p.filter((c) => !sharedIds.has(termId(c)))));
  const keys = new Set<string>();
  for (const s of live) for (const k of s.store.keys()) keys.add(k);
  const store = new Map<string, V>();
  for (const k of keys) {
    const vals = live.map((s) => s.store.get(k));
    const first = vals[0];
    if (first && vals.every((v) => v && (v === first || vkey(v) === vkey(first)))) {
      store.set(k, first);
      continue;
    }
    store.set(
      k,
      choice(
        live.map((s, i) => ({
          g: rests[i],
          v: vals[i] ?? readPath(s.store, k),
        })),
      ),
    );
  }
  return { st: new St(sAnd(...shared, sOr(...rests)), store), live, rests };
}

function combine(a: Flow, b: Flow): Flow {
  const gotos = new Map(a.gotos);
  for (const [l, ss] of b.gotos) gotos.set(l, [...(gotos.get(l) ?? []), ...ss]);
  return { fall: merge([...(a.fall ? [a.fall] : []), ...(b.fall ? [b.fall] : [])]), breaks: [...a.breaks, ...b.breaks], conts: [...a.conts, ...b.conts], gotos };
}

export { show };
