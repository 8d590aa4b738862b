// The Quint peer benchmark (bench/peers/quint): the spec's hand-derived
// vectors pass under `quint test`, and a small seeded `quint run` finds the
// baseline's violation of no-degrade-of-cacheable-unmapped and none in v10.
//
// Quint takes about 3 s of CPU a process. Seeded, it gives the same output
// on the same inputs, so the output is remembered by them (the arguments,
// stage2.qnt's bytes, Quint's and Node's versions) in node_modules/.cache:
// a developer's next run parses and checks it again without starting
// Quint, a fresh clone or any change to the spec runs Quint.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { quintTest, runQuintPeer } from '../../bench/peers/quint/run.ts';

const remember = fileURLToPath(new URL('../../node_modules/.cache/s2check/quint', import.meta.url));

describe('quint peer', () => {
  it('stage2.qnt passes its vectors (quint test)', async () => {
    const { code, stdout } = await quintTest({ seed: '0x5eed', remember });
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok vectorsBaselineTest passed/);
    expect(stdout).toMatch(/ok vectorsV10Test passed/);
    expect(stdout).toMatch(/2 passing/);
  }, 300_000);

  it('finds the baseline violation and none in v10 (small seeded run)', async () => {
    const r = await runQuintPeer({ maxSamples: 20, seed: '0x5eed', remember });
    if ('error' in r) throw new Error(r.error);
    expect(r.quintVersion).toMatch(/^\d+\.\d+\.\d+/);

    expect(r.v10.error).toBeUndefined();
    expect(r.v10.status).toBe('ok');
    expect(r.v10.violation).toBe(false);
    expect(r.v10.samples).toBe(20);
    expect(r.v10.trace).toEqual({ min: 21, max: 21, average: 21 });
    expect(r.v10.states).toBe(20 * 21);

    expect(r.baseline.error).toBeUndefined();
    expect(r.baseline.status).toBe('violation');
    expect(r.baseline.violationAtSample).toBeGreaterThanOrEqual(1);
    const cex = r.baseline.counterexample;
    expect(cex).not.toBeNull();
    expect(cex!.nvgraceUsememLike).toBe(true);
    expect(cex!.outcome.outcome).toBe('map');
    expect(['DEVICE', 'NORMAL_NC']).toContain(cex!.outcome.attr);
    expect(cex!.state['pfn.mapMemory']).toBe(false);
  }, 300_000);
});
