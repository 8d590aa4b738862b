// What became of the committed proof artefacts in one run: the shapes the
// judge and the reports read (src/compare/artefacts.ts computes them).

export interface LineChange {
  readonly op: '-' | '+';
  readonly line: string;
}

/** What became of one version's artefact in this run. */
export interface ArtefactStatus {
  /** The file as shown to the user (relative to the working directory when inside it). */
  readonly file: string;
  /**
   * fresh: matches; drifted: differs (changes lists how); missing: no file;
   * created / updated / unchanged: after --update; not-updated: --update
   * refused (inconclusive proofs, see note).
   */
  readonly status: 'fresh' | 'drifted' | 'missing' | 'created' | 'updated' | 'unchanged' | 'not-updated';
  readonly changes: readonly LineChange[];
  readonly note?: string;
}

/** Whether this run compares with the artefacts, and if not why. */
export interface ArtefactRun {
  readonly compared: boolean;
  readonly updating: boolean;
  readonly dir: string;
  readonly reason?: string;
}
