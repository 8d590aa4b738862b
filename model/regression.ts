// The model's side of the regression gate: what an outcome is and how a
// change of outcome is classified (s2check diff), and the bundle extended
// with user rule files (check --rules, diff A FILE).

import type { ModelBundle, OutcomeModel, VersionInfo } from '../src/compare/bundle.ts';
import { VARIES } from '../src/compare/bundle.ts';
import type { Checker } from '../src/enumerate/check.ts';
import type { Value } from '../src/space/space.ts';
import type { DecisionTable } from '../src/enumerate/table.ts';
import { UsageError } from '../src/parse/errors.ts';
import { loadRuleFile } from './rule-file.ts';
import type { RuleVersion } from './version.ts';
import { shownAlias } from './version.ts';

/** Attributes from least to most cacheable. */
const CACHEABILITY = ['DEVICE', 'NORMAL_NC', 'NORMAL'];

type Outcome = Readonly<Record<string, Value>>;

/** The guest can use the state: the memslot is accepted and the fault is mapped. */
const usable = (o: Outcome) => o['memslot.outcome'] === 'ok' && o['fault.outcome'] === 'map';

export const OUTCOMES: OutcomeModel = {
  observe: ['fault.outcome', 'fault.attr', 'fault.executable', 'fault.sanitiseTags', 'memslot.outcome'],
  describe(o) {
    const flag = (name: string, word: string) => (o[name] === VARIES ? ` some ${word}` : o[name] === true ? ` ${word}` : '');
    const fault =
      o['fault.outcome'] === VARIES
        ? 'varies'
        : o['fault.outcome'] === 'map'
          ? `map ${o['fault.attr'] === VARIES ? 'varies' : o['fault.attr']}${flag('fault.executable', 'exec')}${flag('fault.sanitiseTags', 'tags')}`
          : String(o['fault.outcome']);
    return `${fault}; memslot ${o['memslot.outcome'] === VARIES ? 'varies' : o['memslot.outcome']}`;
  },
  groupBy(cls) {
    // Exec and tags matter only to the classes about them.
    if (cls === 'exec-changed') return ['fault.outcome', 'fault.attr', 'fault.executable', 'memslot.outcome'];
    if (cls === 'tags-changed') return ['fault.outcome', 'fault.attr', 'fault.executable', 'fault.sanitiseTags', 'memslot.outcome'];
    return ['fault.outcome', 'fault.attr', 'memslot.outcome'];
  },
  classes: [
    {
      id: 'newly-refused',
      doc: 'usable before (memslot ok and the fault mapped), refused after (a fault error or memslot EINVAL)',
    },
    { id: 'newly-allowed', doc: 'refused before, usable after' },
    {
      id: 'error-changed',
      doc: 'refused before and after, but differently: another fault error, or the refusal moved between the memslot check and the fault',
    },
    {
      id: 'less-cacheable',
      doc: 'mapped before and after (same memslot outcome) with a less cacheable attribute after (NORMAL > NORMAL_NC > DEVICE)',
    },
    { id: 'more-cacheable', doc: 'mapped before and after (same memslot outcome) with a more cacheable attribute after' },
    { id: 'exec-changed', doc: 'mapped with the same attribute before and after; execute permission differs' },
    { id: 'tags-changed', doc: 'mapped with the same attribute and execute permission; MTE tag sanitising differs' },
  ],
  functionalClasses: ['newly-refused', 'newly-allowed', 'error-changed'],
  refused: (o) => !usable(o),
  classify(a, b) {
    if (usable(a) && !usable(b)) return 'newly-refused';
    if (!usable(a) && usable(b)) return 'newly-allowed';
    if (a['fault.outcome'] === 'map' && b['fault.outcome'] === 'map' && a['memslot.outcome'] === b['memslot.outcome']) {
      const ra = CACHEABILITY.indexOf(String(a['fault.attr']));
      const rb = CACHEABILITY.indexOf(String(b['fault.attr']));
      if (rb < ra) return 'less-cacheable';
      if (rb > ra) return 'more-cacheable';
      if (a['fault.executable'] !== b['fault.executable']) return 'exec-changed';
      return 'tags-changed';
    }
    return 'error-changed';
  },
};

/** A version as the command line sees it. */
export function versionInfo(v: RuleVersion, file?: string): VersionInfo {
  const { delta: _delta, ...meta } = v.meta;
  const alias = shownAlias(v.meta);
  return {
    ...meta,
    ...(alias === undefined ? {} : { alias }),
    expected: v.expected,
    expectedByProfile: v.expectedByProfile,
    ...(file === undefined ? {} : { file }),
  };
}

/**
 * `base` plus the versions of the given rule files. The shipped versions
 * stay (the baseline is every regression property's reference frame).
 * Rule files are series-style versions (no new field), so they live in
 * the legacy domain.
 */
export async function withRuleFiles(
  base: ModelBundle,
  baseVersions: readonly RuleVersion[],
  files: readonly string[],
): Promise<{ bundle: ModelBundle; ids: string[] }> {
  const all = [...baseVersions];
  const infos = [...base.versions];
  const ids: string[] = [];
  const properties = base.system.properties.map((p) => p.id);
  for (const file of files) {
    const taken = new Set(all.flatMap((v) => [v.meta.id, ...(v.meta.aliases ?? [])]));
    const { version } = await loadRuleFile(file, taken, properties);
    all.push(version);
    infos.push(versionInfo(version, file));
    ids.push(version.meta.id);
  }
  if (!all.some((v) => v.meta.id === 'baseline')) throw new UsageError('the baseline version is missing');
  const { makeFamily } = await import('./family.ts');
  const bundle = makeFamily(all, { name: base.name, proofsDir: base.proofsDir, loadFrom: base.loadFrom, infos });
  return { bundle, ids };
}

/** One table row (the `table --format jsonl` schema). */
export function decisionRow(version: RuleVersion, checker: Checker, index: number, table: DecisionTable): Record<string, unknown> {
  const { space } = checker.system;
  const state = space.record(index);
  // With the FEAT_XNX outputs, execute permission per EL as well.
  const xn = checker.system.outputs.length > 5;
  // One state's outcome, without the table's per-state arrays.
  const at = table.at(index);
  if (at.failure !== undefined) return { state, failure: at.failure };
  const x = checker.values(version.meta.id, index);
  const fault =
    x['fault.outcome'] === 'map'
      ? {
          outcome: 'map',
          attr: x['fault.attr'],
          exec: x['fault.executable'],
          sanitiseTags: x['fault.sanitiseTags'],
          ...(xn ? { ux: x['fault.ux'], px: x['fault.px'], icache: x['cmo.icache'] } : {}),
        }
      : { outcome: x['fault.outcome'] };
  const request =
    x['request.outcome'] === 'request'
      ? { attr: x['request.attr'], exec: x['request.exec'], sanitiseTags: x['request.sanitiseTags'], ...(xn ? { ux: x['request.ux'], px: x['request.px'] } : {}) }
      : null;
  return {
    state,
    fault,
    request,
    memslot: { outcome: x['memslot.outcome'] },
    rule: version.faultRules[at.rules[0]],
    memslotRule: version.memslotRules[at.rules[1]],
  };
}

/**
 * A row in one line: "fault map NORMAL exec by map-normal; memslot ok", a
 * memslot refusal with its rule ("memslot EINVAL by pfnmap-logging"; memslotRule
 * 'always': an accepting one's too, 'never': neither).
 */
export function outcomeLineOf(r: Record<string, unknown>, options: { readonly memslotRule?: 'always' | 'never' } = {}): string {
  const row = r as {
    fault?: { outcome: string; attr?: string; exec?: boolean; sanitiseTags?: boolean; ux?: boolean; px?: boolean };
    request?: { attr: string; exec: boolean } | null;
    memslot?: { outcome: string };
    rule?: string;
    memslotRule?: string;
    failure?: string;
  };
  if (row.failure) return `FAILURE: ${row.failure}`;
  const f = row.fault!;
  // Executable at one EL only (FEAT_XNX): exec-el0 (UX) or exec-el1 (PX).
  const exec = !f.exec ? '' : f.ux === false ? ' exec-el1' : f.px === false ? ' exec-el0' : ' exec';
  const fault = f.outcome === 'map' ? `map ${f.attr}${exec}${f.sanitiseTags ? ' tags' : ''}` : f.outcome;
  const layer = row.request && f.outcome !== 'map' ? ` (requested ${row.request.attr}${row.request.exec ? ' exec' : ''})` : '';
  const memslot = row.memslot!.outcome;
  const rule = options.memslotRule === 'always' || (options.memslotRule !== 'never' && memslot !== 'ok');
  return `fault ${fault}${layer} by ${row.rule}; memslot ${memslot}${rule ? ` by ${row.memslotRule}` : ''}`;
}

