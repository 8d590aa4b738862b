// Check the given versions (trees + enumeration) and report the time.
import { parentPort, workerData } from 'node:worker_threads';
import { PROFILES } from '../model/assumptions.ts';
import { makeSystem } from '../model/system.ts';
import { Checker } from '../src/enumerate/check.ts';
import { TableCache } from '../src/enumerate/table.ts';

const sys = makeSystem();
const checker = new Checker(sys, new TableCache(sys));
const t = performance.now();
let feasible = 0;
for (const v of workerData.versions as string[]) feasible += checker.enumerate(v, PROFILES.default).feasibleStates;
parentPort!.postMessage({ ms: performance.now() - t, feasible });
