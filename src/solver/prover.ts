// The symbolic side: every property proved or refuted with Z3 from the
// versions' Z3 encodings, with the minimal set of assumptions each proof
// needs; dead rules found symbolically; and the proof that the ts-pattern
// and Z3 encodings agree on every feasible state.
//
// One solver per (version, assumption set). Assumptions and queries are
// asserted once behind tracking literals, and every question is a check
// under a few literals, so the solver works incrementally.

import type { Bool, VarRef } from '../space/expr.ts';
import { and, isBool, not, showRef } from '../space/expr.ts';
import type { Checker } from '../enumerate/check.ts';
import type { Property } from '../space/property.ts';
import type { System } from '../space/system.ts';
import { frameVersionOf } from '../space/system.ts';
import { boolToZ3, enumToZ3 } from './translate.ts';
import type { StateModel, Z3, ZBoolTerm, ZIntTerm, ZTerm } from './z3.ts';
import { check, intVal, solverLogic, stateModel, unsatCoreAsts } from './z3.ts';

export type ProofVerdict = 'proved' | 'refuted' | 'vacuous' | 'inconclusive';

export interface ProofResult {
  readonly id: string;
  readonly verdict: ProofVerdict;
  /** proved / vacuous: a minimal set of assumptions the proof needs (none = holds with no assumption). */
  readonly assumptionsUsed?: readonly string[];
  /** proved: the proof still goes through with the hard assumptions alone. */
  readonly holdsUnderHard?: boolean;
  /** proved but not under hard alone: a state, feasible under the hard assumptions, that violates it. */
  readonly hardCounterexample?: number;
  /** refuted: a state, confirmed by the concrete evaluation. */
  readonly counterexample?: number;
  /** no-dead-rules: every dead rule with the assumptions that make it dead. */
  readonly deadRules?: ReadonlyArray<{ readonly rule: string; readonly assumptions: readonly string[] }>;
  /** encodings-agree, refuted: both outcomes on the counterexample. */
  readonly disagreement?: string;
  /** inconclusive: what Z3 said. */
  readonly reason?: string;
  readonly ms: number;
}

export class InternalError extends Error {}

/** The counting side's state where a query holds under these assumptions, if it has one. */
type WitnessUnder = (assumptionIds: readonly string[]) => number | undefined;

interface DecisionTerms {
  readonly id: string;
  readonly rules: readonly string[];
  /** Index of the deciding branch; rules.length when none fires. */
  readonly ruleIndex: ZIntTerm;
  readonly fired: readonly ZBoolTerm[];
  /** Output terms of each branch. */
  readonly branchOutputs: ReadonlyArray<Readonly<Record<string, ZTerm>>>;
}

interface FrameTerms {
  readonly version: string;
  readonly fields: Record<string, ZTerm>;
  /** Derived variables, translated when first read. */
  readonly derived: Map<string, ZTerm>;
  readonly outputs: Record<string, ZTerm>;
  readonly decisions: readonly DecisionTerms[];
}

export interface ProverOptions {
  /** Wall-clock limit per solver call, in milliseconds (none if absent). */
  readonly timeoutMs?: number;
  /** Z3 resource units per solver call (none if absent): deterministic, unlike the timeout. */
  readonly resourceLimit?: number;
  /**
   * Report the smallest state index of every Z3 witness instead of whatever
   * model Z3 returns, so the output does not depend on the solver's choice
   * (costs a few dozen solver calls per witness: used by `prove`).
   */
  readonly canonicalWitnesses?: boolean;
}

export class Prover {
  constructor(
    private readonly system: System,
    private readonly checker: Checker,
    private readonly z: Z3,
    private readonly options: ProverOptions = {},
  ) {}

  /** A proof session for one version under one assumption set. */
  session(versionId: string, assumptionIds: readonly string[]): Session {
    return new Session(this.system, this.checker, this.z, versionId, assumptionIds, this.options);
  }
}

export class Session {
  private readonly solver;
  private readonly frames: Map<string, FrameTerms>;
  private readonly base: FrameTerms;
  private readonly fields: Record<string, ZTerm>;
  private readonly lits: Map<string, ZBoolTerm>;
  /** What every solver of the version holds: enum ranges and `literal => assumption`. */
  private readonly background: readonly ZBoolTerm[];
  private readonly hardIds: readonly string[];
  private counter = 0;

  constructor(
    private readonly system: System,
    private readonly checker: Checker,
    private readonly z: Z3,
    readonly versionId: string,
    readonly assumptionIds: readonly string[],
    private readonly options: ProverOptions,
    /** A session of the same version whose terms this one shares (see fork()). */
    shared?: Session,
  ) {
    this.solver = new z.Solver(solverLogic());
    if (options.timeoutMs) this.solver.set('timeout', options.timeoutMs);
    if (options.resourceLimit) this.solver.set('rlimit', options.resourceLimit);
    this.hardIds = system.assumptions.filter((a) => a.kind === 'hard').map((a) => a.id);
    if (shared) {
      ({ frames: this.frames, base: this.base, fields: this.fields, lits: this.lits, background: this.background } = shared);
    } else {
      const background: ZBoolTerm[] = [];
      const fields: Record<string, ZTerm> = {};
      for (const f of system.space.fields) {
        if (f.type === 'bool') fields[f.name] = z.Bool.const(f.name);
        else {
          const x = z.Int.const(f.name);
          fields[f.name] = x;
          background.push(z.And(x.ge(0), x.lt(f.values.length)));
        }
      }
      this.fields = fields;
      this.frames = new Map();
      this.base = this.frameTerms(versionId, fields);
      this.frames.set('', this.base);
      // Every assumption of the catalogue gets a literal, so that "under hard
      // alone" can be asked in the same session.
      this.lits = new Map();
      for (const a of system.assumptions) {
        const lit = z.Bool.const(`assume:${a.id}`);
        this.lits.set(a.id, lit);
        background.push(z.Implies(lit, this.toZ3(a.formula)));
      }
      this.background = background;
    }
    for (const t of this.background) this.solver.add(t);
  }

  /** A session with a solver of its own over the same terms (no translation again). */
  fork(): Session {
    return new Session(this.system, this.checker, this.z, this.versionId, this.assumptionIds, this.options, this);
  }

  private frameTerms(versionId: string, fields: Record<string, ZTerm>): FrameTerms {
    const z = this.z;
    const decisions = this.system.symbolic(versionId)(z, fields);
    const concrete = this.system.encoding(versionId).decisions;
    const outputs: Record<string, ZTerm> = {};
    const out: DecisionTerms[] = decisions.map((d, di) => {
      const names = d.branches.map((b) => b.rule);
      const expected = concrete[di]?.rules ?? [];
      if (concrete[di]?.id !== d.id || names.join(' ') !== expected.join(' ')) {
        throw new InternalError(
          `${versionId}: the Z3 encoding's ${d.id} rules (${names.join(' ')}) differ from the ts-pattern rules (${expected.join(' ')})`,
        );
      }
      let ruleIndex: ZIntTerm = intVal(z, names.length);
      for (let i = d.branches.length - 1; i >= 0; i--) ruleIndex = z.If(d.branches[i].when, intVal(z, i), ruleIndex) as ZIntTerm;
      const fired = d.branches.map((b, i) => z.And(b.when, ...d.branches.slice(0, i).map((p) => z.Not(p.when))));
      for (const name of Object.keys(d.branches[0]?.outputs ?? {})) {
        const last = d.branches[d.branches.length - 1].outputs[name];
        let term: ZTerm = last;
        for (let i = d.branches.length - 2; i >= 0; i--) term = z.If(d.branches[i].when, d.branches[i].outputs[name], term) as ZTerm;
        outputs[name] = term;
      }
      return { id: d.id, rules: names, ruleIndex, fired, branchOutputs: d.branches.map((b) => b.outputs) };
    });
    return { version: versionId, fields, outputs, derived: new Map(), decisions: out };
  }

  /** A frame's terms, built when a formula first names the frame (the agreement query names none). */
  private frame(id: string): FrameTerms | undefined {
    let terms = this.frames.get(id);
    const spec = this.system.frames.find((f) => f.id === id);
    if (terms || !spec) return terms;
    const z = this.z;
    const ff = { ...this.fields };
    for (const [name, value] of Object.entries(spec.overrides)) {
      const field = this.system.space.field(name);
      ff[name] = field.type === 'bool' ? z.Bool.val(value === true) : z.Int.val(field.values.indexOf(String(value)));
    }
    terms = this.frameTerms(frameVersionOf(this.system, spec, this.versionId), ff);
    this.frames.set(id, terms);
    return terms;
  }

  private resolve = (ref: VarRef): ZTerm => {
    const frame = this.frame(ref.frame);
    if (!frame) throw new Error(`unknown frame in ${showRef(ref)}`);
    const t = frame.fields[ref.name] ?? frame.outputs[ref.name] ?? frame.derived.get(ref.name);
    if (t) return t;
    // A derived variable: its definition (over its own frame) translated
    // once per frame, so that formulas sharing it share the term.
    const def = this.system.derived(frame.version)[ref.name];
    if (!def) throw new Error(`unknown variable ${showRef(ref)}`);
    const local = (r: VarRef) => this.resolve(r.frame === '' ? { name: r.name, frame: ref.frame } : r);
    const term = isBool(def) ? boolToZ3(this.z, def, local) : enumToZ3(this.z, def, local);
    frame.derived.set(ref.name, term);
    return term;
  };

  /** Free the solver's WebAssembly memory now rather than at garbage collection. */
  dispose(): void {
    this.solver.release();
    for (const m of this.models.values()) m?.release();
    this.models.clear();
  }

  /** A formula (derived variables allowed) as a Z3 term over this session's frames. */
  toZ3(formula: Bool): ZBoolTerm {
    return boolToZ3(this.z, formula, this.resolve);
  }

  /** Assert `lit => term` under a fresh literal. */
  private track(term: ZBoolTerm): ZBoolTerm {
    const lit = this.z.Bool.const(`q${this.counter++}`);
    this.solver.add(this.z.Implies(lit, term));
    return lit;
  }

  private async check(ids: readonly string[], query: ZBoolTerm): Promise<'sat' | 'unsat' | 'unknown'> {
    return check(this.solver, [...ids.map((id) => this.lits.get(id)!), query]);
  }

  /** The assumption ids in the last unsat core. */
  private core(): string[] {
    const asts = unsatCoreAsts(this.solver);
    if (asts) return this.assumptionIds.filter((id) => asts.has(this.lits.get(id)!.ast as unknown as number));
    const names = new Set(this.solver.unsatCore().sexpr().replace(/[()]/g, ' ').split(/\s+/).filter(Boolean));
    return this.assumptionIds.filter((id) => names.has(`assume:${id}`) || names.has(`|assume:${id}|`));
  }

  /**
   * Shrink an unsat core to a minimal set (each member needed). A member
   * is needed when the query is satisfiable without it: where the counting
   * side has a state for that (`witness`), Z3 confirms it on that state
   * (holdsAt) instead of a solver call; only a member that may go costs one.
   */
  private async minimise(query: ZBoolTerm, core: string[], raw?: ZBoolTerm, witness?: WitnessUnder): Promise<string[]> {
    let current = core;
    for (const id of core) {
      if (!current.includes(id)) continue;
      const trial = current.filter((x) => x !== id);
      if (raw && witness && (await this.holdsAt(trial, raw, witness(trial)))) continue;
      if ((await this.check(trial, query)) === 'unsat') current = this.core().filter((x) => trial.includes(x));
    }
    return current;
  }

  /**
   * Is `term` unsatisfiable under the session's assumptions? With the
   * minimal assumptions if so; `witness` as for minimise.
   */
  async unsatisfiable(term: ZBoolTerm, witness?: WitnessUnder): Promise<{ result: 'sat' | 'unsat' | 'unknown'; used?: string[] }> {
    const q = this.track(term);
    const result = await this.check(this.assumptionIds, q);
    if (result !== 'unsat') return { result };
    return { result, used: await this.minimise(q, this.core(), term, witness) };
  }

  /** Each field's literals (field = digit), built once: every call into Z3 costs. */
  private fieldLiterals(): ZBoolTerm[][] {
    const z = this.z;
    this.literals ??= this.system.space.fields.map((f) => {
      const t = this.base.fields[f.name];
      const radix = f.type === 'bool' ? 2 : f.values.length;
      return Array.from({ length: radix }, (_, digit) =>
        f.type === 'bool' ? (digit ? (t as ZBoolTerm) : z.Not(t as ZBoolTerm)) : (t as ZIntTerm).eq(intVal(z, digit)),
      );
    });
    return this.literals;
  }

  private literals: ZBoolTerm[][] | undefined;

  /**
   * Does `query` hold on this one state under the assumptions? The Z3
   * encoding decides it; the state only comes from the counting side, so
   * confirming a known witness replaces a search for one. Evaluated in Z3
   * without a solver (src/solver/z3.ts stateModel); where that gives no
   * truth value, one solver call with the state's literals. No answer sends
   * the caller back to the full search.
   */
  private async holdsAt(ids: readonly string[], query: ZBoolTerm, index: number | undefined): Promise<boolean> {
    if (index === undefined || this.options.canonicalWitnesses) return false;
    const digits = this.system.space.digits(index);
    const model = this.stateModelAt(index, digits);
    const q = model?.value(query);
    if (q === false) return false;
    if (q === true) {
      const a = model!.value(this.assumptionTerm(ids));
      if (a !== undefined) return a;
    }
    const lits = this.fieldLiterals();
    const state = Array.from(digits, (d, k) => lits[k][d]);
    return (await check(this.solver, [...ids.map((id) => this.lits.get(id)!), this.track(query), ...state])) === 'sat';
  }

  /**
   * A state's model, made once per session (a witness is often confirmed
   * again: minimising a core asks it under each smaller assumption set);
   * released with the session.
   */
  private stateModelAt(index: number, digits: ArrayLike<number>): StateModel | undefined {
    if (this.models.has(index)) return this.models.get(index);
    const { from, values } = this.groundTerms();
    const model = stateModel(from, Array.from(digits, (d, k) => values[k][d]));
    this.models.set(index, model);
    return model;
  }

  private readonly models = new Map<number, StateModel | undefined>();

  /** The field constants and each digit's value term, for a state's model. */
  private groundTerms(): { from: ZTerm[]; values: ZTerm[][] } {
    const z = this.z;
    this.ground ??= {
      from: this.system.space.fields.map((f) => this.base.fields[f.name]),
      values: this.system.space.fields.map((f) =>
        f.type === 'bool' ? [z.Bool.val(false), z.Bool.val(true)] : f.values.map((_, d) => intVal(z, d)),
      ),
    };
    return this.ground;
  }

  private ground: { from: ZTerm[]; values: ZTerm[][] } | undefined;

  /** The conjunction of some assumptions' Z3 terms (built once per set). */
  private assumptionTerm(ids: readonly string[]): ZBoolTerm {
    const key = ids.join(',');
    let t = this.assumptionTerms.get(key);
    if (!t) {
      const terms = ids.map((id) => this.toZ3(this.system.assumptions.find((a) => a.id === id)!.formula));
      this.assumptionTerms.set(key, (t = terms.length ? this.z.And(...terms) : this.z.Bool.val(true)));
    }
    return t;
  }

  private readonly assumptionTerms = new Map<string, ZBoolTerm>();

  /** The state of the last sat answer, as an index. */
  private modelState(): number {
    // One evaluation of the index term instead of one per field: each call
    // into Z3 costs more than the arithmetic.
    this.indexTerm ??= this.system.space.fields.reduce((sum: ZIntTerm, f, k) => {
      const t = this.base.fields[f.name];
      const digit = f.type === 'bool' ? (this.z.If(t as ZBoolTerm, 1, 0) as ZIntTerm) : (t as ZIntTerm);
      return sum.add(digit.mul(this.system.space.weights[k]));
    }, this.z.Int.val(0));
    const index = Number(this.solver.model().eval(this.indexTerm, true).toString());
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.system.space.size) throw new Error(`Z3 model gives state index ${index}`);
    return index;
  }

  private indexTerm: ZIntTerm | undefined;

  /**
   * The state of a satisfiable query: the solver's model, or with
   * canonicalWitnesses the smallest state index, found digit by digit.
   */
  private async witness(ids: readonly string[], query: ZBoolTerm): Promise<number> {
    if (!this.options.canonicalWitnesses) return this.modelState();
    const { space } = this.system;
    const fixed: ZBoolTerm[] = [];
    const digits: number[] = [];
    for (const f of space.fields) {
      const t = this.base.fields[f.name];
      const radix = f.type === 'bool' ? 2 : f.values.length;
      for (let v = 0; v < radix; v++) {
        const lit = this.track(f.type === 'bool' ? (v ? (t as ZBoolTerm) : this.z.Not(t as ZBoolTerm)) : (t as ZIntTerm).eq(intVal(this.z, v)));
        const r = await check(this.solver, [...ids.map((id) => this.lits.get(id)!), query, ...fixed, lit]);
        if (r === 'sat' || v === radix - 1) {
          fixed.push(lit);
          digits.push(v);
          break;
        }
      }
    }
    return space.indexOfDigits(digits);
  }

  /**
   * Translate the properties' queries and assert them behind their literals
   * all at once, before any check. Measured against asserting each before
   * its own check: the gate about 7% faster (alternating runs).
   */
  prepare(properties: readonly Property[]): void {
    const z = this.z;
    const fresh: ZBoolTerm[] = [];
    for (const p of properties) {
      if (p.kind !== 'formula' || this.queries.has(p.id)) continue;
      const premise = this.toZ3(p.premise);
      const violates = z.And(premise, z.Not(this.toZ3(p.conclusion)));
      const q = z.Bool.const(`q${this.counter++}`);
      fresh.push(z.Implies(q, violates));
      this.queries.set(p.id, { premise, violates, q });
    }
    if (fresh.length) this.solver.add(...fresh);
  }

  private readonly queries = new Map<string, { premise: ZBoolTerm; violates: ZBoolTerm; q: ZBoolTerm }>();

  /** A formula property's terms and tracked query (prepare() made them, or now). */
  private query(p: Property & { kind: 'formula' }): { premise: ZBoolTerm; violates: ZBoolTerm; q: ZBoolTerm } {
    if (!this.queries.has(p.id)) this.prepare([p]);
    return this.queries.get(p.id)!;
  }

  async proveFormula(p: Property & { kind: 'formula' }): Promise<ProofResult> {
    const t0 = performance.now();
    const ms = () => Math.round(performance.now() - t0);
    const unknown = (): ProofResult => ({ id: p.id, verdict: 'inconclusive', reason: this.solver.reasonUnknown(), ms: ms() });
    const { premise, violates, q } = this.query(p);
    const violation = and(p.premise, not(p.conclusion));
    // A violation the counting side found needs confirming, not finding.
    const known = this.checker.witness(this.versionId, this.assumptionIds, violation);
    if (await this.holdsAt(this.assumptionIds, violates, known)) {
      this.confirm(p, known!);
      return { id: p.id, verdict: 'refuted', counterexample: known, ms: ms() };
    }
    const result = await this.check(this.assumptionIds, q);
    if (result === 'unknown') return unknown();
    if (result === 'sat') {
      const index = await this.witness(this.assumptionIds, q);
      this.confirm(p, index);
      return { id: p.id, verdict: 'refuted', counterexample: index, ms: ms() };
    }
    const used = await this.minimise(q, this.core(), violates, (ids) => this.checker.witness(this.versionId, ids, violation));
    // Unsat: either the property holds, or no feasible state meets the
    // premise. A premise state from the counting side, confirmed, settles it.
    const premiseState = this.checker.witness(this.versionId, this.assumptionIds, p.premise);
    if (!(await this.holdsAt(this.assumptionIds, premise, premiseState))) {
      const vac = await this.unsatisfiable(premise, (ids) => this.checker.witness(this.versionId, ids, p.premise));
      if (vac.result === 'unknown') return unknown();
      if (vac.result === 'unsat') return { id: p.id, verdict: 'vacuous', assumptionsUsed: vac.used, ms: ms() };
    }
    // A proof that needs hard assumptions only holds under all of them: no call needed.
    if (used.every((id) => this.hardIds.includes(id))) return { id: p.id, verdict: 'proved', assumptionsUsed: used, holdsUnderHard: true, ms: ms() };
    const hardKnown = this.checker.witness(this.versionId, this.hardIds, violation);
    const hard = (await this.holdsAt(this.hardIds, violates, hardKnown)) ? 'sat' : await this.check(this.hardIds, q);
    const hardCounterexample = hard !== 'sat' ? undefined : hardKnown !== undefined && !this.options.canonicalWitnesses ? hardKnown : await this.witness(this.hardIds, q);
    return { id: p.id, verdict: 'proved', assumptionsUsed: used, holdsUnderHard: hard === 'unsat', hardCounterexample, ms: ms() };
  }

  /** A Z3 counterexample must be a feasible violating state for the concrete rules too. */
  private confirm(p: Property & { kind: 'formula' }, index: number): void {
    const feasible = this.checker.feasibility(this.versionId, this.assumptionIds)(index);
    const premise = this.checker.evaluateAt(this.versionId, p.premise, index);
    const conclusion = this.checker.evaluateAt(this.versionId, p.conclusion, index);
    const violated = premise === undefined || conclusion === undefined ? undefined : premise && !conclusion;
    if (feasible && violated === undefined) {
      throw new InternalError(`${this.versionId}/${p.id}: Z3's counterexample, state ${index}, is a state where the ts-pattern rules fail (property total)`);
    }
    if (!feasible || violated !== true) {
      throw new InternalError(
        `${this.versionId}/${p.id}: Z3 counterexample state ${index} is not confirmed by the ts-pattern rules ` +
          `(feasible ${feasible}, violated ${violated})`,
      );
    }
  }

  /** Dead rules, symbolically: a rule is dead when no feasible state fires it. */
  async deadRules(): Promise<Array<{ rule: string; assumptions: string[] }> | { inconclusive: string }> {
    const dead: Array<{ rule: string; assumptions: string[] }> = [];
    for (const [di, d] of this.base.decisions.entries()) {
      for (let i = 0; i < d.rules.length; i++) {
        // A rule the counting side saw decide a state is alive once Z3 agrees on that state.
        if (await this.holdsAt(this.assumptionIds, d.fired[i], this.checker.ruleWitness(this.versionId, this.assumptionIds, di, i))) continue;
        const r = await this.unsatisfiable(d.fired[i], (ids) => this.checker.ruleWitness(this.versionId, ids, di, i));
        if (r.result === 'unknown') return { inconclusive: this.solver.reasonUnknown() };
        if (r.result === 'unsat') dead.push({ rule: `${d.id}/${d.rules[i]}`, assumptions: r.used ?? [] });
      }
    }
    return dead;
  }

  /** Totality: some branch fires on every feasible state. */
  async total(): Promise<{ result: 'sat' | 'unsat' | 'unknown'; used?: string[] }> {
    const none = this.z.Or(...this.base.decisions.map((d) => d.ruleIndex.eq(d.rules.length)));
    return this.unsatisfiable(none);
  }

  /**
   * encodings-agree over every feasible state. Decision by decision, the
   * concrete table is partitioned by that decision's outcome (its outputs
   * and deciding rule) into a multi-terminal diagram (src/count/), whose
   * shared nodes become shared Z3 if-then-else terms; one query asks
   * whether a feasible state's group disagrees with the Z3 encoding.
   */
  async agree(): Promise<{ result: 'sat' | 'unsat' | 'unknown'; disagreement?: { index: number; text: string } }> {
    const z = this.z;
    const table = this.checker.tables.get(this.versionId);
    const { outputs } = this.system;
    const width = outputs.length;
    const nd = this.base.decisions.length;
    const literals = this.fieldLiterals();
    const outputSlot = (name: string) => outputs.findIndex((o) => o.name === name);
    let result: 'sat' | 'unsat' | 'unknown' = 'unsat';
    for (let di = 0; di < nd && result !== 'sat'; di++) {
      const d = this.base.decisions[di];
      const slots = Object.keys(d.branchOutputs[0] ?? {}).map(outputSlot);
      const { mdd, root, leafOf } = this.checker.partition(this.versionId, (tree, leaf) =>
        tree.leafFailed[leaf] ? 'failed' : [...slots.map((k) => tree.leafOutputs[leaf * width + k]), tree.leafRules[leaf * nd + di]].join(','),
      );
      const tree = table.tree;
      if (!tree) throw new Error(`version ${this.versionId} has no decision tree`);
      // A group's states disagree unless the same rule fires with the same
      // outputs: stated through the branch itself rather than the
      // if-then-else chain, which Z3 finds easier. A failed group always disagrees.
      const mismatch = (leaf: number): ZBoolTerm => {
        const rule = tree.leafRules[leaf * nd + di];
        const branch = d.branchOutputs[rule];
        if (tree.leafFailed[leaf] || rule < 0 || !branch) return z.Bool.val(true);
        return z.Not(
          z.And(
            d.fired[rule],
            ...slots.map((k) => {
              const o = outputs[k];
              const t = branch[o.name];
              const digit = tree.leafOutputs[leaf * width + k];
              return o.type === 'bool' ? (digit ? (t as ZBoolTerm) : z.Not(t as ZBoolTerm)) : (t as ZIntTerm).eq(intVal(z, digit));
            }),
          ),
        );
      };
      const memo = new Map<number, ZBoolTerm>();
      const term = (n: number): ZBoolTerm => {
        let t = memo.get(n);
        if (t) return t;
        if (mdd.isTerminal(n)) t = mismatch(leafOf.get(n)!);
        else {
          const k = mdd.levelOf(n);
          const radix = mdd.radices[k];
          t = term(mdd.child(n, radix - 1));
          for (let v = radix - 2; v >= 0; v--) {
            const c = mdd.child(n, v);
            t = z.If(literals[k][v], term(c), t) as ZBoolTerm;
          }
        }
        memo.set(n, t);
        return t;
      };
      const tq = performance.now();
      const r = await this.check(this.assumptionIds, this.track(term(root)));
      if (process.env.S2CHECK_TRACE) console.error(`agree ${d.id}: ${leafOf.size} groups, ${memo.size} terms, ${Math.round(performance.now() - tq)} ms in Z3`);
      if (r !== 'unsat') result = r;
    }
    if (result !== 'sat') return { result };
    const index = this.modelState();
    const m = this.solver.model();
    const zOut = outputs.map((o) => `${o.name}=${render(m.eval(this.base.outputs[o.name], true).toString(), o)}`);
    const zRules = this.base.decisions.map((d) => `${d.id}:${d.rules[Number(m.eval(d.ruleIndex, true).toString())] ?? '(none)'}`);
    const at = table.at(index);
    // A state where the ts-pattern rules fail has no outputs to show: say so, not a made-up outcome.
    const concrete =
      at.failure !== undefined
        ? `ts-pattern FAILURE (${at.failure})`
        : `ts-pattern ${outputs.map((o, k) => `${o.name}=${render(String(at.outputs[k]), o)}`).join(' ')} ${this.base.decisions.map((d, di) => `${d.id}:${d.rules[at.rules[di]]}`).join(' ')}`;
    return {
      result,
      disagreement: { index, text: `${concrete}; Z3 ${zOut.join(' ')} ${zRules.join(' ')}` },
    };
  }
}

function render(v: string, o: { type: 'bool' } | { type: 'enum'; values: readonly string[] }): string {
  if (o.type === 'bool') return v === 'true' || v === '1' ? 'true' : 'false';
  return o.values[Number(v)] ?? v;
}

