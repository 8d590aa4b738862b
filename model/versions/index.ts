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

export const VERSIONS: readonly RuleVersion[] = [baseline, v1, v2, v3, v4, v6, v7, v8, v9, v10];

/** Resolve an id or alias (merged = v10). */
export function findVersion(idOrAlias: string): RuleVersion | undefined {
  return VERSIONS.find((v) => v.meta.id === idOrAlias || v.meta.alias === idOrAlias);
}
