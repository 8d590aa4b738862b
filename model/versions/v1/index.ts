// Metadata and expected verdicts of this version. Its two encodings, written
// independently, are rules.ts (ts-pattern) and z3.ts (Z3 constraints).

import type { RuleVersion } from '../../version.ts';
import { expected } from './expected.ts';
import { fault, faultRules, memslot, memslotRules } from './rules.ts';
import { z3Rules } from './z3.ts';

export const v1: RuleVersion = {
  meta: {
    id: 'v1',
    title: 'v1 patch 1/2: determine memory type from VMA',
    date: '2023-09-07',
    source: '20230907181459.18145-2-ankita@nvidia.com (base next-20230906)',
    layer: 'pre-nc',
    summary: 'Ankit Agrawal (NVIDIA) proposes taking the stage-2 attribute from the VMA memory type, for Grace-Hopper GPU memory: Device/NC types become DEVICE, everything else NORMAL with the eager DIC exec decided before the pfn is known. The pfn test still drives ENOEXEC and MTE, so the two can disagree. A new !FWB && no-struct-page check refuses with EINVAL. Base tree predates the Normal-NC series.',
  },
  faultRules,
  memslotRules,
  fault,
  memslot,
  z3: z3Rules,
  expected,
};
