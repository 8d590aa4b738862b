// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v6: RuleVersion = {
  meta: {
    id: 'v6',
    title: 'v6 (= v5): cacheable types beyond MT_NORMAL',
    date: '2025-05-24',
    source: '20250524013943.2832-1..6 (ankita@nvidia.com); v5 20250523154445.3779-1..6 is the same',
    layer: 'nc',
    summary: 'The cacheable test widens from MT_NORMAL to every type that is not Device/NC (!mapping_type_noncacheable: NORMAL, NORMAL_TAGGED, OTHER), and the FWB&&DIC test becomes kvm_arch_supports_cacheable_pfnmap(); the memslot flag stays. v5 differs only by a generic __weak stub. Who asked is not recorded in versions.md.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
