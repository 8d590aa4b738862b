// The registry of rule versions, in series order.

import type { RuleVersion } from '../version.ts';
import { baseline } from './baseline/index.ts';
import { v1 } from './v1/index.ts';
import { v2 } from './v2/index.ts';
import { v3 } from './v3/index.ts';
import { v4 } from './v4/index.ts';
import { v6 } from './v6/index.ts';
import { v7 } from './v7/index.ts';
import { v8 } from './v8/index.ts';
import { v9 } from './v9/index.ts';
import { v10 } from './v10/index.ts';
import { v6_18 } from './6.18/index.ts';
import { v6_19 } from './6.19/index.ts';
import { v7_0 } from './7.0/index.ts';
import { v7_1 } from './7.1/index.ts';
import { v7_2 } from './7.2/index.ts';

/** The series (baseline .. v10), then mainline after it (6.18 .. 7.2). */
export const VERSIONS: readonly RuleVersion[] = [baseline, v1, v2, v3, v4, v6, v7, v8, v9, v10, v6_18, v6_19, v7_0, v7_1, v7_2];

/** Resolve an id or alias (merged = 6.17 = v10, 6.12 = baseline, 7.3 = mainline = 7.2). */
export function findVersion(idOrAlias: string): RuleVersion | undefined {
  return VERSIONS.find((v) => v.meta.id === idOrAlias) ?? VERSIONS.find((v) => (v.meta.aliases ?? []).includes(idOrAlias));
}
