import { PROFILES } from '../model/assumptions.ts';
import { makeSystem } from '../model/system.ts';
import { Checker } from '../src/check.ts';
import { TableCache } from '../src/table.ts';
const sys = makeSystem();
const checker = new Checker(sys, new TableCache(sys));
for (const v of sys.versionIds) checker.tables.get(v);
for (let rep = 0; rep < 2; rep++) {
  const line: string[] = [];
  for (const v of sys.versionIds) {
    const t = performance.now();
    const r = checker.check(v, PROFILES.default);
    const viol = r.properties.reduce((n, p) => n + p.violatingStates, 0);
    line.push(`${v}:${Math.round(performance.now() - t)}ms/${viol}`);
  }
  console.log(line.join(' '));
}
