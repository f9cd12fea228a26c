#!/usr/bin/env node
// The `ledger` bin: runs the CLI's TypeScript through the same loader as `npm run cli`, resolved
// from the repository (not the caller's directory), with the repository's tsconfig paths.
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';

process.env.SWC_NODE_PROJECT ??= fileURLToPath(new URL('../../../tsconfig.json', import.meta.url));
register('@swc-node/register/esm', import.meta.url);
await import('../src/main.ts');
