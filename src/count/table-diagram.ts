// A whole decision table as one canonical diagram: the reduced, ordered
// multi-terminal diagram of the function state index -> row (the output
// digits, the deciding rule of each decision, the failure message). Two
// tables are equal exactly when their diagrams are, so a digest of the
// diagram's serialisation is a digest of the whole table, computed in the
// size of the diagram instead of the number of states.
//
// It is built from the decision tree when the table has one, else from the
// flat per-state arrays; both give the same diagram for the same table.

import type { PathTree } from '../enumerate/paths.ts';
import type { DecisionTable } from '../enumerate/table.ts';
import type { Node } from './mdd.ts';
import { Mdd } from './mdd.ts';

/** What a diagram needs of a decision table. */
export type TableRows = Pick<DecisionTable, 'size' | 'width' | 'decisions' | 'outputs' | 'rules' | 'failures' | 'tree'>;

/** The serialised canonical diagram: one line per node, children before parents, the root last. */
export function tableDiagramLines(radices: readonly number[], table: TableRows): string[] {
  const mdd = new Mdd(radices);
  const rows: string[] = [];
  const terminals = new Map<string, Node>();
  const terminal = (row: string): Node => {
    let n = terminals.get(row);
    if (n === undefined) {
      n = mdd.terminal();
      terminals.set(row, n);
      rows[n] = row;
    }
    return n;
  };
  const root = table.tree ? fromTree(mdd, table.tree, table, terminal) : fromRows(mdd, radices, table, terminal);
  return diagramLines(mdd, root, (n) => rows[n]);
}

/**
 * The lines of a multi-terminal diagram: one per node reachable from the
 * root, children (in digit order) before parents, the root last. A reduced
 * ordered diagram is canonical, so the lines depend only on the function,
 * not on the Mdd that holds it (the counter's row diagram gives these same
 * lines: Counter.tableLines).
 */
export function diagramLines(mdd: Mdd, root: Node, rowText: (terminal: Node) => string): string[] {
  const order = mdd.postorder(root);
  const position = new Map(order.map((n, k) => [n, k]));
  return order.map((n) => {
    if (mdd.isTerminal(n)) return `t ${rowText(n)}`;
    const level = mdd.levelOf(n);
    return `n ${level} ${Array.from({ length: mdd.radices[level] }, (_, v) => position.get(mdd.child(n, v))).join(' ')}`;
  });
}

/** A row as the diagram lines spell it: outputs; rules[; failure]. */
const rowOf = (outputs: ArrayLike<number>, rules: ArrayLike<number>, failure: string | undefined): string =>
  `${Array.from(outputs).join(',')};${Array.from(rules).join(',')}${failure === undefined ? '' : `;${failure}`}`;

/** The row of a tree's leaf, spelt as the diagram lines spell it. */
export function leafRowText(tree: PathTree, leaf: number, width: number, decisions: number): string {
  return rowOf(
    tree.leafOutputs.subarray(leaf * width, (leaf + 1) * width),
    tree.leafRules.subarray(leaf * decisions, (leaf + 1) * decisions),
    tree.leafFailed[leaf] === 1 ? (tree.leafFailure[leaf] ?? 'no outcome') : undefined,
  );
}

function fromTree(mdd: Mdd, tree: PathTree, table: TableRows, terminal: (row: string) => Node): Node {
  const { width, decisions } = table;
  // One row string per distinct row of the tree, not per leaf; a tree
  // meets each of its nodes once, so nothing else is remembered.
  const byRow: Node[] = new Array(tree.rows);
  const walk = (ref: number): Node => {
    if (ref < 0) {
      const l = ~ref;
      const r = tree.leafRow[l];
      return (byRow[r] ??= terminal(leafRowText(tree, l, width, decisions)));
    }
    const q = tree.field[ref];
    return mdd.select(
      q,
      Array.from({ length: tree.radices[q] }, (_, v) => walk(tree.child[tree.base[ref] + v])),
    );
  };
  return walk(tree.root);
}

function fromRows(mdd: Mdd, radices: readonly number[], table: TableRows, terminal: (row: string) => Node): Node {
  const { width, decisions } = table;
  const weights: number[] = [];
  let w = 1;
  for (let k = radices.length - 1; k >= 0; k--) {
    weights[k] = w;
    w *= radices[k];
  }
  // A state's row looked up by a short key of its digits: the row's text is
  // spelt once per distinct row, not once per state.
  const byKey = new Map<string, Node>();
  const build = (level: number, offset: number): Node => {
    if (level === radices.length) {
      const failure = table.failures.get(offset);
      let key = failure === undefined ? '' : `${failure}\u0000`;
      for (let o = 0; o < width; o++) key += String.fromCharCode(table.outputs[offset * width + o] + 2);
      for (let d = 0; d < decisions; d++) key += String.fromCharCode(table.rules[offset * decisions + d] + 2);
      let n = byKey.get(key);
      if (n === undefined) {
        n = terminal(
          rowOf(
            table.outputs.subarray(offset * width, (offset + 1) * width),
            table.rules.subarray(offset * decisions, (offset + 1) * decisions),
            failure,
          ),
        );
        byKey.set(key, n);
      }
      return n;
    }
    return mdd.make(
      level,
      Array.from({ length: radices[level] }, (_, v) => build(level + 1, offset + v * weights[level])),
    );
  };
  return build(0, 0);
}
