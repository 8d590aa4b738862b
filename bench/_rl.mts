import { z3, check } from '../src/solver/z3.ts';
const z = await z3();
const s = new z.Solver();
s.set('rlimit', 20000);
const xs = Array.from({ length: 12 }, (_, i) => z.Bool.const('x' + i));
for (let i = 0; i < 11; i++) s.add(z.Or(xs[i], xs[i + 1]));
const results: string[] = [];
for (let i = 0; i < 3000; i++) results.push(await check(s, [z.Not(xs[i % 12])]));
console.log(results.filter((r) => r === 'unknown').length, 'unknown of', results.length, s.statistics().entries().filter((e:any)=>/rlimit/.test(e.key)).map((e:any)=>e.key+'='+e.value));
// pigeonhole under rlimit
const p = new z.Solver(); p.set('rlimit', 2000000);
const n = 9; const h = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n }, (_, j) => z.Bool.const(`p${i}_${j}`)));
for (const row of h) p.add(z.Or(...row));
for (let j = 0; j < n; j++) for (let i = 0; i <= n; i++) for (let k = i + 1; k <= n; k++) p.add(z.Or(z.Not(h[i][j]), z.Not(h[k][j])));
const t = performance.now(); console.log(await check(p, []), p.reasonUnknown(), performance.now() - t);
process.exit(0);
