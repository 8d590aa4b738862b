// docs/model.md is generated from the model (npm run docs:model) and never
// edited by hand: regenerated in memory, it must equal the committed file,
// so the fields, assumptions, outcomes, properties and versions with their
// sources it describes cannot go stale.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { MODEL_DOC, modelDoc } from '../../scripts/model-doc.ts';
import { KVM_ARM64_STAGE2 as B } from '../../model/index.ts';

describe('docs/model.md', () => {
  it('is up to date (else: npm run docs:model)', () => {
    const fresh = modelDoc();
    expect(fresh === readFileSync(MODEL_DOC, 'utf8'), 'docs/model.md is stale: run npm run docs:model').toBe(true);
    for (const f of B.system.space.fields) expect(fresh).toContain(`\`${f.name}\``);
    for (const p of B.system.properties) expect(fresh).toContain(`\`${p.id}\``);
    for (const a of B.assumptions) expect(fresh).toContain(`\`${a.id}\``);
    for (const v of B.versions) expect(fresh).toContain(v.source.slice(0, 20));
    for (const l of fresh.split('\n')) expect(l).toMatch(/^[\x20-\x7e]*$/);
  });
});
