// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v8: RuleVersion = {
  meta: {
    id: 'v8',
    title: 'v8: gate on PFNMAP|MIXEDMAP, s2_force_noncacheable',
    date: '2025-06-20',
    source: '20250620120946.2991-1..7 (ankita@nvidia.com)',
    layer: 'nc',
    summary: 'kvm_is_device_pfn is dropped and the pfn test is gated on VM_PFNMAP|VM_MIXEDMAP, (commit "Assume non-PFNMAP/MIXEDMAP VMAs can be mapped cacheable"). SUPPORTED is checked early with EFAULT; COW only on the PFNMAP non-linear-mapped path; 3/6 refuses a cacheable forced-NC mapping, which a cacheable MIXEDMAP reaches, hence Jason asking MIXEDMAP to follow PFNMAP.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
