import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { type Options, transformFile, version as swcVersion } from '@swc/core';
import { rewriteLedgerImports } from './ledger-imports.js';

/** The same transform jest uses (jest.config.js), so what runs is what the tests ran. */
const SWC_OPTIONS: Options = {
  jsc: {
    target: 'es2023',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};
/** Files compiled at once; swc runs them on its own threads. */
const PARALLEL = 8;
const MANIFEST = '.build-manifest.json';

export interface BuildResult {
  /** The sources compiled this time, from the root. */
  compiledFiles: string[];
  compiled: number;
  removed: number;
  unchanged: number;
  ms: number;
}

type Manifest = { toolchain: string; files: Record<string, string> };

/**
 * Compiles every TypeScript source under `sourceRoots` (tests excepted) into `outDir`, mirroring
 * paths, but only the files whose size or modification time changed since the last build; the
 * compiled files of deleted sources go too. A new swc version or new options rebuild everything.
 */
export async function buildChanged(
  root: string,
  sourceRoots: readonly string[],
  outDir: string,
): Promise<BuildResult> {
  const started = performance.now();
  const toolchain = createHash('sha256')
    .update(`${swcVersion}${JSON.stringify(SWC_OPTIONS)}${rewriteLedgerImports}`)
    .digest('hex');
  const previous = await readManifest(join(outDir, MANIFEST));
  const known = previous?.toolchain === toolchain ? previous.files : {};
  const sources = (await Promise.all(sourceRoots.map((dir) => listSources(root, dir)))).flat();
  const files: Record<string, string> = {};
  const changed: string[] = [];
  for (const { path, fingerprint } of sources) {
    files[path] = fingerprint;
    if (known[path] !== fingerprint) changed.push(path);
  }
  const queue = [...changed];
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      for (let source = queue.shift(); source; source = queue.shift()) await compile(root, source, outDir);
    }),
  );
  const gone = Object.keys(known).filter((path) => !(path in files));
  await Promise.all(gone.map((path) => rm(join(outDir, path.replace(/\.ts$/, '.js')), { force: true })));
  await mkdir(outDir, { recursive: true });
  await writeAtomically(join(outDir, MANIFEST), JSON.stringify({ toolchain, files } satisfies Manifest));
  return {
    compiledFiles: changed,
    compiled: changed.length,
    removed: gone.length,
    unchanged: sources.length - changed.length,
    ms: Math.round(performance.now() - started),
  };
}

async function compile(root: string, source: string, outDir: string): Promise<void> {
  const target = join(outDir, source.replace(/\.ts$/, '.js'));
  const { code } = await transformFile(join(root, source), { ...SWC_OPTIONS, filename: source });
  await mkdir(dirname(target), { recursive: true });
  await writeAtomically(target, rewriteLedgerImports(code, target, outDir));
}

/** Two builds at once (two launchers, two test files) never leave a half-written file to run. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

/** Every `src/**.ts` of each package under `dir` (apps/x, libs/y), without tests. */
async function listSources(root: string, dir: string): Promise<Array<{ path: string; fingerprint: string }>> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  const sources = entries.filter(
    (e) =>
      e.isFile() &&
      e.name.endsWith('.ts') &&
      !/\.(spec|e2e-spec)\.ts$|\.d\.ts$/.test(e.name) &&
      /^[^/]+\/src(\/|$)/.test(relative(join(root, dir), join(e.parentPath, e.name))),
  );
  return Promise.all(
    sources.map(async (e) => {
      const path = relative(root, join(e.parentPath, e.name));
      const { mtimeMs, size } = await stat(join(root, path));
      return { path, fingerprint: `${mtimeMs}:${size}` };
    }),
  );
}

async function readManifest(file: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch {
    // No manifest yet, or a torn one: build everything.
    return undefined;
  }
}
