// Worker-thread entry for the two-core enumeration benchmark: registers tsx
// (workers do not inherit the main thread's loader) and runs the TS body.
import { register } from 'tsx/esm/api';

register();
await import('./enum-worker-body.ts');
