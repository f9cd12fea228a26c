import { open } from 'node:fs/promises';
import type { LogFileHandle, OpenLogFile } from './wal-log.file.js';

/**
 * Log files whose sync a test can hold (`hold()`, then `release()`) and make fail with EIO,
 * standing in for a disk that stops taking writes.
 */
export class FaultyLogDisk {
  failSyncs = false;
  /** Syncs currently held, waiting for `release()`. */
  held = 0;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;

  readonly open: OpenLogFile = async (path, flags) => {
    const file = await open(path, flags);
    const handle: LogFileHandle = {
      write: file.write.bind(file) as LogFileHandle['write'],
      close: () => file.close(),
      truncate: (len) => file.truncate(len),
      datasync: async () => {
        if (this.gate) {
          this.held++;
          await this.gate;
          this.held--;
        }
        if (this.failSyncs) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        await file.datasync();
      },
    };
    return handle;
  };

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = undefined;
  }
}

/** Polls `condition` until it holds, failing after `ms`. */
export async function until(condition: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 5)); // poll interval, bounded by the deadline
  }
}
