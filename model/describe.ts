// One state's decision as labelled lines for `explain`, for any version
// (shipped, from a rule file, or derived from a kernel tree).

import type { Checker } from '../src/enumerate/check.ts';
import { PAGE_TABLE_LAYERS } from './outcomes.ts';
import type { RuleVersion } from './version.ts';

/** Where the series takes each decision (a version may say otherwise: VersionMeta.kernel). */
export const KERNEL_FUNCTIONS: Readonly<Record<string, string>> = {
  fault: 'user_mem_abort() in arch/arm64/kvm/mmu.c',
  memslot: 'kvm_arch_prepare_memory_region() in arch/arm64/kvm/mmu.c',
};

/** Where a version takes a decision, or, given a rule, the function that holds the rule's check. */
export function kernelSiteOf(version: RuleVersion, decision: string, rule?: string): string {
  const entry = version.meta.kernel?.entry?.[decision] ?? KERNEL_FUNCTIONS[decision] ?? 'the kernel';
  if (rule === undefined) return entry;
  return version.meta.kernel?.sites?.[`${decision}/${rule}`] ?? entry.replace(/ in \S+$/, '');
}

/** Outcomes that are not errors (mainline): the request line names them as such. */
const NOT_AN_ERROR: Record<string, string> = { INJECT_DABT: 'no request:', FORWARD_S2: 'no request:' };

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
  // FEAT_XNX (mainline): execute permission at one EL only.
  const partial = x['request.ux'] !== x['request.px'];
  const execWord = !x['request.exec'] ? 'no exec' : partial ? (x['request.ux'] ? 'exec at EL0 only (UX)' : 'exec at EL1 only (PX)') : 'exec';
  // Where the rule's check is ("user_mem_abort", as the series' lines say).
  const site = kernelSiteOf(version, 'fault', rule).replace(/\(\)$/, '');
  lines.push([
    'request',
    requested
      ? `${x['request.attr']}, ${execWord}, ${x['request.sanitiseTags'] ? 'sanitise tags' : 'no tag sanitising'} (${site}, rule ${rule})`
      : `${NOT_AN_ERROR[String(x['request.outcome'])] ?? 'error'} ${x['request.outcome']} (${site}, rule ${rule})`,
  ]);
  const layerName = version.meta.layer;
  const layer =
    layerName === 'pre-nc' || layerName === 'nc'
      ? `stage2_set_prot_attr ${layerName === 'pre-nc' ? 'before' : 'after'} the Normal-NC series`
      : `stage2_set_prot_attr with FEAT_XNX${layerName === 'xnx-icache-both' ? ' (6.19/7.0 I-cache test)' : ''}`;
  lines.push([
    'page table',
    !requested
      ? 'not reached'
      : x['fault.perm']
        ? 'permission fault: the relax path passes the request through'
        : mapped
          ? `passes the request through (${layer})`
          : `refuses it with ${x['fault.outcome']}: ${PAGE_TABLE_LAYERS[layerName]}`,
  ]);
  const meaning: Record<string, string> = {
    ENOEXEC: 'the guest gets an instruction abort',
    EFAULT: 'KVM_RUN fails in the VMM',
    EINVAL: 'KVM_RUN fails in the VMM',
    EIO: 'KVM_RUN fails in the VMM',
    INJECT_DABT: 'a data abort (FSC 0x35) is injected into the guest',
    FORWARD_S2: 'a stage-2 permission fault is injected into the guest hypervisor',
  };
  const mapExec = !x['fault.executable'] ? '' : partial ? (x['request.ux'] ? ' exec-el0' : ' exec-el1') : ' exec';
  lines.push([
    'outcome',
    mapped ? `map ${x['fault.attr']}${mapExec}${x['fault.sanitiseTags'] ? ' tags' : ''}` : `${x['fault.outcome']}: ${meaning[String(x['fault.outcome'])]}`,
  ]);
  lines.push(['cmo.dcache', x['cmo.dcache'] ? 'yes: Normal without FWB, D-cache cleaned to PoC through the linear-map alias' : 'no']);
  lines.push([
    'cmo.icache',
    x['cmo.icache']
      ? 'yes: executable without DIC, I-cache invalidated to PoU through the linear-map alias'
      : mapped && x['fault.executable'] && !x['cpu.dic']
        ? 'NO: executable without DIC, but stage2_pte_executable() misses an entry executable at one EL only'
        : 'no',
  ]);
  lines.push(['memslot', `${x['memslot.outcome']} (kvm_arch_prepare_memory_region, rule ${memslotRule})`]);
  return lines;
}
