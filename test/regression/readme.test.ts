// The README's worked example of a proposed rule change ("Proposing a rule
// change"): both commands run exactly as written there, with npx from the
// repository root, must print exactly the output the README shows.

import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

const COMMANDS = [
  'npx s2check diff merged examples/refuse-cacheable-mixedmap.ts',
  'npx s2check check --rules examples/refuse-cacheable-mixedmap.ts',
];

/** The output the README shows under `$ command`, up to the end of its code block. */
function shown(command: string): string {
  const at = README.indexOf(`\n$ ${command}\n`);
  if (at < 0) throw new Error(`README has no block for: ${command}`);
  const body = README.slice(at + command.length + 4);
  return body.slice(0, body.indexOf('\n```')) + '\n';
}

function sh(command: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const [bin, ...args] = command.split(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: repoRoot });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

describe('README, "Proposing a rule change"', () => {
  for (const command of COMMANDS) {
    it(command, async () => {
      const expected = shown(command);
      const r = await sh(command);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expected);
    }, 90_000);
  }
});
