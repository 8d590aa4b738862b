// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v10: RuleVersion = {
  meta: {
    id: 'v10',
    aliases: ['merged', '6.17'],
    title: 'v10 = merged in Linux 6.17',
    date: '2025-07-05',
    source: '20250705071717.5062-1..7; merged as 8cc9dc1ae4fb 216887f79d98 2a8dfab26677 0c67288e0c8b f55ce5a6cd33 (merge c535d132a30f, tag kvmarm-6.17)',
    layer: 'nc',
    summary: 'The COW test is dropped and the dead EINVALs go; Oliver Upton renames the helper to kvm_supports_cacheable_pfnmap() (arm64 only). A PFNMAP/MIXEDMAP pfn outside the linear map follows the VMA type: cacheable needs FWB and DIC (else EFAULT), otherwise Device/NC with ENOEXEC on exec.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
