// The README's worked example of a proposed rule change ("Proposing a rule
// change"): both commands run exactly as written there, with npx from the
// repository root, must print exactly the output the README shows.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Run } from '../helpers/run.ts';
import { repoRoot, runCommand } from '../helpers/run.ts';

const README = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** Each command and its exit code: the check fails, a violation count being worse than in the base version. */
const COMMANDS: Array<[string, number]> = [
  ['npx s2check diff merged examples/refuse-cacheable-mixedmap.ts', 0],
  ['npx s2check check --rules examples/refuse-cacheable-mixedmap.ts', 1],
];

/** The output the README shows under `$ command`, up to the end of its code block. */
function shown(command: string): string {
  const at = README.indexOf(`\n$ ${command}\n`);
  if (at < 0) throw new Error(`README has no block for: ${command}`);
  const body = README.slice(at + command.length + 4);
  return body.slice(0, body.indexOf('\n```')) + '\n';
}

/** The command as a shell would split it (the README's have no quoting). */
function sh(command: string): Promise<Run> {
  const [bin, ...args] = command.split(' ');
  return runCommand(bin, args);
}

describe('README, "Proposing a rule change"', () => {
  for (const [command, status] of COMMANDS) {
    it(command, async () => {
      const expected = shown(command);
      const r = await sh(command);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(status);
      expect(r.stdout).toBe(expected);
    }, 90_000);
  }
});
