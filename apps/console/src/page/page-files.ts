import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `npm run build:console` writes the page: apps/console/web/dist in the repository, found
 * from this file whether it runs as source or compiled (dist/js/apps/console/…).
 */
export const PAGE_DIR = join(
  repositoryRoot(fileURLToPath(new URL('.', import.meta.url))),
  'apps/console/web/dist',
);

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/** The built page is a handful of small files: past this it is not a build of ours. */
const MAX_TOTAL_BYTES = 8 << 20;

export interface PageFile {
  body: Buffer;
  contentType: string;
}

/**
 * The built page, read once at start into memory: only these files are ever served, so no
 * request path reaches the file system. Empty when the page was not built.
 */
export function readPageFiles(dir: string = PAGE_DIR): Map<string, PageFile> {
  const files = new Map<string, PageFile>();
  if (!existsSync(dir)) return files;
  let total = 0;
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      const contentType = TYPES[extname(name)];
      if (!contentType) continue;
      const body = readFileSync(path);
      total += body.length;
      if (total > MAX_TOTAL_BYTES)
        throw new Error(`${dir} holds more than ${MAX_TOTAL_BYTES} bytes: not the console's build`);
      files.set(`/${relative(dir, path).split('\\').join('/')}`, { body, contentType });
    }
  };
  walk(dir);
  return files;
}
