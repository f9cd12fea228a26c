import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

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
  const path = join(dataDir, 'LOCK');
  const mine = `${process.pid}\n`;
  try {
    await writeFile(path, mine, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number((await readFile(path, 'utf8')).trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      const who = holder === process.pid ? 'another FileLogStorage in this process' : `process ${holder}`;
      throw new DataDirInUseError(`${dataDir} is in use by ${who} (lock file ${path})`);
    }
    await writeFile(path, mine);
  }
  return async () => {
    await unlink(path).catch(() => undefined);
  };
}
