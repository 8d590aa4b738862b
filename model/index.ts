// The KVM/arm64 stage-2 model as the command line sees it.

import type { ModelBundle } from '../src/compare/bundle.ts';
import { Checker } from '../src/enumerate/check.ts';
import type { DecisionTable } from '../src/enumerate/table.ts';
import { TableCache } from '../src/enumerate/table.ts';
import { ASSUMPTIONS, PROFILE_DOCS, PROFILES } from './assumptions.ts';
import { describeDecisionOf } from './describe.ts';
import { PRESETS } from './presets.ts';
import { PREDICATES, VOCABULARY } from './vocabulary.ts';
import { makeSystem } from './system.ts';
import { decisionRow, OUTCOMES, outcomeLineOf, withRuleFiles } from './regression.ts';
import path from 'node:path';
import { VERSIONS } from './versions/index.ts';
import { TREE_ROOT } from './tree.ts';

const system = makeSystem();
const checker = new Checker(system, new TableCache(system));

export const KVM_ARM64_STAGE2: ModelBundle = {
  name: 'KVM/arm64 stage-2 memory attributes',
  system,
  checker,
  versions: VERSIONS.map((v) => ({ ...v.meta, expected: v.expected })),
  assumptions: ASSUMPTIONS,
  profiles: PROFILES,
  profileDocs: PROFILE_DOCS,
  defaultProfile: 'default',
  outcomes: OUTCOMES,
  kernelFunctions: {
    fault: 'user_mem_abort() in arch/arm64/kvm/mmu.c',
    memslot: 'kvm_arch_prepare_memory_region() in arch/arm64/kvm/mmu.c',
  },
  proofsDir: path.join(TREE_ROOT, 'proofs'),
  loadFrom: { module: import.meta.url, name: 'KVM_ARM64_STAGE2' },
  withRuleFiles(files: readonly string[]) {
    return withRuleFiles(this, VERSIONS, files);
  },
  outcomeLine(versionId: string, index: number): string {
    return outcomeLineOf(this.row(versionId, index, checker.tables.get(versionId)));
  },
  describeDecision(versionId: string, index: number) {
    return describeDecisionOf(VERSIONS.find((v) => v.meta.id === versionId)!, checker, index);
  },
  vocabulary: VOCABULARY,
  predicates: PREDICATES,
  presetDocs: Object.fromEntries(PRESETS.map((p) => [p.name, p.doc])),
  row(versionId: string, index: number, table: DecisionTable) {
    return decisionRow(VERSIONS.find((v) => v.meta.id === versionId)!, checker, index, table);
  },
};
