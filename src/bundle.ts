// What the command line needs from a model besides the System: the
// catalogues to list, the expectations to compare with, and how to print a
// decision. The CLI and the reports read only this.

import type { System } from './system.ts';
import type { DecisionTable } from './table.ts';
import type { Checker, CheckVerdict } from './check.ts';

export interface VersionInfo {
  readonly id: string;
  readonly alias?: string;
  readonly title: string;
  readonly date: string;
  readonly source: string;
  readonly layer: string;
  readonly summary: string;
  readonly expected: Readonly<Record<string, { readonly verdict: CheckVerdict; readonly reason?: string }>>;
}

export interface AssumptionInfo {
  readonly id: string;
  readonly kind: string;
  readonly reason: string;
  readonly unconfirmed?: boolean;
  readonly versionRelative?: boolean;
}

export interface ModelBundle {
  readonly name: string;
  readonly system: System;
  /** The checker over the model's shared decision tables. */
  readonly checker: Checker;
  readonly versions: readonly VersionInfo[];
  readonly assumptions: readonly AssumptionInfo[];
  readonly profiles: Readonly<Record<string, readonly string[]>>;
  readonly profileDocs: Readonly<Record<string, string>>;
  /** The version used when a command is given no version. */
  readonly defaultProfile: string;
  /** The decision on one state in one line: "map NORMAL exec | memslot ok | rule map-normal". */
  outcomeLine(versionId: string, index: number): string;
  /** One table row as a JSON object (the `table --format jsonl` schema). */
  row(versionId: string, index: number, table: DecisionTable): Record<string, unknown>;
}

/** Resolve a version id or alias. */
export function findVersionInfo(bundle: ModelBundle, idOrAlias: string): VersionInfo | undefined {
  return bundle.versions.find((v) => v.id === idOrAlias || v.alias === idOrAlias);
}
