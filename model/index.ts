// The KVM/arm64 stage-2 model as the command line sees it (model/family.ts:
// one bundle per version domain; this is the root, over the series' space).

import type { ModelBundle } from '../src/compare/bundle.ts';
import path from 'node:path';
import { makeFamily } from './family.ts';
import { versionInfo } from './regression.ts';
import { VERSIONS } from './versions/index.ts';
import { TREE_ROOT } from './tree.ts';

export const KVM_ARM64_STAGE2: ModelBundle = makeFamily(VERSIONS, {
  name: 'KVM/arm64 stage-2 memory attributes',
  proofsDir: path.join(TREE_ROOT, 'proofs'),
  loadFrom: { module: import.meta.url, name: 'KVM_ARM64_STAGE2' },
  infos: VERSIONS.map((v) => versionInfo(v)),
});
