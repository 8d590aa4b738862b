// Every output format of the regression gate: check (text, json, junit),
// diff (text, markdown, json), history (text); the same bytes twice; text
// at most 75 columns, ASCII, summary line last. In-process (runToExit(),
// what the binary runs), and a fresh process for the same bytes once.

import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { repoRoot, s2check, s2checkIn, s2checkInOnce, s2checkWith } from '../helpers/run.ts';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { makeSystem } from '../../model/system.ts';
import { VERSIONS } from '../../model/versions/index.ts';
import type { ModelBundle } from '../../src/compare/bundle.ts';
import { Checker } from '../../src/enumerate/check.ts';
import { TableCache } from '../../src/enumerate/table.ts';

const T = 120_000;

/** A command in-process, as main() ends it (runToExit()); with another model when given. */
async function cli(argv: string[], bundle?: ModelBundle): Promise<{ code: number; out: string; err: string }> {
  const r = await (bundle ? s2checkWith({ bundle }, ...argv) : s2checkInOnce(...argv));
  return { code: r.status!, out: r.stdout, err: r.stderr };
}

const lines = (t: string) => t.replace(/\n$/, '').split('\n');

function plainText(text: string): void {
  for (const l of lines(text)) {
    expect(l.length, l).toBeLessThanOrEqual(75);
    expect(l, l).toMatch(/^[\x20-\x7e]*$/);
  }
  expect(lines(text).at(-1)).toMatch(/^summary: /);
}

/** A sanity check that the text is well-formed XML of the JUnit shape (no parser at hand). */
function junitShape(xml: string): { tests: number; failures: number; cases: Array<{ classname: string; name: string }> } {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
  expect(xml).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
  // Tags balance (self-closing ones aside), and attribute values hold no raw < or &.
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z-]+)((?:\s+[A-Za-z-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, tag, attrs, self] = m;
    expect(attrs).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/);
    if (self) continue;
    if (close) expect(stack.pop()).toBe(tag);
    else stack.push(tag);
  }
  expect(stack).toEqual([]);
  // Text between tags has no raw < (every < opens a tag or a comment).
  expect(xml.replace(/<!--[^]*?-->/g, '').replace(/<\/?[A-Za-z-]+(\s+[A-Za-z-]+="[^"<]*")*\s*\/?>/g, '').replace(/<\?xml[^>]*\?>/, '')).not.toMatch(/[<>]/);
  const top = /<testsuites [^>]*tests="(\d+)" failures="(\d+)"/.exec(xml)!;
  const cases = [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => ({ classname: m[1], name: m[2] }));
  expect(cases.length).toBe(Number(top[1]));
  expect((xml.match(/<failure /g) ?? []).length).toBe(Number(top[2]));
  return { tests: Number(top[1]), failures: Number(top[2]), cases };
}

const PROPERTIES = KVM_ARM64_STAGE2.system.properties.map((p) => p.id);

describe('check formats', () => {
  let text: { code: number; out: string };
  let json: { code: number; out: string };
  let junit: { code: number; out: string };
  beforeAll(async () => {
    text = await cli(['check', '--version', 'v10', '--version', 'baseline']);
    json = await cli(['check', '--version', 'v10', '--version', 'baseline', '--format', 'json']);
    junit = await cli(['check', '--version', 'v10', '--version', 'baseline', '--format', 'junit']);
  }, T);

  it('text', () => {
    expect(text.code).toBe(0);
    plainText(text.out);
    expect(text.out).toMatch(/^artefacts: 2 fresh in proofs\/$/m);
  });

  it('json: schema s2check/check 3, exit code, artefacts', () => {
    const doc = JSON.parse(json.out);
    expect(doc.schema).toBe('s2check/check');
    expect(doc.version).toBe(3);
    expect(doc.exit).toBe(json.code);
    expect(doc.artefacts).toMatchObject({ compared: true, updating: false, dir: 'proofs', fresh: 2, drifted: 0, missing: 0 });
    expect(doc.versions.map((v: { artefact: { file: string; status: string } }) => v.artefact)).toEqual([
      { file: 'proofs/v10.txt', status: 'fresh', note: null, changes: [] },
      { file: 'proofs/baseline.txt', status: 'fresh', note: null, changes: [] },
    ]);
  });

  it('junit: one testcase per version x property (+ artefact), no failures', () => {
    expect(junit.code).toBe(0);
    const j = junitShape(junit.out);
    expect(j.failures).toBe(0);
    expect(j.cases).toEqual(['v10', 'baseline'].flatMap((v) => [...PROPERTIES, 'artefact'].map((name) => ({ classname: v, name }))));
  });

  it('the format never changes the exit code', () => {
    expect(new Set([text.code, json.code, junit.code]).size).toBe(1);
  });

  it('junit failures carry the reason and the counterexample; drift fails the artefact case', async () => {
    // v10 with its memslot check refusing every MIXEDMAP: unexpected verdicts and drift.
    const versions = VERSIONS.map((v) =>
      v.meta.id !== 'v10' ? v : { ...v, memslot: (s: Parameters<typeof v.memslot>[0]) => (s.vma.mixedmap ? { rule: 'mte-not-allowed', outcome: 'EINVAL' as const } : v.memslot(s)) },
    );
    const system = makeSystem(versions);
    const bundle: ModelBundle = { ...KVM_ARM64_STAGE2, system, checker: new Checker(system, new TableCache(system)) };
    const runs = await Promise.all(['text', 'json', 'junit'].map((f) => cli(['check', '--version', 'v10', '--no-prove', '--format', f], bundle)));
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1]);
    const j = junitShape(runs[2].out);
    expect(j.failures).toBeGreaterThan(1);
    const failure = /<testcase classname="v10" name="memslot-anticipates-fault-errors">\n {6}<failure type="unexpected-verdict" message="([^"]*)">([^<]*)<\/failure>/.exec(runs[2].out);
    expect(failure).not.toBeNull();
    expect(failure![1]).toBe('expected violated, found holds');
    expect(failure![2]).toMatch(/\nexpectation said: versions\.md: MIXEDMAP is not checked at memslot time/);
    expect(runs[2].out).toMatch(/<failure type="artefact-drift" message="proofs\/v10\.txt differs in \d+ lines; if intended, run s2check check --update">/);
    const unexpected = /<testcase classname="v10" name="device-mmio-unchanged">\n {6}<failure type="unexpected-verdict" message="expected holds, found violated">([^<]*)<\/failure>/.exec(runs[2].out);
    expect(unexpected![1]).toMatch(/counterexample: state \d+: \S+/);
    expect(unexpected![1]).toMatch(/why it matters: /);
    const doc = JSON.parse(runs[1].out);
    expect(doc.exit).toBe(1);
    expect(doc.artefacts.drifted).toBe(1);
    expect(doc.versions[0].artefact.changes.length).toBeGreaterThan(0);
    plainText(runs[0].out);
  }, T);
});

describe('diff formats', () => {
  let outs: Record<string, { code: number; out: string }>;
  beforeAll(async () => {
    outs = {};
    for (const f of ['text', 'markdown', 'json']) outs[f] = await cli(['diff', 'v9', 'v10', '--format', f]);
  }, T);

  it('text and markdown: 75 columns, ASCII, the same summary line last', () => {
    plainText(outs.text.out);
    plainText(outs.markdown.out);
    expect(lines(outs.markdown.out).at(-1)).toBe(lines(outs.text.out).at(-1));
    expect(outs.text.out.replace(/\n {2}/g, ' ')).toMatch(/^correctness: .*fixed or improved: device-mmio-unchanged \(violated -> holds\)/m);
    expect(outs.markdown.out).toMatch(/^### v9 -> v10$/m);
    expect(outs.markdown.out).toMatch(/^#### newly-allowed, \d+ states$/m);
  });

  it('json: schema s2check/diff 3, consistent counts', () => {
    const doc = JSON.parse(outs.json.out);
    expect(doc.schema).toBe('s2check/diff');
    expect(doc.version).toBe(3);
    expect(doc.summary).toBe(lines(outs.text.out).at(-1));
    expect(doc.groups.reduce((n: number, g: { states: number }) => n + g.states, 0)).toBe(doc.differingStates);
    expect(doc.classes.map((c: { id: string }) => c.id)).toEqual([
      'newly-refused', 'newly-allowed', 'error-changed', 'less-cacheable', 'more-cacheable', 'exec-changed', 'tags-changed',
    ]);
    expect(doc.correctness.affected).toBe(true);
    expect(outs.json.code).toBe(0);
  });

  it('usage errors: not two arguments, unknown version', async () => {
    const usage = async (argv: string[], message: RegExp) => {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(new RegExp(`^s2check: .*${message.source}`));
    };
    await usage(['diff', 'v9'], /diff takes two versions or rule files/);
    await usage(['diff', 'v9', 'v11'], /unknown version 'v11'/);
    await usage(['diff', 'v9', 'v10', '--format', 'xml'], /unknown format 'xml'/);
  });
});

describe('history', () => {
  it('matrix, legend, changes; from the artefacts', async () => {
    const r = await cli(['history']);
    expect(r.code).toBe(0);
    plainText(r.out);
    const ls = lines(r.out);
    // Fifteen columns do not fit 75: the series, then mainline.
    expect(ls[1]).toBe('baseline .. v10:');
    expect(ls[2]).toBe(`${'property'.padEnd(48)} b 1 2 3 4 6 7 8 9 10`);
    expect(ls).toContain('6.18 .. 7.2:');
    expect(ls).toContain(`${'property'.padEnd(48)} 18 19 70 71 72`);
    for (const p of PROPERTIES) {
      expect(ls.some((l) => new RegExp(`^${p} +([+xo?-][! ]){9}[+xo?-]!?$`).test(l)), p).toBe(true);
      expect(ls.some((l) => new RegExp(`^${p} +([+xo?-][! ] ){4}[+xo?-]!?$`).test(l)), p).toBe(true);
    }
    for (const l of ls) expect(l.length, l).toBeLessThanOrEqual(75);
    expect(r.out).toMatch(/^legend: \+ holds, x violated, o vacuous, \? inconclusive, - not judged;$/m);
    expect(r.out).toMatch(/^source: the committed artefacts \(all 15 fresh\)$/m);
    expect(r.out).toMatch(/^ {2}v10 \(from v9\):\n {4}device-mmio-unchanged violated -> holds$/m);
    // The two FEAT_XNX fixes of 7.1.
    expect(r.out).toMatch(/^ {2}7\.1 \(from 7\.0\):\n {4}nested-exec-within-guest-s2 violated -> holds\n {4}nested-exec-perm-fault-forwarded violated -> holds\n {4}icache-maintained-when-executable violated -> holds\n/m);
    expect(ls.at(-1)).toMatch(/^summary: 15 versions, 465 verdicts, 0 unexpected, \d+ changes$/);
  }, T);

  it('recomputes a version whose artefact is missing, and says so', async () => {
    // The mainline artefacts only: the series' ten are recomputed with proofs
    // (mainline's would take minutes: their proofs are the gate's).
    const dir = mkdtempSync(path.join(tmpdir(), 's2check-history-'));
    for (const id of ['6.18', '6.19', '7.0', '7.1', '7.2']) cpSync(path.join(repoRoot, 'proofs', `${id}.txt`), path.join(dir, `${id}.txt`));
    const r = await s2checkIn('history', '--proofs', dir).then((x) => ({ code: x.status, out: x.stdout }));
    rmSync(dir, { recursive: true });
    expect(r.out.replace(/\n {2}/g, ' ')).toMatch(/^source: artefacts for 5, recomputed with proofs for baseline \(no artefact\), v1 \(no artefact\)/m);
    expect(r.code).toBe(0);
  }, T);
});

describe('determinism: the same bytes twice', () => {
  // Each run of a command computes its report again from the worker's
  // tables and proofs: two runs in-process, then a fresh process (the
  // binary, its own exploring thread) against this worker, which has run
  // other commands before. (test/cli/cli.test.ts runs two fresh processes.)
  const twice = async (args: string[], fresh: boolean) => {
    const [a, b] = await Promise.all([fresh ? s2check(...args) : s2checkIn(...args), s2checkIn(...args)]);
    expect(a.status).toBe(b.status);
    expect(a.stdout.length).toBeGreaterThan(100);
    expect(a.stdout === b.stdout).toBe(true);
  };
  it('diff baseline v10 --format json', () => twice(['diff', 'baseline', 'v10', '--format', 'json'], false), T);
  it('check --version v9 --format junit', () => twice(['check', '--version', 'v9', '--format', 'junit'], false), T);
  it('diff v9 v10 --format markdown (separate processes)', () => twice(['diff', 'v9', 'v10', '--format', 'markdown'], true), T);
});
