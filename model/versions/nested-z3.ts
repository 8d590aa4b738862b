// The guest stage-2 execute decoders of mainline.md 0.4 as Z3 terms, for
// the Z3 encodings (written from the spec's definitions, apart from
// nested.ts). A decoded XN value is an Int 0..3.

import type { ZBoolTerm, ZIntTerm } from '../../src/solver/z3.ts';
import type { Kit } from '../symbolic.ts';

export function nestedTerms(k: Kit) {
  const { z, s } = k;
  const xn = s.nested.xn;
  const nested = z.Not(k.nestedIs('NONE'));
  // XN & 0b10 as an Int: 0 for XN00/XN01, 2 for XN10/XN11.
  const xnHigh = z.If(k.xnIs('XN10', 'XN11'), z.Int.val(2), z.Int.val(0)) as ZIntTerm;
  const decodeBuggy = z.If(s.vm.xnx, xn, z.Int.val(0)) as ZIntTerm;
  const decodeFixed = z.If(s.vm.xnx, xn, xnHigh) as ZIntTerm;
  const el0 = (d: ZIntTerm): ZBoolTerm => z.Or(d.eq(0), d.eq(1));
  const el1 = (d: ZIntTerm): ZBoolTerm => z.Or(d.eq(0), d.eq(3));
  return {
    nested,
    /** <= 6.18: !(desc & BIT(54)). */
    execPre: xnHigh.eq(0),
    decodeBuggy,
    decodeFixed,
    el0,
    el1,
    atEl: (d: ZIntTerm): ZBoolTerm => z.If(k.nestedIs('EL0'), el0(d), el1(d)) as ZBoolTerm,
    /** adjust_nested_exec_perms(): [ux, px] of an entry that would get X = x. */
    strip: (x: ZBoolTerm, d: ZIntTerm): [ZBoolTerm, ZBoolTerm] => [
      z.If(nested, z.And(x, el0(d)), x) as ZBoolTerm,
      z.If(nested, z.And(x, el1(d)), x) as ZBoolTerm,
    ],
  };
}
