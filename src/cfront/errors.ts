// Errors of the C front end. Each is one line naming file:line; the command
// line prints it as is (exit 2: bad input or an unsupported construct).

import { UsageError } from '../parse/errors.ts';

export class CFrontError extends UsageError {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${message}` : `${file}: ${message}`);
    this.name = 'CFrontError';
  }
}

/**
 * A derivation that cannot be completed honestly: the outcome depends on a
 * condition the profile does not map, or a path ends in an outcome the
 * model has no name for. The lines say where and what to add (exit 3).
 */
export class InconclusiveError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines[0]);
    this.name = 'InconclusiveError';
  }
}
