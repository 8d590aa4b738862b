// Shared vocabulary of the ts-pattern encodings. It only spells outcomes
// and the memory-type sets the kernel tests; each version's rules.ts keeps
// its own order of checks.

import { P } from 'ts-pattern';
import type { Attr, FaultDecision, FaultError, MemslotDecision } from '../outcomes.ts';

/** mapping_type() in {NORMAL, NORMAL_TAGGED}: v1/v2 "normal cacheable". */
export const NORMAL_TYPE = P.union('NORMAL', 'NORMAL_TAGGED');
/** kvm_vma_is_cacheable(): anything but NORMAL_NC and the two Device types. */
export const CACHEABLE_TYPE = P.union('NORMAL', 'NORMAL_TAGGED', 'OTHER');
/** The types v1 maps as DEVICE. */
export const V1_DEVICE_TYPE = P.union('DEVICE_nGnRE', 'DEVICE_nGnRnE', 'NORMAL_NC');

/** "Unexpected L2 read permission error": common to every version (versions.md 0.3). */
export const PRELUDE = { s: { fault: { perm: true, write: false, exec: false } } } as const;

export function refuse(error: FaultError, rule: string): FaultDecision {
  return { rule, error };
}

export function grant(rule: string, attr: Attr, exec: boolean, sanitiseTags: boolean): FaultDecision {
  return { rule, request: { attr, exec, sanitiseTags } };
}

export function accept(rule: string): MemslotDecision {
  return { rule, outcome: 'ok' };
}

export function reject(rule: string): MemslotDecision {
  return { rule, outcome: 'EINVAL' };
}

/** A request with separate EL0 (ux) and EL1 (px) execute permission (FEAT_XNX versions). */
export function grantXn(rule: string, attr: Attr, ux: boolean, px: boolean, sanitiseTags: boolean): FaultDecision {
  return { rule, request: { attr, exec: ux || px, sanitiseTags, ux, px } };
}

/** memslot EPERM (protected VMs, 7.1+). */
export function forbid(rule: string): MemslotDecision {
  return { rule, outcome: 'EPERM' };
}
