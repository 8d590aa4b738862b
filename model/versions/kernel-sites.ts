// Where mainline takes the fault decision, rule by rule, as each release's
// arch/arm64/kvm/mmu.c has it (VersionMeta.kernel): `explain` and
// `coverage` name the function that holds a rule's check. The series'
// versions need none: every check is in user_mem_abort() there.
//
// From 6.18, kvm_handle_guest_abort() filters the fault status code,
// forwards a nested permission fault the guest's stage 2 explains
// (kvm_s2_handle_perm_fault()), and dispatches to gmem_abort() for a
// guest_memfd slot or to user_mem_abort(). 7.1 adds pkvm_mem_abort() for
// protected VMs, first, and splits user_mem_abort()'s checks into
// kvm_s2_fault_*() helpers (7.2.13: the -EFAULT of an unsupported
// cacheable PFNMAP in kvm_s2_fault_pin_pfn(); -ENOEXEC, the exclusive or
// atomic injection, the attributes and the MTE check in
// kvm_s2_fault_compute_prot()).

type Sites = { readonly entry: Readonly<Record<string, string>>; readonly sites: Readonly<Record<string, string>> };

const ENTRY = { fault: 'kvm_handle_guest_abort() in arch/arm64/kvm/mmu.c' };

/** Every fault rule's function: those named, and user_mem_abort() for the others. */
function sites(faultRules: readonly string[], named: Readonly<Record<string, string>>): Sites {
  return { entry: ENTRY, sites: Object.fromEntries(faultRules.map((r) => [`fault/${r}`, named[r] ?? 'user_mem_abort()'])) };
}

/** From 6.18 on: the nested forward and the guest_memfd path, outside user_mem_abort(). */
const BESIDE_USER_MEM_ABORT = {
  'nested-forward-exec': 'kvm_s2_handle_perm_fault()',
  'gmem-map': 'gmem_abort()',
};

/** 6.18 to 7.0: the dispatch, the nested forward, gmem_abort(), and user_mem_abort() whole. */
export function dispatchSites(faultRules: readonly string[]): Sites {
  return sites(faultRules, { 'unsupported-fsc': 'kvm_handle_guest_abort()', ...BESIDE_USER_MEM_ABORT });
}

/** 7.1 on: protected VMs first, and user_mem_abort() split into helpers. */
export function reworkSites(faultRules: readonly string[]): Sites {
  const prot = 'kvm_s2_fault_compute_prot()';
  return sites(faultRules, {
    ...BESIDE_USER_MEM_ABORT,
    'pkvm-gup-refuses-vma': 'pkvm_mem_abort()',
    'pkvm-pin-failed': 'pkvm_mem_abort()',
    'pkvm-page-cache': 'pkvm_mem_abort()',
    'pkvm-map': 'pkvm_mem_abort()',
    'cacheable-nonmap-unsupported': 'kvm_s2_fault_pin_pfn()',
    'exec-on-force-nc': prot,
    'excl-atomic-inject': prot,
    'mte-not-allowed': prot,
    'map-device-any-uncached': prot,
    'map-device': prot,
    'map-normal': prot,
  });
}
