// The KVM/arm64 stage-2 model as the command line sees it.

import type { ModelBundle } from '../src/bundle.ts';
import { Checker } from '../src/check.ts';
import type { DecisionTable } from '../src/table.ts';
import { TableCache } from '../src/table.ts';
import { ASSUMPTIONS, PROFILE_DOCS, PROFILES } from './assumptions.ts';
import { SPACE } from './state.ts';
import { makeSystem } from './system.ts';
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
  outcomeLine(versionId: string, index: number): string {
    const row = this.row(versionId, index, checker.tables.get(versionId)) as {
      fault?: { outcome: string; attr?: string; exec?: boolean; sanitiseTags?: boolean };
      request?: { attr: string; exec: boolean } | null;
      memslot?: { outcome: string };
      rule?: string;
      failure?: string;
    };
    if (row.failure) return `FAILURE: ${row.failure}`;
    const f = row.fault!;
    const fault = f.outcome === 'map' ? `map ${f.attr}${f.exec ? ' exec' : ''}${f.sanitiseTags ? ' tags' : ''}` : f.outcome;
    const layer = row.request && f.outcome !== 'map' ? ` (requested ${row.request.attr}${row.request.exec ? ' exec' : ''})` : '';
    return `fault ${fault}${layer} by ${row.rule}; memslot ${row.memslot!.outcome}`;
  },
  row(versionId: string, index: number, table: DecisionTable) {
    const version = VERSIONS.find((v) => v.meta.id === versionId)!;
    const state = SPACE.record(index);
    const failure = table.failures.get(index);
    if (failure !== undefined) return { state, failure };
    const x = checker.values(versionId, index);
    const fault =
      x['fault.outcome'] === 'map'
        ? { outcome: 'map', attr: x['fault.attr'], exec: x['fault.executable'], sanitiseTags: x['fault.sanitiseTags'] }
        : { outcome: x['fault.outcome'] };
    const request =
      x['request.outcome'] === 'request'
        ? { attr: x['request.attr'], exec: x['request.exec'], sanitiseTags: x['request.sanitiseTags'] }
        : null;
    return {
      state,
      fault,
      request,
      memslot: { outcome: x['memslot.outcome'] },
      rule: version.faultRules[table.rules[index * table.decisions]],
      memslotRule: version.memslotRules[table.rules[index * table.decisions + 1]],
    };
  },
};
