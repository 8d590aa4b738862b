// diff: the conditions are a sound and complete description of each
// group, checked state by state against the outcomes; the classes follow
// their definitions; property changes match two independent checks.

import { describe, expect, it } from 'vitest';
import { KVM_ARM64_STAGE2 as bundle } from '../../model/index.ts';
import { OUTCOMES } from '../../model/regression.ts';
import { VARIES } from '../../src/compare/bundle.ts';
import type { DiffResult } from '../../src/compare/diff.ts';
import { computeDiff } from '../../src/compare/diff.ts';
import { radixOf } from '../../src/space/space.ts';
import { s2checkIn } from '../helpers/run.ts';
import type { Value } from '../../src/space/space.ts';

const profile = { name: 'default', ids: bundle.profiles.default };
const { space } = bundle.system;
const radices = space.fields.map(radixOf);

function outcome(version: string, i: number): Record<string, Value> {
  const x = bundle.checker.values(version, i);
  return Object.fromEntries(OUTCOMES.observe.map((n) => [n, x[n]]));
}

const usable = (o: Record<string, Value>) => o['memslot.outcome'] === 'ok' && o['fault.outcome'] === 'map';

function inCondition(masks: readonly number[], d: Int32Array): boolean {
  for (let k = 0; k < masks.length; k++) if ((masks[k] & (1 << d[k])) === 0) return false;
  return true;
}

function verify(a: string, b: string, p: { name: string; ids: readonly string[] } = profile): DiffResult {
  const d = computeDiff(bundle, a, b, p);
  const feasA = bundle.checker.feasibility(a, p.ids);
  const feasB = bundle.checker.feasibility(b, p.ids);
  let differing = 0;
  let feasible = 0;
  const only = { a: 0, b: 0 };
  const counted = d.groups.map(() => 0);
  const errors: string[] = [];
  const fail = (m: string) => errors.length < 10 && errors.push(m);
  const scratch = new Int32Array(space.fields.length);
  for (let i = 0; i < space.size; i++) {
    const [fa, fb] = [feasA(i), feasB(i)];
    if (!fa || !fb) {
      if (fa) only.a++;
      else if (fb) only.b++;
      continue;
    }
    feasible++;
    const oa = outcome(a, i);
    const ob = outcome(b, i);
    const same = JSON.stringify(oa) === JSON.stringify(ob);
    const digits = space.digits(i, scratch);
    // The groups this state falls in, by its class and outcomes.
    const cls = same ? '' : OUTCOMES.classify(oa, ob);
    const member = d.groups.map(
      (g) =>
        !same &&
        g.class === cls &&
        OUTCOMES.observe.every((n) => (g.beforeValues[n] === VARIES || g.beforeValues[n] === oa[n]) && (g.afterValues[n] === VARIES || g.afterValues[n] === ob[n])),
    );
    if (!same) {
      differing++;
      if (member.filter(Boolean).length !== 1) fail(`state ${i} is in ${member.filter(Boolean).length} groups`);
    }
    d.groups.forEach((g, k) => {
      const met = g.conditions.some((c) => inCondition(c.masks, digits));
      if (member[k]) {
        counted[k]++;
        // Complete: some condition of its group meets it.
        if (!met) fail(`state ${i} is met by no condition of its group (${g.class})`);
      } else if (met) {
        // Sound: a condition meets only its group's states, and states both refuse alike.
        if (!same) fail(`state ${i} changes but is not in the group ${g.class} ${g.before} -> ${g.after}`);
        else if (usable(oa)) fail(`state ${i} is usable in both but met by a condition of ${g.class}`);
      }
    });
  }
  expect(errors).toEqual([]);
  expect(d.feasible).toBe(feasible);
  expect(d.feasibleOnly).toEqual(only);
  expect(d.differing).toBe(differing);
  expect(d.groups.map((g) => g.states)).toEqual(counted);
  // Each condition's count is the number of its group's states it meets.
  return d;
}

describe('diff conditions, state by state', () => {
  it('v9 -> v10', () => {
    const d = verify('v9', 'v10');
    expect(d.differing).toBeGreaterThan(0);
    expect(d.classes.map((c) => c.id)).toEqual(['newly-allowed', 'error-changed']);
  });

  it('baseline -> v10', () => {
    const d = verify('baseline', 'v10');
    for (const g of d.groups) expect(OUTCOMES.classes.map((c) => c.id)).toContain(g.class);
  });

  it('baseline -> v10 under end-to-end: states one version refuses at memslot time are feasible for the other only, counted and said', async () => {
    const e2e = { name: 'end-to-end', ids: bundle.profiles['end-to-end'] };
    const d = verify('baseline', 'v10', e2e);
    expect(d.feasibleOnly.a).toBeGreaterThan(0);
    const r = await s2checkIn('diff', 'baseline', 'v10', '--profile', 'end-to-end');
    expect(r.stdout).toMatch(new RegExp(`states feasible for both; \\d+ differ\\n +feasible for one only: ${d.feasibleOnly.a} for baseline, ${d.feasibleOnly.b} for v10`));
  });

  it('a version against itself: nothing differs', () => {
    const d = computeDiff(bundle, 'v10', 'v10', profile);
    expect(d.differing).toBe(0);
    expect(d.groups).toEqual([]);
    expect(d.properties).toEqual([]);
  });
});

describe('classes (model/regression.ts)', () => {
  const o = (fault: string, attr: string, exec: boolean, tags: boolean, memslot: string) => ({
    'fault.outcome': fault,
    'fault.attr': attr,
    'fault.executable': exec,
    'fault.sanitiseTags': tags,
    'memslot.outcome': memslot,
  });
  const map = (attr: string, exec = false, tags = false, memslot = 'ok') => o('map', attr, exec, tags, memslot);
  const err = (e: string, memslot = 'ok') => o(e, 'none', false, false, memslot);
  const cases: Array<[string, Record<string, Value>, Record<string, Value>]> = [
    ['newly-refused', map('NORMAL'), err('EFAULT')],
    ['newly-refused', map('NORMAL'), map('NORMAL', false, false, 'EINVAL')],
    ['newly-allowed', err('EINVAL'), map('DEVICE')],
    ['error-changed', err('EINVAL'), err('EFAULT')],
    ['error-changed', err('EFAULT'), err('EFAULT', 'EINVAL')],
    ['error-changed', err('EFAULT', 'EINVAL'), map('NORMAL', false, false, 'EINVAL')],
    ['less-cacheable', map('NORMAL'), map('NORMAL_NC')],
    ['less-cacheable', map('NORMAL_NC', false, false, 'EINVAL'), map('DEVICE', false, false, 'EINVAL')],
    ['more-cacheable', map('DEVICE'), map('NORMAL', true)],
    ['exec-changed', map('NORMAL', false), map('NORMAL', true, true)],
    ['tags-changed', map('NORMAL', true, false), map('NORMAL', true, true)],
  ];
  for (const [cls, a, b] of cases) {
    it(`${OUTCOMES.describe(a)} -> ${OUTCOMES.describe(b)}: ${cls}`, () => expect(OUTCOMES.classify(a, b)).toBe(cls));
  }
});

describe('property changes', () => {
  it('are the differences of two checks', () => {
    const d = computeDiff(bundle, 'v8', 'v9', profile);
    const a = bundle.checker.check('v8', profile.ids).properties;
    const b = bundle.checker.check('v9', profile.ids).properties;
    const expected = a.flatMap((x, k) =>
      x.verdict !== b[k].verdict || x.violatingStates !== b[k].violatingStates ? [{ id: x.id, before: x.verdict, after: b[k].verdict }] : [],
    );
    expect(d.properties.map((p) => ({ id: p.id, before: p.before, after: p.after }))).toEqual(expected);
    expect(radices.length).toBe(space.fields.length);
  });
});
