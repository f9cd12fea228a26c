import type { FileHandle } from 'node:fs/promises';
import { parseRecord, type ParsedRecord } from './wal-record.codec.js';

const CHUNK_BYTES = 4 * 1024 * 1024;

/** How reading stopped: at the end of the file, or at a record that is cut short or damaged. */
export type ReadStop = { kind: 'end' } | { kind: 'incomplete' | 'checksum'; offset: number };

/**
 * Reads records one after another without loading the whole file. A record's payload is a view
 * into the read buffer: it is only valid until the next call to `next`.
 */
export class RecordFileReader {
  private buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  /** File offset of `buffer[0]`. */
  private bufferOffset = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly fileSize: number,
  ) {}

  /** File offset of the next record to read (just past the last one returned). */
  get offset(): number {
    return this.bufferOffset + this.start;
  }

  async next(): Promise<ParsedRecord | ReadStop> {
    for (;;) {
      if (this.offset === this.fileSize) return { kind: 'end' };
      const parsed = parseRecord(this.buffer, this.start, this.end);
      if (parsed.kind === 'record') {
        this.start = parsed.end;
        return parsed;
      }
      if (parsed.kind === 'checksum') return { kind: 'checksum', offset: this.offset };
      // A length pointing past the end of the file is a cut record: never allocate for it.
      if (this.offset + parsed.needed > this.fileSize) return { kind: 'incomplete', offset: this.offset };
      await this.fill(parsed.needed);
    }
  }

  /** Reads until at least `needed` bytes from the current offset are buffered. */
  private async fill(needed: number): Promise<void> {
    const want = Math.min(Math.max(needed, CHUNK_BYTES), this.fileSize - this.offset);
    if (this.buffer.length < want) {
      const grown = Buffer.allocUnsafe(want);
      this.buffer.copy(grown, 0, this.start, this.end);
      this.buffer = grown;
    } else {
      this.buffer.copy(this.buffer, 0, this.start, this.end);
    }
    this.bufferOffset += this.start;
    this.end -= this.start;
    this.start = 0;
    while (this.end < want) {
      const { bytesRead } = await this.handle.read(
        this.buffer,
        this.end,
        want - this.end,
        this.bufferOffset + this.end,
      );
      if (bytesRead === 0)
        throw new Error(`file shrank while reading at offset ${this.bufferOffset + this.end}`);
      this.end += bytesRead;
    }
  }
}
