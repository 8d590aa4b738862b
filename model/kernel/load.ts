// A kernel path where a rule file is accepted: the derived version, with an
// id not yet taken (linux-6.12.117, then linux-6.12.117-2 ...).

import type { LoadedVersion } from '../rule-file.ts';
import { deriveKernel, isKernelPath } from './derive.ts';
import type { KernelDerivation } from './derive.ts';

export { isKernelPath };

/**
 * Derivations of this process, by path and the version compared with
 * (check derives once, then reads it back for the report; a process that
 * runs several commands may ask for another --against).
 */
const DERIVED = new Map<string, KernelDerivation>();

/** A derivation's key: the path under the current --against (S2CHECK_AGAINST). */
const keyOf = (file: string) => `${process.env.S2CHECK_AGAINST ?? ''}\n${file}`;

/** The derivation of a path made in this process under the current --against, if any. */
export function derivation(file: string): KernelDerivation | undefined {
  return DERIVED.get(keyOf(file));
}

export async function loadKernel(file: string, taken: ReadonlySet<string>): Promise<LoadedVersion> {
  let d = derivation(file);
  if (!d) {
    d = await deriveKernel(file, { against: process.env.S2CHECK_AGAINST || undefined });
    DERIVED.set(keyOf(file), d);
  }
  let id = d.version.meta.id;
  for (let n = 2; taken.has(id); n++) id = `${d.version.meta.id}-${n}`;
  const version = id === d.version.meta.id ? d.version : { ...d.version, meta: { ...d.version.meta, id } };
  return { version, file };
}
