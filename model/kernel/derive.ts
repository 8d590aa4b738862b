// A rule version derived from the kernel's C: the C front end (src/cfront/)
// runs the profile's entry functions over the model's fields, and this file
// turns the endpoints it finds into the two decisions of a RuleVersion (the
// ts-pattern-like function and the Z3 encoding are both read off the same
// derived guards), after settling the conditions the profile does not map:
// a condition the outcome does not depend on is set aside (and listed); one
// it depends on makes the derivation inconclusive, with file:line, the
// expression and the states it splits.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Bool, Enum, Term } from '../../src/space/expr.ts';
import { boolCode, enumCode, eite, FALSE, isBool, lit, mapVars, TRUE, varsOf } from '../../src/space/expr.ts';
import { CFrontError, InconclusiveError } from '../../src/cfront/errors.ts';
import type { Endpoint, InterpProfile, PatternEntry, Unknown } from '../../src/cfront/interp.ts';
import { Interpreter } from '../../src/cfront/interp.ts';
import { parseC } from '../../src/cfront/parse.ts';
import type { V } from '../../src/cfront/values.ts';
import { sAnd, sNot, sOr, termId, vbool, vint } from '../../src/cfront/values.ts';
import { boolToZ3, enumToZ3 } from '../../src/solver/translate.ts';
import type { ZTerm } from '../../src/solver/z3.ts';
import { parseExpr } from '../../src/parse/expr.ts';
import { token } from '../../src/space/tokens.ts';
import { wrap } from '../../src/report/format.ts';
import { PRESETS, presetState } from '../presets.ts';
import type { FaultDecision, MemslotDecision } from '../outcomes.ts';
import { ATTR_OR_NONE, MEMSLOT_OUTCOME, REQUEST_OUTCOME } from '../outcomes.ts';
import type { State } from '../state.ts';
import { MEM_TYPES, SPACE } from '../state.ts';
import type { FaultOut, MemslotOut, Z3Version } from '../symbolic.ts';
import type { RuleVersion } from '../version.ts';
import { findVersion } from '../versions/index.ts';
import { PREDICATES, VOCABULARY } from '../vocabulary.ts';
import type { KernelProfile, Meaning } from './profile.ts';
import { KVM_ARM64_MMU } from './profile.ts';

/** One rule of a derived decision: its guard and outputs, over the state fields. */
export interface DerivedRule {
  readonly rule: string;
  readonly when: Bool;
  readonly outputs: Readonly<Record<string, Term>>;
}

export interface KernelDerivation {
  readonly version: RuleVersion;
  readonly file: string;
  readonly release?: string;
  /** The hand-written version this kernel should equal, and why. */
  readonly against: { readonly id: string; readonly why: string };
  readonly fault: readonly DerivedRule[];
  readonly memslot: readonly DerivedRule[];
  /** Environment assumptions, with whether the code met them. */
  readonly environment: ReadonlyArray<{ readonly id: string; readonly reason: string; readonly used: boolean; readonly pinsOff: boolean }>;
  readonly predicatesUsed: number;
  readonly predicatesTotal: number;
  /** Conditions the profile does not map and the outcome does not depend on. */
  readonly neutral: readonly Unknown[];
  readonly functions: readonly string[];
  readonly ms: number;
}

/** Does a command-line word name a kernel tree or a C file? */
export function isKernelPath(word: string): boolean {
  if (/\.c$/.test(word)) return true;
  try {
    return existsSync(word) && statSync(word).isDirectory();
  } catch {
    return false;
  }
}

/** The mmu.c of a tree, or the file itself; and the release from the tree's Makefile. */
export function locate(word: string, profile: KernelProfile = KVM_ARM64_MMU): { file: string; release?: string } {
  if (!existsSync(word)) throw new CFrontError(word, 0, 'no such file or directory');
  let file = word;
  let root: string | undefined;
  if (statSync(word).isDirectory()) {
    file = path.join(word, profile.files[0]);
    root = word;
    if (!existsSync(file)) throw new CFrontError(word, 0, `not a kernel tree: no ${profile.files[0]}`);
  } else {
    // arch/arm64/kvm/mmu.c -> the tree root three levels up, if it has a Makefile
    const up = path.resolve(path.dirname(word), '../../..');
    if (existsSync(path.join(up, 'Makefile'))) root = up;
  }
  return { file, release: root ? releaseOf(path.join(root, 'Makefile')) : undefined };
}

function releaseOf(makefile: string): string | undefined {
  if (!existsSync(makefile)) return undefined;
  const text = readFileSync(makefile, 'utf8').slice(0, 4000);
  const get = (k: string) => new RegExp(`^${k}\\s*=\\s*(\\d+)`, 'm').exec(text)?.[1];
  const v = get('VERSION');
  const p = get('PATCHLEVEL');
  const s = get('SUBLEVEL');
  return v && p ? `${v}.${p}${s && s !== '0' ? `.${s}` : ''}` : undefined;
}

// --- meanings -> values ------------------------------------------------------

const VOCAB = { names: VOCABULARY, predicates: PREDICATES };

function meaning(m: Meaning, where: string): V {
  try {
    if (typeof m === 'string') return vbool(parseExpr(m, VOCAB));
    if ('enum' in m) {
      const e = VOCABULARY.find((x) => x.name === m.enum);
      if (!e || e.sort.kind !== 'enum') throw new Error(`${m.enum} is not an enumerated field`);
      return { k: 'enum', t: { op: 'evar', ref: { name: m.enum, frame: '' }, sort: e.sort } };
    }
    if ('value' in m) {
      const e = VOCABULARY.find((x) => x.name === m.of);
      if (!e || e.sort.kind !== 'enum') throw new Error(`${m.of} is not an enumerated field`);
      return { k: 'enum', t: lit(e.sort, m.value) };
    }
    if ('int' in m) return vint(m.int);
    if ('sym' in m) return { k: 'sym', name: m.sym };
    if (!('opaque' in m)) return { k: 'opaque', text: '', positive: true };
    return { k: 'opaque', text: m.opaque, nonnull: m.nonnull, positive: m.positive };
  } catch (e) {
    throw new CFrontError('model/kernel/profile.ts', 0, `${where}: ${(e as Error).message.split('\n')[0]}`);
  }
}

export function interpProfile(p: KernelProfile, decision: 'fault' | 'memslot'): InterpProfile {
  const patterns: PatternEntry[] = [
    ...p.predicates.map((e, i) => ({ pattern: e.expr, value: meaning(e.means, e.expr), in: e.in, key: `pred:${i}` })),
    ...p.sizes.map((e) => ({ pattern: e, value: { k: 'opaque', text: '', positive: true } as V, key: 'size' })),
    ...p.environment.flatMap((a) => a.neutralises.map((e) => ({ pattern: e.expr, value: meaning(e.means, `${a.id}: ${e.expr}`), in: e.in, key: `env:${a.id}` }))),
  ];
  const constants = Object.fromEntries(Object.entries(p.constants).map(([k, m]) => [k, meaning(m, k)]));
  const spec = p[decision];
  return {
    patterns,
    constants,
    opaque: p.opaque,
    terminal: decision === 'fault' ? Object.keys(p.fault.install) : [],
    marks: decision === 'fault' ? Object.fromEntries(p.fault.sanitise.map((f) => [f, 'sanitiseTags'])) : {},
    decisions: spec.decisions,
  };
}

// --- endpoints -> outputs ------------------------------------------------------

const ATTR = ATTR_OR_NONE;

interface Out {
  readonly rule: string;
  readonly line: number;
  readonly guard: Bool;
  /** Output terms, or the reason the model has no name for this outcome. */
  readonly outputs: Record<string, Term> | { readonly unsupported: string };
}

function bitsOf(v: V): Map<string, Bool> | undefined {
  if (v.k === 'bits') return new Map(v.bits);
  if (v.k === 'sym' && !v.name.startsWith('-')) return new Map([[v.name, TRUE]]);
  if (v.k === 'int' && v.n === 0) return new Map();
  return undefined;
}

function describe(v: V): string {
  return v.k === 'int' ? String(v.n) : v.k === 'sym' ? v.name : v.k === 'opaque' ? v.text : v.k === 'void' ? 'nothing' : `a ${v.k} value`;
}

function faultOut(p: KernelProfile, e: Endpoint): Out[] {
  return faultOuts(p, e) as Out[];
}

function faultOuts(p: KernelProfile, e: Endpoint): unknown[] {
  const rule = `${e.origin.fn}:${e.origin.line}`;
  const base = { rule, line: e.origin.line, guard: e.guard };
  if (e.kind === 'call') {
    const prot = e.args?.[p.fault.install[e.call!]];
    // prot may differ along the paths that meet here: one output per alternative
    const alts = prot?.k === 'choice' ? prot.alts : [{ g: TRUE, v: prot ?? { k: 'void' as const } }];
    return alts.map((alt) => {
      const bits = bitsOf(alt.v);
      const guard = sAnd(e.guard, alt.g);
      if (!bits) return { ...base, guard, outputs: { unsupported: `${e.call}() with prot ${describe(alt.v)}` } };
      const has = (f: string) => bits.get(f) ?? FALSE;
      let attr: Enum = lit(ATTR, 'NORMAL');
      for (const [f, a] of [...p.fault.attr].reverse()) attr = eite(has(f), lit(ATTR, a), attr);
      return {
        ...base,
        guard,
        outputs: {
          'request.outcome': lit(REQUEST_OUTCOME, 'request'),
          'request.attr': attr,
          'request.exec': sOr(...p.fault.exec.map(has)),
          'request.sanitiseTags': e.marks.sanitiseTags ?? FALSE,
        },
      };
    });
  }
  const v = e.value!;
  const err = v.k === 'sym' ? p.fault.errors[v.name] : undefined;
  if (!err) return [{ ...base, outputs: { unsupported: `returns ${describe(v)}` } }];
  return [
    {
      ...base,
      outputs: { 'request.outcome': lit(REQUEST_OUTCOME, err), 'request.attr': lit(ATTR, 'none'), 'request.exec': FALSE, 'request.sanitiseTags': FALSE },
    },
  ];
}

function memslotOut(p: KernelProfile, e: Endpoint): Out {
  const rule = `${e.origin.fn}:${e.origin.line}`;
  const base = { rule, line: e.origin.line, guard: e.guard };
  const v = e.value!;
  if (v.k === 'int' && p.memslot.ok.includes(v.n)) return { ...base, outputs: { 'memslot.outcome': lit(MEMSLOT_OUTCOME, 'ok') } };
  if (v.k === 'sym' && p.memslot.errors[v.name]) return { ...base, outputs: { 'memslot.outcome': lit(MEMSLOT_OUTCOME, 'EINVAL') } };
  return { ...base, outputs: { unsupported: `returns ${describe(v)}` } };
}

// --- settling the unknowns -------------------------------------------------------

const FIELD_INDEX = new Map(SPACE.fields.map((f, i) => [f.name, i]));
const MAX_UNKNOWNS = 10;

/**
 * The states projected on the fields the terms read: each projected state
 * stands for `weight` states of the space. `each(d, index)` gets the digit
 * row (fields not read are 0) and the index of that representative state.
 */
function forEachProjected(terms: readonly Term[], each: (d: Int32Array, index: number) => void): number {
  const read = new Set<number>();
  for (const t of terms) for (const v of varsOf(t)) {
    const f = FIELD_INDEX.get(v.ref.name);
    if (f !== undefined) read.add(f);
  }
  const fields = [...read].sort((a, b) => a - b);
  const radix = fields.map((f) => { const x = SPACE.fields[f]; return x.type === 'bool' ? 2 : x.values!.length; });
  const d = new Int32Array(SPACE.fields.length);
  const total = radix.reduce((a, b) => a * b, 1);
  for (let n = 0; n < total; n++) {
    let r = n;
    for (let i = fields.length - 1; i >= 0; i--) {
      d[fields[i]] = r % radix[i];
      r = Math.floor(r / radix[i]);
    }
    each(d, SPACE.indexOfDigits(d));
  }
  return SPACE.size / total;
}

/**
 * Straight-line JavaScript for a set of terms with shared subterms computed
 * once (the derived terms are DAGs: printed as trees they can be large).
 * `leaf(ref)` gives the source of a variable's digit; returns the
 * definitions and, per term, the name of the variable holding its value
 * (0/1 for conditions, the value position for enumerations).
 */
function cse(terms: readonly Term[], leaf: (name: string) => string): { defs: string; names: string[] } {
  const lines: string[] = [];
  const memo = new Map<number, string>();
  const emit = (t: Term): string => {
    const id = termId(t);
    const known = memo.get(id);
    if (known) return known;
    let e: string;
    switch (t.op) {
      case 'lit':
        e = t.value ? '1' : '0';
        break;
      case 'var':
      case 'evar':
        e = leaf(t.ref.name);
        break;
      case 'elit':
        e = String(t.sort.values.indexOf(t.value));
        break;
      case 'not':
        e = `(${emit(t.arg)} ^ 1)`;
        break;
      case 'and':
        e = t.args.length ? `(${t.args.map(emit).join(' & ')})` : '1';
        break;
      case 'or':
        e = t.args.length ? `(${t.args.map(emit).join(' | ')})` : '0';
        break;
      case 'implies':
        e = `((${emit(t.lhs)} ^ 1) | ${emit(t.rhs)})`;
        break;
      case 'iff':
        e = `(${emit(t.lhs)} ^ ${emit(t.rhs)} ^ 1)`;
        break;
      case 'eq':
        e = `((${emit(t.lhs)} === ${emit(t.rhs)}) ? 1 : 0)`;
        break;
      case 'ite':
      case 'eite':
        e = `(${emit(t.cond)} ? ${emit(t.then)} : ${emit(t.else)})`;
        break;
    }
    const name = `t${memo.size}`;
    memo.set(id, name);
    lines.push(`const ${name} = ${e};`);
    return name;
  };
  const names = terms.map(emit);
  return { defs: lines.join('\n'), names };
}

interface Settled {
  readonly rules: Out[];
  readonly neutral: Unknown[];
}

/**
 * Which unknowns the outcome depends on, by enumeration of every state and
 * every assignment of the unknowns; the outputs (not the rule names) are
 * compared. Independent unknowns are set to false and rules that then
 * decide no state are dropped.
 */
function settle(file: string, decision: string, outs: Out[], unknowns: readonly Unknown[], outputNames: readonly string[]): Settled {
  // The outcome classes: endpoints with the same outputs, their guards
  // joined with shared conjuncts factored out (the two sides of a condition
  // that leads to the same outcome join back, and the condition goes).
  const classes = new Map<string, Out[]>();
  outs.forEach((o, i) => {
    const key = 'unsupported' in o.outputs ? `u${i}` : outputNames.map((n) => termId((o.outputs as Record<string, Term>)[n])).join(',');
    classes.set(key, [...(classes.get(key) ?? []), o]);
  });
  const joined: Out[] = [...classes.values()].map((members) => ({ ...members[0], guard: joinGuards(members.map((m) => m.guard)) }));
  const present = new Set<string>();
  for (const o of joined) {
    for (const v of varsOf(o.guard)) present.add(v.ref.name);
    if (!('unsupported' in o.outputs)) for (const t of Object.values(o.outputs)) for (const v of varsOf(t)) present.add(v.ref.name);
  }
  const live = unknowns.filter((u) => present.has(u.id));
  if (live.length > MAX_UNKNOWNS) {
    throw new InconclusiveError([
      `${file}: ${decision}: the outcome may depend on ${live.length} conditions the profile does not map (at most ${MAX_UNKNOWNS} can be settled), e.g.:`,
      ...live.slice(0, 6).map((u) => `  ${file}:${u.line}: ${u.fn}(): ${short(u.text)}`),
    ]);
  }
  const index = new Map(live.map((u, i) => [u.id, i]));
  if (process.env.S2CHECK_TRACE) console.error(`settle ${decision}: ${outs.length} endpoints, ${joined.length} classes, ${live.length} live unknowns: ${live.map((u) => `${u.line}:${short(u.text)}`).join('; ')}`);
  const leaf = (name: string) => {
    const f = FIELD_INDEX.get(name);
    if (f !== undefined) return `d[${f}]`;
    const x = index.get(name);
    if (x !== undefined) return `u[${x}]`;
    throw new Error(`derived term reads ${name}, which is not a state field`);
  };
  const all: Term[] = [];
  for (const o of joined) {
    all.push(o.guard);
    if (!('unsupported' in o.outputs)) for (const n of outputNames) all.push((o.outputs as Record<string, Term>)[n]);
  }
  const { defs, names } = cse(all, leaf);
  let at = 0;
  const bodies = joined.map((o, i) => {
    const g = names[at++];
    const code = 'unsupported' in o.outputs ? `${-1 - i}` : outputNames.map((_, k) => `${names[at++]} * ${16 ** k}`).join(' + ');
    return `if (${g}) return [${code}, ${i}];`;
  });
  // eslint-disable-next-line no-new-func
  const decide = new Function('d', 'u', `${defs}\n${bodies.join('\n')}\nreturn [-1000000, -1];`) as (d: Int32Array, u: Int32Array) => [number, number];
  const k = live.length;
  const u = new Int32Array(Math.max(1, k));
  const splits = new Map<number, { states: number; example: number }>();
  const unsupported = new Map<number, { states: number; example: number }>();
  const missing = { states: 0, example: -1 };
  const terms = joined.flatMap((o) => [o.guard, ...('unsupported' in o.outputs ? [] : Object.values(o.outputs))]);
  const weight = forEachProjected(terms, (d, s) => {
    u.fill(0);
    const [base, cls] = decide(d, u);
    if (cls < 0) {
      if (missing.states++ === 0) missing.example = s;
    } else if (base < 0) {
      const e = unsupported.get(cls) ?? { states: 0, example: s };
      e.states++;
      unsupported.set(cls, e);
    }
    for (let a = 1; a < 1 << k; a++) {
      for (let i = 0; i < k; i++) u[i] = (a >> i) & 1;
      const [code] = decide(d, u);
      if (code !== base) {
        // blame the unknowns whose flip from all-false changes the outcome
        for (let i = 0; i < k; i++) {
          if (!((a >> i) & 1)) continue;
          const e = splits.get(i) ?? { states: 0, example: s };
          e.states++;
          splits.set(i, e);
        }
        break;
      }
    }
  });
  for (const m of [...splits.values(), ...unsupported.values(), missing]) m.states *= weight;
  const lines: string[] = [];
  for (const [i, e] of [...splits].sort((x, y) => x[0] - y[0])) {
    const un = live[i];
    lines.push(`${file}:${un.line}: ${un.fn}(): the outcome depends on '${short(un.source)}', which the profile does not map`);
    if (un.source !== un.text) lines.push(...wrap(`read as: ${short(un.text)}`, '    ', '  '));
    lines.push(...wrap(`it splits ${e.states} states, e.g. ${stateText(e.example)}`, '    ', '  '));
  }
  for (const [r, e] of unsupported) {
    const o = joined[r];
    lines.push(`${file}:${o.line}: ${o.rule.split(':')[0]}() ${(o.outputs as { unsupported: string }).unsupported}: not an outcome of the model`);
    lines.push(...wrap(`on ${e.states} states, e.g. ${stateText(e.example)}`, '    ', '  '));
  }
  if (missing.states) lines.push(`${file}: ${decision}: no endpoint on ${missing.states} states, e.g. ${stateText(missing.example)}`);
  if (lines.length) {
    lines.push(...wrap('map the expression in model/kernel/profile.ts (predicates), or name an environment assumption that fixes it', '  ', '  '));
    throw new InconclusiveError(lines);
  }
  // The outcome depends on no unknown: every unknown is set to false in the
  // rules' guards (the rules still partition the states), and rules that
  // then decide no state go.
  const falsify = (t: Term): Term => substituteFalse(t, (name) => name.startsWith('?'));
  const rules = outs.map((o) => ({ ...o, guard: falsify(o.guard) as Bool, outputs: 'unsupported' in o.outputs ? o.outputs : Object.fromEntries(Object.entries(o.outputs).map(([n, t]) => [n, falsify(t)])) }));
  const fires = countFires(rules);
  const neutral = unknowns.filter((x) => !live.includes(x));
  return { rules: rules.filter((_, i) => fires[i] > 0), neutral: [...neutral, ...live] };
}

/** Disjunction of disjoint guards, shared conjuncts factored out. */
function joinGuards(gs: readonly Bool[]): Bool {
  if (gs.length === 1) return gs[0];
  const parts = gs.map((g) => (g.op === 'and' ? g.args : g.op === 'lit' && g.value ? [] : [g]));
  const shared = parts[0].filter((c) => parts.every((p) => p.some((x) => termId(x) === termId(c))));
  const ids = new Set(shared.map(termId));
  const rests = parts.map((p) => sAnd(...p.filter((c) => !ids.has(termId(c)))));
  return sAnd(...shared, joinRests(rests));
}

/** OR of the rests, pairing complementary conjunctions (c & x, !c & x -> x) until none pair. */
function joinRests(rests: Bool[]): Bool {
  let xs = rests;
  for (let changed = true; changed && xs.length > 1; ) {
    changed = false;
    outer: for (let i = 0; i < xs.length; i++) {
      for (let j = i + 1; j < xs.length; j++) {
        const xi = xs[i];
        const xj = xs[j];
        const a: readonly Bool[] = xi.op === "and" ? xi.args : [xi];
        const b: readonly Bool[] = xj.op === "and" ? xj.args : [xj];
        const sharedAB = a.filter((c) => b.some((x) => termId(x) === termId(c)));
        const ids = new Set(sharedAB.map(termId));
        const ra = sAnd(...a.filter((c) => !ids.has(termId(c))));
        const rb = sAnd(...b.filter((c) => !ids.has(termId(c))));
        if (termId(sNot(ra)) === termId(rb) || termId(sNot(rb)) === termId(ra)) {
          xs = [...xs.slice(0, i), sAnd(...sharedAB), ...xs.slice(i + 1, j), ...xs.slice(j + 1)];
          changed = true;
          break outer;
        }
      }
    }
  }
  return sOr(...xs);
}

/** Replace the matching boolean variables by false (memoised over shared subterms). */
function substituteFalse(t: Term, pick: (name: string) => boolean): Term {
  return mapVars(t as Bool, (ref, sort) => (sort.kind === 'bool' && pick(ref.name) ? FALSE : undefined));
}

function countFires(rules: readonly Out[]): Int32Array {
  const { defs, names } = cse(
    rules.map((r) => r.guard),
    (name) => `d[${FIELD_INDEX.get(name)}]`,
  );
  const bodies = rules.map((_, i) => `if (${names[i]}) return ${i};`);
  // eslint-disable-next-line no-new-func
  const decide = new Function('d', 'u', `${defs}\n${bodies.join('\n')}\nreturn -1;`) as (d: Int32Array, u: Int32Array) => number;
  const u = new Int32Array(1);
  const fires = new Int32Array(rules.length);
  forEachProjected(rules.map((r) => r.guard), (d) => {
    const r = decide(d, u);
    if (r >= 0) fires[r]++;
  });
  return fires;
}

function short(t: string): string {
  return t.length > 60 ? `${t.slice(0, 57)}...` : t;
}

/** A state as the closest preset and the fields that differ from it (as reports print states). */
function stateText(index: number): string {
  const rec = SPACE.record(index);
  let best: string[] | undefined;
  for (const p of PRESETS) {
    const ps = presetState(p);
    const differs = SPACE.fields.filter((f) => ps[f.name] !== rec[f.name]).map((f) => token(f.name, rec[f.name]));
    if (!best || differs.length < best.length - 1) best = [p.name, ...differs];
  }
  return best!.join(' ');
}

/** Group endpoints by rule (function:line), in line order; outputs become if-then-else over the members. */
function group(outs: Out[]): Out[] {
  const by = new Map<string, Out[]>();
  for (const o of outs) by.set(o.rule, [...(by.get(o.rule) ?? []), o]);
  const merged: Out[] = [];
  for (const [rule, members] of by) {
    const sup = members.filter((m) => !('unsupported' in m.outputs));
    const unsup = members.filter((m) => 'unsupported' in m.outputs);
    if (sup.length) {
      const names = Object.keys(sup[0].outputs);
      const outputs: Record<string, Term> = {};
      for (const n of names) {
        let t = (sup[sup.length - 1].outputs as Record<string, Term>)[n];
        for (let i = sup.length - 2; i >= 0; i--) {
          const a = (sup[i].outputs as Record<string, Term>)[n];
          if (termId(a) === termId(t)) continue;
          t = isBool(a) ? { op: 'ite', cond: sup[i].guard, then: a, else: t as Bool } : eite(sup[i].guard, a as Enum, t as Enum);
        }
        outputs[n] = t;
      }
      merged.push({ rule, line: sup[0].line, guard: sOr(...sup.map((m) => m.guard)), outputs });
    }
    for (const u of unsup) merged.push({ ...u, rule: `${rule}!${merged.length}` });
  }
  return merged.sort((a, b) => a.line - b.line);
}

// --- the rule version ----------------------------------------------------------------

const MEM_INDEX = Object.fromEntries(MEM_TYPES.map((m, i) => [m, i]));

function compileRules(rules: readonly Out[], names: readonly string[]): (s: State) => { rule: string; values: number[] } {
  const digit = (ref: { name: string }) => {
    const f = SPACE.fields[FIELD_INDEX.get(ref.name)!];
    if (!f) throw new Error(`derived term reads ${ref.name}`);
    return f.type === 'bool' ? `(s.${ref.name} ? 1 : 0)` : `M[s.${ref.name}]`;
  };
  const src = (t: Term) => (isBool(t) ? `(${boolCode(t, digit)} ? 1 : 0)` : enumCode(t, digit));
  const body = rules
    .map((r, i) => `if (${boolCode(r.guard, digit)}) return { rule: R[${i}], values: [${names.map((n) => src((r.outputs as Record<string, Term>)[n])).join(', ')}] };`)
    .join('\n');
  const R = rules.map((r) => r.rule);
  // eslint-disable-next-line no-new-func
  const f = new Function('s', 'M', 'R', `${body}\nthrow new Error('no derived rule decides this state');`) as (s: State, m: Record<string, number>, r: string[]) => { rule: string; values: number[] };
  return (s) => f(s, MEM_INDEX, R);
}

const FAULT_NAMES = ['request.outcome', 'request.attr', 'request.exec', 'request.sanitiseTags'] as const;

function buildVersion(id: string, title: string, source: string, summary: string, fault: readonly Out[], memslot: readonly Out[], against: string, base: RuleVersion['meta'] | undefined): RuleVersion {
  const evalFault = compileRules(fault, FAULT_NAMES);
  const evalMemslot = compileRules(memslot, ['memslot.outcome']);
  const faultFn = (s: State): FaultDecision => {
    const { rule, values } = evalFault(s);
    const outcome = REQUEST_OUTCOME.values[values[0]];
    if (outcome === 'request') {
      return { rule, request: { attr: ATTR.values[values[1]] as 'NORMAL', exec: values[2] === 1, sanitiseTags: values[3] === 1 } };
    }
    return { rule, error: outcome as 'EFAULT' };
  };
  const memslotFn = (s: State): MemslotDecision => {
    const { rule, values } = evalMemslot(s);
    return { rule, outcome: MEMSLOT_OUTCOME.values[values[0]] as 'ok' };
  };
  const z3: Z3Version = (k) => {
    const resolve = (ref: { name: string }): ZTerm => {
      const [group, field] = ref.name.split('.');
      const g = (k.s as unknown as Record<string, Record<string, ZTerm>>)[group];
      const t = g?.[field];
      if (!t) throw new Error(`derived term reads ${ref.name}`);
      return t;
    };
    const term = (t: Term): ZTerm => (isBool(t) ? boolToZ3(k.z, t, resolve) : enumToZ3(k.z, t, resolve));
    return {
      fault: fault.map((r) => ({ rule: r.rule, when: boolToZ3(k.z, r.guard, resolve), then: Object.fromEntries(FAULT_NAMES.map((n) => [n, term((r.outputs as Record<string, Term>)[n])])) as unknown as FaultOut })),
      memslot: memslot.map((r) => ({ rule: r.rule, when: boolToZ3(k.z, r.guard, resolve), then: { 'memslot.outcome': term((r.outputs as Record<string, Term>)['memslot.outcome']) } as unknown as MemslotOut })),
    };
  };
  return {
    // The C's reading of the version it is compared with: that version's
    // page-table layer and, for a mainline release, its previous release and
    // delta (release-delta-confined reads them); it expects that version's
    // verdicts counted on its own space (src/compare/judge.ts), not the ones
    // declared for a larger space, and no more violating states (its base,
    // as a rule file's).
    meta: {
      id,
      title,
      date: '-',
      source,
      layer: base?.layer ?? 'nc',
      summary,
      ...(base?.previous === undefined ? {} : { previous: base.previous, delta: base.delta }),
      expectsVerdictsOf: against,
      base: against,
    },
    faultRules: fault.map((r) => r.rule),
    memslotRules: memslot.map((r) => r.rule),
    fault: faultFn,
    memslot: memslotFn,
    z3,
    expected: {},
  };
}

export interface DeriveOptions {
  readonly profile?: KernelProfile;
  /** The hand-written version to compare with (default: the profile's choice for the release). */
  readonly against?: string;
  /** The version id to give (default linux-<release> or kernel-<file name>). */
  readonly id?: string;
  /** Shown as the file in messages (default: the path as given). */
  readonly shown?: string;
  /** Source text instead of reading the file (tests). */
  readonly text?: string;
}

/** Derive both decisions of a kernel tree or C file. */
export async function deriveKernel(word: string, options: DeriveOptions = {}): Promise<KernelDerivation> {
  const t0 = performance.now();
  const profile = options.profile ?? KVM_ARM64_MMU;
  const { file, release } = options.text === undefined ? locate(word, profile) : { file: word, release: undefined };
  const shown = options.shown ?? file;
  let raw: string;
  if (options.text !== undefined) raw = options.text;
  else {
    const size = statSync(file).size;
    if (size > 4 * 1024 * 1024) throw new CFrontError(shown, 0, `${(size / 1048576).toFixed(1)} MB is more than the 4 MB a source file may have`);
    raw = readFileSync(file, 'utf8');
  }
  const c = await parseC(shown, raw, { macros: profile.macros, defines: profile.defines });
  const used = new Set<string>();
  const functions = new Set<string>();
  const run = (decision: 'fault' | 'memslot', prefix: string) => {
    const it = new Interpreter(c, interpProfile(profile, decision), prefix);
    const r = it.run(profile[decision].entry);
    for (const k of r.used) used.add(k);
    for (const f of r.inlined) functions.add(f);
    return r;
  };
  const trace = (what: string) => process.env.S2CHECK_TRACE && console.error(`derive ${what}: ${Math.round(performance.now() - t0)} ms`);
  trace('parsed');
  const fr = run('fault', '?f');
  trace('fault interpreted');
  const mr = run('memslot', '?m');
  trace('memslot interpreted');
  const fSettled = settle(shown, 'fault', group(fr.endpoints.flatMap((e) => faultOut(profile, e))), fr.unknowns, FAULT_NAMES);
  trace('fault settled');
  const mSettled = settle(shown, 'memslot', group(mr.endpoints.map((e) => memslotOut(profile, e))), mr.unknowns, ['memslot.outcome']);
  trace('memslot settled');
  const features = {
    splitFault: c.functions.has('kvm_s2_fault_map') || c.source.includes('kvm_s2_fault_desc'),
    gmemAbort: c.functions.has('gmem_abort'),
    vmaCacheable: c.functions.has('kvm_vma_is_cacheable'),
  };
  const chosen = options.against ? { id: options.against, why: 'given with --against' } : profile.against(release, features);
  const base = findVersion(chosen.id);
  // By its id, when given by an alias (--against mainline).
  const against = base ? { ...chosen, id: base.meta.id } : chosen;
  const id = options.id ?? (release ? `linux-${release}` : `kernel-${path.basename(file, '.c').replace(/[^A-Za-z0-9._+-]/g, '_')}`);
  const version = buildVersion(
    id,
    `derived from ${shown}${release ? ` (Linux ${release})` : ''}`,
    shown,
    `The decision as the C front end reads it from ${shown} under the kernel profile ${profile.id}; compared with ${against.id}: ${against.why}.`,
    fSettled.rules,
    mSettled.rules,
    against.id,
    base?.meta,
  );
  const environment = profile.environment.map((a) => ({ id: a.id, reason: a.reason, used: used.has(`env:${a.id}`), pinsOff: a.pinsOff === true }));
  return {
    version,
    file: shown,
    release,
    against,
    fault: fSettled.rules.map((r) => ({ rule: r.rule, when: r.guard, outputs: r.outputs as Record<string, Term> })),
    memslot: mSettled.rules.map((r) => ({ rule: r.rule, when: r.guard, outputs: r.outputs as Record<string, Term> })),
    environment,
    predicatesUsed: profile.predicates.filter((_, i) => used.has(`pred:${i}`)).length,
    predicatesTotal: profile.predicates.length,
    neutral: [...fSettled.neutral, ...mSettled.neutral],
    functions: [...functions],
    ms: performance.now() - t0,
  };
}

