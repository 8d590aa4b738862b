// Where the kernel takes each decision (VersionMeta.kernel): a mainline
// version names the function of every fault rule and nothing else; the
// series keeps user_mem_abort() and kvm_arch_prepare_memory_region().

import { describe, expect, it } from 'vitest';
import { KVM_ARM64_STAGE2 as bundle } from '../../model/index.ts';
import { VERSIONS } from '../../model/versions/index.ts';

describe('kernel sites', () => {
  it('a version that says where its fault starts names the function of every fault rule, and only those', () => {
    const said = VERSIONS.filter((v) => v.meta.kernel);
    expect(said.map((v) => v.meta.id)).toEqual(['6.18', '6.19', '7.0', '7.1', '7.2']);
    for (const v of said) {
      const keys = Object.keys(v.meta.kernel!.sites ?? {}).sort();
      expect(keys, v.meta.id).toEqual(v.faultRules.map((r) => `fault/${r}`).sort());
    }
  });

  it('the series is all user_mem_abort(); mainline dispatches', () => {
    expect(bundle.kernelSite('v10', 'fault')).toBe('user_mem_abort() in arch/arm64/kvm/mmu.c');
    expect(bundle.kernelSite('v10', 'fault', 'map-normal')).toBe('user_mem_abort()');
    expect(bundle.kernelSite('v10', 'memslot', 'accept')).toBe('kvm_arch_prepare_memory_region()');
    expect(bundle.kernelSite('7.2', 'fault')).toBe('kvm_handle_guest_abort() in arch/arm64/kvm/mmu.c');
    expect(bundle.kernelSite('7.2', 'fault', 'pkvm-map')).toBe('pkvm_mem_abort()');
    expect(bundle.kernelSite('7.2', 'fault', 'cacheable-nonmap-unsupported')).toBe('kvm_s2_fault_pin_pfn()');
    expect(bundle.kernelSite('7.0', 'fault', 'excl-atomic-inject')).toBe('user_mem_abort()');
    expect(bundle.kernelSite('6.18', 'fault', 'unsupported-fsc')).toBe('kvm_handle_guest_abort()');
    expect(bundle.kernelSite('7.2', 'memslot', 'gmem-mte')).toBe('kvm_arch_prepare_memory_region()');
  });
});
