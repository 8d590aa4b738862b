// The kernel profile: everything the C front end (src/cfront/) needs to know
// about arch/arm64/kvm/mmu.c, as reviewed data. The front end knows nothing
// of KVM; this file says
//   - which functions decide (entries, dispatch, the call that installs a
//     mapping and which argument carries prot, the call that sanitises tags);
//   - what kernel expressions mean in the model's fields (the predicate map);
//   - which environment assumptions neutralise code the model does not
//     describe, each with an id and a reason, reported like the model's
//     assumptions;
//   - which preprocessor values are assumed inside the functions, and the
//     kernel macros the C grammar does not know.
// Patterns are kernel expressions with white space ignored; '$' stands for
// any operand. A local that holds a kernel expression, or a struct field
// that does, matches as that expression (vm_flags = vma->vm_flags; ...
// vm_flags & VM_PFNMAP is vma->vm_flags & VM_PFNMAP), so the map survives
// the refactors of the real history. Values are written in the query
// language (README "Expressions"), or as one of the special forms below.
// docs/kernel-profile.md describes the format.

import type { MacroSpec } from '../../src/cfront/preprocess.ts';
import { VERSIONS } from '../versions/index.ts';

/** What a kernel expression means. */
export type Meaning =
  /** A condition over the state fields, in the query language ('vma.pfnmap', '!fault.perm', 'true'). */
  | string
  /** The value of an enumerated field (vma.memType). */
  | { readonly enum: string }
  /** A value of an enumerated field (MT_NORMAL_NC -> NORMAL_NC). */
  | { readonly value: string; readonly of: string }
  | { readonly int: number }
  /** A named constant (KVM_MR_CREATE). */
  | { readonly sym: string }
  /** A value the model does not describe, with what is known of it. */
  | { readonly opaque: string; readonly nonnull?: boolean; readonly positive?: boolean }
  /** The expression itself, known to be positive (a size). */
  | { readonly positive: true };

export interface PredicateEntry {
  readonly expr: string;
  readonly means: Meaning;
  /** Only inside this function. */
  readonly in?: string;
  readonly doc?: string;
}

export interface EnvAssumption {
  readonly id: string;
  readonly reason: string;
  /** The kernel expressions it fixes, and to what. */
  readonly neutralises: readonly PredicateEntry[];
  /** Pins off a path of later kernels that the 17-field model does not describe yet. */
  readonly pinsOff?: boolean;
}

export interface DecisionSpec {
  /** The function the run starts from (its parameters are opaque). */
  readonly entry: string;
  /** Calls whose return value is the decision (the dispatch targets). */
  readonly decisions: readonly string[];
}

export interface KernelProfile {
  readonly id: string;
  readonly doc: string;
  /** Files of a kernel tree the profile reads (scripts/fetch-kernels.sh extracts these). */
  readonly files: readonly string[];
  readonly macros: readonly MacroSpec[];
  /** Preprocessor symbols assumed inside the functions (true: defined / 1). */
  readonly defines: Readonly<Record<string, boolean>>;
  readonly predicates: readonly PredicateEntry[];
  readonly environment: readonly EnvAssumption[];
  /** Identifiers with a meaning (MT_* memory types, NULL). */
  readonly constants: Readonly<Record<string, Meaning>>;
  /** Expressions that are positive sizes (their value is otherwise open). */
  readonly sizes: readonly string[];
  /** Static helpers not inlined (page-size computations): their results are opaque. */
  readonly opaque: readonly string[];
  readonly fault: DecisionSpec & {
    /** Calls that install the mapping: the index of the argument that carries prot. */
    readonly install: Readonly<Record<string, number>>;
    /** The call that sanitises MTE tags before the mapping is installed. */
    readonly sanitise: readonly string[];
    /** prot flags -> the request: the attribute (first flag present wins), and the exec flags. */
    readonly attr: ReadonlyArray<readonly [flag: string, attr: 'DEVICE' | 'NORMAL_NC']>;
    readonly exec: readonly string[];
    /** Returned constants that are the model's errors. */
    readonly errors: Readonly<Record<string, 'EFAULT' | 'EINVAL' | 'ENOEXEC'>>;
  };
  readonly memslot: DecisionSpec & {
    readonly ok: readonly number[];
    readonly errors: Readonly<Record<string, 'EINVAL'>>;
  };
  /** The hand-written version a kernel release should equal. */
  against(release: string | undefined, features: KernelFeatures): { readonly id: string; readonly why: string };
}

/** The hand-written mainline versions (those with a previous release), oldest first: their ids are releases. */
const MAINLINE = VERSIONS.filter((v) => v.meta.previous !== undefined)
  .map((v) => v.meta)
  .sort((a, b) => releaseOrder(a.id) - releaseOrder(b.id));

/** A release (7.3) as a number that sorts as releases do. */
function releaseOrder(release: string): number {
  const [maj, min] = release.split('.').map(Number);
  return maj * 1000 + min;
}

/** What the code of a tree shows, when its release is unknown. */
export interface KernelFeatures {
  /** The kvm_s2_fault_* helpers of the 7.1 rework. */
  readonly splitFault: boolean;
  /** gmem_abort(), the guest_memfd fault path of 6.18. */
  readonly gmemAbort: boolean;
  /** kvm_vma_is_cacheable(), of the series (6.17). */
  readonly vmaCacheable: boolean;
}

const flag = (name: string, field: string, doc: string): PredicateEntry => ({ expr: `$->vm_flags & ${name}`, means: field, doc });

export const KVM_ARM64_MMU: KernelProfile = {
  id: 'kvm-arm64-mmu',
  doc: 'arch/arm64/kvm/mmu.c: user_mem_abort() (via kvm_handle_guest_abort()) and kvm_arch_prepare_memory_region()',
  files: ['arch/arm64/kvm/mmu.c', 'Makefile'],
  macros: [
    { name: '__always_inline', kind: 'attribute', doc: 'inline hint' },
    { name: '__maybe_unused', kind: 'attribute', doc: 'attribute' },
    { name: '__must_check', kind: 'attribute', doc: 'attribute' },
    { name: '__ro_after_init', kind: 'attribute', doc: 'section attribute' },
    { name: '__init', kind: 'attribute', doc: 'section attribute' },
    { name: 'noinline', kind: 'attribute', doc: 'attribute' },
    { name: 'fallthrough', kind: 'attribute', doc: 'switch fall-through marker' },
    { name: 'likely', kind: 'wrapper', doc: 'branch hint: likely(c) is c' },
    { name: 'unlikely', kind: 'wrapper', doc: 'branch hint: unlikely(c) is c' },
    { name: 'KVM_PGT_FN', kind: 'wrapper', doc: 'KVM_PGT_FN(f) picks the pKVM or the host page-table function; both install the mapping' },
    { name: 'scoped_guard', kind: 'guard', doc: 'a lock held over the statement that follows' },
    { name: 'guard', kind: 'attribute', doc: 'guard(lock)(args): a lock held to the end of the scope' },
    { name: 'kvm_for_each_memslot', kind: 'loop', doc: 'loop over memslots (not in the decision)' },
    { name: 'for_each_vma_range', kind: 'loop', doc: 'loop over VMAs' },
  ],
  defines: {
    // arm64 with 4 KiB pages and 4 levels: the PMD level exists.
    __PAGETABLE_PMD_FOLDED: false,
    CONFIG_ARM64: true,
    CONFIG_KVM: true,
  },
  predicates: [
    // the abort
    { expr: 'kvm_is_write_fault($)', means: 'fault.write' },
    { expr: 'kvm_vcpu_trap_is_exec_fault($)', means: 'fault.exec' },
    { expr: 'kvm_vcpu_trap_is_iabt($)', means: 'fault.exec', doc: 'an instruction abort is an exec fault' },
    { expr: 'esr_fsc_is_permission_fault($)', means: 'fault.perm' },
    { expr: 'kvm_vcpu_trap_is_permission_fault($)', means: 'fault.perm' },
    { expr: 'esr_fsc_is_translation_fault($)', means: '!fault.perm', doc: 'with access-flag faults excluded, the other kind' },
    // the host
    { expr: 'cpus_have_final_cap(ARM64_HAS_STAGE2_FWB)', means: 'cpu.fwb' },
    { expr: 'cpus_have_final_cap(ARM64_HAS_CACHE_DIC)', means: 'cpu.dic' },
    { expr: 'kvm_supports_cacheable_pfnmap()', means: 'cpu.fwb & cpu.dic', doc: 'arch/arm64/include/asm/kvm_mmu.h (6.17): FWB and DIC caps' },
    { expr: 'kvm_arch_supports_cacheable_pfnmap()', means: 'cpu.fwb & cpu.dic', doc: 'the same helper under its review-time name' },
    // the VM and the memslot
    { expr: 'kvm_has_mte($)', means: 'vm.mte' },
    { expr: 'memslot_is_logging($)', means: 'slot.logging' },
    { expr: '$->flags & KVM_MEM_LOG_DIRTY_PAGES', means: 'slot.logging' },
    { expr: '$->flags & KVM_MEM_ENABLE_CACHEABLE_PFNMAP', means: 'slot.cacheableFlag' },
    // the pfn
    { expr: 'pfn_is_map_memory($)', means: 'pfn.mapMemory' },
    { expr: 'pfn_valid($)', means: 'pfn.valid' },
    // the VMA
    flag('VM_PFNMAP', 'vma.pfnmap', 'raw PFNs'),
    flag('VM_MIXEDMAP', 'vma.mixedmap', 'pages and raw PFNs'),
    flag('VM_IO', 'vma.io', 'I/O region'),
    flag('VM_MTE_ALLOWED', 'vma.mteAllowed', 'tag-capable memory'),
    flag('VM_ALLOW_ANY_UNCACHED', 'vma.anyUncached', 'VFIO allows Normal-NC'),
    { expr: 'is_cow_mapping($->vm_flags)', means: 'vma.cow' },
    { expr: 'FIELD_GET(PTE_ATTRINDX_MASK, pgprot_val($->vm_page_prot))', means: { enum: 'vma.memType' }, doc: 'AttrIndx of vm_page_prot' },
    { expr: 'mapping_type($->vm_page_prot)', means: { enum: 'vma.memType' }, doc: 'the review-time helper' },
  ],
  constants: {
    MT_NORMAL: { value: 'NORMAL', of: 'vma.memType' },
    MT_NORMAL_TAGGED: { value: 'NORMAL_TAGGED', of: 'vma.memType' },
    MT_NORMAL_NC: { value: 'NORMAL_NC', of: 'vma.memType' },
    MT_DEVICE_nGnRnE: { value: 'DEVICE_nGnRnE', of: 'vma.memType' },
    MT_DEVICE_nGnRE: { value: 'DEVICE_nGnRE', of: 'vma.memType' },
    NULL: { int: 0 },
    PAGE_SIZE: { opaque: 'PAGE_SIZE', positive: true },
    PMD_SIZE: { opaque: 'PMD_SIZE', positive: true },
    PUD_SIZE: { opaque: 'PUD_SIZE', positive: true },
  },
  environment: [
    {
      id: 'stage2-fault-kinds',
      reason: 'the model covers translation and permission faults; access-flag faults only make the page young',
      neutralises: [{ expr: 'esr_fsc_is_access_flag_fault($)', means: 'false' }],
    },
    {
      id: 'no-sea',
      reason: 'a synchronous external abort is handled before the stage-2 decision',
      neutralises: [{ expr: 'kvm_vcpu_abt_issea($)', means: 'false' }],
    },
    {
      id: 'ipa-in-range',
      reason: 'the faulting IPA is inside the guest IPA space (else an address-size fault is injected)',
      neutralises: [{ expr: '$ >= BIT_ULL($)', means: 'false', in: 'kvm_handle_guest_abort' }],
    },
    {
      id: 'no-kvm-bug',
      reason: 'KVM_BUG_ON()/WARN_ON() conditions do not hold',
      neutralises: [
        { expr: 'KVM_BUG_ON($)', means: 'false' },
        { expr: 'WARN_ON($)', means: 'false' },
        { expr: 'WARN_ON_ONCE($)', means: 'false' },
      ],
    },
    {
      id: 'hva-valid',
      reason: 'the IPA is backed by a memslot with a valid HVA (else MMIO emulation, io_mem_abort())',
      neutralises: [{ expr: 'kvm_is_error_hva($)', means: 'false' }],
    },
    {
      id: 'memslot-writable',
      reason: 'the memslot is not read-only (a write to a read-only slot is MMIO emulation)',
      neutralises: [{ expr: 'writable', means: 'true', in: 'kvm_handle_guest_abort' }],
    },
    {
      id: 'memcache-topup-succeeds',
      reason: 'the page-table memory cache can be filled (no -ENOMEM)',
      neutralises: [{ expr: 'kvm_mmu_topup_memory_cache($)', means: { int: 0 } }],
    },
    {
      id: 'vma-exists',
      reason: 'a VMA backs the faulting HVA and the memslot (else -EFAULT / nothing to check)',
      neutralises: [
        { expr: 'vma_lookup($)', means: { opaque: 'vma', nonnull: true } },
        { expr: 'find_vma_intersection($)', means: { opaque: 'vma', nonnull: true } },
      ],
    },
    {
      id: 'no-hwpoison',
      reason: 'the page is not hardware-poisoned (else SIGBUS to the VMM)',
      neutralises: [{ expr: '$ == KVM_PFN_ERR_HWPOISON', means: 'false' }],
    },
    {
      id: 'pfn-resolves',
      reason: 'the HVA resolves to a pfn (__gfn_to_pfn_memslot()/__kvm_faultin_pfn() succeed)',
      neutralises: [{ expr: 'is_error_noslot_pfn($)', means: 'false' }],
    },
    {
      id: 'no-invalidation-race',
      reason: 'no MMU-notifier invalidation races with the fault (else the guest retries)',
      neutralises: [{ expr: 'mmu_invalidate_retry($)', means: 'false' }],
    },
    {
      id: 'huge-page-sizes-valid',
      reason: 'transparent_hugepage_adjust() and the permission-fault granule give a page size (no error)',
      neutralises: [
        { expr: 'transparent_hugepage_adjust($)', means: { opaque: 'thp_size', positive: true } },
        { expr: 'kvm_vcpu_trap_get_perm_fault_granule($)', means: { opaque: 'fault_granule', positive: true } },
      ],
    },
    {
      id: 'memslot-create',
      reason: 'the memslot check is of a new slot (KVM_MR_CREATE) that fits the IPA space',
      neutralises: [
        { expr: 'change', means: { sym: 'KVM_MR_CREATE' }, in: 'kvm_arch_prepare_memory_region' },
        { expr: '$ > kvm_phys_size($) >> PAGE_SHIFT', means: 'false', in: 'kvm_arch_prepare_memory_region' },
      ],
    },
    {
      id: 'one-vma-per-slot',
      reason: 'the memslot is backed by one VMA (the model has one VMA): the loop over VMAs runs once',
      neutralises: [{ expr: 'min($) < $', means: 'false', in: 'kvm_arch_prepare_memory_region' }],
    },
    {
      id: 'not-nested',
      reason: 'no nested virtualisation: the fault is on the guest\'s own stage 2',
      neutralises: [{ expr: 'kvm_is_nested_s2_mmu($)', means: 'false' }],
      pinsOff: true,
    },
    {
      id: 'no-protected-vm',
      reason: 'not a protected VM (pKVM): pkvm_mem_abort() is not taken',
      neutralises: [
        { expr: 'kvm_vm_is_protected($)', means: 'false' },
        { expr: 'is_protected_kvm_enabled()', means: 'false' },
      ],
      pinsOff: true,
    },
    {
      id: 'no-guest-memfd',
      reason: 'the memslot is not backed by guest_memfd: gmem_abort() is not taken',
      neutralises: [
        { expr: 'kvm_slot_has_gmem($)', means: 'false' },
        { expr: 'kvm_memslot_is_gmem_only($)', means: 'false' },
      ],
      pinsOff: true,
    },
    {
      id: 'no-excl-atomic-fault',
      reason: 'not an exclusive/atomic-access fault on unsupported memory (7.x injects it back to the guest)',
      neutralises: [{ expr: 'esr_fsc_is_excl_atomic_fault($)', means: 'false' }],
      pinsOff: true,
    },
  ],
  // sizes: BIT(shift) is a positive size (its value is left open)
  sizes: ['BIT($)'],
  opaque: ['get_vma_page_shift', 'fault_supports_stage2_huge_mapping', 'transparent_hugepage_adjust', 'kvm_s2_resolve_vma_size', 'kvm_send_hwpoison_signal', 'handle_access_fault', 'kvm_handle_guest_sea'],
  fault: {
    entry: 'kvm_handle_guest_abort',
    decisions: ['user_mem_abort', 'gmem_abort', 'pkvm_mem_abort'],
    install: { kvm_pgtable_stage2_map: 4, kvm_pgtable_stage2_relax_perms: 2, pkvm_pgtable_stage2_map: 4 },
    sanitise: ['sanitise_mte_tags'],
    attr: [
      ['KVM_PGTABLE_PROT_DEVICE', 'DEVICE'],
      ['KVM_PGTABLE_PROT_NORMAL_NC', 'NORMAL_NC'],
    ],
    exec: ['KVM_PGTABLE_PROT_X', 'KVM_PGTABLE_PROT_RWX', 'KVM_PGTABLE_PROT_PX', 'KVM_PGTABLE_PROT_UX'],
    errors: { '-EFAULT': 'EFAULT', '-EINVAL': 'EINVAL', '-ENOEXEC': 'ENOEXEC' },
  },
  memslot: {
    entry: 'kvm_arch_prepare_memory_region',
    decisions: [],
    ok: [0],
    errors: { '-EINVAL': 'EINVAL' },
  },
  against(release, features) {
    if (release) {
      const [maj, min] = release.split('.').map(Number);
      const here = `${maj}.${min}`;
      if (releaseOrder(here) < releaseOrder('6.17')) return { id: 'baseline', why: `Linux ${release} is before the series (merged in 6.17)` };
      // The newest mainline version of this release or before it.
      const m = MAINLINE.filter((v) => releaseOrder(v.id) <= releaseOrder(here)).at(-1);
      if (!m) return { id: 'v10', why: `Linux ${release} has the merged series (6.17)` };
      const slice = "on the series' 17 fields (the profile pins the newer paths off)";
      if (m.id === here) return { id: m.id, why: `Linux ${release}: its release's mainline version, ${slice}` };
      if (m.aliases?.includes(here)) return { id: m.id, why: `Linux ${release} decides as ${m.id} (${here} is its alias), ${slice}` };
      return { id: m.id, why: `Linux ${release}: ${m.id} is the newest mainline version written, ${slice}` };
    }
    // Unknown release of the mainline era: every mainline version decides
    // alike on the series' 17 fields (test/cfront/derive.test.ts holds them
    // to it), so the newest stands for them all.
    const newest = MAINLINE.at(-1)!;
    if (features.splitFault || features.gmemAbort) {
      const seen = features.splitFault ? 'the split kvm_s2_fault_* helpers (7.1)' : 'gmem_abort() (6.18)';
      return { id: newest.id, why: `release unknown; ${seen}: mainline, where every version written decides alike on the series' 17 fields: compared with the newest, ${newest.id}` };
    }
    if (features.vmaCacheable) return { id: 'v10', why: 'release unknown; kvm_vma_is_cacheable() is 6.17 or later' };
    return { id: 'baseline', why: 'release unknown; no kvm_vma_is_cacheable(): before the series' };
  },
};
