import type { FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 8 * 1024 * 1024;

export interface BufferView {
  buf: Buffer;
  /** Index in `buf` of the requested file offset. */
  at: number;
  /** Index in `buf` just past the last byte read (never past the end of the file). */
  end: number;
}

/** Sequential reads of a segment file in large chunks, re-reading when a frame crosses a chunk. */
export class SegmentReader {
  private buf = Buffer.allocUnsafe(0);
  private start = 0;
  private filled = 0;

  constructor(
    private readonly file: FileHandle,
    readonly size: number,
  ) {}

  /** Returns a view holding at least `length` bytes from `offset` (fewer only at the end of file). */
  async view(offset: number, length: number): Promise<BufferView> {
    const wanted = Math.min(length, this.size - offset);
    if (offset < this.start || offset + wanted > this.start + this.filled) {
      const toRead = Math.min(Math.max(CHUNK_BYTES, wanted), this.size - offset);
      if (this.buf.length < toRead) this.buf = Buffer.allocUnsafe(Math.max(toRead, CHUNK_BYTES));
      let filled = 0;
      while (filled < toRead) {
        const { bytesRead } = await this.file.read(this.buf, filled, toRead - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      this.start = offset;
      this.filled = filled;
    }
    return { buf: this.buf, at: offset - this.start, end: this.filled };
  }
}
