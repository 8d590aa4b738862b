// The vocabulary in which each version's Z3 encoding (z3.ts beside its
// rules.ts) is written. A Z3 encoding is an ordered list of guarded
// branches per decision, each named after the kernel check it encodes; the
// first branch whose guard holds decides, as the first `return` does in C.
// The branch names are the rule names of the ts-pattern encoding, so the
// two can be compared rule by rule.

import type { ZBoolTerm, ZIntTerm, Z3 } from '../src/solver/z3.ts';
import { intVal } from '../src/solver/z3.ts';
import type { Attr, FaultError } from './outcomes.ts';
import { ATTRS, FAULT_ERRORS } from './outcomes.ts';
import type { GmemKind, MemType, NestedKind, PinResult, XnValue } from './state.ts';
import { GMEM_KINDS, MEM_TYPES, NESTED_KINDS, PIN_RESULTS, XN_VALUES } from './state.ts';

/** The state as Z3 terms, grouped like State. memType is an Int (position in MEM_TYPES). */
export interface SymState {
  readonly vma: {
    readonly pfnmap: ZBoolTerm;
    readonly mixedmap: ZBoolTerm;
    readonly io: ZBoolTerm;
    readonly mteAllowed: ZBoolTerm;
    readonly anyUncached: ZBoolTerm;
    readonly cow: ZBoolTerm;
    readonly memType: ZIntTerm;
  };
  /** pin: an Int, position in PIN_RESULTS. */
  readonly pfn: { readonly valid: ZBoolTerm; readonly mapMemory: ZBoolTerm; readonly pin: ZIntTerm };
  readonly cpu: { readonly fwb: ZBoolTerm; readonly dic: ZBoolTerm };
  readonly vm: { readonly mte: ZBoolTerm; readonly protected: ZBoolTerm; readonly xnx: ZBoolTerm };
  /** gmem: an Int, position in GMEM_KINDS. */
  readonly slot: { readonly logging: ZBoolTerm; readonly cacheableFlag: ZBoolTerm; readonly gmem: ZIntTerm };
  /** nested: an Int, position in NESTED_KINDS. */
  readonly fault: { readonly exec: ZBoolTerm; readonly write: ZBoolTerm; readonly perm: ZBoolTerm; readonly exclAtomic: ZBoolTerm; readonly nested: ZIntTerm };
  /** xn: an Int, position in XN_VALUES. */
  readonly nested: { readonly xn: ZIntTerm };
}

/** Output terms of a fault branch, named as in model/outcomes.ts OUTPUTS. */
export interface FaultOut {
  readonly 'request.outcome': ZIntTerm;
  readonly 'request.attr': ZIntTerm;
  readonly 'request.exec': ZBoolTerm;
  readonly 'request.sanitiseTags': ZBoolTerm;
  /** FEAT_XNX versions: UX and PX (absent: both equal request.exec). */
  readonly 'request.ux'?: ZBoolTerm;
  readonly 'request.px'?: ZBoolTerm;
}
export interface MemslotOut {
  readonly 'memslot.outcome': ZIntTerm;
}

export interface Branch<Out> {
  readonly rule: string;
  /** The condition as the kernel writes it (the branches before it are excluded by the engine). */
  readonly when: ZBoolTerm;
  readonly then: Out;
}

export interface Z3Rules {
  readonly fault: readonly Branch<FaultOut>[];
  readonly memslot: readonly Branch<MemslotOut>[];
}

export interface Kit {
  /** The Z3 context: And, Or, Not, Implies, If, Bool.val, ... */
  readonly z: Z3;
  readonly s: SymState;
  /** vma.memType is one of the given types. */
  memTypeIs(...types: MemType[]): ZBoolTerm;
  /** A request (attr constant; exec and sanitiseTags as terms). */
  request(attr: Attr, exec: ZBoolTerm, sanitiseTags: ZBoolTerm): FaultOut;
  /** A request with separate EL0/EL1 execute permission (exec = ux or px). */
  requestXn(attr: Attr, ux: ZBoolTerm, px: ZBoolTerm, sanitiseTags: ZBoolTerm): FaultOut;
  /** Any non-request outcome: an error, INJECT_DABT or FORWARD_S2. */
  error(e: FaultError): FaultOut;
  ok(): MemslotOut;
  einval(): MemslotOut;
  eperm(): MemslotOut;
  /** slot.gmem / pfn.pin / fault.nested / nested.xn is one of the given values. */
  gmemIs(...v: GmemKind[]): ZBoolTerm;
  pinIs(...v: PinResult[]): ZBoolTerm;
  nestedIs(...v: NestedKind[]): ZBoolTerm;
  xnIs(...v: XnValue[]): ZBoolTerm;
}

/** A version's Z3 encoding. */
export type Z3Version = (k: Kit) => Z3Rules;

export function makeKit(z: Z3, s: SymState): Kit {
  const int = (n: number) => intVal(z, n);
  const F = z.Bool.val(false);
  return {
    z,
    s,
    memTypeIs: (...types) => z.Or(...types.map((t) => s.vma.memType.eq(int(MEM_TYPES.indexOf(t))))),
    // Positions follow REQUEST_OUTCOME ('request', errors...) and ATTR_OR_NONE ('none', attrs...).
    request: (attr, exec, sanitiseTags) => ({
      'request.outcome': int(0),
      'request.attr': int(1 + ATTRS.indexOf(attr)),
      'request.exec': exec,
      'request.sanitiseTags': sanitiseTags,
    }),
    requestXn: (attr, ux, px, sanitiseTags) => ({
      'request.outcome': int(0),
      'request.attr': int(1 + ATTRS.indexOf(attr)),
      'request.exec': z.Or(ux, px),
      'request.sanitiseTags': sanitiseTags,
      'request.ux': ux,
      'request.px': px,
    }),
    error: (e) => ({ 'request.outcome': int(1 + FAULT_ERRORS.indexOf(e)), 'request.attr': int(0), 'request.exec': F, 'request.sanitiseTags': F, 'request.ux': F, 'request.px': F }),
    ok: () => ({ 'memslot.outcome': int(0) }),
    einval: () => ({ 'memslot.outcome': int(1) }),
    eperm: () => ({ 'memslot.outcome': int(2) }),
    gmemIs: (...v) => z.Or(...v.map((x) => s.slot.gmem.eq(int(GMEM_KINDS.indexOf(x))))),
    pinIs: (...v) => z.Or(...v.map((x) => s.pfn.pin.eq(int(PIN_RESULTS.indexOf(x))))),
    nestedIs: (...v) => z.Or(...v.map((x) => s.fault.nested.eq(int(NESTED_KINDS.indexOf(x))))),
    xnIs: (...v) => z.Or(...v.map((x) => s.nested.xn.eq(int(XN_VALUES.indexOf(x))))),
  };
}
