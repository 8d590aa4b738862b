// The README's worked example of a proposed rule change ("Proposing a rule
// change"): both commands, run exactly as written there from the repository
// root, must print exactly the output the README shows. The check runs with
// npx, end to end (the launcher, the build, the rule file loaded with the
// module hooks on both threads, the proofs); the diff in-process
// (runToExit(), what the binary runs; test/cli/newcomer.test.ts runs it too).

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Run } from '../helpers/run.ts';
import { repoRoot, runCommand, s2checkInOnce } from '../helpers/run.ts';

const README = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

/** Each command, its exit code (the check fails, a violation count being worse than in the base version), and whether it runs with npx. */
const COMMANDS: Array<[string, number, 'npx' | 'in-process']> = [
  ['npx s2check diff merged examples/refuse-cacheable-mixedmap.ts', 0, 'in-process'],
  ['npx s2check check --rules examples/refuse-cacheable-mixedmap.ts', 1, 'npx'],
];

/** The output the README shows under `$ command`, up to the end of its code block. */
function shown(command: string): string {
  const at = README.indexOf(`\n$ ${command}\n`);
  if (at < 0) throw new Error(`README has no block for: ${command}`);
  const body = README.slice(at + command.length + 4);
  return body.slice(0, body.indexOf('\n```')) + '\n';
}

/** The command as a shell would split it (the README's have no quoting). */
function sh(command: string, how: 'npx' | 'in-process'): Promise<Run> {
  const [bin, ...args] = command.split(' ');
  if (how === 'in-process') {
    expect([bin, args[0]]).toEqual(['npx', 's2check']);
    return s2checkInOnce(...args.slice(1));
  }
  return runCommand(bin, args);
}

describe('README, "Proposing a rule change"', () => {
  for (const [command, status, how] of COMMANDS) {
    it(command, async () => {
      const expected = shown(command);
      const r = await sh(command, how);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(status);
      expect(r.stdout).toBe(expected);
    }, 90_000);
  }
});
