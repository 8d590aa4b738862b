// Worker-thread entry of src/cli/enumerator.ts: workers do not inherit the
// main thread's module hooks, so tsx and the rule-file resolution are
// registered again, as bin/s2check.mjs does.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
registerHooks('../../bin/resolve-hooks.mjs', import.meta.url);
await import('./enumerate-worker-body.ts');
