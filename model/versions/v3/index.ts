// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v3: RuleVersion = {
  meta: {
    id: 'v3',
    title: 'v3: cacheable_devmem',
    date: '2025-03-10',
    source: '20250310103008.3471-2 (ankita@nvidia.com)',
    layer: 'nc',
    summary: 'Back to the pfn-based device test, with an exception: a PFNMAP VMA of exactly MT_NORMAL is cacheable_devmem and mapped Normal, refused with EINVAL without FWB; COW PFNMAPs are refused early (leaking mmap_read_lock). Who asked is not recorded in versions.md.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
