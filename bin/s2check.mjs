#!/usr/bin/env node
// Launcher: runs the TypeScript sources through tsx (no build step).
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

register();
// Rule files outside this tree may import 's2check' and 'ts-pattern'.
registerHooks('./resolve-hooks.mjs', import.meta.url);
const { main } = await import('../src/cli/main.ts');
await main(process.argv.slice(2));
