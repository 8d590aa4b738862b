// Outcomes (domain.md section 4): what a rule version decides, and what the
// shared page-table layer and the hardware make of it.
//
// A rule version produces two primitive results per state, the fault
// decision (a request or an error) and the memslot decision. Everything
// else (the final outcome after stage2_set_prot_attr(), the CMO facts) is
// derived from them by the expressions below, written once and read by both
// the enumerator and the prover.

import type { Bool, Enum } from '../src/space/expr.ts';
import { and, boolVar, eite, enumSort, enumVar, is, lit, not, or } from '../src/space/expr.ts';
import type { FieldSpec } from '../src/space/space.ts';

/**
 * The outcomes of a fault other than a request, in digit order. The series
 * knew the first three; mainline appended EIO (pKVM, page-cache page),
 * INJECT_DABT (7.0+: an exclusive/atomic abort injected back into the
 * guest) and FORWARD_S2 (a stage-2 permission fault forwarded to the guest
 * hypervisor). Appending keeps every older digit where it was.
 */
export const FAULT_ERRORS = ['EFAULT', 'EINVAL', 'ENOEXEC', 'EIO', 'INJECT_DABT', 'FORWARD_S2'] as const;
export type FaultError = (typeof FAULT_ERRORS)[number];
/** The series' three. */
export const LEGACY_FAULT_ERRORS = ['EFAULT', 'EINVAL', 'ENOEXEC'] as const;
export const MEMSLOT_OUTCOMES = ['ok', 'EINVAL', 'EPERM'] as const;
export type MemslotOutcome = (typeof MEMSLOT_OUTCOMES)[number];
export const ATTRS = ['NORMAL', 'NORMAL_NC', 'DEVICE'] as const;
export type Attr = (typeof ATTRS)[number];

export interface Request {
  readonly attr: Attr;
  /** The entry gets execute permission (exec fault, or granted eagerly with CACHE_DIC). */
  readonly exec: boolean;
  /** sanitise_mte_tags() runs before the mapping is installed. */
  readonly sanitiseTags: boolean;
  /**
   * KVM_PGTABLE_PROT_UX / _PX (6.19+). Absent: both equal `exec` (every
   * series version). When present, exec must be ux or px.
   */
  readonly ux?: boolean;
  readonly px?: boolean;
}

/** What user_mem_abort() returns, with the name of the rule that decided. */
export type FaultDecision =
  | { readonly rule: string; readonly request: Request; readonly error?: undefined }
  | { readonly rule: string; readonly error: FaultError; readonly request?: undefined };

/** What kvm_arch_prepare_memory_region() returns, with the deciding rule. */
export interface MemslotDecision {
  readonly rule: string;
  readonly outcome: MemslotOutcome;
}

// --- The vocabulary of outcome variables ------------------------------------

/** request.outcome: the fault decision before the page-table layer. */
export const REQUEST_OUTCOME = enumSort('request.outcome', ['request', ...FAULT_ERRORS]);
/** fault.outcome: the final result of the fault. */
export const FAULT_OUTCOME = enumSort('fault.outcome', ['map', ...FAULT_ERRORS]);
/** Attribute slots read 'none' when there is no request / no mapping. */
export const ATTR_OR_NONE = enumSort('attr', ['none', ...ATTRS]);
export const MEMSLOT_OUTCOME = enumSort('memslot.outcome', MEMSLOT_OUTCOMES);

/**
 * Primitive outputs of a version, in digit order. When the fault decision is
 * an error, the request slots hold none/false/false so that every decision
 * has exactly one digit row. The series' outputs (LEGACY_OUTPUTS) are the
 * first five slots with the series' values; versions with a domain have
 * request.ux and request.px appended and the new values at the end of each
 * list, so no older digit or slot moves.
 */
export const OUTPUTS: readonly FieldSpec[] = [
  { name: 'request.outcome', type: 'enum', values: REQUEST_OUTCOME.values },
  { name: 'request.attr', type: 'enum', values: ATTR_OR_NONE.values },
  { name: 'request.exec', type: 'bool' },
  { name: 'request.sanitiseTags', type: 'bool' },
  { name: 'memslot.outcome', type: 'enum', values: MEMSLOT_OUTCOME.values },
  { name: 'request.ux', type: 'bool' },
  { name: 'request.px', type: 'bool' },
];
export const LEGACY_OUTPUTS: readonly FieldSpec[] = [
  { name: 'request.outcome', type: 'enum', values: ['request', ...LEGACY_FAULT_ERRORS] },
  { name: 'request.attr', type: 'enum', values: ATTR_OR_NONE.values },
  { name: 'request.exec', type: 'bool' },
  { name: 'request.sanitiseTags', type: 'bool' },
  { name: 'memslot.outcome', type: 'enum', values: ['ok', 'EINVAL'] },
];

/** Output slots written by each decision (legacy: the first five outputs only). */
export const faultSlots = (extended: boolean): readonly number[] => (extended ? [0, 1, 2, 3, 5, 6] : [0, 1, 2, 3]);
export const FAULT_SLOTS = [0, 1, 2, 3] as const;
export const MEMSLOT_SLOTS = [4] as const;

/** Digits of the fault decision, in its output slots (ux/px only when the outputs have them). */
export function faultDigits(fault: FaultDecision, out: Int32Array, extended = false): void {
  if (fault.request) {
    out[0] = 0;
    out[1] = 1 + ATTRS.indexOf(fault.request.attr);
    out[2] = fault.request.exec ? 1 : 0;
    out[3] = fault.request.sanitiseTags ? 1 : 0;
    if (extended) {
      out[5] = (fault.request.ux ?? fault.request.exec) ? 1 : 0;
      out[6] = (fault.request.px ?? fault.request.exec) ? 1 : 0;
    } else if ((fault.request.ux ?? fault.request.exec) !== fault.request.exec || (fault.request.px ?? fault.request.exec) !== fault.request.exec) {
      throw new Error(`rule ${fault.rule} grants partial execute permission outside the version's domain`);
    }
  } else {
    const e = FAULT_ERRORS.indexOf(fault.error);
    if (!extended && e >= LEGACY_FAULT_ERRORS.length) throw new Error(`rule ${fault.rule} returns ${fault.error} outside the version's domain`);
    out[0] = 1 + e;
    out[1] = 0;
    out[2] = 0;
    out[3] = 0;
    if (extended) {
      out[5] = 0;
      out[6] = 0;
    }
  }
}

/** Digits of the memslot decision, in its output slot. */
export function memslotDigits(memslot: MemslotDecision, out: Int32Array, extended = false): void {
  const d = MEMSLOT_OUTCOMES.indexOf(memslot.outcome);
  if (!extended && d > 1) throw new Error(`rule ${memslot.rule} returns ${memslot.outcome} outside the version's domain`);
  out[4] = d;
}

/** Checks that a value returned by a rule encoding is a well-formed decision. */
export function malformedFault(d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null) return 'the fault decision is not an object';
  const x = d as Record<string, unknown>;
  if (typeof x.rule !== 'string') return 'the fault decision names no rule';
  if (x.request !== undefined) {
    const r = x.request as Record<string, unknown>;
    if (!ATTRS.includes(r.attr as Attr)) return `rule ${x.rule} requests attribute ${String(r.attr)}`;
    if (typeof r.exec !== 'boolean' || typeof r.sanitiseTags !== 'boolean') return `rule ${x.rule} returns a request without exec/sanitiseTags`;
    for (const k of ['ux', 'px']) if (r[k] !== undefined && typeof r[k] !== 'boolean') return `rule ${x.rule} returns a request with a non-boolean ${k}`;
    if ((r.ux !== undefined || r.px !== undefined) && r.exec !== (r.ux === true || r.px === true)) return `rule ${x.rule} returns exec ${String(r.exec)} with ux ${String(r.ux)} and px ${String(r.px)}`;
    if (x.error !== undefined) return `rule ${x.rule} returns both a request and an error`;
    return undefined;
  }
  if (!FAULT_ERRORS.includes(x.error as FaultError)) return `rule ${x.rule} returns error ${String(x.error)}`;
  return undefined;
}

export function malformedMemslot(d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null) return 'the memslot decision is not an object';
  const x = d as Record<string, unknown>;
  if (typeof x.rule !== 'string') return 'the memslot decision names no rule';
  if (!MEMSLOT_OUTCOMES.includes(x.outcome as MemslotOutcome)) return `rule ${x.rule} returns memslot outcome ${String(x.outcome)}`;
  return undefined;
}

// --- The page-table layer (versions.md 0.4) and derived facts --------------

/** Which stage2_set_prot_attr() the version's base tree has. */
export type PageTableLayer = 'pre-nc' | 'nc' | 'xnx-icache-both' | 'xnx';

export const PAGE_TABLE_LAYERS: Record<PageTableLayer, string> = {
  'pre-nc': 'before the Normal-NC series: executable DEVICE -> EINVAL',
  nc: 'with the Normal-NC series: executable DEVICE or NORMAL_NC -> EINVAL',
  'xnx-icache-both':
    'FEAT_XNX (6.19, 7.0): UX or PX on DEVICE or NORMAL_NC -> EINVAL; I-cache maintained only for entries executable at both ELs',
  xnx: 'FEAT_XNX, fixed (7.1+): UX or PX on DEVICE or NORMAL_NC -> EINVAL; I-cache maintained for any executable entry',
};

const requestOutcome = enumVar('request.outcome', REQUEST_OUTCOME);
const requestAttr = enumVar('request.attr', ATTR_OR_NONE);
const requestExec = boolVar('request.exec');

/** The layer refuses the request (map path only; the relax path for a permission fault checks nothing). */
function layerRefuses(layer: PageTableLayer): Bool {
  const refusedAttrs = layer === 'pre-nc' ? ['DEVICE'] : ['DEVICE', 'NORMAL_NC'];
  return and(is(requestOutcome, 'request'), not(boolVar('fault.perm')), requestExec, is(requestAttr, ...refusedAttrs));
}

/**
 * Derived variables of a version with the given layer: name -> definition
 * over state fields, primitive outputs and the derived variables listed
 * before it. Read by properties as if they were variables.
 */
export function derivedFacts(layer: PageTableLayer, extended = false): Record<string, Bool | Enum> {
  const errorOf = (e: FaultError): Enum => lit(FAULT_OUTCOME, e);
  // The new outcomes pass through the layer unchanged, like the errors.
  const passed: Enum = extended
    ? (['EIO', 'INJECT_DABT', 'FORWARD_S2'] as const).reduceRight(
        (rest: Enum, e) => eite(is(requestOutcome, e), errorOf(e), rest),
        eite(layerRefuses(layer), errorOf('EINVAL'), lit(FAULT_OUTCOME, 'map')),
      )
    : eite(layerRefuses(layer), errorOf('EINVAL'), lit(FAULT_OUTCOME, 'map'));
  const faultOutcome = eite(
    is(requestOutcome, 'EFAULT'),
    errorOf('EFAULT'),
    eite(is(requestOutcome, 'EINVAL'), errorOf('EINVAL'), eite(is(requestOutcome, 'ENOEXEC'), errorOf('ENOEXEC'), passed)),
  );
  // Later facts read earlier ones by name, so each is computed once per state.
  const mapped = is(enumVar('fault.outcome', FAULT_OUTCOME), 'map');
  const faultAttr = enumVar('fault.attr', ATTR_OR_NONE);
  return {
    'fault.outcome': faultOutcome,
    'fault.attr': eite(mapped, requestAttr, lit(ATTR_OR_NONE, 'none')),
    'fault.executable': and(mapped, requestExec),
    'fault.sanitiseTags': and(mapped, boolVar('request.sanitiseTags')),
    // KVM cleans the D-cache to PoC through the linear-map alias (no FWB).
    'cmo.dcache': and(mapped, is(faultAttr, 'NORMAL'), not(boolVar('cpu.fwb'))),
    // KVM invalidates the I-cache to PoU through the linear-map alias (no
    // DIC), for the entries stage2_pte_executable() calls executable.
    'cmo.icache':
      layer === 'xnx-icache-both'
        ? and(mapped, boolVar('request.ux'), boolVar('request.px'), not(boolVar('cpu.dic')))
        : layer === 'xnx'
          ? and(mapped, or(boolVar('request.ux'), boolVar('request.px')), not(boolVar('cpu.dic')))
          : and(boolVar('fault.executable'), not(boolVar('cpu.dic'))),
    'fault.ux': and(mapped, boolVar('request.ux')),
    'fault.px': and(mapped, boolVar('request.px')),
  };
}
