// Where this tree is: its root (package.json, proofs/, bin/) and, when the
// command line runs the JavaScript built into dist/<build>/ (scripts/build.mjs)
// rather than the TypeScript sources, that build's directory.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The folder above this file (model/tree.ts, or dist/<build>/model/tree.js) that holds package.json. */
export const TREE_ROOT: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** The build's directory as a file: URL ending in '/', or undefined when the sources run (tsx, vitest). */
export const BUILD_URL: string | undefined = import.meta.url.endsWith('.ts') ? undefined : new URL('../', import.meta.url).href;

/** The tree's root as a file: URL ending in '/'. */
export const TREE_URL: string = pathToFileURL(TREE_ROOT + path.sep).href;
