import { readFile, realpath, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

/**
 * Data directories locked by this process. A `LOCK` holding this process's pid is stale unless
 * listed here: in a container the server is often pid 1 on every start, so a lock left by a
 * crash names the new process too.
 */
const heldByThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the data directory for this process (a `LOCK` file holding its pid), so that a second
 * server started on the same directory fails instead of interleaving writes into the log. A lock
 * left by a process that died (a crash, SIGKILL) is taken over. Returns the release function.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const key = await realpath(dataDir);
  if (heldByThisProcess.has(key)) {
    throw new DataDirInUseError(`${dataDir} is in use by another FileLogStorage in this process`);
  }
  heldByThisProcess.add(key);
  const path = join(dataDir, 'LOCK');
  const mine = `${process.pid}\n`;
  try {
    await writeFile(path, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      heldByThisProcess.delete(key);
      throw error;
    }
    const holder = Number((await readFile(path, 'utf8')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
      heldByThisProcess.delete(key);
      throw new DataDirInUseError(`${dataDir} is in use by process ${holder} (lock file ${path})`);
    }
    await writeFile(path, mine);
  }
  return async () => {
    heldByThisProcess.delete(key);
    await unlink(path).catch(() => undefined);
  };
}
