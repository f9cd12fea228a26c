import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildChanged } from './incremental-build.js';

const run = promisify(execFile);

describe('the incremental build', () => {
  let root: string;
  const out = () => join(root, 'dist');
  const write = async (path: string, text: string) => {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  };
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'launcher-build-'));
    await write('package.json', '{"type":"module"}');
    await write(
      'libs/greeting/src/index.ts',
      'export const greet = (name: string): string => `hello ${name}`;\n',
    );
    await write('libs/greeting/src/index.unit.spec.ts', 'throw new Error("tests are not compiled");\n');
    await write(
      'apps/hello/src/main.ts',
      "import { greet } from '@ledger/greeting';\nconsole.log(greet('ledger'));\n",
    );
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('compiles every source but the tests into files plain node runs, @ledger imports included', async () => {
    expect(await buildChanged(root, ['apps', 'libs'], out())).toMatchObject({
      compiled: 2,
      removed: 0,
      unchanged: 0,
    });
    await expect(stat(join(out(), 'libs/greeting/src/index.unit.spec.js'))).rejects.toThrow();
    const { stdout } = await run(process.execPath, [join(out(), 'apps/hello/src/main.js')], { cwd: root });
    expect(stdout).toBe('hello ledger\n');
  });

  it('compiles nothing when nothing changed, only the changed file otherwise, and drops what was deleted', async () => {
    await buildChanged(root, ['apps', 'libs'], out());
    expect(await buildChanged(root, ['apps', 'libs'], out())).toMatchObject({
      compiled: 0,
      removed: 0,
      unchanged: 2,
    });

    await write(
      'libs/greeting/src/index.ts',
      'export const greet = (name: string): string => `hi ${name}`;\n',
    );
    // Even a file put back with an older time is seen: the build compares, not orders, times.
    await utimes(join(root, 'libs/greeting/src/index.ts'), new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(await buildChanged(root, ['apps', 'libs'], out())).toMatchObject({ compiled: 1, unchanged: 1 });
    expect(await readFile(join(out(), 'libs/greeting/src/index.js'), 'utf8')).toContain('hi ');

    await rm(join(root, 'apps/hello/src/main.ts'));
    expect(await buildChanged(root, ['apps', 'libs'], out())).toMatchObject({ compiled: 0, removed: 1 });
    await expect(stat(join(out(), 'apps/hello/src/main.js'))).rejects.toThrow();
  });

  it('rebuilds everything when the build manifest is damaged', async () => {
    await buildChanged(root, ['apps', 'libs'], out());
    await writeFile(join(out(), '.build-manifest.json'), '{torn');
    expect(await buildChanged(root, ['apps', 'libs'], out())).toMatchObject({ compiled: 2 });
  });
});
