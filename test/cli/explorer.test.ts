// The exploring thread of `check` (src/cli/explorer.ts): the same
// results as on the main thread, byte for byte, and a failure in the
// thread is an error, not a hang. And `check` is deterministic: separate
// processes give the same bytes, with the thread or without it, and so
// does a run in a process that has done other work before.

import { describe, expect, it } from 'vitest';
import { runCommand, s2checkWith } from '../helpers/run.ts';
import { KVM_ARM64_STAGE2 } from '../../model/index.ts';
import { countHere, explorer } from '../../src/cli/explorer.ts';
import { makeFamily } from '../../model/family.ts';
import { VERSIONS } from '../../model/versions/index.ts';

const profile = { name: 'default', ids: KVM_ARM64_STAGE2.profiles.default };

describe('the exploring thread', () => {
  it('gives what this thread gives: results, timing aside, and table facts', async () => {
    const job = { versions: ['v9', 'v10'], profile, ruleFiles: [], tableFacts: true };
    const threaded = explorer(KVM_ARM64_STAGE2, job);
    try {
      expect(threaded.threaded).toBe(true);
      // Asked in the other order than computed: results wait for their asker.
      for (const id of ['v10', 'v9']) {
        const there = await threaded.get(id);
        const here = countHere(KVM_ARM64_STAGE2, id, job);
        expect(there.result).toEqual(here.result);
        expect(there.table).toEqual(here.table);
        expect(there.table?.feasible.default).toBe(here.result.feasibleStates);
      }
    } finally {
      await threaded.close();
    }
  }, 60_000);

  it('hands this thread the trees and row diagrams: it runs no rules for them', async () => {
    // A bundle of its own, so that nothing another test built is found here.
    const fresh = makeFamily(VERSIONS, {
      name: KVM_ARM64_STAGE2.name,
      proofsDir: KVM_ARM64_STAGE2.proofsDir,
      loadFrom: KVM_ARM64_STAGE2.loadFrom,
      infos: KVM_ARM64_STAGE2.versions,
    });
    const job = { versions: ['v10'], profile, ruleFiles: [], tableFacts: true };
    const threaded = explorer(fresh, job);
    try {
      await threaded.prepare('v10');
      for (const id of fresh.checker.versionsRead('v10')) expect(fresh.checker.tables.has(id)).toBe(true);
      // Counting from the adopted diagrams gives what a thread that built them gives.
      const there = await threaded.get('v10');
      expect(there.result).toEqual(countHere(KVM_ARM64_STAGE2, 'v10', job).result);
    } finally {
      await threaded.close();
    }
  }, 60_000);

  it('reports a failure in the thread as an error', async () => {
    const threaded = explorer(KVM_ARM64_STAGE2, { versions: ['no-such-version'], profile, ruleFiles: [], tableFacts: false });
    try {
      await expect(threaded.get('no-such-version')).rejects.toThrow(/exploring thread: .*no-such-version/);
    } finally {
      await threaded.close();
    }
  }, 60_000);

  it('separate processes give the same bytes, with the thread and without it (S2CHECK_THREADS=1); so does a run in this process, its caches warm', async () => {
    const args = ['check', '--version', 'v8', '--version', 'v10', '--format', 'json'];
    const run = async (threads: string | undefined) => {
      const env = { ...process.env };
      if (threads === undefined) delete env.S2CHECK_THREADS;
      else env.S2CHECK_THREADS = threads;
      const r = await runCommand('node', ['bin/s2check.mjs', ...args], env);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    // The third run has the thread too, and this worker's tables, diagrams
    // and Z3 context as other test files left them.
    const [two, one, here] = await Promise.all([run(undefined), run('1'), s2checkWith({ env: { S2CHECK_THREADS: undefined } }, ...args)]);
    expect(here.status, here.stderr).toBe(0);
    expect(two.length).toBeGreaterThan(0);
    expect(one === two).toBe(true);
    expect(here.stdout === two).toBe(true);
  }, 120_000);
});
