import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The one place that names the entry point of every process the launcher runs, as source paths
 * from the repository root.
 */
export const PROCESS_ENTRIES = {
  eventstore: 'servers/eventstore/src/main.ts',
  mongodb: 'servers/mongodb/src/main.ts',
  'command-api': 'apps/command-api/src/main.ts',
  'query-api': 'apps/query-api/src/main.ts',
  projectors: 'apps/projectors/src/main.ts',
  console: 'apps/console/src/main.ts',
} as const;

export type ProcessKind = keyof typeof PROCESS_ENTRIES;

/** Where the build writes compiled JavaScript, mirroring the repository's paths. */
export const COMPILED_DIR = join('dist', 'js');

/** The folders the build compiles: everything a process above can import. */
export const SOURCE_ROOTS = ['apps', 'libs', 'servers'] as const;

/** The compiled file of a source path, both relative to the repository root. */
export function compiledPath(source: string): string {
  return join(COMPILED_DIR, source.replace(/\.ts$/, '.js'));
}

/**
 * The repository root seen from a module, compiled (dist/js/…) or not: the nearest folder with a
 * package.json, as the compiled tree has none of its own.
 */
export function repositoryRoot(moduleDir: string): string {
  for (let dir = moduleDir; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${moduleDir}`);
  }
}
