// Worker-thread entry of src/cli/explorer.ts when the TypeScript sources
// run (tests, tsx): workers do not inherit the main thread's module hooks,
// so tsx is registered again. The build (dist/) starts the compiled
// explore-worker-body.js directly, with no transpiler.
import { register } from 'tsx/esm/api';

register();
await import('./explore-worker-body.ts');
