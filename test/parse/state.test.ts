// State tokens on the command line (src/parse/state.ts): presets,
// overrides, partial states, and one-line UsageErrors for bad tokens.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FREE } from '../../src/space/cubes.ts';
import { UsageError } from '../../src/parse/errors.ts';
import { cubeTokens, parseState } from '../../src/parse/state.ts';
import { Space } from '../../src/space/space.ts';
import { KVM_ARM64_STAGE2 as bundle } from '../../model/index.ts';
import { DEFAULT_STATE, PRESETS, presetState } from '../../model/presets.ts';

const { space, presets } = bundle.system;
const parse = (...words: string[]) => parseState(words, space, presets);

function usageError(words: string[], message: RegExp): void {
  let caught: unknown;
  try {
    parse(...words);
  } catch (e) {
    caught = e;
  }
  expect(caught, words.join(' ')).toBeInstanceOf(UsageError);
  const m = (caught as Error).message;
  expect(m).not.toContain('\n');
  expect(m).toMatch(message);
}

describe('parseState', () => {
  it('a preset is a complete state', () => {
    // The series' space has the series' presets (the mainline ones set fields it lacks).
    expect(presets.map((p) => p.name)).toEqual(['anon-ram', 'vfio-bar', 'nvgrace-usemem', 'nvgrace-resmem', 'cow-pfnmap']);
    for (const p of PRESETS.filter((x) => presets.some((y) => y.name === x.name))) {
      const s = parse(p.name);
      expect(s.preset).toBe(p.name);
      expect(s.index).toBe(space.indexOfRecord(presetState(p)));
      expect(s.given).toEqual([]);
    }
  });

  it('a preset followed by overrides', () => {
    const s = parse('nvgrace-usemem', '!cpu.dic', 'fault.exec', 'cpu.fwb=true', 'vma.memType=OTHER');
    const expected = { ...presetState(PRESETS.find((p) => p.name === 'nvgrace-usemem')!), 'cpu.dic': false, 'fault.exec': true, 'cpu.fwb': true, 'vma.memType': 'OTHER' };
    expect(s.index).toBe(space.indexOfRecord(expected));
    expect(s.given).toEqual(['cpu.dic', 'fault.exec', 'cpu.fwb', 'vma.memType']);
    // Several tokens in one word, as a shell passes a quoted argument.
    expect(parse('nvgrace-usemem !cpu.dic  fault.exec cpu.fwb=true vma.memType=OTHER').index).toBe(s.index);
  });

  it('without a preset the fields not given are free (a cube)', () => {
    const s = parse('vma.pfnmap', '!pfn.mapMemory', 'vma.memType=NORMAL_NC');
    expect(s.index).toBeUndefined();
    expect(s.preset).toBeUndefined();
    expect(s.cube.filter((d) => d !== FREE)).toHaveLength(3);
    expect(s.cube[space.indexOfField('vma.pfnmap')]).toBe(1);
    expect(s.cube[space.indexOfField('pfn.mapMemory')]).toBe(0);
    expect(cubeTokens(space, s.cube)).toEqual(['vma.pfnmap', 'vma.memType=NORMAL_NC', '!pfn.mapMemory']);
  });

  it('with defaults the fields not given take the default value', () => {
    const s = parseState(['vma.pfnmap'], space, presets, DEFAULT_STATE);
    expect(s.index).toBe(space.indexOfRecord({ ...DEFAULT_STATE, 'vma.pfnmap': true }));
  });

  it('the same value twice is fine; a different one is an error', () => {
    expect(parse('cpu.fwb', 'cpu.fwb=true').cube[space.indexOfField('cpu.fwb')]).toBe(1);
    usageError(['cpu.fwb', '!cpu.fwb'], /state token 2 '!cpu\.fwb': cpu\.fwb is given twice with different values \(token 1 'cpu\.fwb'\)/);
    // Overriding a preset's own value is what overrides are for.
    expect(parse('anon-ram', 'vma.pfnmap').index).toBeDefined();
  });

  it('errors name the bad token and list the choices, closest first', () => {
    usageError([], /no state given/);
    usageError(['cow-pfnmp'], /state token 1 'cow-pfnmp': unknown field or preset 'cow-pfnmp' \(choose from: cow-pfnmap /);
    usageError(['vma.pfnmap', 'vma.pfnmp'], /unknown field 'vma\.pfnmp' \(choose from: vma\.pfnmap /);
    usageError(['!vma.pfnmp'], /unknown field 'vma\.pfnmp'/);
    usageError(['vma.memType'], /state token 1 'vma\.memType': vma\.memType takes a value: vma\.memType=VALUE with VALUE one of NORMAL /);
    usageError(['!vma.memType'], /vma\.memType takes a value/);
    usageError(['vma.memType=normal'], /unknown value 'normal' of vma\.memType \(choose from: NORMAL /);
    usageError(['cpu.fwb=maybe'], /cpu\.fwb is true or false .* not 'maybe'/);
    usageError(['!cpu.fwb=false'], /write !cpu\.fwb or cpu\.fwb=false, not both/);
    usageError(['vma.pfnmap', 'vfio-bar'], /state token 2 'vfio-bar': a preset must come first/);
  });

  it('fuzz: any tokens parse or give a one-line UsageError', () => {
    const tokens = [
      ...space.fields.flatMap((f) => (f.type === 'bool' ? [f.name, `!${f.name}`, `${f.name}=true`, `${f.name}=no`] : [`${f.name}=${f.values[0]}`, f.name, `${f.name}=XX`])),
      ...presets.map((p) => p.name),
      'vma.pfnmp', '!', '=', '', 'a=b=c', '!!vma.io', '\u00e9', 'x'.repeat(5000),
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 8 }), (words) => {
        try {
          const s = parse(...words);
          expect(s.cube).toHaveLength(space.fields.length);
        } catch (e) {
          expect(e).toBeInstanceOf(UsageError);
          expect((e as Error).message).not.toContain('\n');
          expect((e as Error).message.length).toBeLessThan(400);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('is generic over the space', () => {
    const sp = new Space([
      { name: 'a', type: 'bool' },
      { name: 'k', type: 'enum', values: ['X', 'Y'] },
    ]);
    const s = parseState(['both', '!a'], sp, [{ name: 'both', index: sp.indexOfRecord({ a: true, k: 'Y' }) }]);
    expect(s.index).toBe(sp.indexOfRecord({ a: false, k: 'Y' }));
  });
});

describe('parseState in a mainline space', () => {
  const b = bundle.at!('7.1');
  it('has every preset, new fields neutral unless set', () => {
    expect(b.system.presets.map((p) => p.name)).toEqual(PRESETS.map((p) => p.name));
    const s = parseState(['pvm-vfio-bar'], b.system.space, b.system.presets);
    expect(b.system.space.record(s.index!)).toMatchObject({ 'vm.protected': true, 'pfn.pin': 'FAIL', 'slot.gmem': 'NONE', 'fault.nested': 'NONE' });
  });
  it('6.18 has the presets of its domain only', () => {
    expect(bundle.at!('6.18').system.presets.map((p) => p.name)).toEqual(['anon-ram', 'vfio-bar', 'nvgrace-usemem', 'nvgrace-resmem', 'cow-pfnmap', 'gmem-ram', 'l2-ram']);
  });
});
