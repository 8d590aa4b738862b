// One state's decision as labelled lines for `explain`, for any version
// (shipped, from a rule file, or derived from a kernel tree).

import type { Checker } from '../src/enumerate/check.ts';
import { PAGE_TABLE_LAYERS } from './outcomes.ts';
import type { RuleVersion } from './version.ts';

export function describeDecisionOf(version: RuleVersion, checker: Checker, index: number): ReadonlyArray<readonly [string, string]> {
    const table = checker.tables.get(version.meta.id);
    const at = table.at(index);
    if (at.failure !== undefined) return [['FAILURE', at.failure]] as const;
    const x = checker.values(version.meta.id, index);
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
  }
