// The one Z3 instance of the process. z3-solver's init() loads a large
// WebAssembly module; it is called once and shared, and solver calls are
// made one at a time.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';
import type { Arith, Bool as ZBool, Context, Solver } from 'z3-solver';

export type Z3 = Context<'main'>;
export type ZBoolTerm = ZBool<'main'>;
export type ZIntTerm = Arith<'main'>;
/** Booleans are Z3 Bools; enumerations are Z3 Ints ranging over the value positions. */
export type ZTerm = ZBoolTerm | ZIntTerm;
export type CheckResult = 'sat' | 'unsat' | 'unknown';

/** A check under assumption literals that runs on the calling thread. */
type DirectCheck = (solver: Solver<'main'>, assumptions: readonly ZBoolTerm[]) => CheckResult;

let instance: Promise<Z3> | undefined;
let direct: DirectCheck | undefined;
let models: StateModelMaker | undefined;
let cores: ((solver: Solver<'main'>) => Set<number>) | undefined;

export function z3(): Promise<Z3> {
  instance ??= (async () => {
    // Z3 is a large WebAssembly module and our queries are short: V8 would
    // spend more CPU optimising its hot functions (on the cores the checker
    // needs) than the optimised code saves. A 100x tiering budget keeps the
    // baseline code unless a function runs long. Measured in
    // docs/benchmarks.md; S2CHECK_DEFAULT_TIERING=1 keeps V8's default.
    // Likewise a function of the module is validated when it is first
    // compiled, not all of them at start (most never run here): about
    // 0.1 s of CPU less at start, 0.98x the gate in 12 alternating runs.
    if (!process.env.S2CHECK_DEFAULT_TIERING) setFlagsFromString('--wasm-tiering-budget=180000000');
    if (!process.env.S2CHECK_DEFAULT_TIERING) setFlagsFromString('--wasm-lazy-validation');
    const api = await import('z3-solver');
    const { Context, Z3: low, em } = await initZ3(api);
    const ctx = Context('main');
    direct = directCheck(ctx, low, em, api.Z3_lbool, api.Z3_error_code.Z3_OK);
    models = stateModels(ctx, low, em as never, api.Z3_lbool, api.Z3_error_code.Z3_OK);
    cores = coreReader(ctx, em as never);
    return ctx;
  })();
  return instance;
}

/** How z3-solver's JavaScript glue was loaded: with the table check removed, or as published. */
export let z3Glue: 'lean' | 'published' | undefined;

/** The one assertion removed (in the pinned z3-solver 5.2.0 build, emscripten ASSERTIONS on). */
const TABLE_CHECK = "assert(wasmTable.get(funcPtr) == func, 'JavaScript-side Wasm function table mirror is out of date!');";

/**
 * z3-solver's published build keeps emscripten's ASSERTIONS on. One of
 * them, in getWasmTableEntry, asks the WebAssembly table for the function
 * again on every call through an exception trampoline (every C++ call
 * that may throw goes out to JavaScript and back) to check the mirror of
 * the table the glue keeps: about 120 ms of the gate's main thread
 * (docs/benchmarks.md). Nothing in this process changes the table without
 * the mirror (addFunction updates both), so the check cannot fail here.
 * The glue is compiled from the package's own file with that line
 * removed, under the file's own name (the wasm and the pthread workers are
 * found beside it, as published); the rest of init() is z3-solver's own.
 * Where the line is not found (another build) or S2CHECK_Z3_AS_PUBLISHED
 * is set, the package's init() as published.
 */
async function initZ3(api: typeof import('z3-solver')): Promise<Awaited<ReturnType<typeof api.init>>> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('z3-solver'));
  const file = path.join(dir, 'z3-built.js');
  const text = process.env.S2CHECK_Z3_AS_PUBLISHED ? '' : readFileSync(file, 'utf8');
  const at = text.indexOf(TABLE_CHECK);
  if (at < 0 || text.indexOf(TABLE_CHECK, at + 1) >= 0) {
    z3Glue = 'published';
    return api.init();
  }
  const module = { exports: {} as unknown };
  const body = text.slice(0, at) + text.slice(at + TABLE_CHECK.length);
  vm.compileFunction(body, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: file })(module.exports, require, module, file, dir);
  const lowLevel = await (require(path.join(dir, 'low-level')) as { init(m: unknown, o: object): Promise<{ Z3: unknown; em: unknown }> }).init(module.exports, {});
  const highLevel = (require(path.join(dir, 'high-level')) as { createApi(z: unknown, em: unknown): object }).createApi(lowLevel.Z3, lowLevel.em);
  z3Glue = 'lean';
  return { ...lowLevel, ...highLevel } as Awaited<ReturnType<typeof api.init>>;
}

/**
 * z3-solver's Solver.check() runs every call on a fresh pthread and answers
 * through the event loop: about 2 ms per call whatever the query, where our
 * queries take a fraction of that. The WebAssembly module also exports the
 * plain C entry point; calling it blocks this thread for the solve itself
 * (the `timeout` parameter still works: Z3's timer runs on its own thread),
 * at about 0.2 ms of overhead. Used when the export is there; otherwise the
 * high-level check.
 */
function directCheck(
  ctx: Z3,
  low: { get_error_code(c: unknown): number; get_error_msg(c: unknown, code: number): string },
  em: { _malloc(n: number): number; _free(p: number): void; HEAPU32: Uint32Array; _Z3_solver_check_assumptions?: unknown },
  lbool: { Z3_L_TRUE: number; Z3_L_FALSE: number },
  ok: number,
): DirectCheck | undefined {
  const entry = em._Z3_solver_check_assumptions;
  if (typeof entry !== 'function') return undefined;
  const call = entry as (c: unknown, s: unknown, n: number, p: number) => number;
  return (solver, assumptions) => {
    const n = assumptions.length;
    const p = em._malloc(Math.max(1, n) * 4);
    let r: number;
    try {
      for (let i = 0; i < n; i++) em.HEAPU32[p / 4 + i] = assumptions[i].ast as unknown as number;
      r = call(ctx.ptr, solver.ptr, n, p);
    } finally {
      em._free(p);
    }
    const code = low.get_error_code(ctx.ptr);
    if (code !== ok) throw new Error(low.get_error_msg(ctx.ptr, code));
    return r === lbool.Z3_L_TRUE ? 'sat' : r === lbool.Z3_L_FALSE ? 'unsat' : 'unknown';
  };
}

/**
 * Evaluation of terms at a state in Z3 itself: a model that gives each
 * field constant the state's value, and Z3_model_eval on it. No solver and
 * no search: a witness the counting side found is confirmed against the Z3
 * encoding this way at a fraction of a solver call. `value` is undefined
 * when the exports are missing or the term does not evaluate to a truth
 * value (a constant the model does not give).
 */
export interface StateModel {
  value(term: ZBoolTerm): boolean | undefined;
  release(): void;
}

type StateModelMaker = (from: readonly ZTerm[], to: readonly ZTerm[]) => StateModel;

function stateModels(
  ctx: Z3,
  low: { get_error_code(c: unknown): number },
  em: { _malloc(n: number): number; _free(p: number): void; HEAPU32: Uint32Array } & Record<string, unknown>,
  lbool: { Z3_L_TRUE: number; Z3_L_FALSE: number },
  ok: number,
): StateModelMaker | undefined {
  const names = ['_Z3_mk_model', '_Z3_model_inc_ref', '_Z3_model_dec_ref', '_Z3_add_const_interp', '_Z3_get_app_decl', '_Z3_to_app', '_Z3_model_eval', '_Z3_get_bool_value'];
  if (!names.every((n) => typeof em[n] === 'function')) return undefined;
  type F = (...args: number[]) => number;
  const [mkModel, incRef, decRef, addConst, appDecl, toApp, evaluate, boolValue] = names.map((n) => em[n] as F);
  const c = ctx.ptr as unknown as number;
  const out = em._malloc(4);
  // The declarations of a list of constants, kept with the list: the list
  // holds the constants' wrappers, which keep the ASTs (and so their
  // declarations) alive. Never by AST address: a freed AST's address is
  // reused by the next one.
  const decls = new WeakMap<readonly ZTerm[], number[]>();
  const declsOf = (from: readonly ZTerm[]) => {
    let d = decls.get(from);
    if (!d) decls.set(from, (d = from.map((t) => appDecl(c, toApp(c, t.ast as unknown as number)))));
    return d;
  };
  return (from, to) => {
    const m = mkModel(c);
    incRef(c, m);
    const d = declsOf(from);
    for (let i = 0; i < from.length; i++) addConst(c, m, d[i], to[i].ast as unknown as number);
    let released = false;
    return {
      value(term) {
        if (released) throw new Error('state model used after release');
        const done = evaluate(c, m, term.ast as unknown as number, 0, out);
        if (!done || low.get_error_code(ctx.ptr) !== ok) return undefined;
        const b = boolValue(c, em.HEAPU32[out / 4]);
        return b === lbool.Z3_L_TRUE ? true : b === lbool.Z3_L_FALSE ? false : undefined;
      },
      release() {
        if (!released) decRef(c, m);
        released = true;
      },
    };
  };
}

/**
 * The last unsat core as AST addresses, read through the C API: the
 * high-level unsatCore() wraps every member in an object and the caller
 * would print them to find names. Hash-consing makes a core member the
 * very AST of the literal asserted, so a literal the caller holds is
 * compared by its address (held, it cannot be freed and reused).
 */
function coreReader(ctx: Z3, em: Record<string, unknown>): ((solver: Solver<'main'>) => Set<number>) | undefined {
  const names = ['_Z3_solver_get_unsat_core', '_Z3_ast_vector_inc_ref', '_Z3_ast_vector_dec_ref', '_Z3_ast_vector_size', '_Z3_ast_vector_get'];
  if (!names.every((n) => typeof em[n] === 'function')) return undefined;
  type F = (...args: number[]) => number;
  const [getCore, incRef, decRef, size, get] = names.map((n) => em[n] as F);
  const c = ctx.ptr as unknown as number;
  return (solver) => {
    const v = getCore(c, solver.ptr as unknown as number);
    incRef(c, v);
    try {
      const out = new Set<number>();
      for (let i = 0, n = size(c, v); i < n; i++) out.add(get(c, v, i));
      return out;
    } finally {
      decRef(c, v);
    }
  };
}

/** The last unsat core's members as AST addresses; undefined without the exports (use Solver.unsatCore()). */
export function unsatCoreAsts(solver: Solver<'main'>): Set<number> | undefined {
  return cores?.(solver);
}

/** A model giving each `from` constant the matching `to` value; undefined before z3() resolved or without the exports. */
export function stateModel(from: readonly ZTerm[], to: readonly ZTerm[]): StateModel | undefined {
  return models?.(from, to);
}

/**
 * The logic every solver is made for. Our queries are quantifier-free over
 * booleans and small integer ranges; naming the logic skips Z3's probing of
 * tactics, whose failures cost exception unwinding through WebAssembly
 * (about a sixth of the gate's CPU, docs/benchmarks.md). S2CHECK_LOGIC
 * names another; set but empty, Z3 chooses.
 */
export function solverLogic(): string | undefined {
  const env = process.env.S2CHECK_LOGIC;
  return env === undefined ? 'QF_UFLIA' : env === '' ? undefined : env;
}

/** Solver calls made by this process and the time spent in them (for the benchmark's phase breakdown). */
export const solverStats = { calls: 0, ms: 0 };

/** Check a solver under assumption literals (one call at a time, like every solver call here). */
export async function check(solver: Solver<'main'>, assumptions: readonly ZBoolTerm[]): Promise<CheckResult> {
  const t0 = performance.now();
  try {
    return direct ? direct(solver, assumptions) : await solver.check(...assumptions);
  } finally {
    solverStats.calls++;
    solverStats.ms += performance.now() - t0;
  }
}

/**
 * Integer numerals, made once per context: Int.val() converts the number
 * through a string and builds a sort wrapper on every call, and the
 * translations ask for the same few value positions thousands of times.
 */
const numerals = new WeakMap<Z3, Map<number, ZIntTerm>>();
export function intVal(z: Z3, n: number): ZIntTerm {
  let m = numerals.get(z);
  if (!m) numerals.set(z, (m = new Map()));
  let t = m.get(n);
  if (!t) m.set(n, (t = z.Int.val(n)));
  return t;
}

export function isZBool(z: Z3, t: ZTerm): t is ZBoolTerm {
  return z.isBool(t);
}

/** Whether checks run through the direct entry point (after z3() resolved). */
export function directCheckInUse(): boolean {
  return direct !== undefined;
}
