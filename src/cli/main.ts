// s2check command line. Exit codes: 0 every verdict as expected, 1 an
// unexpected verdict, 2 usage or input error, 3 inconclusive (nothing failed).

import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import type { ModelBundle, VersionInfo } from '../bundle.ts';
import { findVersionInfo } from '../bundle.ts';
import { checkJson, checkText, exitCode, versionReport } from '../report/check-report.ts';
import { Prover } from '../solver/prover.ts';
import { z3 } from '../solver/z3.ts';
import { verify } from '../verify.ts';
import { describeState, pad, wrap } from '../report/format.ts';
import { show } from '../expr.ts';
import { UsageError, unknown } from './errors.ts';

const USAGE = `usage: s2check <command> [options]

commands:
  check [--version ID ...] [--profile NAME] [--format text|json]
        [--no-prove] [--timeout MS]
        check every version (or the given ones) against every property,
        by enumeration and by Z3 proof
  prove --version ID --property ID [--profile NAME] [--timeout MS]
        one proof in detail: verdict, assumptions, counterexample
  table --version ID [--profile NAME] [--format text|jsonl|csv] [--all-states]
        the decision on every feasible state (or every state)
  versions      the rule versions
  properties    the property catalogue
  assumptions   the assumption catalogue and profiles

A profile is a name (hard, default, end-to-end) or a comma-separated list
of assumption ids. Exit codes: 0 as expected, 1 unexpected verdict,
2 usage or input error, 3 inconclusive.
`;

interface Io {
  out(text: string): void;
}

type Options = Record<string, string | boolean | string[] | undefined>;

function parse(args: string[], options: ParseArgsConfig['options']): { values: Options; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Options, positionals };
  } catch (e) {
    // node's messages name the bad option; keep the first line only.
    throw new UsageError(String((e as Error).message).split('\n')[0].replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length) throw new UsageError(`${command} takes no argument '${positionals[0]}'`);
}

export function resolveVersion(bundle: ModelBundle, id: string): VersionInfo {
  const v = findVersionInfo(bundle, id);
  if (!v) throw unknown('version', id, bundle.versions.flatMap((x) => (x.alias ? [x.id, x.alias] : [x.id])));
  return v;
}

/** A profile name, or a comma-separated list of assumption ids. */
export function resolveProfile(bundle: ModelBundle, spec: string): { name: string; ids: readonly string[] } {
  if (bundle.profiles[spec]) return { name: spec, ids: bundle.profiles[spec] };
  const ids = spec.split(',').map((s) => s.trim());
  const known = bundle.assumptions.map((a) => a.id);
  if (ids.length === 1 && !known.includes(ids[0])) throw unknown('profile', spec, [...Object.keys(bundle.profiles), ...known]);
  for (const id of ids) if (!known.includes(id)) throw unknown('assumption', id, known);
  return { name: [...new Set(ids)].join(','), ids: [...new Set(ids)] };
}

function format(value: unknown, allowed: readonly string[]): string {
  const f = typeof value === 'string' ? value : allowed[0];
  if (!allowed.includes(f)) throw unknown('format', f, allowed);
  return f;
}

async function cmdCheck(bundle: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string', multiple: true },
    profile: { type: 'string' },
    format: { type: 'string' },
    'no-prove': { type: 'boolean' },
    timeout: { type: 'string' },
  });
  noPositionals('check', positionals);
  const fmt = format(values.format, ['text', 'json']);
  const profile = resolveProfile(bundle, (values.profile as string) ?? bundle.defaultProfile);
  const requested = (values.version as string[] | undefined) ?? bundle.versions.map((v) => v.id);
  const versions = [...new Map(requested.map((id) => resolveVersion(bundle, id)).map((v) => [v.id, v])).values()];
  const timeoutMs = parseTimeout(values.timeout);
  const prover = values['no-prove'] ? undefined : new Prover(bundle.system, bundle.checker, await z3(), { timeoutMs });
  const reports = [];
  for (const v of versions) reports.push(versionReport(bundle, v, profile.name, await verify(bundle.system, bundle.checker, prover, v.id, profile.ids)));
  io.out(fmt === 'json' ? checkJson(reports) : checkText(bundle, reports));
  return exitCode(reports);
}

/** --timeout MS: per solver call. */
function parseTimeout(value: unknown): number {
  if (value === undefined) return 10_000;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < 1) throw new UsageError(`--timeout takes a whole number of milliseconds, not '${String(value)}'`);
  return n;
}

async function cmdProve(bundle: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string' },
    property: { type: 'string' },
    profile: { type: 'string' },
    timeout: { type: 'string' },
  });
  noPositionals('prove', positionals);
  if (typeof values.version !== 'string') throw new UsageError('prove needs --version ID');
  if (typeof values.property !== 'string') throw new UsageError('prove needs --property ID');
  const version = resolveVersion(bundle, values.version);
  const property = bundle.system.properties.find((p) => p.id === values.property);
  if (!property) throw unknown('property', values.property, bundle.system.properties.map((p) => p.id));
  const profile = resolveProfile(bundle, (values.profile as string) ?? bundle.defaultProfile);
  const timeoutMs = parseTimeout(values.timeout);
  const prover = new Prover(bundle.system, bundle.checker, await z3(), { timeoutMs });
  const verified = await verify(bundle.system, bundle.checker, prover, version.id, profile.ids, [property]);
  const report = versionReport(bundle, version, profile.name, verified);
  const line = report.properties[0];
  const proof = verified.proofs!.get(property.id)!;
  const { space } = bundle.system;
  const hard = new Set(bundle.assumptions.filter((a) => a.kind === 'hard').map((a) => a.id));
  const out: string[] = [];
  const item = (label: string, text: string) => out.push(...wrap(text, ' '.repeat(16), `  ${pad(label, 13)} `));
  out.push(...wrap(`prove ${version.id} ${property.id} (profile ${profile.name}, ${report.feasibleStates} feasible states)`, '  ', ''));
  item('statement', property.statement);
  if (property.kind === 'formula') item('formula', `${show(property.premise)} -> ${show(property.conclusion, 3)}`);
  const over = property.kind === 'encodings-agree' ? ` over all ${report.feasibleStates} feasible states` : '';
  item('z3', `${proof.verdict} in ${proof.ms} ms${over}`);
  const enumVerdict = verified.enumeration.properties[0].verdict;
  const enumLine =
    property.kind === 'formula'
      ? `${enumVerdict}: ${line.violatingStates} violating of ${line.premiseStates} states meeting the premise`
      : property.kind === 'encodings-agree'
        ? 'n/a (the Z3 side is the prover\'s)'
        : enumVerdict;
  item('enumeration', enumLine);
  const describe = (index: number) => {
    const c = bundle.checker.counterexample(index);
    return `state ${index}: ${describeState(space, index, c.preset, c.differs)}`;
  };
  if (proof.assumptionsUsed) {
    item(proof.verdict === 'vacuous' ? 'vacuous given' : 'needs', proof.assumptionsUsed.length ? '' : '(no assumption)');
    if (proof.assumptionsUsed.length) out.pop();
    for (const id of proof.assumptionsUsed) {
      const a = bundle.assumptions.find((x) => x.id === id)!;
      item(proof.assumptionsUsed[0] === id ? (proof.verdict === 'vacuous' ? 'vacuous given' : 'needs') : '', `${id} (${a.kind}): ${a.reason}`);
    }
  }
  if (proof.verdict === 'proved' && proof.holdsUnderHard !== undefined) {
    item('hard only', proof.holdsUnderHard ? 'still proved' : 'not proved');
    if (proof.hardCounterexample !== undefined) {
      item('without soft', describe(proof.hardCounterexample));
      item('', bundle.outcomeLine(version.id, proof.hardCounterexample));
    }
  }
  if (proof.counterexample !== undefined) {
    item('counterexample', describe(proof.counterexample));
    item('outcome', bundle.outcomeLine(version.id, proof.counterexample));
  }
  if (proof.deadRules?.length) for (const d of proof.deadRules) item('dead', `${d.rule}${d.assumptions.length ? ` given ${d.assumptions.join(' ')}` : ' under any assumptions'}`);
  if (proof.disagreement) item('disagreement', proof.disagreement);
  if (proof.reason) item('reason', proof.reason);
  if (line.conflict) item('CONFLICT', line.conflict);
  const soft = (proof.assumptionsUsed ?? []).filter((id) => !hard.has(id)).length;
  out.push(`summary: ${version.id} ${property.id} ${proof.verdict}${proof.verdict === 'proved' && property.kind === 'formula' ? ` (needs ${soft} soft assumption${soft === 1 ? '' : 's'})` : ''}${line.conflict ? ', CONFLICT with the enumeration' : ''}`);
  io.out(out.join('\n') + '\n');
  return line.conflict ? 1 : proof.verdict === 'inconclusive' ? 3 : 0;
}

function cmdTable(bundle: ModelBundle, args: string[], io: Io): number {
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

function cmdVersions(bundle: ModelBundle, args: string[], io: Io): number {
  noPositionals('versions', parse(args, {}).positionals);
  const out: string[] = [];
  for (const v of bundle.versions) {
    out.push(...wrap(v.title, ' '.repeat(26), `${pad(v.id + (v.alias ? ` (${v.alias})` : ''), 14)} ${v.date} `));
  }
  out.push(`${bundle.versions.length} versions`);
  io.out(out.join('\n') + '\n');
  return 0;
}

function cmdProperties(bundle: ModelBundle, args: string[], io: Io): number {
  noPositionals('properties', parse(args, {}).positionals);
  const out: string[] = [];
  for (const p of bundle.system.properties) {
    out.push(`${pad(p.id, 48)} ${p.category}`);
    out.push(...wrap(p.statement, '    '));
    if (p.kind === 'formula') out.push(...wrap(`formula: ${show(p.premise)} -> ${show(p.conclusion, 3)}`, '      ', '    '));
  }
  out.push(`${bundle.system.properties.length} properties`);
  io.out(out.join('\n') + '\n');
  return 0;
}

function cmdAssumptions(bundle: ModelBundle, args: string[], io: Io): number {
  noPositionals('assumptions', parse(args, {}).positionals);
  const out: string[] = [];
  for (const a of bundle.assumptions) {
    const f = bundle.system.assumptions.find((x) => x.id === a.id)!;
    out.push(`${pad(a.id, 28)} ${a.kind}${a.unconfirmed ? ' UNCONFIRMED' : ''}${a.versionRelative ? ' version-relative' : ''}`);
    out.push(...wrap(show(f.formula), '    '));
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

const COMMANDS: Record<string, (bundle: ModelBundle, args: string[], io: Io) => number | Promise<number>> = {
  check: cmdCheck,
  prove: cmdProve,
  table: cmdTable,
  versions: cmdVersions,
  properties: cmdProperties,
  assumptions: cmdAssumptions,
};

export async function run(argv: string[], io: Io, bundle: ModelBundle = KVM_ARM64_STAGE2): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const f = COMMANDS[command];
  if (!f) throw unknown('command', command, Object.keys(COMMANDS));
  return f(bundle, rest, io);
}

export async function main(argv: string[]): Promise<void> {
  const chunks: string[] = [];
  const io: Io = { out: (t) => chunks.push(t) && chunks.length > 8 && flushOut(chunks) };
  let code: number;
  try {
    code = await run(argv, io);
  } catch (e) {
    flushOut(chunks);
    if (e instanceof UsageError) {
      process.stderr.write(`s2check: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`s2check: internal error: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}\n`);
    if (process.env.S2CHECK_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    process.exitCode = 1;
    return;
  }
  flushOut(chunks);
  process.exitCode = code;
}

function flushOut(chunks: string[]): void {
  if (chunks.length) process.stdout.write(chunks.join(''));
  chunks.length = 0;
}

process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  // A closed pipe (s2check table ... | head) is not an error of ours.
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/cli/main.ts')) main(process.argv.slice(2));
