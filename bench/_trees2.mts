import { makeSystem } from '../model/system.ts';
import { explorePaths } from '../src/paths.ts';
const sys = makeSystem();
const withStages = process.argv[2] === 's';
const t0 = performance.now();
const trees = sys.versionIds.map((v) => { const e = sys.encoding(v); return explorePaths(sys.space, withStages ? e : { ...e, stages: undefined }, sys.outputs.length); });
console.log(withStages ? 'stages' : 'evaluate', Math.round(performance.now() - t0), 'ms');
