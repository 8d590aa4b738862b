// The guest stage-2 execute decoders of mainline.md 0.4, for the ts-pattern
// encodings: how each release reads the guest hypervisor's XN bits (54:53)
// and strips UX/PX of a shadow stage-2 entry (adjust_nested_exec_perms()).

import type { State, XnValue } from '../state.ts';

/** XN bits as the number the kernel's switch sees (XN00 = 0b00 ... XN11 = 0b11). */
export const xnBits = (xn: XnValue): number => ['XN00', 'XN01', 'XN10', 'XN11'].indexOf(xn);

/** <= 6.18: kvm_s2_trans_executable() = !(desc & BIT(54)). */
export const execPre = (s: State): boolean => (xnBits(s.nested.xn) & 0b10) === 0;

/** 6.19, 7.0: `xn &= FIELD_PREP(GENMASK(54, 53), 0b10)` on a u8 clears it without FEAT_XNX. */
export const decodeBuggy = (s: State): number => (s.vm.xnx ? xnBits(s.nested.xn) : 0);

/** 7.1+ (49b32ddb87a3): `xn &= 0b10` without FEAT_XNX. */
export const decodeFixed = (s: State): number => (s.vm.xnx ? xnBits(s.nested.xn) : xnBits(s.nested.xn) & 0b10);

/** kvm_s2_trans_exec_el0() / _el1() on a decoded value. */
export const execEl0 = (d: number): boolean => d === 0b00 || d === 0b01;
export const execEl1 = (d: number): boolean => d === 0b00 || d === 0b11;

/** kvm_s2_handle_perm_fault(): the faulting EL (vcpu_mode_priv()) may execute. */
export const execAtEl = (s: State, d: number): boolean => (s.fault.nested === 'EL0' ? execEl0(d) : execEl1(d));

/** adjust_nested_exec_perms(): (ux, px) of an entry that would get X = x. */
export function nestedStrip(s: State, x: boolean, decode: (s: State) => number): { ux: boolean; px: boolean } {
  if (s.fault.nested === 'NONE') return { ux: x, px: x };
  const d = decode(s);
  return { ux: x && execEl0(d), px: x && execEl1(d) };
}
