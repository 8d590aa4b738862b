// s2check explain: the decision on one state, step by step; or, for a
// partial state, how the outcome depends on the fields left free.

import type { ModelBundle } from '../../compare/bundle.ts';
import { bundleAt } from '../../compare/bundle.ts';
import { FREE } from '../../space/cubes.ts';
import { conditions, pathCubes } from '../../compare/group.ts';
import type { ParsedState } from '../../parse/state.ts';
import { cubeTokens } from '../../parse/state.ts';
import type { Node } from '../../count/mdd.ts';
import { pad, padLeft, wrap } from '../../report/format.ts';
import { token } from '../../space/tokens.ts';
import { valueOf } from '../../space/space.ts';
import { traceRules } from '../../solver/why.ts';
import { z3 } from '../../solver/z3.ts';
import { UsageError } from '../../parse/errors.ts';
import type { Io } from '../common.ts';
import { format, parse, resolveProfile, resolveVersions } from '../common.ts';
import { COUNT_LEGEND, conditionLines, cubeStates, kernelSites, orderGroups, outcomeLabels, parseStateWords, stateTokens, summary } from '../select.ts';

/** Conditions shown per outcome of a partial state. */
const MAX_CONDITIONS = 6;

export async function cmdExplain(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
  });
  if (typeof values.version !== 'string') throw new UsageError("explain needs --version ID|FILE (or --version all) and a state, e.g. 'anon-ram !pfn.mapMemory'");
  format(values.format, ['text']);
  const profile = resolveProfile(base, (values.profile as string) ?? base.defaultProfile);
  const all = values.version === 'all';
  const resolved = all ? { bundle: base, versions: [] } : await resolveVersions(base, [values.version]);
  let bundle = resolved.bundle;
  const versions = all ? bundle.versions : resolved.versions;
  // One version: its own space (mainline fields); all: the series' space, where every version is defined.
  if (!all) bundle = bundleAt(bundle, versions[0].id);
  const state = parseStateWords(bundle, positionals);
  const described = describeGiven(bundle, state);
  const out: string[] = [];
  if (all) {
    out.push(...wrap(`explain all versions (profile ${profile.name}): ${described}`, '  ', ''));
    const lines = new Set<string>();
    let depends = 0;
    for (const v of versions) {
      const line = state.index !== undefined ? completeLine(bundle, v.id, state.index, profile.ids) : partialLine(bundle, v.id, state, profile.ids);
      lines.add(line.text);
      if (line.depends) depends++;
      out.push(...wrap(line.text, ' '.repeat(13), `  ${pad(v.id, 9)}  `));
    }
    if (depends) {
      out.push('  (explain --version ID with the same state shows the conditions)');
      out.push(summary(`summary: the outcome depends on the free fields in ${depends} of ${versions.length} versions`));
    } else {
      const n = `${lines.size} distinct outcome${lines.size === 1 ? '' : 's'} over ${versions.length} versions`;
      out.push(summary(`summary: ${described}: ${n}`, `summary: ${n}`));
    }
  } else if (state.index !== undefined) {
    const lines = await explainComplete(bundle, versions[0].id, state, profile);
    out.push(...lines);
    // A rule trace that contradicts the table is a bug in one of the encodings.
    if (lines.some((l) => l.includes('ENCODINGS DISAGREE'))) {
      io.out(out.join('\n') + '\n');
      return 1;
    }
  } else {
    out.push(...explainPartial(bundle, versions[0].id, state, profile));
  }
  io.out(out.join('\n') + '\n');
  return 0;
}

function describeGiven(bundle: ModelBundle, state: ParsedState): string {
  const { space } = bundle.system;
  const sets = space.fields.flatMap((f, k) => (state.sets?.[k] ? [`${f.name}=${state.sets[k]!.map((d) => (f as { values: readonly string[] }).values[d]).join('|')}`] : []));
  if (!state.preset) return [...cubeTokens(space, state.cube), ...sets].join(' ') || 'true';
  const d = space.digits(bundle.system.presets.find((p) => p.name === state.preset)!.index);
  const differs = space.fields.flatMap((f, k) => (state.cube[k] !== d[k] && !state.sets?.[k] ? [token(f.name, valueOf(f, state.cube[k]))] : []));
  return [state.preset, ...differs, ...sets].join(' ');
}

/** The outcome line of one complete state, marked when it is infeasible. */
function completeLine(bundle: ModelBundle, versionId: string, index: number, profile: readonly string[]): { text: string; depends: boolean } {
  const feasible = bundle.checker.feasibility(versionId, profile)(index);
  return { text: `${bundle.outcomeLine(versionId, index)}${feasible ? '' : ' (infeasible)'}`, depends: false };
}

/** Feasible under the profile and within the state's cube and value sets (f=A|B), as a set. */
function countedStates(bundle: ModelBundle, versionId: string, state: ParsedState, profile: readonly string[]): Node {
  const sets = bundle.checker.stateSets;
  return sets.mdd.and(sets.feasible(versionId, profile), cubeStates(bundle, state.cube, state.sets));
}

function partialLine(bundle: ModelBundle, versionId: string, state: ParsedState, profile: readonly string[]): { text: string; depends: boolean } {
  const { names, counted } = outcomeLabels(bundle, versionId, countedStates(bundle, versionId, state, profile));
  if (counted === 0) return { text: 'no feasible completion', depends: false };
  if (names.length === 1) return { text: names[0], depends: false };
  return { text: `${names.length} outcomes over ${counted} feasible completions`, depends: true };
}

async function explainComplete(bundle: ModelBundle, versionId: string, state: ParsedState, profile: { name: string; ids: readonly string[] }): Promise<string[]> {
  const { space } = bundle.system;
  const index = state.index!;
  const version = bundle.versions.find((v) => v.id === versionId)!;
  const out: string[] = [];
  const item = (label: string, text: string) => out.push(...wrap(text, ' '.repeat(15), `  ${pad(label, 12)} `));
  const described = describeGiven(bundle, state);
  out.push(...wrap(`explain ${versionId}${version.alias ? ` (${version.alias})` : ''}: ${described}`, '  ', ''));
  item('source', version.source);
  if (state.preset && bundle.presetDocs[state.preset]) item('preset', `${state.preset}: ${bundle.presetDocs[state.preset]}`);
  const rec = space.record(index);
  item('state', space.fields.map((f) => token(f.name, rec[f.name])).join(' '));
  const closest = stateTokens(bundle, index);
  if (closest !== described) item('', `(closest preset: ${closest})`);
  const failing = bundle.system.assumptions.filter((a) => profile.ids.includes(a.id) && bundle.checker.evaluateAt(versionId, a.formula, index) === false).map((a) => a.id);
  item('index', `state ${index}; ${failing.length ? `INFEASIBLE under profile ${profile.name}: violates ${failing.join(' ')}` : `feasible under profile ${profile.name}`}`);
  for (const [label, text] of bundle.describeDecision(versionId, index)) item(label, text);

  // The rule trace: which rule decided comes from the ts-pattern table;
  // why the earlier ones did not fire comes from the Z3 guards (why.ts).
  const table = bundle.checker.tables.get(versionId);
  // One state's outcome (table.at): the flat per-state arrays would cover the whole space.
  const at = table.at(index);
  if (at.failure === undefined) {
    const deciding = Array.from(at.rules);
    const traces = await traceRules(bundle.system, await z3(), versionId, index, deciding);
    const width = Math.min(32, Math.max(...traces.flatMap((t) => t.steps.map((s) => s.rule.length))));
    out.push('rules in order, the first whose guard holds decides (why: the fields');
    out.push('that settle each guard, from the Z3 encoding):');
    for (const t of traces) {
      const sites = kernelSites(bundle, versionId, t.decision);
      out.push(...wrap(`${t.decision}: ${sites.entry}`, '      ', '  '));
      for (const s of t.steps) {
        const site = sites.changesTo(s.rule);
        if (site) out.push(`   in ${site}:`);
        const why = s.disagrees
          ? `ENCODINGS DISAGREE: the Z3 guard is ${s.role === 'decides' ? 'false' : 'true'} here`
          : s.role === 'after'
            ? 'not reached'
            : s.because!.length
              ? s.because!.map(([f, d]) => token(f, valueOf(space.field(f), d))).join(' ')
              : '(always)';
        const mark = s.role === 'decides' ? 'YES' : s.role === 'after' ? '-' : 'no';
        out.push(...wrap(why, ' '.repeat(width + 11), `    ${pad(mark, 4)} ${pad(s.rule, width)}  `));
      }
    }
  }

  // Properties whose premise holds on this state, with their verdict here.
  const props = bundle.system.properties.flatMap((p) => {
    if (p.kind !== 'formula') return [];
    const premise = bundle.checker.evaluateAt(versionId, p.premise, index);
    if (premise !== true) return [];
    const holds = bundle.checker.evaluateAt(versionId, p.conclusion, index);
    return [{ id: p.id, verdict: holds === undefined ? 'n/a' : holds ? 'holds' : 'VIOLATED' }];
  });
  out.push(`properties whose premise holds here (${props.length}):`);
  for (const p of props) out.push(`  ${pad(p.verdict, 9)} ${p.id}`);
  const violated = props.filter((p) => p.verdict === 'VIOLATED').length;
  const line = bundle.outcomeLine(versionId, index);
  // Without the memslot's rule when the line is too long for the summary.
  const short = bundle.outcomeLine(versionId, index, { memslotRule: 'never' });
  const v = `${violated} violated`;
  out.push(summary(`summary: ${versionId}: ${line}; ${v}`, `summary: ${versionId}: ${short}; ${v}`, `summary: ${versionId}: ${short}`, `summary: ${versionId} state ${index}: ${v}`));
  return out;
}

function explainPartial(bundle: ModelBundle, versionId: string, state: ParsedState, profile: { name: string; ids: readonly string[] }): string[] {
  const { space } = bundle.system;
  const version = bundle.versions.find((v) => v.id === versionId)!;
  const out: string[] = [];
  const item = (label: string, text: string) => out.push(...wrap(text, ' '.repeat(15), `  ${pad(label, 12)} `));
  const described = describeGiven(bundle, state);
  out.push(...wrap(`explain ${versionId}${version.alias ? ` (${version.alias})` : ''}: ${described}`, '  ', ''));
  const free = state.cube.filter((d) => d === FREE).length;
  let completions = 1;
  space.fields.forEach((f, k) => state.cube[k] === FREE && (completions *= state.sets?.[k]?.length ?? (f.type === 'bool' ? 2 : f.values.length)));
  item('source', version.source);
  item('given', `${space.fields.length - free} fields; ${free} free: ${space.fields.filter((_, k) => state.cube[k] === FREE).map((f) => f.name).join(' ')}`);
  const { labelling, names, counted: n } = outcomeLabels(bundle, versionId, countedStates(bundle, versionId, state, profile.ids));
  item('completions', `${completions} states, ${n} feasible under profile ${profile.name}`);
  if (n === 0) {
    out.push(`summary: ${versionId}: no feasible completion under profile ${profile.name}`);
    return out;
  }
  if (names.length === 1) {
    item('outcome', `the same on every feasible completion: ${names[0]}`);
    out.push(summary(`summary: ${versionId}: one outcome over ${n} feasible completions`));
    return out;
  }
  item('outcome', `depends on the free fields: ${names.length} outcomes; for each, its number of states and the conditions on the free fields under which it happens:`);
  const groups = orderGroups(conditions(space, labelling, { within: state.cube, start: pathCubes(space, bundle.checker.tables.get(versionId)) }), names);
  for (const g of groups) {
    out.push(...wrap(names[g.label], ' '.repeat(9), `  ${padLeft(String(g.states), 6)} `));
    out.push(...conditionLines(bundle, g, { indent: '        ', except: state.cube, max: MAX_CONDITIONS }));
  }
  out.push(COUNT_LEGEND);
  out.push(summary(`summary: ${versionId}: ${names.length} outcomes over ${n} feasible completions`));
  return out;
}
