// Committed proof artefacts (src/compare/artefacts.ts, check --update, --proofs):
// the file format, drift found line by line, atomic rewrite, corrupt and
// foreign files, and a changed version against the committed proofs/.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { makeSystem } from '../../model/system.ts';
import { VERSIONS } from '../../model/versions/index.ts';
import type { MemslotDecision } from '../../model/outcomes.ts';
import {
  ArtefactError,
  lineDiff,
  parseArtefact,
  renderArtefact,
  settleArtefact,
  writeAtomic,
} from '../../src/compare/artefacts.ts';
import type { ModelBundle } from '../../src/compare/bundle.ts';
import { Checker } from '../../src/enumerate/check.ts';
import { s2checkWith } from '../helpers/run.ts';
import { TableCache } from '../../src/enumerate/table.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROOFS = path.join(repoRoot, 'proofs');

/** A command in-process, as main() ends it (runToExit()); with another model when given. */
async function cli(argv: string[], bundle?: ModelBundle): Promise<{ code: number; out: string; err: string }> {
  const r = await s2checkWith({ bundle }, ...argv);
  return { code: r.status!, out: r.stdout, err: r.stderr };
}

/** A usage error (exit 2, nothing on stdout, one line on stderr) saying `message`. */
async function usage(argv: string[], message: RegExp): Promise<void> {
  const r = await cli(argv);
  expect(r.code, argv.join(' ')).toBe(2);
  expect(r.out).toBe('');
  expect(r.err).toMatch(/^s2check: [^\n]*\n$/);
  expect(r.err).toMatch(message);
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 's2check-proofs-'));
}

const lines = (t: string) => t.replace(/\n$/, '').split('\n');
/** The output with wrapped lines joined again. */
const joined = (t: string) => t.replace(/\n {2,}/g, ' ');

describe('artefact format', () => {
  const facts = ['model M', 'profile default', `table ${'a'.repeat(64)}`, 'states total 10', 'property p verdict holds', 'rule fault r 3'];

  it('round-trips: render then parse gives the facts back', () => {
    const text = renderArtefact('v10', facts);
    expect(text.split('\n')[0]).toBe('s2check-proof 1 v10');
    expect(text.endsWith(`end ${facts.length} facts\n`)).toBe(true);
    expect(parseArtefact(text, 'proofs/v10.txt', 'v10')).toEqual(facts);
  });

  it('every committed artefact parses, one per shipped version', () => {
    const files = readdirSync(PROOFS).filter((f) => f.endsWith('.txt')).sort();
    expect(files).toEqual(VERSIONS.map((v) => `${v.meta.id}.txt`).sort());
    for (const v of VERSIONS) {
      const text = readFileSync(path.join(PROOFS, `${v.meta.id}.txt`), 'utf8');
      const parsed = parseArtefact(text, `proofs/${v.meta.id}.txt`, v.meta.id);
      expect(parsed.length).toBeGreaterThan(50);
      expect(parsed[0]).toMatch(/^model /);
    }
  });

  const bad: Array<[string, string, 'corrupt' | 'foreign', RegExp]> = [
    ['garbage', 'hello\n', 'corrupt', /corrupt proof artefact \(no header line\)/],
    ['empty', '', 'corrupt', /corrupt/],
    ['binary', 's2check-proof 1 v10\n\0\0\n', 'corrupt', /binary/],
    ['truncated mid-line', renderArtefact('v10', facts).slice(0, 60), 'corrupt', /truncated/],
    ['truncated at a line end', renderArtefact('v10', facts).split('\n').slice(0, 5).join('\n') + '\n', 'corrupt', /no end line/],
    ['fact count', renderArtefact('v10', facts).replace(`end ${facts.length} facts`, 'end 99 facts'), 'corrupt', /counts 99 facts/],
    ['a line that is no fact', renderArtefact('v10', [...facts, 'nonsense here']).replace(`end ${facts.length + 1}`, `end ${facts.length + 1}`), 'corrupt', /is not a fact/],
    ['another version', renderArtefact('v9', facts), 'corrupt', /names version v9, not v10/],
    ['newer schema', renderArtefact('v10', facts).replace('s2check-proof 1', 's2check-proof 2'), 'foreign', /foreign artefact schema 's2check-proof 2'/],
    ['other tool', renderArtefact('v10', facts).replace('s2check-proof 1', 'othertool-proof 1'), 'foreign', /foreign artefact schema 'othertool-proof 1'/],
  ];
  for (const [name, text, kind, message] of bad) {
    it(`rejects ${name} as ${kind}, in one line naming the file`, () => {
      let err: unknown;
      try {
        parseArtefact(text, 'proofs/v10.txt', 'v10');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ArtefactError);
      expect((err as ArtefactError).kind).toBe(kind);
      expect((err as Error).message).toMatch(message);
      expect((err as Error).message).toMatch(/^proofs\/v10\.txt: /);
      expect((err as Error).message).not.toContain('\n');
    });
  }
});

describe('lineDiff', () => {
  it('lists removals and additions in file order, nothing for equal lines', () => {
    expect(lineDiff(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([]);
    expect(lineDiff(['a', 'b', 'c', 'd'], ['a', 'x', 'c', 'd', 'e'])).toEqual([
      { op: '-', line: 'b' },
      { op: '+', line: 'x' },
      { op: '+', line: 'e' },
    ]);
    expect(lineDiff([], ['a'])).toEqual([{ op: '+', line: 'a' }]);
    expect(lineDiff(['a'], [])).toEqual([{ op: '-', line: 'a' }]);
  });

  it('skipping a common start changes nothing: the same changes as the whole table gives', () => {
    // The walk over the whole LCS table, as lineDiff was before it skipped the common start.
    const whole = (a: readonly string[], b: readonly string[]) => {
      const lcs = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
      for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      const out: Array<{ op: '+' | '-'; line: string }> = [];
      let [i, j] = [0, 0];
      while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i] === b[j]) [i, j] = [i + 1, j + 1];
        else if (j === b.length || (i < a.length && lcs[i + 1][j] >= lcs[i][j + 1])) out.push({ op: '-', line: a[i++] });
        else out.push({ op: '+', line: b[j++] });
      }
      return out;
    };
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 });
    fc.assert(fc.property(lines, lines, lines, (common, a, b) => {
        expect(lineDiff([...common, ...a], [...common, ...b])).toEqual(whole([...common, ...a], [...common, ...b]));
      }), { numRuns: 500 });
  });
});

describe('atomic update', () => {
  it('writes through a complete temporary file in the same directory, renamed over the target', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v10.txt');
    writeFileSync(file, 'old\n');
    let seen: { tmp: string; content: string; targetThen: string } | undefined;
    writeAtomic(file, 'new content\n', {
      beforeRename(tmp) {
        seen = { tmp, content: readFileSync(tmp, 'utf8'), targetThen: readFileSync(file, 'utf8') };
      },
    });
    expect(path.dirname(seen!.tmp)).toBe(dir);
    expect(seen!.content).toBe('new content\n');
    expect(seen!.targetThen).toBe('old\n');
    expect(existsSync(seen!.tmp)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('new content\n');
    expect(readdirSync(dir)).toEqual(['v10.txt']);
    rmSync(dir, { recursive: true });
  });

  it('a failure before the rename leaves the old file whole and no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v10.txt');
    writeFileSync(file, 'old\n');
    expect(() =>
      writeAtomic(file, 'new\n', {
        beforeRename() {
          throw new Error('simulated crash');
        },
      }),
    ).toThrow('simulated crash');
    expect(readFileSync(file, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['v10.txt']);
    rmSync(dir, { recursive: true });
  });

  it('settleArtefact --update: created, unchanged, updated with the changed lines', () => {
    const dir = tempDir();
    const file = path.join(dir, 'v10.txt');
    const facts = ['model M', 'states total 10'];
    const opts = { update: true, proved: true, inconclusive: 0 };
    expect(settleArtefact(file, 'v10', facts, undefined, opts).status).toBe('created');
    const committed = parseArtefact(readFileSync(file, 'utf8'), 'x', 'v10');
    expect(settleArtefact(file, 'v10', facts, committed, opts).status).toBe('unchanged');
    const changed = settleArtefact(file, 'v10', ['model M', 'states total 11'], committed, opts);
    expect(changed.status).toBe('updated');
    expect(changed.changes).toEqual([
      { op: '-', line: 'states total 10' },
      { op: '+', line: 'states total 11' },
    ]);
    expect(settleArtefact(file, 'v10', facts, committed, { ...opts, inconclusive: 2 }).status).toBe('not-updated');
    expect(readdirSync(dir)).toEqual(['v10.txt']);
    rmSync(dir, { recursive: true });
  });
});

describe('check against artefacts (in-process, --proofs DIR)', () => {
  it('the committed artefacts are fresh (enumeration facts, --no-prove)', async () => {
    const r = await cli(['check', '--no-prove']);
    expect(r.out).toMatch(/^artefacts: 15 fresh in proofs\/$/m);
    expect(r.code).toBe(0);
  });

  it('a changed fact is drift: exit 1, the -/+ lines, the summary says so', async () => {
    const dir = tempDir();
    cpSync(PROOFS, dir, { recursive: true });
    const file = path.join(dir, 'v10.txt');
    const text = readFileSync(file, 'utf8');
    const target = /^property linear-mapped-unchanged violating (\d+)$/m.exec(text)!;
    writeFileSync(file, text.replace(target[0], 'property linear-mapped-unchanged violating 1'));
    const r = await cli(['check', '--version', 'v10', '--version', 'v9', '--proofs', dir]);
    expect(r.code).toBe(1);
    const out = lines(r.out);
    expect(out).toContain('  - property linear-mapped-unchanged violating 1');
    expect(out).toContain(`  + property linear-mapped-unchanged violating ${target[1]}`);
    expect(joined(r.out)).toMatch(/artefact .*v10\.txt: DRIFTED, 2 lines differ/);
    expect(out.at(-1)).toMatch(/, 1 artefact drifted$/);
    for (const l of out) expect(l.length, l).toBeLessThanOrEqual(75);
    rmSync(dir, { recursive: true });
  });

  it('a missing artefact: exit 1, and the user is told to run check --update', async () => {
    const dir = tempDir();
    const r = await cli(['check', '--version', 'v3', '--no-prove', '--proofs', dir]);
    expect(r.code).toBe(1);
    expect(joined(r.out)).toMatch(/MISSING \(run s2check check --update\)/);
    expect(lines(r.out).at(-1)).toMatch(/1 artefact missing$/);
    rmSync(dir, { recursive: true });
  });

  it('corrupt and foreign artefacts are input errors (UsageError: exit 2, one line)', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'v3.txt'), 'not an artefact\n');
    await usage(['check', '--version', 'v3', '--no-prove', '--proofs', dir], /v3\.txt: corrupt proof artefact/);
    writeFileSync(path.join(dir, 'v3.txt'), readFileSync(path.join(PROOFS, 'v3.txt'), 'utf8').replace('s2check-proof 1', 's2check-proof 7'));
    await usage(['check', '--version', 'v3', '--no-prove', '--proofs', dir], /foreign artefact schema 's2check-proof 7'/);
    rmSync(dir, { recursive: true });
  });

  it('check --update rewrites a corrupt file, then the check is clean; no temporary file remains', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'v3.txt'), 'not an artefact\n');
    const u = await cli(['check', '--version', 'v3', '--update', '--proofs', dir]);
    expect(u.code).toBe(0);
    expect(joined(u.out)).toMatch(/artefact .*v3\.txt: updated, \d+ lines changed: \(replaced a corrupt file\)/);
    expect(lines(u.out).at(-1)).toMatch(/1 artefact updated$/);
    expect(readFileSync(path.join(dir, 'v3.txt'), 'utf8')).toBe(readFileSync(path.join(PROOFS, 'v3.txt'), 'utf8'));
    const again = await cli(['check', '--version', 'v3', '--update', '--proofs', dir]);
    expect(joined(again.out)).toMatch(/^artefacts: 1 unchanged in /m);
    expect(readdirSync(dir)).toEqual(['v3.txt']);
    rmSync(dir, { recursive: true });
  });

  it('--update refuses what it cannot write: --no-prove, --profile, --rules', async () => {
    await usage(['check', '--update', '--no-prove'], /needs the proofs/);
    await usage(['check', '--update', '--profile', 'hard'], /drop --profile/);
  });

  it('other profiles skip the artefacts and say so', async () => {
    const r = await cli(['check', '--version', 'v10', '--no-prove', '--profile', 'end-to-end']);
    expect(r.out).toMatch(/^artefacts: not compared \(profile end-to-end; they record profile default\)$/m);
  });

  it('a version changed in-process drifts from the committed artefact: the table digest and the counts', async () => {
    // v10 whose memslot check also refuses every MIXEDMAP: same id, other rules.
    const versions = VERSIONS.map((v) =>
      v.meta.id !== 'v10'
        ? v
        : {
            ...v,
            memslot: (s: Parameters<typeof v.memslot>[0]): MemslotDecision =>
              s.vma.mixedmap ? { rule: 'pfnmap-cacheable-unsupported', outcome: 'EINVAL' } : v.memslot(s),
          },
    );
    const system = makeSystem(versions);
    const bundle: ModelBundle = { ...KVM_ARM64_STAGE2, system, checker: new Checker(system, new TableCache(system)) };
    const r = await cli(['check', '--version', 'v10', '--no-prove'], bundle);
    expect(r.code).toBe(1);
    const out = lines(r.out);
    expect(out.some((l) => /^ {2}- table [0-9a-f]{64}$/.test(l))).toBe(true);
    expect(out.some((l) => /^ {2}\+ table [0-9a-f]{64}$/.test(l))).toBe(true);
    expect(out.some((l) => /^ {2}[-+] states end-to-end \d+$/.test(l))).toBe(true);
    expect(out.some((l) => /^ {2}\+ rule memslot pfnmap-cacheable-unsupported \d+$/.test(l))).toBe(true);
    expect(out.at(-1)).toMatch(/1 artefact drifted$/);
  });
});
