import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Directories this process holds, so a pid in a stale lock that equals ours (pid 1 in a container) is told apart. */
const heldHere = new Set<string>();

/**
 * Keeps a second server from appending to the same log. The lock file holds the owner's pid; a
 * lock left by a process that no longer runs (a crash) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly dir: string) {}

  static async acquire(dir: string): Promise<DataDirLock> {
    const key = resolve(dir);
    const path = join(key, 'LOCK');
    if (heldHere.has(key)) throw new Error(`data directory ${key} is already open in this process`);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
        heldHere.add(key);
        return new DataDirLock(key);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (owner !== process.pid && isRunning(owner)) {
        throw new Error(`data directory ${key} is in use by process ${owner} (remove ${path} if it is not)`);
      }
      await rm(path, { force: true });
    }
    throw new Error(`could not lock data directory ${key}`);
  }

  async release(): Promise<void> {
    heldHere.delete(this.dir);
    await rm(join(this.dir, 'LOCK'), { force: true });
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
