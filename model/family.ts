// The model as the command line sees it: one ModelBundle per version domain
// (model/system.ts), all sharing the catalogues. The legacy bundle (the
// series' seventeen fields) is the root; `at(version)` gives the bundle of a
// version's domain and `common(a, b)` the bundle of the smaller of two
// domains, where both versions are compared.

import type { ModelBundle, VersionInfo } from '../src/compare/bundle.ts';
import { Checker } from '../src/enumerate/check.ts';
import type { DecisionTable } from '../src/enumerate/table.ts';
import { TableCache } from '../src/enumerate/table.ts';
import { ASSUMPTIONS, PROFILE_DOCS, PROFILES } from './assumptions.ts';
import { describeDecisionOf, KERNEL_FUNCTIONS, kernelSiteOf } from './describe.ts';
import { PRESETS } from './presets.ts';
import { PREDICATES, VOCABULARY } from './vocabulary.ts';
import { domainKey, domainOf, makeSystem } from './system.ts';
import { decisionRow, OUTCOMES, outcomeLineOf, withRuleFiles } from './regression.ts';
import { NEW_FIELDS } from './state.ts';
import type { RuleVersion } from './version.ts';

export interface FamilyOptions {
  readonly name: string;
  readonly proofsDir: string;
  readonly loadFrom?: ModelBundle['loadFrom'];
  readonly infos: readonly VersionInfo[];
}

/** The root bundle of a family over these versions. */
export function makeFamily(versions: readonly RuleVersion[], options: FamilyOptions): ModelBundle {
  const bundles = new Map<string, ModelBundle>();
  const find = (id: string): RuleVersion => {
    const v = versions.find((x) => x.meta.id === id) ?? versions.find((x) => (x.meta.aliases ?? []).includes(id));
    if (!v) throw new Error(`unknown version ${id}`);
    return v;
  };
  const of = (key: string): ModelBundle => {
    let b = bundles.get(key);
    if (!b) bundles.set(key, (b = domainBundle(key)));
    return b;
  };
  const domainBundle = (key: string): ModelBundle => {
    const system = makeSystem(versions, key === '' ? [] : key.split(','));
    // A version read here whose own domain is another (a frame's previous
    // release, a comparison) reads the same fields in both spaces but for
    // the new fields this one pins at their neutral digit 0: its tree is
    // the one explored in its own domain, its fields moved (not run again).
    const donor = (versionId: string) => {
      const home = domainKey(domainOf(find(versionId)));
      if (home === key || home === '' || key === '') return undefined;
      const from = of(home).system.space;
      const fieldAt = Int32Array.from(from.fields, (f) => (system.space.has(f.name) ? system.space.indexOfField(f.name) : -1));
      return { tree: of(home).checker.tables.get(versionId).tree!, fieldAt };
    };
    const checker = new Checker(system, new TableCache(system, donor));
    const row = (versionId: string, index: number, table: DecisionTable) => decisionRow(find(versionId), checker, index, table);
    const shown = new Set(system.presets.map((p) => p.name));
    const bundle: ModelBundle = {
      name: options.name,
      system,
      checker,
      versions: options.infos,
      assumptions: ASSUMPTIONS,
      profiles: PROFILES,
      profileDocs: PROFILE_DOCS,
      defaultProfile: 'default',
      outcomes: OUTCOMES,
      kernelFunctions: KERNEL_FUNCTIONS,
      kernelSite(versionId: string, decision: string, rule?: string): string {
        return kernelSiteOf(find(versionId), decision, rule);
      },
      proofsDir: options.proofsDir,
      loadFrom: options.loadFrom,
      domain: key,
      at: (versionId: string) => of(domainKey(domainOf(find(versionId)))),
      common: (a: string, b: string) => {
        const da = domainOf(find(a));
        const db = domainOf(find(b));
        return of(domainKey(da.filter((f) => db.includes(f))));
      },
      withRuleFiles(files: readonly string[]) {
        return withRuleFiles(root, versions, files);
      },
      outcomeLine(versionId: string, index: number, options?: { readonly memslotRule?: 'always' | 'never' }): string {
        const id = find(versionId).meta.id;
        return outcomeLineOf(row(id, index, checker.tables.get(id)), options);
      },
      describeDecision(versionId: string, index: number) {
        return describeDecisionOf(find(versionId), checker, index);
      },
      vocabulary: VOCABULARY,
      predicates: PREDICATES,
      presetDocs: Object.fromEntries(PRESETS.filter((p) => shown.has(p.name)).map((p) => [p.name, p.doc])),
      row,
    };
    return bundle;
  };
  const root = of('');
  return root;
}


/** Every domain key of these versions (legacy first), for tests and docs. */
export function domainKeys(versions: readonly RuleVersion[]): string[] {
  return [...new Set(['', ...versions.map((v) => domainKey(domainOf(v)))])];
}

export { NEW_FIELDS };
