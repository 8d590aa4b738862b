// The decision table of a version: its outputs and deciding rules on every
// state of the space (feasible or not, so that relational frames can look
// up any twin state), computed once and shared by every check.
//
// The table is the decision tree of the encoding's execution paths
// (src/enumerate/paths.ts): the rules run once per path, and any state's outcome is a
// walk down the tree. The flat per-state arrays (`outputs`, `rules`, ...)
// are built from the tree on first use, for callers that want them; the
// checker and the prover walk the tree and never need them, so the memory
// of a check grows with the number of paths, not of states.
// `mode: 'per-state'` runs the rules on every state instead (slow, no tree;
// tests compare the two).

import type { PathTree } from './paths.ts';
import { describeError, explorePaths, forEachPath, leafCubes, leafOf, NOT_A_FUNCTION, reachableLeaves, transplant } from './paths.ts';
import type { System } from '../space/system.ts';

export { describeError };

export interface DecisionTable {
  readonly versionId: string;
  readonly size: number;
  readonly width: number;
  readonly decisions: number;
  /** Output digits, `width` per state. */
  readonly outputs: Int8Array;
  /** Deciding rule index per decision, `decisions` per state; -1 on failure. */
  readonly rules: Int16Array;
  /** States on which the encoding failed, with the message. */
  readonly failures: ReadonlyMap<number, string>;
  /** 1 where the encoding failed. */
  readonly failed: Uint8Array;
  /** How many times the rules ran. */
  readonly runs: number;
  /** The outcome of one state, without building the flat arrays. */
  at(index: number): StateOutcome;
  /** The decision tree ('paths' mode). */
  readonly tree?: PathTree;
  /**
   * The execution paths ('paths' mode): the smallest state of each path's
   * cube and the fields the run read. The cubes partition the space, and
   * every state of a cube has the representative's outcome.
   */
  readonly paths: ReadonlyArray<{ readonly representative: number; readonly fields: readonly number[] }>;
}

export interface StateOutcome {
  /** Output digits (System.outputs order). */
  readonly outputs: ArrayLike<number>;
  /** Deciding rule per decision; -1 on failure. */
  readonly rules: ArrayLike<number>;
  readonly failure?: string;
}

export type TableMode = 'paths' | 'per-state';

export function computeTable(system: System, versionId: string, mode: TableMode = 'paths'): DecisionTable {
  return mode === 'paths' ? treeTable(system, versionId) : perStateTable(system, versionId);
}

function treeTable(system: System, versionId: string, given?: PathTree): DecisionTable {
  const { space } = system;
  const size = space.size;
  const width = system.outputs.length;
  const enc = system.encoding(versionId);
  const nd = enc.decisions.length;
  const tree = given ?? explorePaths(space, enc, width);
  const nf = space.fields.length;
  let flat: { outputs: Int8Array; rules: Int16Array; failures: Map<number, string>; failed: Uint8Array } | undefined;
  const materialise = () => {
    if (!flat) {
      const outputs = new Int8Array(size * width);
      const rules = new Int16Array(size * nd);
      const failures = new Map<number, string>();
      const failed = new Uint8Array(size);
      // Path by path: each leaf fills the states of its path's cube (the
      // fields the path tests fixed, the others counted through), so no
      // state walks the tree from the root. The paths partition the space.
      const free = new Int32Array(nf);
      const at = new Int32Array(nf);
      forEachPath(tree, (leaf, fixed) => {
        let base = 0;
        let nfree = 0;
        for (let k = 0; k < nf; k++) {
          if (fixed[k] >= 0) base += fixed[k] * tree.weights[k];
          else free[nfree++] = k;
        }
        at.fill(0, 0, nfree);
        for (let i = base; ; ) {
          for (let o = 0; o < width; o++) outputs[i * width + o] = tree.leafOutputs[leaf * width + o];
          for (let d = 0; d < nd; d++) rules[i * nd + d] = tree.leafRules[leaf * nd + d];
          if (tree.leafFailed[leaf]) {
            failed[i] = 1;
            failures.set(i, tree.leafFailure[leaf]!);
          }
          // The next state of the cube: count up the free digits, the last fastest.
          let j = nfree - 1;
          while (j >= 0 && ++at[j] === tree.radices[free[j]]) {
            i -= (at[j] - 1) * tree.weights[free[j]];
            at[j--] = 0;
          }
          if (j < 0) break;
          i += tree.weights[free[j]];
        }
      });
      flat = { outputs, rules, failures, failed };
    }
    return flat;
  };
  let paths: DecisionTable['paths'] | undefined;
  return {
    versionId,
    size,
    width,
    decisions: nd,
    runs: tree.runs,
    tree,
    at(index: number) {
      const leaf = leafOf(tree, index);
      return {
        outputs: tree.leafOutputs.subarray(leaf * width, (leaf + 1) * width),
        rules: tree.leafRules.subarray(leaf * nd, (leaf + 1) * nd),
        failure: tree.leafFailure[leaf],
      };
    },
    get outputs() {
      return materialise().outputs;
    },
    get rules() {
      return materialise().rules;
    },
    get failures() {
      return materialise().failures;
    },
    get failed() {
      return materialise().failed;
    },
    get paths() {
      const cubes = leafCubes(tree);
      paths ??= reachableLeaves(tree).map((leaf) => {
        const fields: number[] = [];
        const digits = new Int32Array(nf);
        for (let k = 0; k < nf; k++) {
          const d = cubes[leaf * nf + k];
          if (d >= 0) {
            fields.push(k);
            digits[k] = d;
          }
        }
        return { representative: space.indexOfDigits(digits), fields };
      });
      return paths;
    },
  };
}

function perStateTable(system: System, versionId: string): DecisionTable {
  const enc = system.encoding(versionId);
  const { space } = system;
  const size = space.size;
  const width = system.outputs.length;
  const nd = enc.decisions.length;
  const outputs = new Int8Array(size * width);
  const rules = new Int16Array(size * nd);
  const failures = new Map<number, string>();
  const failed = new Uint8Array(size);
  const digits = new Int32Array(space.fields.length);
  const out = new Int32Array(width);
  const r = new Int32Array(nd);
  const digit = (k: number): number => digits[k];
  for (let i = 0; i < size; i++) {
    space.digits(i, digits);
    try {
      enc.evaluate(digit, out, r);
      for (let o = 0; o < width; o++) outputs[i * width + o] = out[o];
      for (let d = 0; d < nd; d++) rules[i * nd + d] = r[d];
    } catch (e) {
      failures.set(i, describeError(e));
      failed[i] = 1;
      for (let d = 0; d < nd; d++) rules[i * nd + d] = -1;
    }
  }
  return flatTable({ versionId, size, width, decisions: nd, outputs, rules, failures, failed, runs: size });
}

/** The flat arrays of a table (structured-clone data: a table made in another thread travels as this). */
export type FlatArrays = Pick<DecisionTable, 'versionId' | 'size' | 'width' | 'decisions' | 'outputs' | 'rules' | 'failures' | 'failed' | 'runs'>;

/** A table from its flat arrays alone (no tree, no paths). */
export function flatTable(a: FlatArrays): DecisionTable {
  const { width, decisions: nd, outputs, rules, failures } = a;
  return {
    ...a,
    paths: [],
    at: (index: number) => ({
      outputs: outputs.subarray(index * width, (index + 1) * width),
      rules: rules.subarray(index * nd, (index + 1) * nd),
      failure: failures.get(index),
    }),
  };
}

/**
 * Where a version's tree can come from instead of running its rules here:
 * the same encoding's tree in another space, and where each of its fields
 * sits in this one (src/enumerate/paths.ts transplant()). Undefined: explore.
 */
export type TreeDonor = (versionId: string) => { readonly tree: PathTree; readonly fieldAt: Int32Array } | undefined;

/** Tables are pure functions of the version, so one per version per process. */
export class TableCache {
  private readonly tables = new Map<string, DecisionTable>();
  constructor(
    private readonly system: System,
    private readonly donor?: TreeDonor,
  ) {}
  /**
   * The table of a version from its tree, built elsewhere (another thread
   * explored the same encoding): what get() would build, without the runs.
   */
  adopt(versionId: string, tree: PathTree): void {
    if (!this.tables.has(versionId)) this.tables.set(versionId, treeTable(this.system, versionId, tree));
  }

  /** Whether the version's table is here already (built or adopted). */
  has(versionId: string): boolean {
    return this.tables.has(versionId);
  }

  get(versionId: string): DecisionTable {
    let t = this.tables.get(versionId);
    if (!t) {
      const given = this.donor?.(versionId);
      // An encoding that is not a function of the state may explore another way here.
      const usable = given && !given.tree.leafFailure.includes(NOT_A_FUNCTION);
      t = usable ? treeTable(this.system, versionId, transplant(given.tree, this.system.space, given.fieldAt, this.system.outputs.length)) : computeTable(this.system, versionId);
      this.tables.set(versionId, t);
    }
    return t;
  }
}
