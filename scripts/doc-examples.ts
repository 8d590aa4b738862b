// Refreshes the output shown under every `$ npx s2check ...` line in the
// README and docs/*.md (and the README's first check report), by running
// the command in-process. Run it after a change of output:
// `npx tsx scripts/doc-examples.ts`; the tests that run the examples
// (test/docs/readme.test.ts, test/regression/readme.test.ts) compare.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/main.ts';
import { UsageError } from '../src/parse/errors.ts';

const root = new URL('../', import.meta.url);

function words(line: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2]);
  return out;
}

async function output(argv: string[]): Promise<string> {
  const out: string[] = [];
  try {
    await run(argv, { out: (t) => void out.push(t), err: (l) => void out.push(l) });
    return out.join('');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return `s2check: ${e.message}\n`;
  }
}

for (const name of ['README.md', 'docs/commands.md', 'docs/expressions.md']) {
  const file = fileURLToPath(new URL(name, root));
  let text = readFileSync(file, 'utf8');
  const blocks = [...text.matchAll(/```\n(\$ npx s2check [^\n]*)\n[\s\S]*?```/g)];
  for (const b of blocks.reverse()) {
    const out = await output(words(b[1]).slice(3));
    const fresh = `\`\`\`\n${b[1]}\n${out}\`\`\``;
    text = text.slice(0, b.index) + fresh + text.slice(b.index! + b[0].length);
  }
  if (name === 'README.md') {
    const lead = '`npx s2check check --version merged` prints';
    const at = text.indexOf(lead);
    const open = text.indexOf('```\n', at);
    const close = text.indexOf('```', open + 4);
    text = text.slice(0, open + 4) + (await output(['check', '--version', 'merged'])) + text.slice(close);
  }
  writeFileSync(file, text);
  console.log(`${name}: ${blocks.length} examples`);
}
