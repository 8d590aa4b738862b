// One point of the scaling benchmark, run in its own process so that its
// peak RSS is its own: node --import tsx bench/scale-one.ts K
import { PROFILES } from '../model/assumptions.ts';
import { Checker } from '../src/enumerate/check.ts';
import { Prover } from '../src/solver/prover.ts';
import { z3 } from '../src/solver/z3.ts';
import { TableCache } from '../src/enumerate/table.ts';
import { syntheticSystem } from './synthetic.ts';

const k = Number(process.argv[2] ?? '0');
const sys = syntheticSystem(k);
const checker = new Checker(sys, new TableCache(sys));
const ms = (t: number) => Math.round(performance.now() - t);

let t = performance.now();
checker.tables.get('baseline');
checker.tables.get('v10');
const trees = ms(t);
t = performance.now();
const result = checker.check('v10', PROFILES.default);
const counting = ms(t);
t = performance.now();
checker.enumerate('v10', PROFILES.default);
const enumeration = ms(t);
const z = await z3();
const prover = new Prover(sys, checker, z);
t = performance.now();
const session = prover.session('v10', PROFILES.default);
let refuted = 0;
for (const p of sys.properties) if (p.kind === 'formula') refuted += (await session.proveFormula(p)).verdict === 'refuted' ? 1 : 0;
const proofs = ms(t);
t = performance.now();
const agree = await prover.session('v10', PROFILES.default).agree();
const agreement = ms(t);
console.log(
  JSON.stringify({
    k,
    states: sys.space.size,
    feasible: result.feasibleStates,
    paths: checker.tables.get('v10').runs,
    treesMs: trees,
    countMs: counting,
    enumerationMs: enumeration,
    proofsMs: proofs,
    agreementMs: agreement,
    agreement: agree.result,
    refuted,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
