// The property catalogue (domain.md section 5). Each formula is written once
// in the expression layer; the enumerator and the prover both read it.

import type { Bool } from '../src/space/expr.ts';
import { and, eq, iff, inFrame, is, not, or } from '../src/space/expr.ts';
import type { FrameSpec, Property } from '../src/space/property.ts';
import {
  CACHEABLE_TYPE,
  cmo,
  cpu,
  fault,
  MAPPED,
  mapping,
  memslot,
  pfn,
  request,
  SUPPORTED,
  vm,
  vma,
} from '../model/vocabulary.ts';

/** Relational frames the catalogue reads. */
export const FRAMES: readonly FrameSpec[] = [
  { id: 'baseline', version: 'baseline', overrides: {}, doc: 'the baseline version on the same state' },
  { id: 'noexec', version: 'self', overrides: { 'fault.exec': false }, doc: 'the same version on the twin state with fault.exec false' },
  {
    id: 'aspfnmap',
    version: 'self',
    overrides: { 'vma.mixedmap': false, 'vma.pfnmap': true },
    doc: 'the same version on the twin state with vma.mixedmap false and vma.pfnmap true',
  },
];

/** The final fault outcome (outcome, attribute, exec, tags) is the same in both frames. */
function sameFault(frame: string): Bool {
  return and(
    eq(mapping.outcome, inFrame(mapping.outcome, frame)),
    eq(mapping.attr, inFrame(mapping.attr, frame)),
    iff(mapping.executable, inFrame(mapping.executable, frame)),
    iff(mapping.sanitiseTags, inFrame(mapping.sanitiseTags, frame)),
  );
}

/** Fault and memslot outcomes both equal the frame's. */
function sameOutcome(frame: string): Bool {
  return and(sameFault(frame), eq(memslot.outcome, inFrame(memslot.outcome, frame)));
}

const NORMAL_MAPPED = and(MAPPED, is(mapping.attr, 'NORMAL'));
const PRELUDE_EFAULT = and(fault.perm, not(fault.write), not(fault.exec));

export const PROPERTIES: readonly Property[] = [
  {
    id: 'cmo-needs-linear-map',
    category: 'safety',
    kind: 'formula',
    statement: 'cmo.dcache or cmo.icache => pfn.mapMemory',
    reason: 'CMOs go through the linear-map alias; without it they hit a bogus address',
    explain: 'KVM would clean or invalidate caches by VA through a linear-map alias that does not exist',
    premise: or(cmo.dcache, cmo.icache),
    conclusion: pfn.mapMemory,
  },
  {
    id: 'unmapped-cacheable-needs-fwb-dic',
    category: 'safety',
    kind: 'formula',
    statement: 'map, attr = NORMAL, not pfn.mapMemory => SUPPORTED',
    reason: 'a later exec permission fault would need I-cache maintenance by VA',
    explain: 'memory outside the linear map is mapped cacheable on a host without FWB and DIC',
    premise: and(NORMAL_MAPPED, not(pfn.mapMemory)),
    conclusion: SUPPORTED,
  },
  {
    id: 'no-upgrade-of-noncacheable',
    category: 'safety',
    kind: 'formula',
    statement: 'map, not CACHEABLE_TYPE, not pfn.mapMemory => attr != NORMAL',
    reason: 'the host maps it non-cacheable: a cacheable guest view allows speculative fills and write-backs to a device',
    explain: 'a VMA the host maps Device/NC is mapped Normal-WB in stage 2',
    premise: and(MAPPED, not(CACHEABLE_TYPE), not(pfn.mapMemory)),
    conclusion: not(is(mapping.attr, 'NORMAL')),
  },
  {
    id: 'no-degrade-of-cacheable-unmapped',
    category: 'safety',
    kind: 'formula',
    statement: 'map, CACHEABLE_TYPE, not pfn.mapMemory => attr = NORMAL',
    reason: 'a non-cacheable guest view of memory the host uses cacheably, which KVM cannot clean, leaks stale data',
    explain: 'a cacheable host mapping outside the linear map is mapped Device/NC in stage 2 (stale data)',
    premise: and(MAPPED, CACHEABLE_TYPE, not(pfn.mapMemory)),
    conclusion: is(mapping.attr, 'NORMAL'),
  },
  {
    id: 'no-exec-request-on-noncacheable',
    category: 'safety',
    kind: 'formula',
    statement: 'request with attr != NORMAL => not exec',
    reason: 'the page-table code would refuse it with EINVAL instead of the guest getting an abort',
    explain: 'user_mem_abort() asks stage2_set_prot_attr() for an executable Device/NC entry',
    premise: and(is(request.outcome, 'request'), not(is(request.attr, 'NORMAL'))),
    conclusion: not(request.exec),
  },
  {
    id: 'normal-nc-needs-opt-in',
    category: 'safety',
    kind: 'formula',
    statement: 'map, attr = NORMAL_NC => vma.anyUncached',
    reason: 'only a VFIO driver may allow Normal-NC for the guest',
    explain: 'Normal-NC is used without VM_ALLOW_ANY_UNCACHED',
    premise: and(MAPPED, is(mapping.attr, 'NORMAL_NC')),
    conclusion: vma.anyUncached,
  },
  {
    id: 'mte-only-on-tag-capable',
    category: 'safety',
    kind: 'formula',
    statement: 'vm.mte, map, attr = NORMAL, not fault.perm => vma.mteAllowed',
    reason: 'a guest can enable MTE at stage 1 on Normal-WB memory; tags without tag storage can abort',
    explain: 'an MTE guest gets Normal-WB memory whose VMA lacks VM_MTE_ALLOWED',
    premise: and(vm.mte, NORMAL_MAPPED, not(fault.perm)),
    conclusion: vma.mteAllowed,
  },
  {
    id: 'mte-tags-sanitised',
    category: 'safety',
    kind: 'formula',
    statement: 'vm.mte, map, attr = NORMAL, not fault.perm => sanitiseTags',
    reason: 'stale tags would leak between owners',
    explain: 'an MTE guest gets Normal-WB memory without sanitise_mte_tags()',
    premise: and(vm.mte, NORMAL_MAPPED, not(fault.perm)),
    conclusion: request.sanitiseTags,
  },
  {
    id: 'sanitise-needs-struct-page',
    category: 'safety',
    kind: 'formula',
    statement: 'sanitiseTags => pfn.valid',
    reason: 'tag sanitising walks struct page',
    explain: 'sanitise_mte_tags() runs on a pfn without struct page',
    premise: and(is(request.outcome, 'request'), request.sanitiseTags),
    conclusion: pfn.valid,
  },
  {
    id: 'seed-no-cacheable-without-struct-page-unless-fwb',
    category: 'seed',
    kind: 'formula',
    statement: 'map, attr = NORMAL, not pfn.valid => cpu.fwb',
    reason: 'the v2 commit message',
    explain: 'a pfn without struct page is mapped Normal-WB on a host without FWB',
    premise: and(NORMAL_MAPPED, not(pfn.valid)),
    conclusion: cpu.fwb,
  },
  {
    id: 'seed-no-cacheable-under-vm-io',
    category: 'seed',
    kind: 'formula',
    statement: 'map, attr = NORMAL => not vma.io',
    reason: 'the v2 commit message (VM_IO with a Normal type is unsafe)',
    explain: 'a VM_IO VMA is mapped Normal-WB',
    premise: NORMAL_MAPPED,
    conclusion: not(vma.io),
  },
  {
    id: 'seed-exec-allowed-on-normal-cacheable',
    category: 'seed',
    kind: 'formula',
    statement: 'fault.exec and the outcome is ENOEXEC => the twin with fault.exec false is not mapped NORMAL',
    reason: 'the v2 commit message ("allow executable faults on memory determined as Normal cacheable")',
    explain: 'an exec fault gets ENOEXEC on memory that a data fault maps Normal-WB',
    premise: and(fault.exec, is(mapping.outcome, 'ENOEXEC')),
    conclusion: not(inFrame(NORMAL_MAPPED, 'noexec')),
  },
  {
    id: 'ordinary-vmas-unchanged',
    category: 'regression',
    kind: 'formula',
    statement: "not (vma.pfnmap or vma.mixedmap) => outcome equals baseline's",
    reason: 'the series must not change ordinary guest RAM',
    explain: 'an ordinary (not PFNMAP/MIXEDMAP) VMA is treated differently from the baseline',
    premise: not(or(vma.pfnmap, vma.mixedmap)),
    conclusion: sameOutcome('baseline'),
  },
  {
    id: 'linear-mapped-unchanged',
    category: 'regression',
    kind: 'formula',
    statement: "pfn.mapMemory => outcome equals baseline's",
    reason: 'RAM that KVM can maintain keeps working as before',
    explain: 'a linear-mapped pfn is treated differently from the baseline',
    premise: pfn.mapMemory,
    conclusion: sameOutcome('baseline'),
  },
  {
    id: 'device-mmio-unchanged',
    category: 'regression',
    kind: 'formula',
    statement: "not CACHEABLE_TYPE, not pfn.valid => outcome equals baseline's",
    reason: 'VFIO device passthrough keeps working on every host',
    explain: 'device MMIO (Device/NC VMA, no struct page) is treated differently from the baseline',
    premise: and(not(CACHEABLE_TYPE), not(pfn.valid)),
    conclusion: sameOutcome('baseline'),
  },
  {
    id: 'mixedmap-like-pfnmap',
    category: 'consistency',
    kind: 'formula',
    statement: 'vma.mixedmap, not pfn.mapMemory => outcome equals that of the twin with vma.mixedmap false and vma.pfnmap true',
    reason: 'special PTEs in a MIXEDMAP follow the same rules as a PFNMAP',
    explain: 'a MIXEDMAP special PTE is treated differently from the same PFNMAP pfn',
    premise: and(vma.mixedmap, not(pfn.mapMemory)),
    conclusion: sameFault('aspfnmap'),
  },
  {
    id: 'memslot-anticipates-fault-errors',
    category: 'consistency',
    kind: 'formula',
    statement: "memslot ok => the fault outcome is not EFAULT/EINVAL, except the prelude's EFAULT",
    reason: 'a VMM should learn at registration, not at run time, that a region can never be mapped',
    explain: 'the memslot is accepted but the fault fails with EFAULT/EINVAL (KVM_RUN fails)',
    premise: and(is(memslot.outcome, 'ok'), not(PRELUDE_EFAULT)),
    conclusion: not(is(mapping.outcome, 'EFAULT', 'EINVAL')),
  },
  {
    id: 'total',
    category: 'structural',
    kind: 'total',
    statement: 'every feasible state gets exactly one outcome, and no rule throws',
    reason: 'a decision that is undefined somewhere is not a decision',
    explain: 'a rule throws or no rule matches',
  },
  {
    id: 'encodings-agree',
    category: 'structural',
    kind: 'encodings-agree',
    statement: 'ts-pattern and Z3 encodings give the same request/error and memslot outcome on every feasible state',
    reason: 'two independent encodings that agree are evidence that both follow the kernel',
    explain: 'the ts-pattern and Z3 encodings disagree',
  },
  {
    id: 'no-dead-rules',
    category: 'structural',
    kind: 'no-dead-rules',
    statement: 'every rule of the version decides at least one feasible state',
    reason: 'a rule that never fires is dead code or a mistake',
    explain: 'a kernel check can never fire',
  },
];

const byId = new Map(PROPERTIES.map((p) => [p.id, p]));
export function property(id: string): Property | undefined {
  return byId.get(id);
}
