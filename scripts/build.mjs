// The build step of `npm start`. The compiled build starts in a tenth of a second; on a fresh
// clone there is none yet, so the first build runs from TypeScript through the loader.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/js/apps/launcher/src/build.main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  await import('@swc-node/register/esm-register');
  await import('../apps/launcher/src/build.main.ts');
}
