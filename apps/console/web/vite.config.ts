import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/** The budget for the page's JavaScript, gzipped. */
const MAX_GZIPPED_JS = 200 * 1024;

/** Prints the gzipped size of the page's JavaScript and fails the build past the budget. */
const scriptBudget = (): Plugin => ({
  name: 'ledger-script-budget',
  generateBundle(_options, bundle) {
    let total = 0;
    for (const file of Object.values(bundle)) {
      if (file.type === 'chunk') total += gzipSync(file.code).length;
    }
    const line = `console page JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (budget ${MAX_GZIPPED_JS / 1024} KB)`;
    if (total > MAX_GZIPPED_JS) this.error(line);
    this.info(line);
    process.stdout.write(`${line}\n`);
  },
});

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be an inline script, which the Content-Security-Policy refuses.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  // The answers' types, shared with the backend and the CLI: a library that imports nothing.
  resolve: {
    alias: {
      '@ledger/api-views': fileURLToPath(new URL('../../../libs/api-views/src/index.ts', import.meta.url)),
    },
  },
  plugins: [scriptBudget()],
});
