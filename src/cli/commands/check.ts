// s2check check: every version against every property, by enumeration and by proof.

import type { ModelBundle } from '../../bundle.ts';
import { checkJson, checkText, exitCode, versionReport } from '../../report/check-report.ts';
import { Prover } from '../../solver/prover.ts';
import { z3 } from '../../solver/z3.ts';
import { verify } from '../../verify.ts';
import type { Io } from '../common.ts';
import { format, noPositionals, parse, parseTimeout, resolveProfile, resolveVersion } from '../common.ts';

export async function cmdCheck(bundle: ModelBundle, args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    version: { type: 'string', multiple: true },
    profile: { type: 'string' },
    format: { type: 'string' },
    'no-prove': { type: 'boolean' },
    timeout: { type: 'string' },
  });
  noPositionals('check', positionals);
  const fmt = format(values.format, ['text', 'json']);
  const profile = resolveProfile(bundle, (values.profile as string) ?? bundle.defaultProfile);
  const requested = (values.version as string[] | undefined) ?? bundle.versions.map((v) => v.id);
  const versions = [...new Map(requested.map((id) => resolveVersion(bundle, id)).map((v) => [v.id, v])).values()];
  const timeoutMs = parseTimeout(values.timeout);
  const prover = values['no-prove'] ? undefined : new Prover(bundle.system, bundle.checker, await z3(), { timeoutMs });
  const reports = [];
  for (const v of versions) reports.push(versionReport(bundle, v, profile.name, await verify(bundle.system, bundle.checker, prover, v.id, profile.ids)));
  io.out(fmt === 'json' ? checkJson(reports) : checkText(bundle, reports));
  return exitCode(reports);
}
