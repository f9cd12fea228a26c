import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUseError, lockDataDir } from './data-dir.lock.js';

describe('a data directory lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'data-dir-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes this process pid into LOCK and removes it on release', async () => {
    const lock = await lockDataDir(dir);
    expect(await readFile(join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
    await expect(readFile(join(dir, 'LOCK'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a second lock in this process until the first is released', async () => {
    const lock = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(/already open in this process/);
    await lock.release();
    await (await lockDataDir(dir)).release();
  });

  it('refuses a lock held by another live process, naming it', async () => {
    await writeFile(join(dir, 'LOCK'), `${process.ppid}\n`);
    const taking = lockDataDir(dir);
    await expect(taking).rejects.toThrow(DataDirInUseError);
    await expect(lockDataDir(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it.each([
    ['its own pid, as pid 1 in a container after a crash', () => `${process.pid}\n`],
    ['a pid no process has', () => '2147483646\n'],
    ['garbage', () => 'not a pid'],
  ])('takes over a stale lock holding %s', async (_what, content) => {
    await writeFile(join(dir, 'LOCK'), content());
    const lock = await lockDataDir(dir);
    expect(await readFile(join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });
});
