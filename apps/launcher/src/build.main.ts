// `npm run build:js`, and the first half of `npm start`: compiles what changed since the last build.
import { join, resolve } from 'node:path';
import { buildChanged } from './incremental-build.js';
import { COMPILED_DIR, SOURCE_ROOTS } from './process-entries.js';

const root = resolve(import.meta.dirname, '../../..');
try {
  const { compiled, removed, unchanged, ms } = await buildChanged(
    root,
    SOURCE_ROOTS,
    join(root, COMPILED_DIR),
  );
  const what =
    compiled + removed === 0
      ? 'nothing changed'
      : `${compiled} compiled, ${removed} removed, ${unchanged} unchanged`;
  console.log(`[build] ${what} (${ms} ms) → ${COMPILED_DIR}`);
} catch (error) {
  console.error(`[build] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
