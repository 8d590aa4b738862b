// 7.2 (= 7.3 = mainline): the fault decides as 7.1; the memslot check
// refuses guest_memfd on an MTE VM (mainline.md 5.5, 5.6).

import { isMatching, match, P } from 'ts-pattern';
import type { MemslotDecision } from '../../outcomes.ts';
import type { State } from '../../state.ts';
import { accept, CACHEABLE_TYPE, forbid, reject } from '../kit.ts';

// The fault path of 7.2.13 and 7.3.4 is 7.1's, function by function.
export { fault, faultRules } from '../7.1/rules.ts';

export const memslotRules = [
  'protected-logging',
  'gmem-not-only',
  'gmem-mte',
  'mte-not-allowed',
  'pfnmap-logging',
  'pfnmap-cacheable-unsupported',
  'accept',
] as const;

export function memslot(s: State): MemslotDecision {
  const cacheable = isMatching(CACHEABLE_TYPE, s.vma.memType);
  return match({ s, cacheable })
    .with({ s: { vm: { protected: true }, slot: { logging: true } } }, () => forbid('protected-logging'))
    .with({ s: { slot: { gmem: 'PRIVATE' } } }, () => reject('gmem-not-only'))
    // "guest_memfd is incompatible with MTE" (mmu.c:2629-2631)
    .with({ s: { slot: { gmem: 'ONLY' }, vm: { mte: true } } }, () => reject('gmem-mte'))
    .with({ s: { vm: { mte: true }, vma: { mteAllowed: false } } }, () => reject('mte-not-allowed'))
    .with({ s: { vma: { pfnmap: true }, slot: { logging: true } } }, () => reject('pfnmap-logging'))
    .with({ s: { vma: { pfnmap: true } }, cacheable: true }, ({ s }) => (s.cpu.fwb && s.cpu.dic ? accept('accept') : reject('pfnmap-cacheable-unsupported')))
    .with(P._, () => accept('accept'))
    .exhaustive();
}
