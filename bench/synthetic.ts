// A synthetic model for the scaling benchmark: the KVM model (baseline and
// v10, and v9 which v10's release-delta frame reads) with k extra boolean fields `extra.f1..fk`. One new fault rule,
// checked first, reads them all: a write fault with every extra field set
// is refused with EFAULT. One new property reads them too. Same engine,
// same catalogue otherwise, so only the growth of the space changes.

import { and, boolVar, is } from '../src/space/expr.ts';
import type { FormulaProperty } from '../src/space/property.ts';
import { Space } from '../src/space/space.ts';
import type { FieldSpec } from '../src/space/space.ts';
import type { ConcreteEncoding, Stage, System } from '../src/space/system.ts';
import type { ZBoolTerm } from '../src/solver/z3.ts';
import { FIELDS } from '../model/state.ts';
import { makeSystem } from '../model/system.ts';
import { PRESETS, presetState } from '../model/presets.ts';
import { findVersion } from '../model/versions/index.ts';
import { REQUEST_OUTCOME } from '../model/outcomes.ts';

const WRITE = FIELDS.findIndex((f) => f.name === 'fault.write');
const EFAULT = REQUEST_OUTCOME.values.indexOf('EFAULT');

export function syntheticSystem(k: number): System {
  // v9: the release-delta frame of v10 reads its predecessor.
  const base = makeSystem([findVersion('baseline')!, findVersion('v9')!, findVersion('v10')!]);
  const extras: FieldSpec[] = Array.from({ length: k }, (_, i) => ({ name: `extra.f${i + 1}`, type: 'bool' }));
  const space = new Space([...FIELDS, ...extras]);
  const first = FIELDS.length;

  const concrete = (id: string): ConcreteEncoding => {
    const enc = base.encoding(id);
    // The fault stage gains the extra rule; the memslot stage is the model's.
    const [faultStage, ...rest] = enc.stages!;
    const fault: Stage = {
      writes: faultStage.writes,
      run(digit, out, rules) {
        let all = k > 0;
        for (let i = 0; i < k && all; i++) all = digit(first + i) === 1;
        faultStage.run(digit, out, rules);
        if (all && digit(WRITE) === 1) {
          out[0] = EFAULT;
          out[1] = 0;
          out[2] = 0;
          out[3] = 0;
          rules[0] = 0;
        } else rules[0] += 1;
      },
    };
    const stages = [fault, ...rest];
    return {
      id,
      decisions: enc.decisions.map((d, i) => (i === 0 ? { id: d.id, rules: ['extra-all-set', ...d.rules] } : d)),
      stages,
      evaluate(digit, out, rules) {
        for (const st of stages) st.run(digit, out, rules);
      },
    };
  };

  const extraAll = and(...extras.map((f) => boolVar(f.name)), boolVar('fault.write'), { op: 'lit', value: k > 0 });
  const property: FormulaProperty = {
    id: 'extra-all-set-refuses',
    category: 'synthetic',
    kind: 'formula',
    statement: 'every extra field set and a write fault => EFAULT',
    reason: 'reads every extra field',
    explain: 'the extra rule does not refuse',
    premise: extraAll,
    conclusion: is(
      { op: 'evar', ref: { name: 'fault.outcome', frame: '' }, sort: { kind: 'enum', name: 'fault.outcome', values: ['map', 'EFAULT', 'EINVAL', 'ENOEXEC'] } },
      'EFAULT',
    ),
  };

  return {
    space,
    outputs: base.outputs,
    versionIds: base.versionIds,
    encoding: concrete,
    symbolic: (id) => (z, fields) => {
      const decisions = base.symbolic(id)(z, fields);
      const when = z.And(...extras.map((f) => fields[f.name] as ZBoolTerm), fields['fault.write'] as ZBoolTerm, z.Bool.val(k > 0));
      const F = z.Bool.val(false);
      const efault = { 'request.outcome': z.Int.val(EFAULT), 'request.attr': z.Int.val(0), 'request.exec': F, 'request.sanitiseTags': F };
      return decisions.map((d, i) => (i === 0 ? { id: d.id, branches: [{ rule: 'extra-all-set', when, outputs: efault }, ...d.branches] } : d));
    },
    derived: base.derived,
    assumptions: base.assumptions,
    frames: base.frames,
    frameVersion: base.frameVersion,
    properties: [...base.properties, property],
    presets: PRESETS.map((p) => {
      const rec = { ...presetState(p), ...Object.fromEntries(extras.map((f) => [f.name, false])) };
      return { name: p.name, index: space.indexOfRecord(rec) };
    }),
  };
}
