import { readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/** A data directory held by this process; `release` gives it back. */
export interface DataDirLock {
  readonly dir: string;
  release(): Promise<void>;
}

/**
 * Data directories locked by this process. A `LOCK` holding this process's pid is stale unless
 * listed here: in a container the server is often pid 1 on every start, so a lock left by a
 * crash names the new process too.
 */
const heldByThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes an existing data directory for this process (a `LOCK` file holding its pid), so that a
 * second server started on it fails instead of interleaving writes into its log. A lock left by
 * a process that no longer runs (a crash, SIGKILL) is taken over; an unreadable one too.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const dir = await realpath(dataDir);
  if (heldByThisProcess.has(dir)) {
    throw new DataDirInUseError(`data directory ${dir} is already open in this process`);
  }
  const path = join(dir, 'LOCK');
  // Exclusive create, twice at most: a stale lock is removed and created afresh, so of two
  // processes taking over the same stale lock only one wins.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      heldByThisProcess.add(dir);
      return {
        dir,
        release: async () => {
          heldByThisProcess.delete(dir);
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(
        `data directory ${dir} is in use by process ${holder} (remove ${path} if it is not)`,
      );
    }
    await rm(path, { force: true });
  }
  throw new DataDirInUseError(`data directory ${dir}: another process took its lock at the same time`);
}
