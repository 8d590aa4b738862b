// User rule files (check --rules FILE, diff A FILE), from a directory
// outside the tree (the files import 's2check' and 'ts-pattern';
// bin/resolve-hooks.mjs resolves them). A broken file is one line on stderr
// naming the file, exit 2, no stack trace; a rule that throws or a match
// that is not exhaustive is a `total` violation of that version, naming the
// file. The files are vetted once, together, in child processes of the real
// binary (src/cli/vet.ts); a command on a file that fails the vetting never
// loads it, and runs in-process (runToExit(), what the binary runs), as do
// most commands on files that load (vitest.config.ts resolves 's2check').
// The real binary, with its module hooks, loads every file in the vetting
// and runs the commands whose output names a line of the file (vitest's
// transform hides it) and a diff of a file that copies v10.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Run } from '../helpers/run.ts';
import { s2check, s2checkIn } from '../helpers/run.ts';
import { vetAll } from '../../src/cli/vet.ts';

const T = 60_000;

let dir: string;
const file = (name: string) => path.join(dir, name);

/** A copy of v10 under another id, with `patch` spliced into the object. */
const copyOfV10 = (id: string, patch = '') => `
import { match, P } from 'ts-pattern';
import { defineVersion, findVersion, reject, accept } from 's2check';
import type { State } from 's2check';
const v10 = findVersion('v10')!;
export default defineVersion({
  ...v10,
  meta: { ...v10.meta, id: '${id}', alias: undefined, aliases: undefined },
  ${patch}
});
`;

const FILES: Record<string, string> = {
  'copy.ts': copyOfV10('v10-copy'),
  'syntax.ts': 'export default defineVersion({ meta: { id: "x" ]] });\n',
  'no-export.ts': "export const version = { meta: { id: 'x' } };\n",
  'bad-id.ts': copyOfV10('v10-copy').replace("id: 'v10-copy'", 'id: 42'),
  'bad-rules.ts': copyOfV10('bad-rules', "faultRules: 'map-normal',"),
  'bad-fn.ts': copyOfV10('bad-fn', 'memslot: 7,'),
  'bad-layer.ts': copyOfV10('bad-layer').replace("alias: undefined", "alias: undefined, layer: 'post-nc'"),
  'bad-expected.ts': copyOfV10('bad-expected', "expected: { 'no-such-property': { verdict: 'holds' } },"),
  'taken-id.ts': copyOfV10('v9'),
  'not-object.ts': 'export default 42;\n',
  'throws-at-load.ts': "throw new Error('oops at load');\nexport default {};\n",
  'throws.ts': copyOfV10(
    'throws',
    `fault: (s: State) => { if (s.vma.mixedmap && s.cpu.fwb) throw new RangeError('unexpected MIXEDMAP'); return v10.fault(s); },`,
  ),
  'non-exhaustive.ts': copyOfV10(
    'non-exhaustive',
    `memslot: (s: State) => match(s as any)
      .with({ vma: { pfnmap: false } }, () => accept('accept'))
      .with({ vma: { pfnmap: true }, cpu: { fwb: true } }, () => reject('pfnmap-cacheable-unsupported'))
      .exhaustive(),`,
  ),
  'z3-throws.ts': copyOfV10('z3-throws', "z3: () => { throw new Error('z3 slip'); },"),
  'no-expected.ts': copyOfV10('no-expected', 'expected: undefined,'),
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 's2check-rules-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(file(name), text);
  // Vet every file once, together (one tsc program, loads side by side):
  // the commands below then find the results remembered.
  await vetAll(Object.keys(FILES).map(file));
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('broken rule files: exit 2, one line naming the file, no stack trace', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['missing file', 'missing.ts', /missing\.ts: no such file$/],
    ['syntax error', 'syntax.ts', /syntax\.ts: syntax error at line 1:\d+: /],
    ['missing default export', 'no-export.ts', /no-export\.ts: no default export \(write: export default defineVersion\(\{\.\.\.\}\)\)$/],
    ['meta.id not a string', 'bad-id.ts', /bad-id\.ts: meta\.id must be a word .*, not number 42$/],
    ['faultRules not an array', 'bad-rules.ts', /bad-rules\.ts: faultRules must be a non-empty array of rule names, not 'map-normal'$/],
    ['memslot not a function', 'bad-fn.ts', /bad-fn\.ts: memslot must be a function \(s: State\) => MemslotDecision, not number 7$/],
    ['bad layer', 'bad-layer.ts', /bad-layer\.ts: meta\.layer must be 'pre-nc' or 'nc', not 'post-nc'$/],
    ['unknown property in expected', 'bad-expected.ts', /bad-expected\.ts: expected names unknown property 'no-such-property'$/],
    ['id of a shipped version', 'taken-id.ts', /taken-id\.ts: meta\.id 'v9' is already taken by a version/],
    ['default export not an object', 'not-object.ts', /not-object\.ts: the default export is number, not a rule version object$/],
    ['throws while loading', 'throws-at-load.ts', /throws-at-load\.ts: throws while loading: oops at load$/],
  ];
  let runs: Promise<Run[]>;
  beforeAll(() => {
    runs = Promise.all(cases.map(([, name], k) => (k % 2 ? s2checkIn('check', '--rules', file(name), '--no-prove') : s2checkIn('diff', 'v10', file(name)))));
  });
  cases.forEach(([what, , message], k) => {
    it(`${what} (${k % 2 ? 'check --rules' : 'diff'})`, async () => {
      const r = (await runs)[k];
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n')).toBe(true);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr.startsWith('s2check: ')).toBe(true);
      expect(r.stderr.trimEnd()).toMatch(message);
      expect(r.stderr).not.toContain('    at ');
      expect(r.status).toBe(2);
    }, T);
  });
});

describe('rule files that load', () => {
  it('a file outside the tree, importing s2check and ts-pattern: diff against what it copies is empty (the binary)', async () => {
    const r = await s2check('diff', 'v10', file('copy.ts'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}79104 states feasible for both; 0 differ$/m);
    expect(r.stdout).toMatch(/^correctness: unchanged; no feasible state differs$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('summary: 0 states differ in 0 conditions, 0 verdicts changed');
  }, T);

  it('check --rules copy.ts: v10s expectations, all met; artefacts not compared', async () => {
    const r = await s2checkIn('check', '--rules', file('copy.ts'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^== v10-copy from .*copy\.ts: /m);
    expect(r.stdout).toMatch(/^artefacts: not compared \(--rules: a proposal has no committed artefact\)$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('summary: 1 version, 31 verdicts, 31 as expected, 0 unexpected');
  }, T);

  it('no declared expectations: only violations count against the file', async () => {
    const r = await s2checkIn('check', '--rules', file('no-expected.ts'), '--no-prove');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^ {2}cmo-needs-linear-map {2,}holds$/m);
    expect(r.stdout).toMatch(/^ {2}seed-no-cacheable-under-vm-io {2,}violated +!$/m);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^summary: 1 version, 31 verdicts, 26 as expected, 5 unexpected$/);
  }, T);

  it('a rule that throws: total is violated, with the file and the message; exit 1 (the binary)', async () => {
    const r = await s2check('check', '--rules', file('throws.ts'), '--no-prove');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const text = r.stdout.replace(/\n {5,}/g, ' ');
    expect(r.stdout).toMatch(/^ {2}total {2,}violated +!$/m);
    // The root cause first, with the line of the throw.
    expect(text).toMatch(/FAILURE: the rules fail on \d+ of \d+ feasible states.*throws\.ts:\d+: the fault rules throw RangeError: unexpected MIXEDMAP/);
  }, T);

  it('a non-exhaustive match: a type error at its line, before anything runs; exit 2', async () => {
    const r = await s2checkIn('check', '--rules', file('non-exhaustive.ts'), '--no-prove');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^s2check: .*non-exhaustive\.ts:\d+: type error: a match is not exhaustive/);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  }, T);

  it('diff with a version whose rules fail: exit 2, one line naming the file (the binary)', async () => {
    const r = await s2check('diff', 'v10', file('throws.ts'));
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/throws\.ts: the rules fail on \d+ feasible states \(state \d+: .*throws\.ts:\d+: the fault rules throw RangeError: unexpected MIXEDMAP\); see s2check check --rules /);
  }, T);

  it('a Z3 encoding that throws: encodings-agree fails, naming the file; exit 1', async () => {
    const r = await s2checkIn('check', '--rules', file('z3-throws.ts'));
    expect(r.status).toBe(1);
    const text = r.stdout.replace(/\n {6,}/g, ' ');
    expect(text).toMatch(/^ {2}encodings-agree {2,}violated/m);
    expect(text).toMatch(/z3-throws\.ts: the Z3 rules throw z3 slip/);
  }, T);
});
