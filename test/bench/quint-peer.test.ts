// The Quint peer benchmark (bench/peers/quint): the spec's hand-derived
// vectors pass under `quint test`, and a small seeded `quint run` finds the
// baseline's violation of no-degrade-of-cacheable-unmapped and none in v10.
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { quintInstall, runQuintPeer, SPEC_PATH } from '../../bench/peers/quint/run.ts';

describe('quint peer', () => {
  it('stage2.qnt passes its vectors (quint test)', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [quintInstall().cli, 'test', '--backend', 'typescript', SPEC_PATH],
      { cwd: dirname(fileURLToPath(import.meta.url)), env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(stdout).toMatch(/ok vectorsBaselineTest passed/);
    expect(stdout).toMatch(/ok vectorsV10Test passed/);
    expect(stdout).toMatch(/2 passing/);
  }, 300_000);

  it('finds the baseline violation and none in v10 (small seeded run)', async () => {
    const r = await runQuintPeer({ maxSamples: 20, seed: '0x5eed' });
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
