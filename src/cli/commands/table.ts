// s2check table: the decision on every feasible state.

import type { ModelBundle } from '../../bundle.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../common.ts';
import { format, noPositionals, parse, resolveProfile, resolveVersion } from '../common.ts';

export function cmdTable(bundle: ModelBundle, args: string[], io: Io): number {
  const { values, positionals } = parse(args, {
    version: { type: 'string' },
    profile: { type: 'string' },
    format: { type: 'string' },
    'all-states': { type: 'boolean' },
  });
  noPositionals('table', positionals);
  if (typeof values.version !== 'string') throw new UsageError('table needs --version ID');
  const fmt = format(values.format, ['text', 'jsonl', 'csv']);
  const version = resolveVersion(bundle, values.version);
  const profile = resolveProfile(bundle, (values.profile as string) ?? bundle.defaultProfile);
  const all = values['all-states'] === true;
  const { space } = bundle.system;
  const feasible = bundle.checker.feasibility(version.id, profile.ids);
  const table = bundle.checker.tables.get(version.id);
  const fields = space.fields.map((f) => f.name);
  const lines: string[] = [];
  if (fmt === 'csv') lines.push(['index', ...fields, 'fault.outcome', 'fault.attr', 'fault.executable', 'fault.sanitiseTags', 'request.outcome', 'request.attr', 'request.exec', 'request.sanitiseTags', 'memslot.outcome', 'rule', 'memslotRule'].join(','));
  let count = 0;
  const flush = () => {
    if (lines.length) io.out(lines.join('\n') + '\n');
    lines.length = 0;
  };
  for (let i = 0; i < space.size; i++) {
    if (!all && !feasible(i)) continue;
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
      lines.push(`${i} ${outcome} | memslot ${row.memslot?.outcome ?? '-'} | ${row.rule ?? '-'} | ${st}`);
    }
    if (lines.length >= 4096) flush();
  }
  flush();
  if (fmt === 'text') io.out(`${count} ${all ? 'states' : `feasible states (profile ${profile.name})`} of ${space.size}\n`);
  return 0;
}
