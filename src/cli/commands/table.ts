// s2check table: the decision on every feasible state, optionally only
// where a condition holds (--where), or compressed into readable
// conditions per outcome (--group).

import type { ModelBundle } from '../../compare/bundle.ts';
import { bundleAt } from '../../compare/bundle.ts';
import { compileOnStates } from '../../enumerate/evaluate.ts';
import type { Conditions } from '../../compare/group.ts';
import { conditions, conditionTokens, pathCubes } from '../../compare/group.ts';
import { padLeft, wrap } from '../../report/format.ts';
import { valueOf } from '../../space/space.ts';
import { UsageError } from '../../parse/errors.ts';
import type { Io } from '../common.ts';
import { format, noPositionals, parse, resolveProfile, resolveOne } from '../common.ts';
import type { Node } from '../../count/mdd.ts';
import { COUNT_LEGEND, conditionLines, conditionText, orderGroups, outcomeLabels, parseCondition, summary } from '../select.ts';

export async function cmdTable(base: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    'all-states': { type: 'boolean' },
    where: { type: 'string' },
    group: { type: 'boolean' },
  });
  noPositionals('table', positionals);
  if (typeof values.version !== 'string') throw new UsageError('table needs --version ID|FILE');
  const fmt = format(values.format, ['text', 'jsonl', 'csv', 'markdown']);
  const one = await resolveOne(base, values.version);
  const version = one.version;
  const bundle = bundleAt(one.bundle, version.id);
  const profile = resolveProfile(bundle, (values.profile as string) ?? bundle.defaultProfile);
  const all = values['all-states'] === true;
  const { space } = bundle.system;
  const where = typeof values.where === 'string' ? parseCondition(bundle, values.where) : undefined;
  const test = where && compileOnStates(bundle.system, bundle.checker.tables, version.id, where);
  const scope = all ? 'states' : `feasible states (profile ${profile.name})`;
  if (values.group === true) {
    // The same states as a set: the profile's (or all of them), where the condition holds on no failing frame.
    const sets = bundle.checker.stateSets;
    const counting = where ? sets.selected(version.id, all ? [] : profile.ids, where) : sets.feasible(version.id, profile.ids);
    return groupTable(bundle, version.id, fmt, counting, io, { scope, where: where && conditionText(values.where as string), all });
  }
  const table = bundle.checker.tables.get(version.id);
  const fields = space.fields.map((f) => f.name);
  const lines: string[] = [];
  if (fmt === 'csv') lines.push(['index', ...fields, 'fault.outcome', 'fault.attr', 'fault.executable', 'fault.sanitiseTags', 'request.outcome', 'request.attr', 'request.exec', 'request.sanitiseTags', 'memslot.outcome', 'rule', 'memslotRule'].join(','));
  let count = 0;
  const flush = () => {
    if (lines.length) io.out(lines.join('\n') + '\n');
    lines.length = 0;
  };

  const each = (i: number) => {
    // The loop below visits the profile's feasible states (or every state): only --where is left to test.
    if (test && test(i) !== true) return;
    count++;
    const row = bundle.row(version.id, i, table) as {
      state: Record<string, unknown>;
      fault?: Record<string, unknown>;
      request?: Record<string, unknown> | null;
      memslot?: Record<string, unknown>;
      rule?: string;
      memslotRule?: string;
      failure?: string;
    };
    if (fmt === 'jsonl') lines.push(JSON.stringify(row));
    else if (fmt === 'csv') {
      const f = row.fault ?? {};
      const r = row.request ?? {};
      lines.push(
        [i, ...fields.map((n) => row.state[n]), f.outcome ?? 'failure', f.attr ?? '', f.exec ?? '', f.sanitiseTags ?? '',
          row.request ? 'request' : (row.fault?.outcome ?? ''), r.attr ?? '', r.exec ?? '', r.sanitiseTags ?? '',
          row.memslot?.outcome ?? '', row.rule ?? '', row.memslotRule ?? ''].join(','),
      );
    } else {
      const f = row.fault;
      const outcome = row.failure
        ? `FAILURE ${row.failure}`
        : f!.outcome === 'map'
          ? `map ${f!.attr}${f!.exec ? ' exec' : ''}${f!.sanitiseTags ? ' tags' : ''}`
          : String(f!.outcome);
      const st = fields.flatMap((n) => (row.state[n] === true ? [n] : typeof row.state[n] === 'string' ? [`${n}=${row.state[n]}`] : [])).join(' ');
      // Within 75 columns: a row wraps, its continuation lines indented.
      if (fmt === 'markdown') lines.push(...wrap(`- ${i}: ${outcome}; memslot ${row.memslot?.outcome ?? '-'}; rule ${row.rule ?? '-'}; \`${st || 'true'}\``, '  ', ''));
      else lines.push(...wrap(`${i} ${outcome} | memslot ${row.memslot?.outcome ?? '-'} | ${row.rule ?? '-'} | ${st}`, '      ', ''));
    }
  };
  // Feasible states only: found by conditional enumeration (a mainline
  // domain has hundreds of millions of states, a few million feasible).
  let feasibleStates: number[] | undefined;
  if (!all) {
    feasibleStates = [];
    bundle.checker.forEachFeasible(version.id, profile.ids, (i) => void feasibleStates!.push(i));
  }
  // Rows go out a chunk at a time, each after the reader has taken the
  // last: millions of rows in a pipe would otherwise wait in memory.
  const n = feasibleStates ? feasibleStates.length : space.size;
  for (let start = 0; start < n; start += 4096) {
    const end = Math.min(n, start + 4096);
    for (let j = start; j < end; j++) each(feasibleStates ? feasibleStates[j] : j);
    flush();
    await io.drain?.();
  }
  // The CSV header of a table with no rows.
  flush();
  if (fmt === 'text' || fmt === 'markdown') {
    const tail = where ? `${count} ${scope} of ${space.size} satisfy the condition` : `${count} ${scope} of ${space.size}`;
    io.out(`${fmt === 'markdown' ? '\n' : ''}${tail}\n`);
  }
  return 0;
}

/** --group: the selected states compressed into conditions per outcome. */
function groupTable(
  bundle: ModelBundle,
  versionId: string,
  fmt: string,
  counting: Node,
  io: Io,
  info: { scope: string; where?: string; all: boolean },
): number {
  const { space } = bundle.system;
  const { labelling, names, counted } = outcomeLabels(bundle, versionId, counting);
  const groups: Conditions[] = orderGroups(conditions(space, labelling, { start: pathCubes(space, bundle.checker.tables.get(versionId)) }), names);
  const out: string[] = [];
  const tail = `${counted} ${info.scope}${info.where ? ' satisfy the condition' : ''}, ${groups.length} outcome${groups.length === 1 ? '' : 's'}`;
  const tokens = (c: Conditions['cubes'][number]) => conditionTokens(space, c.condition).join(' ') || 'true';
  if (fmt === 'text') {
    out.push(...wrap(`table ${versionId}${info.where ? ` --where ${info.where}` : ''}`, '    ', ''));
    out.push(`  per outcome: its states, then the conditions under which it happens`);
    out.push(`  (read them among the ${info.where ? 'selected' : info.all ? 'listed' : 'feasible'} states only)`);
    for (const g of groups) {
      out.push(...wrap(names[g.label], ' '.repeat(9), `  ${padLeft(String(g.states), 6)} `));
      out.push(...conditionLines(bundle, g, { indent: '        ' }));
    }
    out.push(COUNT_LEGEND);
    out.push(summary(tail, `${counted} states, ${groups.length} outcomes`));
  } else if (fmt === 'markdown') {
    // Lists, not tables: a list item wraps within 75 columns, a table row cannot.
    for (const g of groups) {
      out.push(...wrap(`- ${names[g.label]}: ${g.states} states`, '  ', ''));
      for (const c of g.cubes) out.push(...wrap(`- ${c.states}: \`${tokens(c)}\``, '      ', '    '));
    }
    out.push('', tail);
  } else if (fmt === 'csv') {
    out.push('outcome,states,when');
    for (const g of groups) for (const c of g.cubes) out.push(`"${names[g.label]}",${c.states},${tokens(c)}`);
  } else {
    for (const g of groups) {
      const when = g.cubes.map((c) => ({
        states: c.states,
        when: Object.fromEntries(
          space.fields.flatMap((f, k) => {
            const v = c.condition[k];
            if (!v) return [];
            return [[f.name, v.length === 1 ? valueOf(f, v[0]) : v.map((d) => valueOf(f, d))]];
          }),
        ),
      }));
      out.push(JSON.stringify({ outcome: names[g.label], states: g.states, conditions: when }));
    }
  }
  io.out(out.join('\n') + '\n');
  return 0;
}
