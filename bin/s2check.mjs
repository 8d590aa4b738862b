#!/usr/bin/env node
// Launcher: runs the JavaScript built from the sources into dist/
// (scripts/build.mjs; `npm ci` builds it), after checking that it was built
// from the sources as they are now: a stale build is rebuilt first, or
// refused in one line, never run. No transpiler loads unless a rule file in
// TypeScript is given (model/rule-file.ts).
import { freshBuild } from '../scripts/build.mjs';

let build;
try {
  build = await freshBuild();
} catch (e) {
  process.stderr.write(`s2check: ${e?.message?.split('\n')[0] ?? String(e)}\n`);
  process.exit(2);
}
const { main } = await import(new URL('src/cli/main.js', build));
await main(process.argv.slice(2));
