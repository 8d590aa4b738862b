// The KVM/arm64 stage-2 model as the command line sees it.

import type { ModelBundle } from '../src/compare/bundle.ts';
import { Checker } from '../src/enumerate/check.ts';
import type { DecisionTable } from '../src/enumerate/table.ts';
import { TableCache } from '../src/enumerate/table.ts';
import { ASSUMPTIONS, PROFILE_DOCS, PROFILES } from './assumptions.ts';
import { PAGE_TABLE_LAYERS } from './outcomes.ts';
import { PRESETS } from './presets.ts';
import { PREDICATES, VOCABULARY } from './vocabulary.ts';
import { makeSystem } from './system.ts';
import { decisionRow, OUTCOMES, outcomeLineOf, withRuleFiles } from './regression.ts';
import { fileURLToPath } from 'node:url';
import { VERSIONS } from './versions/index.ts';

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
  proofsDir: fileURLToPath(new URL('../proofs', import.meta.url)),
  loadFrom: { module: import.meta.url, name: 'KVM_ARM64_STAGE2' },
  withRuleFiles(files: readonly string[]) {
    return withRuleFiles(this, VERSIONS, files);
  },
  outcomeLine(versionId: string, index: number): string {
    return outcomeLineOf(this.row(versionId, index, checker.tables.get(versionId)));
  },
  describeDecision(versionId: string, index: number) {
    const version = VERSIONS.find((v) => v.meta.id === versionId)!;
    const table = checker.tables.get(versionId);
    const at = table.at(index);
    if (at.failure !== undefined) return [['FAILURE', at.failure]] as const;
    const x = checker.values(versionId, index);
    const rule = version.faultRules[at.rules[0]];
    const memslotRule = version.memslotRules[at.rules[1]];
    const lines: Array<readonly [string, string]> = [];
    const requested = x['request.outcome'] === 'request';
    const mapped = x['fault.outcome'] === 'map';
    lines.push([
      'request',
      requested
        ? `${x['request.attr']}, ${x['request.exec'] ? 'exec' : 'no exec'}, ${x['request.sanitiseTags'] ? 'sanitise tags' : 'no tag sanitising'} (user_mem_abort, rule ${rule})`
        : `error ${x['request.outcome']} (user_mem_abort, rule ${rule})`,
    ]);
    const layer = `stage2_set_prot_attr ${version.meta.layer === 'pre-nc' ? 'before' : 'after'} the Normal-NC series`;
    lines.push([
      'page table',
      !requested
        ? 'not reached'
        : x['fault.perm']
          ? 'permission fault: the relax path passes the request through'
          : mapped
            ? `passes the request through (${layer})`
            : `refuses it with ${x['fault.outcome']}: ${PAGE_TABLE_LAYERS[version.meta.layer]}`,
    ]);
    const meaning: Record<string, string> = {
      ENOEXEC: 'the guest gets an instruction abort',
      EFAULT: 'KVM_RUN fails in the VMM',
      EINVAL: 'KVM_RUN fails in the VMM',
    };
    lines.push([
      'outcome',
      mapped
        ? `map ${x['fault.attr']}${x['fault.executable'] ? ' exec' : ''}${x['fault.sanitiseTags'] ? ' tags' : ''}`
        : `${x['fault.outcome']}: ${meaning[String(x['fault.outcome'])]}`,
    ]);
    lines.push([
      'cmo.dcache',
      x['cmo.dcache'] ? 'yes: Normal without FWB, D-cache cleaned to PoC through the linear-map alias' : 'no',
    ]);
    lines.push([
      'cmo.icache',
      x['cmo.icache'] ? 'yes: executable without DIC, I-cache invalidated to PoU through the linear-map alias' : 'no',
    ]);
    lines.push(['memslot', `${x['memslot.outcome']} (kvm_arch_prepare_memory_region, rule ${memslotRule})`]);
    return lines;
  },
  vocabulary: VOCABULARY,
  predicates: PREDICATES,
  presetDocs: Object.fromEntries(PRESETS.map((p) => [p.name, p.doc])),
  row(versionId: string, index: number, table: DecisionTable) {
    return decisionRow(VERSIONS.find((v) => v.meta.id === versionId)!, checker, index, table);
  },
};
