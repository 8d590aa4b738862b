// s2check versions / properties / assumptions: the catalogues.

import type { ModelBundle } from '../../compare/bundle.ts';
import { show, tidy } from '../../space/expr.ts';
import { pad, wrap } from '../../report/format.ts';
import type { Io } from '../common.ts';
import { noPositionals, parse } from '../common.ts';

export function cmdVersions(bundle: ModelBundle, args: string[], io: Io): number {
  noPositionals('versions', parse(args, {}).positionals);
  const out: string[] = [];
  for (const v of bundle.versions) {
    out.push(...wrap(v.title, ' '.repeat(26), `${pad(v.id + (v.alias ? ` (${v.alias})` : ''), 14)} ${v.date} `));
    out.push(...wrap(`source: ${v.source}`, ' '.repeat(34), ' '.repeat(26)));
  }
  out.push(...wrap('source: the posting (Message-ID, on lore.kernel.org/r/<Message-ID>) or the commits the version was read from', '  ', ''));
  out.push(`${bundle.versions.length} versions`);
  io.out(out.join('\n') + '\n');
  return 0;
}

export function cmdProperties(bundle: ModelBundle, args: string[], io: Io): number {
  noPositionals('properties', parse(args, {}).positionals);
  const out: string[] = [];
  for (const p of bundle.system.properties) {
    out.push(`${pad(p.id, 48)} ${p.category}`);
    out.push(...wrap(p.statement, '    '));
    if (p.kind === 'formula') out.push(...wrap(`formula: ${show(tidy(p.premise))} -> ${show(tidy(p.conclusion), 3)}`, '      ', '    '));
  }
  out.push(`${bundle.system.properties.length} properties`);
  io.out(out.join('\n') + '\n');
  return 0;
}

export function cmdAssumptions(bundle: ModelBundle, args: string[], io: Io): number {
  noPositionals('assumptions', parse(args, {}).positionals);
  const out: string[] = [];
  for (const a of bundle.assumptions) {
    const f = bundle.system.assumptions.find((x) => x.id === a.id)!;
    out.push(`${pad(a.id, 28)} ${a.kind}${a.unconfirmed ? ' UNCONFIRMED' : ''}${a.versionRelative ? ' version-relative' : ''}`);
    out.push(...wrap(show(tidy(f.formula)), '    '));
    out.push(...wrap(a.reason, '    '));
  }
  out.push('profiles:');
  for (const [name, ids] of Object.entries(bundle.profiles)) {
    out.push(...wrap(`${name}: ${bundle.profileDocs[name] ?? ''} (${ids.length} assumptions)`, '    ', '  '));
  }
  out.push(`${bundle.assumptions.length} assumptions, ${Object.keys(bundle.profiles).length} profiles`);
  io.out(out.join('\n') + '\n');
  return 0;
}
