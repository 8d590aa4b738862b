import { PROFILES } from '../model/assumptions.ts';
import { makeSystem } from '../model/system.ts';
import { Checker } from '../src/check.ts';
import { Prover } from '../src/solver/prover.ts';
import { z3 } from '../src/solver/z3.ts';
import { TableCache } from '../src/table.ts';
const z = await z3();
const sys = makeSystem();
const checker = new Checker(sys, new TableCache(sys));
const prover = new Prover(sys, checker, z);
for (const v of sys.versionIds) checker.tables.get(v);
const t0 = performance.now();
for (const v of sys.versionIds) { const s = prover.session(v, PROFILES.default); await s.agree(); s.dispose(); }
console.log('agree all', performance.now() - t0);
