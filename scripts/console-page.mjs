// The console's page (apps/console/web), built with Vite by `npm run build:console` when its build
// is older than its sources: one check for `npm start`'s build step and the console's tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (path) =>
  statSync(path).isDirectory()
    ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
    : statSync(path).mtimeMs;

/** Builds the page unless its build is newer than its sources; true when it built. */
export function buildConsolePageIfStale(root) {
  const web = join(root, 'apps/console/web');
  const built = join(web, 'dist/index.html');
  const sources = Math.max(
    newest(join(web, 'src')),
    newest(join(web, 'index.html')),
    newest(join(web, 'vite.config.ts')),
    newest(join(root, 'libs/api-views/src')),
  );
  if (existsSync(built) && statSync(built).mtimeMs > sources) return false;
  const build = spawnSync('npm', ['run', '--silent', 'build:console'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build:console failed:\n${build.stdout}\n${build.stderr}`);
  return true;
}
