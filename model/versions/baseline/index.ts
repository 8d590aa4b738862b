// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const baseline: RuleVersion = {
  meta: {
    id: 'baseline',
    aliases: ['6.12'],
    title: 'Linux 6.12 arch/arm64/kvm/mmu.c, before the series',
    date: '2024-11-17',
    source: 'Linux 6.12 arch/arm64/kvm/mmu.c (read from an Android GKI 6.12 tree; identity with upstream in these lines UNCONFIRMED)',
    layer: 'nc',
    summary: 'The starting point. The attribute comes from the pfn alone: a pfn outside the linear map (kvm_is_device_pfn) is mapped DEVICE, or NORMAL_NC when the VFIO driver set VM_ALLOW_ANY_UNCACHED, and an exec fault on it gets ENOEXEC; everything else is Normal-WB with the eager CACHE_DIC exec. The VMA memory type, VM_PFNMAP, VM_MIXEDMAP, VM_IO and COW do not enter the attribute decision.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
