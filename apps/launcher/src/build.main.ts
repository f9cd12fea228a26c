// The first half of `npm start` (through scripts/build.mjs): compiles what changed since the last build.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildChanged } from './incremental-build.js';
import { COMPILED_DIR, repositoryRoot, SOURCE_ROOTS } from './process-entries.js';

const root = repositoryRoot(import.meta.dirname);
try {
  const { compiledFiles, compiled, removed, unchanged, ms } = await buildChanged(
    root,
    SOURCE_ROOTS,
    join(root, COMPILED_DIR),
  );
  const what =
    compiled + removed === 0
      ? 'nothing changed'
      : `${compiled} compiled, ${removed} removed, ${unchanged} unchanged`;
  console.log(`[build] ${what} (${ms} ms) → ${COMPILED_DIR}`);
  const page = (await import(pathToFileURL(join(root, 'scripts/console-page.mjs')).href)) as {
    buildConsolePageIfStale(root: string): boolean;
  };
  if (page.buildConsolePageIfStale(root)) console.log('[build] the console page → apps/console/web/dist');
  // A compiled build that has just compiled a new version of itself runs that one once more, so
  // a change to the build (its options, say) applies to everything now, not on the next start.
  if (
    import.meta.filename.endsWith('.js') &&
    compiledFiles.some((file) => file.startsWith('apps/launcher/src/'))
  ) {
    const again = spawnSync(process.execPath, [import.meta.filename], { stdio: 'inherit' });
    process.exit(again.status ?? 1);
  }
} catch (error) {
  console.error(`[build] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
