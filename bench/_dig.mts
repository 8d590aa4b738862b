import { makeSystem } from '../model/system.ts';
import { TableCache } from '../src/table.ts';
import { tableDigest } from '../src/artefacts.ts';
const sys = makeSystem();
const tc = new TableCache(sys);
for (const v of sys.versionIds) tc.get(v);
const t = performance.now();
for (const v of sys.versionIds) tableDigest(sys, tc.get(v));
console.log('digests', performance.now() - t);
