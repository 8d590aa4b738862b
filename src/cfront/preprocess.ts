// Source-level preparation before parsing, driven by data the caller gives
// (the macro table and the preprocessor values): nothing here knows a
// particular code base. Every edit keeps the byte length of each line, so
// line numbers of the parse are the lines of the file.
//
// Macro kinds:
//   attribute  NAME            -> removed (e.g. __always_inline, __ro_after_init)
//   wrapper    NAME(x)         -> (x) (e.g. KVM_PGT_FN(f), likely(c))
//   guard      NAME(args) stmt -> if (1) stmt (scoped_guard(...) { ... })
//   loop       NAME(args) stmt -> while (NAME) stmt: a loop the interpreter
//                                 refuses unless the caller settles it
// Preprocessor conditionals whose symbols all have a value in `defines`
// are resolved (inactive lines blanked); the others are left for the
// parser and refused by the interpreter where it meets them.

export type MacroKind = 'attribute' | 'wrapper' | 'guard' | 'loop';

export interface MacroSpec {
  readonly name: string;
  readonly kind: MacroKind;
  readonly doc?: string;
}

export interface PreprocessOptions {
  readonly macros: readonly MacroSpec[];
  /** Preprocessor symbols with an assumed value: true (defined, 1) or false (undefined, 0). */
  readonly defines: Readonly<Record<string, boolean>>;
}

/** Blank a range (keep newlines). */
function blank(chars: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
}

/** Index of the parenthesis matching the '(' at `open`, or -1. */
function matchParen(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '"' || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    }
  }
  return -1;
}

/** Positions of code (not comments, strings or preprocessor lines) as a mask. */
function codeMask(src: string): Uint8Array {
  const m = new Uint8Array(src.length);
  let i = 0;
  let lineStart = true;
  while (i < src.length) {
    const c = src[i];
    if (c === '/' && src[i + 1] === '*') {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? src.length : e + 2;
      continue;
    }
    if (c === '/' && src[i + 1] === '/') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const q = c;
      i++;
      while (i < src.length && src[i] !== q && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i++;
      lineStart = false;
      continue;
    }
    if (c === '#' && lineStart) {
      // a preprocessor line (with continuations)
      while (i < src.length && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '\n') lineStart = true;
    else if (c !== ' ' && c !== '\t') lineStart = false;
    m[i] = 1;
    i++;
  }
  return m;
}

/** Evaluate a conditional's expression if every symbol has a value; undefined otherwise. */
function evalCondition(kind: string, expr: string, defines: Readonly<Record<string, boolean>>): boolean | undefined {
  const e = expr.replace(/\/\*.*?\*\//g, '').trim();
  if (kind === 'ifdef' || kind === 'ifndef') {
    const v = defines[e];
    if (v === undefined) return undefined;
    return kind === 'ifdef' ? v : !v;
  }
  // #if / #elif: defined(X), IS_ENABLED(X), X, !, &&, ||, parentheses, 0/1
  const js = e
    .replace(/\bdefined\s*\(\s*(\w+)\s*\)/g, '$1')
    .replace(/\bdefined\s+(\w+)/g, '$1')
    .replace(/\bIS_(?:ENABLED|BUILTIN|REACHABLE)\s*\(\s*(\w+)\s*\)/g, '$1');
  let unknown = false;
  const body = js.replace(/[A-Za-z_]\w*/g, (name) => {
    const v = defines[name];
    if (v === undefined) unknown = true;
    return v ? '1' : '0';
  });
  if (unknown || !/^[\s01!&|()]*$/.test(body)) return undefined;
  // eslint-disable-next-line no-new-func
  return Boolean(new Function(`return (${body});`)());
}

/** Resolve the preprocessor conditionals whose symbols have values. */
function resolveConditionals(src: string, defines: Readonly<Record<string, boolean>>): string {
  const lines = src.split('\n');
  interface Frame {
    known: boolean;
    /** In a known group: is the current branch active, and was any branch taken. */
    active: boolean;
    taken: boolean;
    parentActive: boolean;
  }
  const stack: Frame[] = [];
  const activeNow = () => stack.every((f) => !f.known || f.active);
  for (let n = 0; n < lines.length; n++) {
    const m = /^\s*#\s*(ifdef|ifndef|if|elif|else|endif)\b(.*)$/.exec(lines[n]);
    if (!m) {
      if (!activeNow()) lines[n] = lines[n].replace(/[^\n]/g, ' ');
      continue;
    }
    const [, kind, rest] = m;
    if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef') {
      const parentActive = activeNow();
      const v = evalCondition(kind, rest, defines);
      stack.push({ known: v !== undefined, active: v === true, taken: v === true, parentActive });
      if (v !== undefined) lines[n] = lines[n].replace(/[^\n]/g, ' ');
      else if (!parentActive) lines[n] = lines[n].replace(/[^\n]/g, ' ');
      continue;
    }
    const top = stack[stack.length - 1];
    if (!top) continue;
    if (kind === 'endif') stack.pop();
    else if (top.known) {
      if (kind === 'else') {
        top.active = !top.taken;
        top.taken = true;
      } else {
        const v = evalCondition('if', rest, defines);
        if (v === undefined) {
          // an unknown #elif in a known group: leave the group's remaining lines alone
          top.known = false;
          continue;
        }
        top.active = !top.taken && v;
        top.taken ||= v;
      }
    }
    if (top.known || !top.parentActive) lines[n] = lines[n].replace(/[^\n]/g, ' ');
  }
  return lines.join('\n');
}

/** Apply the macro table and the known preprocessor values. */
export function preprocess(src: string, options: PreprocessOptions): string {
  const text = resolveConditionals(src, options.defines);
  const mask = codeMask(text);
  const chars = text.split('');
  const byName = new Map(options.macros.map((m) => [m.name, m]));
  const ident = /[A-Za-z_]\w*/g;
  let m: RegExpExecArray | null;
  while ((m = ident.exec(text))) {
    const spec = byName.get(m[0]);
    if (!spec || !mask[m.index]) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (spec.kind === 'attribute') {
      // NAME or NAME(args)
      let j = end;
      while (text[j] === ' ' || text[j] === '\t') j++;
      const close = text[j] === '(' ? matchParen(text, j) : -1;
      blank(chars, start, close >= 0 ? close + 1 : end);
      continue;
    }
    let open = end;
    while (text[open] === ' ' || text[open] === '\t') open++;
    if (text[open] !== '(') continue;
    const close = matchParen(text, open);
    if (close < 0) continue;
    if (spec.kind === 'wrapper') {
      // NAME( x ) -> ( x ): blank the name, keep the parentheses
      blank(chars, start, end);
      ident.lastIndex = open + 1;
      continue;
    } else {
      const word = spec.kind === 'guard' ? 'if (1)' : `while (${spec.name})`;
      blank(chars, start, close + 1);
      if (close + 1 - start >= word.length) for (let k = 0; k < word.length; k++) chars[start + k] = word[k];
    }
    ident.lastIndex = close + 1;
  }
  return chars.join('');
}
