// s2check command line. Exit codes: 0 every verdict as expected, 1 an
// unexpected verdict, 2 usage or input error, 3 inconclusive (nothing failed).
// Each command lives in commands/<name>.ts; this file only dispatches.

import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import type { ModelBundle } from '../compare/bundle.ts';
import { cmdAssumptions, cmdProperties, cmdVersions } from './commands/catalogues.ts';
import { cmdCheck } from './commands/check.ts';
import { cmdDiff } from './commands/diff.ts';
import { cmdHistory } from './commands/history.ts';
import { cmdCoverage } from './commands/coverage.ts';
import { cmdExplain } from './commands/explain.ts';
import { cmdQuery } from './commands/query.ts';
import { cmdProve } from './commands/prove.ts';
import { cmdTable } from './commands/table.ts';
import type { Io } from './common.ts';
import { EXIT } from './common.ts';
import { UsageError, unknown } from '../parse/errors.ts';
import { InconclusiveError } from '../cfront/errors.ts';
import { PROBE_LINE, PROBE_OK } from './vet.ts';

export { resolveProfile, resolveVersion } from './common.ts';
import { withVersionPaths } from './common.ts';

const USAGE = `usage: s2check <command> [options]

commands:
  check [--version VERSION ...] [--rules FILE ...] [--profile NAME]
        [--kernel PATH ...] [--against ID]
        [--format text|json|junit] [--no-prove] [--rlimit N]
        [--timeout MS] [--update] [--proofs DIR]
        check every version (or the given ones, or a rule file's) against
        every property, counted exactly and proved with Z3, and against the
        committed proof artefacts (--update rewrites them); --kernel
        derives the decision from a kernel tree or mmu.c and proves it
        equal to the hand-written version of its release (or --against)
  diff A B [--profile NAME] [--format text|markdown|json]
        what changes from A to B (versions or rule files): the states
        whose outcome differs, as conditions, and the properties
  history [--version VERSION ...] [--proofs DIR]
        the versions x properties matrix of verdicts, and the changes
  prove --version VERSION --property ID [--profile NAME] [--rlimit N]
        [--timeout MS]
        one proof in detail: verdict, assumptions, counterexample
  table --version VERSION [--profile NAME]
        [--format text|jsonl|csv|markdown]
        [--all-states] [--where EXPR] [--group]
        the decision on every feasible state (or every state), only where
        EXPR holds, or grouped into conditions per outcome
  explain --version VERSION|all [--profile NAME] STATE...
        one state step by step (rules, layers, properties), or how the
        outcome of a partial state depends on the fields left free
  query --version VERSION [--profile NAME] [--rlimit N] [--timeout MS]
        EXPR
        a feasible state where EXPR holds, by counting and by Z3
  coverage --version VERSION [--profile NAME] [--rlimit N]
        [--timeout MS]
        per rule: the states it decides and when; dead rules
  versions      the rule versions
  properties    the property catalogue
  assumptions   the assumption catalogue and profiles

VERSION is a version id or alias (s2check versions) or a rule file
(.ts). Z3 limits per call: --rlimit N resource units (default 5000000,
0 = none), --timeout MS wall clock (none by default); running out is
inconclusive. A profile is a name (hard, default, end-to-end) or a
comma-separated list of assumption ids. STATE is a preset, then tokens
field, !field, field=value or field=A|B (fields not given are free).
EXPR: a condition (docs/expressions.md); every condition s2check prints
reads back as an EXPR and as a STATE. s2check COMMAND --help: one
command. Exit codes: 0 as expected, 1 unexpected verdict or artefact
drift, 2 usage or input error, 3 inconclusive, 4 artefacts not written
(I/O error; the report is still printed).
`;


/** One command's part of USAGE, and what every command shares. */
export function commandHelp(command: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `) || l === `  ${command}`);
  const block: string[] = [];
  for (let i = start; i >= 0 && i < lines.length; i++) {
    if (i > start && (/^ {2}\S/.test(lines[i]) || lines[i] === '')) break;
    block.push(lines[i]);
  }
  const tail = lines.slice(lines.findIndex((l) => l.startsWith('VERSION is')));
  return `usage: s2check ${command} [options]\n\n${block.join('\n')}\n\n${tail.join('\n').trim()}\n`;
}

const COMMANDS: Record<string, (bundle: ModelBundle, args: string[], io: Io) => number | Promise<number>> = {
  check: cmdCheck,
  diff: cmdDiff,
  history: cmdHistory,
  prove: cmdProve,
  table: cmdTable,
  explain: cmdExplain,
  query: cmdQuery,
  coverage: cmdCoverage,
  versions: cmdVersions,
  properties: cmdProperties,
  assumptions: cmdAssumptions,
};

export async function run(argv: string[], io: Io, bundle: ModelBundle = KVM_ARM64_STAGE2): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--probe-rule-file' && rest.length === 1) return probeRuleFile(bundle, rest[0], io);
  if (command === '--probe-rule-file' && rest.length > 1) return probeRuleFiles(bundle, rest, io);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  const f = COMMANDS[command];
  if (!f) throw unknown('command', command, Object.keys(COMMANDS));
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  // --version PATH (a kernel tree, an mmu.c, a rule file) for the commands that take one id
  if (command !== 'check' && command !== 'diff') {
    const loaded = await withVersionPaths(bundle, rest);
    return f(loaded.bundle, loaded.args, io);
  }
  return f(bundle, rest, io);
}

/**
 * The child's side of vetting a rule file (src/cli/vet.ts): load it into
 * the model and decide every state; PROBE_OK when that ends normally.
 */
async function probeRuleFile(base: ModelBundle, file: string, io: Io): Promise<number> {
  const { bundle, ids } = await base.withRuleFiles([file]);
  for (const id of ids) bundle.checker.tables.get(id);
  io.out(`${PROBE_OK}\n`);
  return 0;
}

/**
 * Several rule files in one child: each as probeRuleFile() does, on its
 * own (loaded into the model alone). Per file, on stderr as it goes:
 * `PROBE_LINE start K`, then `PROBE_LINE ok K` or `PROBE_LINE error K
 * CODE LINE` (the exit code and the first line main() would print for the
 * file alone); PROBE_OK on stdout at the end. A file that ends or hangs
 * the process stops the others: the parent vets what is left again.
 */
async function probeRuleFiles(base: ModelBundle, files: readonly string[], io: Io): Promise<number> {
  const say = (line: string) => (io.err ?? io.out)(`${PROBE_LINE} ${line}\n`);
  for (const [k, file] of files.entries()) {
    say(`start ${k}`);
    try {
      const { bundle, ids } = await base.withRuleFiles([file]);
      for (const id of ids) bundle.checker.tables.get(id);
      say(`ok ${k}`);
    } catch (e) {
      const { code, text } = exitFor(e);
      say(`error ${k} ${code} ${text.split('\n')[0]}`);
    }
  }
  io.out(`${PROBE_OK}\n`);
  return 0;
}

/** The first line of an unexpected error, and its stack under S2CHECK_DEBUG. */
function internalError(e: unknown): string {
  const line = `s2check: internal error: ${(e as Error)?.message?.split('\n')[0] ?? String(e)}\n`;
  return process.env.S2CHECK_DEBUG ? `${line}${(e as Error)?.stack}\n` : line;
}

/**
 * What main() prints for an error run() throws, and its exit code: a
 * UsageError is exit 2 and one line, an InconclusiveError exit 3 and what
 * to add, anything else exit 1, "internal error" and its first line.
 */
export function exitFor(e: unknown): { code: number; text: string } {
  // the C front end cannot derive the decision honestly: what to add, exit 3
  if (e instanceof InconclusiveError) return { code: EXIT.inconclusive, text: `${e.lines.map((l, i) => (i === 0 ? `s2check: ${l}` : l)).join('\n')}\n` };
  if (e instanceof UsageError) return { code: EXIT.usage, text: `s2check: ${e.message}\n` };
  return { code: EXIT.unexpected, text: internalError(e) };
}

/**
 * run() ended as the process ends it: the exit code, and an error as the
 * lines the user sees (exitFor(), through io.err). main() is this plus the
 * process.
 */
export async function runToExit(argv: string[], io: Io, bundle: ModelBundle = KVM_ARM64_STAGE2): Promise<number> {
  try {
    return await run(argv, io, bundle);
  } catch (e) {
    const { code, text } = exitFor(e);
    (io.err ?? io.out)(text);
    return code;
  }
}

export async function main(argv: string[]): Promise<void> {
  // Errors outside the awaited path (Z3's WebAssembly threads) still get one line, not a trace.
  const fatal = (e: unknown) => {
    process.stderr.write(internalError(e));
    process.exit(1);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // A closed pipe (s2check table ... | head) is not an error of ours.
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const chunks: string[] = [];
  const io: Io = {
    out: (t) => chunks.push(t) && chunks.length > 8 && flushOut(chunks),
    err: (line) => {
      flushOut(chunks);
      process.stderr.write(line);
    },
    drain: () => {
      flushOut(chunks);
      return process.stdout.writableNeedDrain ? new Promise((resolve) => process.stdout.once('drain', resolve)) : Promise.resolve();
    },
  };
  const code = await runToExit(argv, io);
  flushOut(chunks);
  process.exitCode = code;
}

function flushOut(chunks: string[]): void {
  if (chunks.length) process.stdout.write(chunks.join(''));
  chunks.length = 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/cli/main.ts')) main(process.argv.slice(2));
