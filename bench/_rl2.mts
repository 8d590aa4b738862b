import { z3, check } from '../src/solver/z3.ts';
const z = await z3();
for (const n of [7, 8]) {
const p = new z.Solver();
const h = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: n }, (_, j) => z.Bool.const(`p${i}_${j}`)));
for (const row of h) p.add(z.Or(...row));
for (let j = 0; j < n; j++) for (let i = 0; i <= n; i++) for (let k = i + 1; k <= n; k++) p.add(z.Or(z.Not(h[i][j]), z.Not(h[k][j])));
const t = performance.now(); const r = await check(p, []);
console.log(n, r, Math.round(performance.now() - t), 'ms', p.statistics().entries().filter((e:any)=>/rlimit/.test(e.key)).map((e:any)=>e.key+'='+e.value));
}
process.exit(0);
