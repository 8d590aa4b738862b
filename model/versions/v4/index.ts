// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v4: RuleVersion = {
  meta: {
    id: 'v4',
    title: 'v4: memslot flag KVM_MEM_ENABLE_CACHEABLE_PFNMAP',
    date: '2025-05-18',
    source: '20250518054754.5345-1..6 (ankita@nvidia.com)',
    layer: 'nc',
    summary: 'Whole 5-patch series: the fault check also requires DIC, and the memslot check refuses a PFNMAP MT_NORMAL VMA unless the VMM sets the new KVM_MEM_ENABLE_CACHEABLE_PFNMAP flag and the host has FWB and DIC; the flag is never read at fault time. Who asked is not recorded in versions.md.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
