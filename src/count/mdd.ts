// Multi-valued decision diagrams over the fields of a state space: sets of
// states kept as shared, reduced graphs in the space's digit order (the
// first field at the top, as in the state index). A set of states is a
// node; counting its states, finding its lowest index and finding the state
// closest to a given one are walks over the graph, so they cost in the size
// of the graph, not in the number of states. Fields a set does not depend
// on never appear in it: they multiply counts instead of being visited.
//
// Nodes are hash-consed (one node per distinct sub-graph), so two sets are
// equal exactly when their nodes are the same number.

import type { Cube } from '../space/cubes.ts';
import { compareCubes } from '../space/cubes.ts';

/** A node: 0 is the empty set, 1 is every state, others are internal. */
export type Node = number;
export const EMPTY: Node = 0;
export const ALL: Node = 1;

const AND = 0;
const OR = 1;
const XOR = 2;

export class Mdd {
  /** Radix of each level (field). */
  readonly radices: readonly number[];
  /** Number of levels: the terminal level. */
  readonly depth: number;
  /** suffix[k]: states over levels k..depth-1 (suffix[depth] = 1). */
  private readonly suffix: number[];
  // Node storage: level and the first of its children in `kids`.
  private level: number[] = [];
  private first: number[] = [];
  private kids: number[] = [];
  private readonly unique = new Map<number, Node | Node[]>();
  /** literals[k][v]: the states whose field k has digit v. */
  private readonly literals: Node[][];
  private readonly memo = [new Map<number, Node>(), new Map<number, Node>(), new Map<number, Node>()];
  private readonly notMemo = new Map<Node, Node>();
  private readonly selectMemo: Array<Map<number | string, Node>> = [];
  private readonly countMemo = new Map<Node, number>();
  private readonly forallMemo: Array<Map<Node, Node>> = [];

  constructor(radices: readonly number[]) {
    this.radices = radices;
    this.depth = radices.length;
    this.suffix = new Array<number>(radices.length + 1);
    this.suffix[radices.length] = 1;
    for (let k = radices.length - 1; k >= 0; k--) this.suffix[k] = this.suffix[k + 1] * radices[k];
    if (!Number.isSafeInteger(this.suffix[0])) throw new Error(`a space of ${this.suffix[0]} states is too large to count exactly`);
    // The two terminals sit at the terminal level.
    this.level.push(this.depth, this.depth);
    this.first.push(0, 0);
    this.literals = radices.map((r, k) => Array.from({ length: r }, (_, v) => this.make(k, Array.from({ length: r }, (_, u) => (u === v ? ALL : EMPTY)))));
  }

  /** Number of states of the whole space. */
  get size(): number {
    return this.suffix[0];
  }

  /** Number of nodes made so far (terminals included). */
  get nodes(): number {
    return this.level.length;
  }

  levelOf(n: Node): number {
    return this.level[n];
  }

  /** Child of internal node n for digit v. */
  child(n: Node, v: number): Node {
    return this.kids[this.first[n] + v];
  }

  /** The node testing level k with these children (one per digit), reduced. */
  make(k: number, children: readonly Node[]): Node {
    const c0 = children[0];
    let same = true;
    let h = k + 1;
    for (let v = 0; v < children.length; v++) {
      if (children[v] !== c0) same = false;
      h = (Math.imul(h, 0x9e3779b1) ^ children[v]) | 0;
    }
    if (same) return c0;
    // Open hashing: a bucket is one node or a list of nodes with the same hash.
    const found = this.unique.get(h);
    if (found !== undefined) {
      for (const n of typeof found === 'number' ? [found] : found) if (this.sameNode(n, k, children)) return n;
    }
    const n = this.level.length;
    this.level.push(k);
    this.first.push(this.kids.length);
    for (const c of children) this.kids.push(c);
    if (found === undefined) this.unique.set(h, n);
    else if (typeof found === 'number') this.unique.set(h, [found, n]);
    else found.push(n);
    return n;
  }

  private sameNode(n: Node, k: number, children: readonly Node[]): boolean {
    if (this.level[n] !== k) return false;
    const f = this.first[n];
    for (let v = 0; v < children.length; v++) if (this.kids[f + v] !== children[v]) return false;
    return true;
  }

  /**
   * A new terminal other than EMPTY and ALL: a value of a multi-terminal
   * diagram (src/count/table-diagram.ts). Only make() and select() take
   * such nodes; the set operations take sets.
   */
  terminal(): Node {
    const n = this.level.length;
    this.level.push(this.depth);
    this.first.push(0);
    return n;
  }

  isTerminal(n: Node): boolean {
    return this.level[n] === this.depth;
  }

  /** The nodes reachable from root, each once, children (in digit order) before their parents: the root last. */
  postorder(root: Node): Node[] {
    const order: Node[] = [];
    const seen = new Set<Node>();
    const visit = (n: Node) => {
      if (seen.has(n)) return;
      seen.add(n);
      if (!this.isTerminal(n)) for (let v = 0; v < this.radices[this.level[n]]; v++) visit(this.child(n, v));
      order.push(n);
    };
    visit(root);
    return order;
  }

  /**
   * The set of states whose terminal in a multi-terminal diagram satisfies
   * `keep` (each terminal asked once).
   */
  relabel(root: Node, keep: (terminal: Node) => boolean): Node {
    return this.mapTerminals(root, (t) => (keep(t) ? ALL : EMPTY));
  }

  /** The diagram with each terminal replaced by `to(terminal)` (asked once each): a coarser function. */
  mapTerminals(root: Node, to: (terminal: Node) => Node): Node {
    // One pass over the graph with a memo indexed by node: a generation
    // stamp per node says which pass wrote it, so nothing is cleared.
    const gen = ++this.generation;
    if (this.stamp.length < this.level.length) {
      const size = Math.max(this.level.length, this.stamp.length * 2, 1024);
      const stamp = new Int32Array(size);
      stamp.set(this.stamp);
      const result = new Int32Array(size);
      result.set(this.stampResult);
      this.stamp = stamp;
      this.stampResult = result;
    }
    const go = (n: Node): Node => {
      if (n < this.stamp.length && this.stamp[n] === gen) return this.stampResult[n];
      const k = this.level[n];
      let r: Node;
      if (k === this.depth) r = to(n);
      else {
        const children = new Array<Node>(this.radices[k]);
        for (let v = 0; v < children.length; v++) children[v] = go(this.child(n, v));
        r = this.make(k, children);
      }
      // Nodes made during the pass lie beyond the stamps: not remembered, never asked.
      if (n < this.stamp.length) {
        this.stamp[n] = gen;
        this.stampResult[n] = r;
      }
      return r;
    };
    return go(root);
  }

  private generation = 0;
  private stamp = new Int32Array(0);
  private stampResult = new Int32Array(0);

  /**
   * The function that is cases[v] on the states whose field q has digit
   * v: a decision-tree node testing q, from its children's diagrams (sets,
   * or multi-terminal diagrams).
   */
  select(q: number, cases: readonly Node[]): Node {
    const c0 = cases[0];
    let same = true;
    let top = q;
    for (const c of cases) {
      if (c !== c0) same = false;
      if (this.level[c] < top) top = this.level[c];
    }
    if (same) return c0;
    // Below every other test: the node itself.
    if (top === q && cases.every((c) => this.level[c] > q)) return this.make(q, cases);
    // Memo per field; two cases (a boolean field) make a numeric key.
    let memo = this.selectMemo[q];
    if (!memo) memo = this.selectMemo[q] = new Map();
    const key = cases.length === 2 ? cases[0] * 0x4000000 + cases[1] : cases.join(',');
    let r = memo.get(key);
    if (r !== undefined) return r;
    const cofactor = (c: Node, v: number) => (this.level[c] === top ? this.child(c, v) : c);
    r =
      top === q
        ? this.make(q, cases.map((c, v) => cofactor(c, v)))
        : this.make(
            top,
            Array.from({ length: this.radices[top] }, (_, v) => this.select(q, cases.map((c) => cofactor(c, v)))),
          );
    memo.set(key, r);
    return r;
  }

  /**
   * Two multi-terminal diagrams (sets among them) read together: the
   * diagram whose terminal on each state is pair(a's terminal, b's terminal)
   * there. pair is asked once per pair of terminals that meet on some state.
   */
  combine(a: Node, b: Node, pair: (ta: Node, tb: Node) => Node): Node {
    const memo = new Map<number, Node>();
    const { depth } = this;
    const go = (a: Node, b: Node): Node => {
      const key = a * 0x4000000 + b;
      let r = memo.get(key);
      if (r !== undefined) return r;
      const la = this.level[a];
      const lb = this.level[b];
      if (la === depth && lb === depth) r = pair(a, b);
      else {
        const k = la < lb ? la : lb;
        const children = new Array<Node>(this.radices[k]);
        for (let v = 0; v < children.length; v++) children[v] = go(la === k ? this.child(a, v) : a, lb === k ? this.child(b, v) : b);
        r = this.make(k, children);
      }
      memo.set(key, r);
      return r;
    };
    return go(a, b);
  }

  /** The terminals a multi-terminal diagram reaches (EMPTY included if reached), in depth-first order. */
  terminals(root: Node): Node[] {
    const seen = new Set<Node>();
    const found: Node[] = [];
    const go = (n: Node): void => {
      if (seen.has(n)) return;
      seen.add(n);
      if (this.level[n] === this.depth) found.push(n);
      else for (let v = 0; v < this.radices[this.level[n]]; v++) go(this.child(n, v));
    };
    go(root);
    return found;
  }

  /** The states whose digit k is one of those set in masks[k] (bit d: digit d), for every k. */
  cube(masks: readonly number[]): Node {
    let n: Node = ALL;
    for (let k = this.depth - 1; k >= 0; k--) {
      const r = this.radices[k];
      const below = n;
      n = this.make(
        k,
        Array.from({ length: r }, (_, v) => (masks[k] & (1 << v) ? below : EMPTY)),
      );
    }
    return n;
  }

  /** Does the set have a state in the cube of masks (as cube())? A walk: no node is made. */
  meetsCube(a: Node, masks: readonly number[]): boolean {
    const { depth } = this;
    // Levels a node skips must still allow some digit.
    const open: boolean[] = new Array<boolean>(depth + 1).fill(true);
    for (let k = depth - 1; k >= 0; k--) open[k] = open[k + 1] && (masks[k] & ((1 << this.radices[k]) - 1)) !== 0;
    const failed = new Set<Node>();
    const go = (n: Node, k: number): boolean => {
      // From level k down to n's level, every skipped level allows a digit.
      if (n === EMPTY) return false;
      const ln = this.level[n];
      for (let j = k; j < ln; j++) if ((masks[j] & ((1 << this.radices[j]) - 1)) === 0) return false;
      if (n === ALL) return open[ln];
      if (failed.has(n)) return false;
      const m = masks[ln];
      for (let v = 0; v < this.radices[ln]; v++) if (m & (1 << v) && go(this.child(n, v), ln + 1)) return true;
      failed.add(n);
      return false;
    };
    return go(a, 0);
  }

  /**
   * Every state of the set in increasing index order (the first field is
   * the most significant digit), its digits in `digits` (reused between
   * calls). Fields marked in `free` (the set must not depend on them) are
   * not enumerated: their digit reads -1.
   */
  forEachState(a: Node, visit: (digits: Int32Array) => void, free?: readonly boolean[]): void {
    const digits = new Int32Array(this.depth);
    const go = (n: Node, k: number): void => {
      if (n === EMPTY) return;
      if (k === this.depth) {
        visit(digits);
        return;
      }
      const tested = this.level[n] === k;
      if (free?.[k]) {
        if (tested) throw new Error(`the set depends on free field ${k}`);
        digits[k] = -1;
        go(n, k + 1);
        return;
      }
      for (let v = 0; v < this.radices[k]; v++) {
        digits[k] = v;
        go(tested ? this.child(n, v) : n, k + 1);
      }
    };
    go(a, 0);
  }

  /** The states s such that every s with field k set to any digit is in the set (it does not depend on k). */
  forall(a: Node, k: number): Node {
    let memo = this.forallMemo[k];
    if (!memo) memo = this.forallMemo[k] = new Map();
    const go = (n: Node): Node => {
      const l = this.level[n];
      if (l > k) return n;
      let r = memo.get(n);
      if (r !== undefined) return r;
      if (l === k) {
        r = ALL;
        for (let v = 0; v < this.radices[k] && r !== EMPTY; v++) r = this.and(r, this.child(n, v));
      } else r = this.make(l, Array.from({ length: this.radices[l] }, (_, v) => go(this.child(n, v))));
      memo.set(n, r);
      return r;
    };
    return go(a);
  }

  /** The states whose field k has digit v. */
  literal(k: number, v: number): Node {
    return this.literals[k][v];
  }

  not(a: Node): Node {
    if (a === EMPTY) return ALL;
    if (a === ALL) return EMPTY;
    let r = this.notMemo.get(a);
    if (r === undefined) {
      const k = this.level[a];
      r = this.make(
        k,
        Array.from({ length: this.radices[k] }, (_, v) => this.not(this.child(a, v))),
      );
      this.notMemo.set(a, r);
    }
    return r;
  }

  and(a: Node, b: Node): Node {
    return this.apply(AND, a, b);
  }

  or(a: Node, b: Node): Node {
    return this.apply(OR, a, b);
  }

  xor(a: Node, b: Node): Node {
    return this.apply(XOR, a, b);
  }

  andAll(nodes: readonly Node[]): Node {
    return nodes.reduce((acc, n) => this.and(acc, n), ALL);
  }

  orAll(nodes: readonly Node[]): Node {
    return nodes.reduce((acc, n) => this.or(acc, n), EMPTY);
  }

  /** if c then a else b. */
  ite(c: Node, a: Node, b: Node): Node {
    return this.or(this.and(c, a), this.and(this.not(c), b));
  }

  private apply(op: number, a: Node, b: Node): Node {
    // Terminal cases.
    if (op === AND) {
      if (a === EMPTY || b === EMPTY) return EMPTY;
      if (a === ALL) return b;
      if (b === ALL || a === b) return a;
    } else if (op === OR) {
      if (a === ALL || b === ALL) return ALL;
      if (a === EMPTY) return b;
      if (b === EMPTY || a === b) return a;
    } else {
      if (a === b) return EMPTY;
      if (a === EMPTY) return b;
      if (b === EMPTY) return a;
      if (a === ALL) return this.not(b);
      if (b === ALL) return this.not(a);
    }
    // All three operations are commutative: one memo entry per pair.
    if (a > b) {
      const t = a;
      a = b;
      b = t;
    }
    const key = a * 0x4000000 + b;
    const memo = this.memo[op];
    let r = memo.get(key);
    if (r !== undefined) return r;
    const la = this.level[a];
    const lb = this.level[b];
    const k = la < lb ? la : lb;
    const children = new Array<Node>(this.radices[k]);
    for (let v = 0; v < children.length; v++) {
      children[v] = this.apply(op, la === k ? this.child(a, v) : a, lb === k ? this.child(b, v) : b);
    }
    r = this.make(k, children);
    memo.set(key, r);
    return r;
  }

  /** The number of states in the set (exact). */
  count(a: Node): number {
    return this.countBelow(a) * (this.suffix[0] / this.suffix[this.level[a]]);
  }

  /** States over levels level(a)..depth-1. */
  private countBelow(a: Node): number {
    if (a === EMPTY) return 0;
    if (a === ALL) return 1;
    let n = this.countMemo.get(a);
    if (n === undefined) {
      const k = this.level[a];
      n = 0;
      for (let v = 0; v < this.radices[k]; v++) {
        const c = this.child(a, v);
        n += this.countBelow(c) * (this.suffix[k + 1] / this.suffix[this.level[c]]);
      }
      this.countMemo.set(a, n);
    }
    return n;
  }

  /** The digits of the lowest-index state of the set, or undefined when it is empty. */
  lowest(a: Node): number[] | undefined {
    if (a === EMPTY) return undefined;
    const digits = new Array<number>(this.depth).fill(0);
    let n = a;
    while (n !== ALL) {
      const k = this.level[n];
      let v = 0;
      while (this.child(n, v) === EMPTY) v++;
      digits[k] = v;
      n = this.child(n, v);
    }
    return digits;
  }

  /**
   * The fewest digits in which a state of the set differs from `target`,
   * and among the states that differ in that few, the lowest-index one.
   * Undefined when the set is empty.
   */
  closest(a: Node, target: readonly number[]): { distance: number; digits: number[] } | undefined {
    if (a === EMPTY) return undefined;
    const cost = new Map<Node, number>();
    const costOf = (n: Node): number => {
      if (n === EMPTY) return Infinity;
      if (n === ALL) return 0;
      let c = cost.get(n);
      if (c === undefined) {
        const k = this.level[n];
        c = Infinity;
        for (let v = 0; v < this.radices[k]; v++) {
          const x = (v === target[k] ? 0 : 1) + costOf(this.child(n, v));
          if (x < c) c = x;
        }
        cost.set(n, c);
      }
      return c;
    };
    const distance = costOf(a);
    // Levels a node skips are free: keeping the target's digit costs nothing.
    const digits = [...target];
    let n = a;
    let budget = distance;
    while (n !== ALL) {
      const k = this.level[n];
      for (let v = 0; v < this.radices[k]; v++) {
        const step = v === target[k] ? 0 : 1;
        const c = this.child(n, v);
        if (step + costOf(c) === budget) {
          digits[k] = v;
          budget -= step;
          n = c;
          break;
        }
      }
    }
    return { distance, digits };
  }
}

/**
 * The states of a set as the cubes mergeCubes (src/space/cubes.ts) makes
 * of them, in its order, without listing the states: the same passes of
 * sibling merging, run on sets. The cubes with one pattern of free fields
 * are one set (each cube as its fixed digits; the set does not depend on
 * the free fields), and the cubes of a pattern that merge along field k
 * are exactly those whose every digit of k is there: forall(set, k).
 */
export function mergeStates(mdd: Mdd, set: Node): Cube[] {
  const nf = mdd.depth;
  // Pattern of free fields -> the cubes with that pattern.
  const byPattern = new Map<string, { free: boolean[]; cubes: Node }>();
  const none = new Array<boolean>(nf).fill(false);
  if (set !== EMPTY) byPattern.set(none.map(Number).join(''), { free: none, cubes: set });
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = 0; k < nf; k++) {
      // Every pattern reads the cubes as they were before this field's merges.
      const merges: Array<{ from: string; free: boolean[]; merged: Node }> = [];
      for (const [key, p] of byPattern) {
        if (p.free[k]) continue;
        const merged = mdd.forall(p.cubes, k);
        if (merged !== EMPTY) merges.push({ from: key, free: p.free.map((f, j) => f || j === k), merged });
      }
      for (const { from, free, merged } of merges) {
        const source = byPattern.get(from)!;
        source.cubes = mdd.and(source.cubes, mdd.not(merged));
        if (source.cubes === EMPTY) byPattern.delete(from);
        const key = free.map(Number).join('');
        const target = byPattern.get(key);
        if (target) target.cubes = mdd.or(target.cubes, merged);
        else byPattern.set(key, { free, cubes: merged });
        changed = true;
      }
    }
  }
  const cubes: Cube[] = [];
  for (const { free, cubes: set } of byPattern.values()) mdd.forEachState(set, (digits) => cubes.push(Int8Array.from(digits)), free);
  return cubes.sort(compareCubes);
}
