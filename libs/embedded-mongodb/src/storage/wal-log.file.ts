import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogSink } from './group-commit.writer.js';
import { logFileName, syncDirectory } from './wal-directory.js';

/**
 * One log generation's file, opened on first write. A new file's directory entry is synced
 * before its first record, so an acknowledged batch can never sit in a file that vanishes.
 */
export class WalLogFile implements LogSink {
  readonly path: string;
  private handle: Promise<FileHandle> | undefined;

  /** `size`: bytes already in the file (recovery truncated any torn tail); 0 for a new file. */
  constructor(
    private readonly dir: string,
    readonly generation: number,
    private size: number,
    private readonly exists: boolean,
  ) {
    this.path = join(dir, logFileName(generation));
  }

  async append(data: Buffer): Promise<void> {
    await writeFully(await this.opened(), data, this.size);
    this.size += data.length;
  }

  async sync(): Promise<void> {
    await (await this.opened()).datasync();
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    if (handle) await (await handle).close();
  }

  private opened(): Promise<FileHandle> {
    this.handle ??= this.openFile();
    return this.handle;
  }

  private async openFile(): Promise<FileHandle> {
    if (this.exists) return open(this.path, 'r+');
    const handle = await open(this.path, 'wx');
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
export async function writeFully(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let written = 0;
  while (written < data.length) {
    const { bytesWritten } = await handle.write(data, written, data.length - written, position + written);
    if (bytesWritten <= 0) throw new Error('write made no progress');
    written += bytesWritten;
  }
}
