// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v7: RuleVersion = {
  meta: {
    id: 'v7',
    title: 'v7: drop the memslot flag, disable_cmo',
    date: '2025-06-18',
    source: '20250618065541.50049-1..6 (ankita@nvidia.com)',
    layer: 'nc',
    summary: 'The memslot flag is dropped (Sean Christopherson had quoted the in-tree NC layer in his v6 review; who asked for the drop is not recorded in versions.md). device becomes disable_cmo = !mapMemory && !cacheable for every VMA kind; COW is still checked for every PFNMAP; the final cacheable && !SUPPORTED EINVAL is outside any PFNMAP branch, so it refuses ordinary RAM on hosts without FWB/DIC (raised by Catalin Marinas). One 2/5 check stays and is dead.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
