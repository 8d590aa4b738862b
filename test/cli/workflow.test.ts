// Issue 13, "a patch author's and a reviewer's workflow": one test (or a
// few) per finding, each failing before the change and passing after.
// In-process (runToExit() of src/cli/main.ts, what the binary runs) except
// where a real process is the point; rule files are vetted once, together,
// in beforeAll.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { commandHelp } from '../../src/cli/main.ts';
import { vetAll, vetRuleFiles } from '../../src/cli/vet.ts';
import { secondsLeft } from '../../src/cli/progress.ts';
import { KVM_ARM64_STAGE2 as B } from '../../model/index.ts';
import { parseCondition, parseStateWords } from '../../src/cli/select.ts';
import { conditionTokens } from '../../src/compare/group.ts';
import { forEachState } from '../../src/compare/group.ts';
import { radixOf } from '../../src/space/space.ts';
import { ArtefactWriteError, writeArtefactSet } from '../../src/compare/artefacts.ts';
import type { Run } from '../helpers/run.ts';
import { repoRoot, runCommand, s2check, s2checkIn, s2checkInOnce } from '../helpers/run.ts';

interface R {
  status: number;
  out: string;
  err: string;
}

/** One command in-process, as main() ends it (runToExit()). */
const cli = (...args: string[]): Promise<R> => s2checkIn(...args).then(asR);
/** The same, made once and shared (the shipped versions and proofs/ only: the same bytes every time). */
const cliOnce = (...args: string[]): Promise<R> => s2checkInOnce(...args).then(asR);
const asR = (r: Run): R => ({ status: r.status!, out: r.stdout, err: r.stderr });

const lines = (t: string) => t.replace(/\n$/, '').split('\n');
const wide = (t: string) => lines(t).filter((l) => l.length > 75);

let dir: string;
/** The real process of test 7 (a hanging rule file), started in beforeAll. */
let hang: Promise<Run>;
const hangRun = (): Promise<Run> =>
  runCommand('node', [path.join(repoRoot, 'bin/s2check.mjs'), 'diff', f('before-hang.ts'), f('hangs.ts')], { ...process.env, S2CHECK_VET_TIMEOUT_MS: '4000' });
/** A rule file as a user names it: relative to the working directory (the repository root). */
const f = (name: string) => path.relative(process.cwd(), path.join(dir, name));

// In-process there are no resolve hooks for 's2check': the files import the API by path
// (and live under node_modules/.cache, so that 'ts-pattern' resolves).
const API = path.join(repoRoot, 'model/api.ts');
const copy = (id: string, patch = '', meta = '') => `import { match, P } from 'ts-pattern';
import { accept, defineVersion, findVersion, grant, reject } from '${API}';
import type { State } from '${API}';
const v10 = findVersion('v10')!;
export default defineVersion({
  ...v10,
  meta: { ...v10.meta, id: '${id}', alias: undefined${meta} },
  ${patch}
});
`;

const FILES: Record<string, string> = {
  'proposal.ts': copy('proposal', '', ", title: 'v10 again', base: 'v10'"),
  // The ts-pattern rules map some VM_IO RAM Normal where v10 (and the unchanged Z3 encoding) does not.
  'worse.ts': copy('worse', "fault: (s: State) => (s.vma.io && s.pfn.mapMemory && !s.cpu.fwb ? grant('map-normal', 'NORMAL', false, false) : v10.fault(s)),", ", base: 'v10'"),
  'throws.ts': copy('throws', "fault: (s: State) => { if (s.vma.mixedmap && s.cpu.fwb) throw new RangeError('unexpected MIXEDMAP'); return v10.fault(s); },"),
  'exits.ts': "import { defineVersion, findVersion } from 's2check';\nconst v10 = findVersion('v10')!;\nprocess.exit(0);\nexport default defineVersion({ ...v10, meta: { ...v10.meta, id: 'exits', alias: undefined } });\n",
  // It hangs without burning a core: the vetting child waits forever on some states (as a loop would, for the vetter).
  'hangs.ts': copy('hangs', 'fault: (s: State) => { if (s.vma.pfnmap && s.cpu.fwb) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return v10.fault(s); },'),
  'before-hang.ts': copy('before-hang'),
  'non-exhaustive.ts': copy(
    'non-exhaustive',
    `memslot: (s: State) => match(s)
      .with({ vma: { pfnmap: false } }, () => accept('accept'))
      .with({ vma: { pfnmap: true }, cpu: { fwb: true } }, () => reject('pfnmap-cacheable-unsupported'))
      .exhaustive(),`,
  ),
};

beforeAll(async () => {
  mkdirSync(path.join(repoRoot, 'node_modules/.cache'), { recursive: true });
  dir = mkdtempSync(path.join(repoRoot, 'node_modules/.cache/s2check-workflow-'));
  writeFileSync(f('package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(FILES)) writeFileSync(f(name), text);
  // The hang waits out its timeout (4 s, room for a loaded machine to load
  // the file before it) without using a core: started first, it waits
  // while the vetting below and this file's other tests run (test 7 awaits it).
  hang = hangRun();
  hang.catch(() => {});
  // Every file but the one that hangs in one go (one tsc program, loads in one
  // child; exits.ts last, as it ends the child); the commands and the tests
  // below find the results remembered.
  await vetAll(['proposal.ts', 'worse.ts', 'throws.ts', 'non-exhaustive.ts', 'exits.ts'].map(f));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('1. every command that takes a version takes a rule file', () => {
  it('explain, query, table, coverage, prove, history, diff, check', async () => {
    const p = f('proposal.ts');
    const runs = {
      explain: await cli('explain', '--version', p, 'anon-ram'),
      query: await cli('query', '--version', p, 'fault.attr = NORMAL & !pfn.mapMemory'),
      table: await cli('table', '--version', p, '--where', 'cow-pfnmap', '--group'),
      coverage: await cli('coverage', '--version', p),
      prove: await cli('prove', '--version', p, '--property', 'total'),
      diff: await cli('diff', 'v10', p),
      check: await cli('check', '--version', p, '--no-prove'),
    };
    for (const [name, r] of Object.entries(runs)) {
      expect(r.err, name).toBe('');
      expect(r.status, name).toBe(0);
      expect(wide(r.out), name).toEqual([]);
    }
    expect(runs.explain.out).toMatch(/^explain proposal: anon-ram$/m);
    expect(runs.coverage.out).toMatch(/^summary: proposal: /m);
    expect(runs.diff.out).toMatch(/no feasible state differs/);
  });
});

describe('2. encoding disagreement names the state; a failing state is not shown as an output', () => {
  it('text and JSON name the state where the encodings differ', async () => {
    const r = await cli('check', '--version', f('worse.ts'), '--format', 'json');
    const doc = JSON.parse(r.out);
    const agree = doc.versions[0].properties.find((p: { id: string }) => p.id === 'encodings-agree');
    expect(agree.verdict).toBe('violated');
    expect(agree.counterexample).not.toBeNull();
    expect(typeof agree.counterexample.index).toBe('number');
    const t = await cli('check', '--version', f('worse.ts'));
    expect(t.out).toMatch(/they differ on state \d+: /);
  });
  it('a state where the rules throw reads FAILURE, not made-up outputs', async () => {
    const r = await cliOnce('check', '--version', f('throws.ts'));
    r.out = r.out.replace(/\n +/g, ' ');
    expect(r.out).not.toMatch(/\(failure\)/);
    expect(r.out).not.toMatch(/violated undefined/);
    expect(r.out).toMatch(/ts-pattern FAILURE \(/);
  });
});

/**
 * The states a printed condition stands for: as an expression (counted
 * in decision diagrams: test/cli/query.test.ts holds that count to a
 * per-state evaluation), and as a state.
 */
function bothWays(text: string): { expr: number; state: number } {
  const { space } = B.system;
  const sets = B.checker.stateSets;
  const expr = sets.mdd.count(sets.selected('v10', [], parseCondition(B, text)));
  const st = parseStateWords(B, [text]);
  // The other way, state by state: the cube's states whose fields are in the value sets (f=A|B).
  const valueSets = (st.sets ?? []).flatMap((s, k) => (s ? [[k, s] as const] : []));
  const digit = (i: number, k: number) => Math.floor(i / space.weights[k]) % radixOf(space.fields[k]);
  let state = 0;
  forEachState(space, st.cube, (i) => void (valueSets.every(([k, allowed]) => allowed.includes(digit(i, k))) && state++));
  return { expr, state };
}

describe('3. one condition language', () => {
  it('every condition diff, coverage and table --group print reads back as the same states both ways', async () => {
    const outs = [await cliOnce('diff', 'v9', 'v10'), await cliOnce('table', '--version', 'v10', '--group'), await cliOnce('coverage', '--version', 'v10')];
    const conds: string[] = [];
    for (const r of outs) {
      // A condition line: a count, two spaces, tokens (continuations indented deeper).
      let cur: string | undefined;
      for (const l of lines(r.out)) {
        const m = /^ +\d+ {2}(\S.*)$/.exec(l);
        if (m && !/more condition/.test(m[1])) {
          if (cur) conds.push(cur);
          cur = m[1];
        } else if (cur && /^ {9,}\S/.test(l) && /^[ !a-zA-Z0-9_.=|]+$/.test(l)) cur += ` ${l.trim()}`;
        else {
          if (cur) conds.push(cur);
          cur = undefined;
        }
      }
    }
    expect(conds.length).toBeGreaterThan(20);
    expect(conds.some((c) => /=\w+\|\w+/.test(c))).toBe(true);
    for (const c of conds) {
      const n = bothWays(c);
      expect(n.expr, c).toBe(n.state);
      expect(n.expr, c).toBeGreaterThan(0);
    }
  });

  it('random conditions in the printed form round-trip (fast-check)', () => {
    const { space } = B.system;
    const field = fc.integer({ min: 0, max: space.fields.length - 1 });
    const literal = field.chain((k) => {
      const fl = space.fields[k];
      const n = fl.type === 'bool' ? 2 : fl.values.length;
      return fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: Math.max(1, n - 1) }).map((ds) => [k, ds] as const);
    });
    fc.assert(
      fc.property(fc.array(literal, { maxLength: 6 }), fc.option(fc.constantFrom(...B.system.presets.map((p) => p.name))), (lits, preset) => {
        const cond: Array<number[] | undefined> = space.fields.map(() => undefined);
        for (const [k, ds] of lits) cond[k] = space.fields[k].type === 'bool' ? [ds[0]] : [...ds].sort((a, b) => a - b);
        const tokens = conditionTokens(space, cond);
        const text = [...(preset ? [preset] : []), ...tokens].join(' ') || 'true';
        const n = bothWays(text);
        expect(n.expr).toBe(n.state);
      }),
      { numRuns: 60, seed: 13 },
    );
  });

  it('counts beside conditions sum to the group (diff as elsewhere), and the legend says so', async () => {
    const r = await cliOnce('diff', 'v9', 'v10');
    const blocks = r.out.split('\n\n').filter((b) => /^\S+, \d+ states?\n/.test(b));
    expect(blocks.length).toBeGreaterThan(3);
    for (const b of blocks) {
      const total = Number(/^\S+, (\d+) state/.exec(b)![1]);
      const sum = lines(b).reduce((n, l) => n + Number(/^ +(\d+) {2}\S/.exec(l)?.[1] ?? 0), 0);
      expect(sum).toBe(total);
    }
    expect(r.out).toMatch(/each counted once/);
    expect((await cliOnce('table', '--version', 'v10', '--group')).out).toMatch(/each once, under its first condition/);
  });
});

describe('4. expectations per profile', () => {
  it('a profile without expectations: verdicts shown, not judged; exit 0', async () => {
    const r = await cliOnce('check', '--version', 'v10', '--profile', 'hard', '--no-prove');
    expect(r.status).toBe(0);
    expect(r.out).not.toMatch(/UNEXPECTED/);
    expect(r.out).toMatch(/no expected verdicts declared for profile hard/);
  });
});

describe('5. honest examples', () => {
  it('no preset more than one field away; check, JSON and prove show the same state', async () => {
    const json = JSON.parse((await cliOnce('check', '--version', 'v10', '--no-prove', '--format', 'json')).out);
    const p = json.versions[0].properties.find((x: { id: string }) => x.id === 'sanitise-needs-struct-page');
    expect(p.counterexample.state).not.toMatch(/^nvgrace-usemem/);
    expect(p.counterexample.state.split(' ').length).toBe(B.system.space.fields.length);
    const text = (await cliOnce('check', '--version', 'v10', '--no-prove')).out.replace(/\n +/g, ' ');
    expect(text).toContain(p.counterexample.state);
    const prove = (await cliOnce('prove', '--version', 'v10', '--property', 'sanitise-needs-struct-page')).out.replace(/\n +/g, ' ');
    expect(prove).toContain(`counterexample state ${p.counterexample.index}: ${p.counterexample.state}`);
    const artefact = readFileSync(path.join(B.proofsDir, 'v10.txt'), 'utf8');
    expect(artefact).toContain(`property sanitise-needs-struct-page counterexample ${p.counterexample.index} ${p.counterexample.state}`);
  });
});

describe('6. sources in the output', () => {
  it('versions, check, diff and explain show the source; coverage and explain name the kernel function', async () => {
    const src = B.versions.find((v) => v.id === 'v10')!.source.split(';')[0];
    const flat = (t: string) => t.replace(/\n +/g, ' ');
    expect(flat((await cliOnce('versions')).out)).toContain(src);
    expect(flat((await cliOnce('check', '--version', 'v10', '--no-prove')).out)).toContain(`source: ${src}`);
    expect(flat((await cliOnce('diff', 'v9', 'v10')).out)).toContain(`source: ${src}`);
    expect(flat((await cliOnce('explain', '--version', 'v10', 'anon-ram')).out)).toContain(src);
    expect(flat((await cliOnce('coverage', '--version', 'v10')).out)).toMatch(/user_mem_abort\(\) in arch\/arm64\/kvm\/mmu\.c/);
  });
});

describe('7. a broken rule file: root cause first, exit 2 for what the file does to the process', () => {
  it('process.exit() at the top level is an input error, not a silent exit 0', async () => {
    await expect(vetRuleFiles([f('exits.ts')])).rejects.toThrow(/exits\.ts: ends the process .*process\.exit/);
  });
  it('a non-exhaustive match is a type error with file:line', async () => {
    await expect(vetRuleFiles([f('non-exhaustive.ts')])).rejects.toThrow(/non-exhaustive\.ts:\d+: type error: a match is not exhaustive/);
  });
  it('a hang is an input error after the timeout (real process)', async () => {
    // Vetted in one child after a file that loads: the hang ends the child after the time, and it is the problem.
    const r = await hang;
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^s2check: .*hangs\.ts: did not finish .* within 4 s/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
  it('a throw: one FAILURE block with file:line before the properties; one unexpected verdict', async () => {
    const r = await cliOnce('check', '--version', f('throws.ts'));
    expect(r.status).toBe(1);
    const ls = lines(r.out);
    const failure = ls.findIndex((l) => /FAILURE: the rules fail on/.test(l));
    const header = ls.findIndex((l) => /^ {2}property /.test(l));
    expect(failure).toBeGreaterThan(0);
    expect(failure).toBeLessThan(header);
    // file:line through the real binary below (vitest's transform hides the line here).
    expect(r.out.replace(/\n +/g, ' ')).toMatch(/throws\.ts(:\d+)?: the fault rules throw RangeError/);
    expect(r.out.match(/UNEXPECTED/g)?.length).toBe(1);
    expect(r.out).not.toMatch(/expected (\w+), found \1/);
    expect(ls.at(-1)).toMatch(/1 unexpected/);
  });
});

describe('8. exit codes', () => {
  it('--update into a directory that cannot be written: one line, exit 4, report printed', async () => {
    const r = await cli('check', '--version', 'v1', '--update', '--proofs', '/dev/null/proofs');
    expect(r.status).toBe(4);
    expect(r.err).toMatch(/^s2check: cannot write \/dev\/null\/proofs\/v1\.txt: not a directory; no artefact was changed\n$/);
    expect(lines(r.out).at(-1)).toMatch(/^summary: /);
    // The JSON report says the exit code the process ends with.
    const j = await cli('check', '--version', 'v1', '--update', '--proofs', '/dev/null/proofs', '--format', 'json');
    expect(j.status).toBe(4);
    expect(JSON.parse(j.out).exit).toBe(4);
  });
  it('--proofs naming a file is a usage error', async () => {
    const r = await cli('check', '--version', 'v1', '--proofs', 'package.json', '--no-prove');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--proofs package\.json: not a directory/);
  });
  it('history exits 2 on a corrupt artefact, as check does', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 's2check-corrupt-'));
    writeFileSync(path.join(d, 'v1.txt'), 'this is not an artefact\n');
    const h = await cli('history', '--version', 'v1', '--proofs', d);
    const c = await cli('check', '--version', 'v1', '--proofs', d, '--no-prove');
    rmSync(d, { recursive: true, force: true });
    expect(c.status).toBe(2);
    expect(h.status).toBe(2);
  });
  it('the artefact set is replaced whole or not at all', () => {
    const d = mkdtempSync(path.join(tmpdir(), 's2check-set-'));
    const a = path.join(d, 'a.txt');
    const b = path.join(d, 'b.txt');
    writeFileSync(a, 'old a\n');
    writeFileSync(b, 'old b\n');
    let renames = 0;
    const fail = () => {
      if (++renames === 2) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    };
    expect(() => writeArtefactSet([{ file: a, text: 'new a\n' }, { file: b, text: 'new b\n' }, { file: path.join(d, 'c.txt'), text: 'c\n' }], { beforeRename: fail })).toThrow(ArtefactWriteError);
    expect(readFileSync(a, 'utf8')).toBe('old a\n');
    expect(readFileSync(b, 'utf8')).toBe('old b\n');
    expect(existsSync(path.join(d, 'c.txt'))).toBe(false);
    expect(readFileSync(a, 'utf8') + readFileSync(b, 'utf8')).not.toMatch(/new/);
    writeArtefactSet([{ file: a, text: 'new a\n' }, { file: b, text: 'new b\n' }]);
    expect(readFileSync(b, 'utf8')).toBe('new b\n');
    rmSync(d, { recursive: true, force: true });
  });
});

describe('9. 75 columns, help, messages, diff and check --rules honest', () => {
  it('every command: --help, and text within 75 columns', async () => {
    const commands = ['check', 'diff', 'history', 'prove', 'table', 'explain', 'query', 'coverage', 'versions', 'properties', 'assumptions'];
    for (const c of commands) {
      const r = await cli(c, '--help');
      expect(r.status, c).toBe(0);
      expect(r.out, c).toMatch(new RegExp(`^usage: s2check ${c} `));
      expect(wide(r.out), c).toEqual([]);
      expect(commandHelp(c)).toBe(r.out);
    }
    const outs = [
      await cliOnce('table', '--version', 'v10', '--where', 'cow-pfnmap'),
      await cliOnce('table', '--version', 'v10', '--where', 'cow-pfnmap', '--format', 'markdown'),
      await cliOnce('table', '--version', 'v10', '--group', '--format', 'markdown'),
      await cliOnce('versions'),
      await cliOnce('properties'),
      await cliOnce('assumptions'),
      await cliOnce('explain', '--version', 'all', 'anon-ram'),
      await cliOnce('query', '--version', 'v10', 'vma.io'),
      await cliOnce('diff', 'v9', 'v10', '--format', 'markdown'),
      await cliOnce('check', '--version', 'v10', '--rlimit', '1'),
    ];
    for (const r of outs) expect(wide(r.out)).toEqual([]);
  });
  it('--rlimit -5 says what is wrong', async () => {
    const r = await cli('prove', '--version', 'v10', '--property', 'total', '--rlimit', '-5');
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/--rlimit takes a whole number of resource units \(0: none\), not '-5'/);
  });
  it('diff tells a fix from a regression', async () => {
    const fwd = (await cliOnce('diff', 'v9', 'v10')).out.replace(/\n +/g, ' ');
    const back = (await cliOnce('diff', 'v10', 'v9')).out.replace(/\n +/g, ' ');
    expect(fwd).toMatch(/correctness: .*fixed or improved: device-mmio-unchanged \(violated -> holds\)/);
    expect(back).toMatch(/correctness: REGRESSION in .*device-mmio-unchanged \(holds -> violated\)/);
  });
  it('check --rules: a violation count worse than the declared base version is unexpected', async () => {
    const r = await cli('check', '--rules', f('worse.ts'), '--no-prove');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/WORSE than base v10: 14912 -> \d+ violating states/);
    const ok = await cli('check', '--rules', f('proposal.ts'), '--no-prove');
    expect(ok.status).toBe(0);
  });
  it('properties never print as !!(...)', async () => {
    expect((await cliOnce('properties')).out).not.toMatch(/!!/);
    expect((await cliOnce('assumptions')).out).not.toMatch(/!!/);
  });
  it('the progress estimate waits for real progress', () => {
    // 3 s run whose first second is start-up: no "about 43 s left".
    expect(secondsLeft({ t: 1, f: 0.01 }, { t: 1.2, f: 0.05 })).toBeUndefined();
    expect(secondsLeft({ t: 1, f: 0.01 }, { t: 3, f: 0.5 })).toBeCloseTo(2.0, 1);
  });
});

describe('the real binary, a handful of runs', () => {
  it('a rule file with process.exit: exit 2 from the command, not 0', async () => {
    const r = await s2check('table', '--version', f('exits.ts'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/exits\.ts: ends the process/);
  }, 120_000);
  it('a rule that throws: file:line of the throw', async () => {
    const r = await s2check('check', '--version', f('throws.ts'), '--no-prove');
    expect(r.status).toBe(1);
    expect(r.stdout.replace(/\n +/g, ' ')).toMatch(/throws\.ts:8: the fault rules throw RangeError: unexpected MIXEDMAP/);
  }, 120_000);
});

