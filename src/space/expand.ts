// Derived variables expanded away: what is left reads only fields and
// outputs, each in its frame. Every interpreter of a formula that mentions
// derived facts (enumeration, counting) starts here.

import type { Bool, Term } from './expr.ts';
import { inFrame, isBool, mapVars } from './expr.ts';
import type { System } from './system.ts';
import { frameVersionOf } from './system.ts';

/** Expand derived variables (per frame, with that frame's version) until only fields and outputs remain. */
export function expandDerived(system: System, t: Bool, selfVersion: string): Bool {
  const frameVersion = (frame: string): string => {
    if (frame === '') return selfVersion;
    const f = system.frames.find((x) => x.id === frame);
    if (!f) throw new Error(`unknown frame ${frame}`);
    return frameVersionOf(system, f, selfVersion);
  };
  const go = (x: Term): Term =>
    mapVars(x as Bool, (ref) => {
      const def = system.derived(frameVersion(ref.frame))[ref.name];
      if (!def) return undefined;
      return go(ref.frame === '' ? def : inFrame(def, ref.frame));
    });
  const out = go(t);
  if (!isBool(out)) throw new Error('expansion changed the sort');
  return out;
}
