// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v2: RuleVersion = {
  meta: {
    id: 'v2',
    title: 'v2: allow cacheable stage 2 mapping using VMA flags',
    date: '2024-11-18',
    source: '20241118131958.4609-2-ankita@nvidia.com (base next-20241117)',
    layer: 'nc',
    summary: 'Posted a year after v1 (who asked for each change is not recorded in versions.md): kvm_is_device_pfn goes, a noncacheable flag (VM_IO, MTE without VM_MTE_ALLOWED, no struct page) blocks exec faults and MTE, and the attribute is chosen from NORMAL_TYPE(memType) alone; the commit message states the seed rules (no cacheable without struct page unless FWB, no cacheable under VM_IO, exec allowed on Normal cacheable).',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
