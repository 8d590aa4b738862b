// The examples of the "Answering review questions" section (docs/commands.md,
// linked from the README) run exactly as written: each `$ npx s2check ...` block is run in-process, and
// when the block shows output, the output must be exactly that.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.ts';
import { UsageError } from '../../src/parse/errors.ts';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/commands.md');

/** Split a shell command line: words, single-quoted strings. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]);
  return out;
}

function examples(): Array<{ argv: string[]; expected: string[] }> {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('## Answering review questions');
  const end = text.indexOf('\n## ', start + 1);
  const section = text.slice(start, end);
  const blocks = [...section.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1].replace(/\n$/, '').split('\n'));
  return blocks.filter((b) => b[0].startsWith('$ npx s2check ')).map((b) => ({ argv: words(b[0]).slice(3), expected: b.slice(1) }));
}

describe('README examples', () => {
  const list = examples();
  it('the section has examples of every new command', () => {
    const commands = new Set(list.map((e) => e.argv[0]));
    for (const c of ['explain', 'query', 'table', 'coverage']) expect(commands).toContain(c);
  });
  for (const { argv, expected } of list) {
    it(argv.join(' ').slice(0, 70), async () => {
      const out: string[] = [];
      let stderr = '';
      let code: number;
      try {
        code = await run(argv, { out: (t) => void out.push(t) });
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        stderr = `s2check: ${(e as Error).message}\n`;
        code = 2;
      }
      const shown = (stderr || out.join('')).replace(/\n$/, '').split('\n');
      if (expected.length) expect(shown).toEqual(expected);
      expect(code).toBe(stderr ? 2 : 0);
    }, 60_000);
  }
});
