import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogSink } from './group-commit.writer.js';
import { logFileName, syncDirectory } from './wal-directory.js';

/** What the log needs of an open file: a test can hand in one that fails (an injected I/O fault). */
export type LogFileHandle = Pick<FileHandle, 'write' | 'datasync' | 'truncate' | 'close'>;
export type OpenLogFile = (path: string, flags: 'r+' | 'wx') => Promise<LogFileHandle>;

/**
 * One log generation's file, opened on first write. A new file's directory entry is synced
 * before its first record, so an acknowledged batch can never sit in a file that vanishes.
 */
export class WalLogFile implements LogSink {
  readonly path: string;
  private handle: Promise<LogFileHandle> | undefined;
  private syncedSize: number;

  /** `size`: bytes already in the file (recovery truncated any torn tail); 0 for a new file. */
  constructor(
    private readonly dir: string,
    readonly generation: number,
    private size: number,
    private readonly exists: boolean,
    private readonly openFile: OpenLogFile = open,
  ) {
    this.path = join(dir, logFileName(generation));
    this.syncedSize = size;
  }

  async append(data: Buffer): Promise<void> {
    await writeFully(await this.opened(), data, this.size);
    this.size += data.length;
  }

  async sync(): Promise<void> {
    const size = this.size;
    await (await this.opened()).datasync();
    this.syncedSize = size;
  }

  /**
   * After a failed write or sync: cuts the file back to what was last synced, so a restart does
   * not recover batches the clients were told failed (best effort: the disk is failing).
   */
  async discardUnsynced(): Promise<void> {
    const handle = await this.opened();
    await handle.truncate(this.syncedSize);
    this.size = this.syncedSize;
    await handle.datasync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  }

  private opened(): Promise<LogFileHandle> {
    this.handle ??= this.openLog();
    return this.handle;
  }

  private async openLog(): Promise<LogFileHandle> {
    if (this.exists) return this.openFile(this.path, 'r+');
    const handle = await this.openFile(this.path, 'wx');
    try {
      await syncDirectory(this.dir);
      return handle;
    } catch (error) {
      await handle.close();
      throw error;
    }
  }
}

/** A regular file may take a write in parts (e.g. just before the disk fills up). */
export async function writeFully(handle: LogFileHandle, data: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written, position + written);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    written += bytesWritten;
  }
}
