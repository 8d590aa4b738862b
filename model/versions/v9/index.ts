// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v9: RuleVersion = {
  meta: {
    id: 'v9',
    title: 'v9: MIXEDMAP treated like PFNMAP',
    date: '2025-06-21',
    source: '20250621042111.3992-1..7 (ankita@nvidia.com)',
    layer: 'nc',
    summary: '5/6 treats MIXEDMAP like PFNMAP on the non-linear-mapped path, including the COW test; both \'cannot degrade\' EINVAL checks become unreachable (Jason Gunthorpe said so, Ankit agreed).',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
