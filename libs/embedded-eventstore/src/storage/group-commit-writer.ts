import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { setFrameFlushOffset, type EncodedFrame } from './log-record.codec.js';
import { encodeSegmentHeader, SEGMENT_HEADER_SIZE } from './segment-header.codec.js';
import { syncDirectory } from './log-recovery.js';

/** A segment file of the log, existing or planned (created on disk by its first write). */
export interface LogSegment {
  segmentNumber: number;
  base: number;
  path: string;
  /** Whether the file exists with a durable header. */
  created: boolean;
  /** File length known to be on disk. */
  durableLength: number;
  /** Descriptor for synchronous body reads, opened on first read. */
  readFd?: number;
}

/** One `append` call waiting for its bytes to be durable; `frame` is absent for an empty batch. */
export interface WriteOp {
  segment: LogSegment;
  fileOffset: number;
  frame: EncodedFrame | undefined;
  settle(error?: Error): void;
}

/**
 * For tests and fault injection: 'write' runs before each write, 'sync' once it returned and
 * before its bytes count as durable; throwing fails the I/O (as a failed write or fdatasync).
 */
export type IoHook = (kind: 'write' | 'sync', path: string) => void | Promise<void>;

export interface WriterStats {
  flushes: number;
  fdatasyncs: number;
  bytesWritten: number;
  frames: number;
}

export class LogWriteError extends Error {
  override name = 'LogWriteError';
}

const MAX_IOVECS = 512;

/**
 * Writes queued frames with group commit: while one write + fdatasync is in flight, later appends
 * queue up and all go out in the next write, sharing one fdatasync. Flushes never overlap, so
 * at most the last flush of the log can be torn by a crash (recovery relies on that).
 */
export class GroupCommitWriter {
  readonly stats: WriterStats = { flushes: 0, fdatasyncs: 0, bytesWritten: 0, frames: 0 };
  private queue: WriteOp[] = [];
  private running: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private handleSegment: LogSegment | undefined;
  private failed: Error | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly maxFlushBytes: number,
    private readonly ioHook: IoHook | undefined,
  ) {}

  /** Set once a write or fdatasync failed: nothing more is written until the log is reopened. */
  get failure(): Error | undefined {
    return this.failed;
  }

  enqueue(op: WriteOp): void {
    this.queue.push(op);
    // setImmediate lets every append made in this turn of the event loop join the first flush.
    this.running ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  /** Resolves once every queued op is settled. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.drain();
    await this.handle?.close();
    this.handle = undefined;
    this.handleSegment = undefined;
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const ops = this.takeFlush();
      if (this.failed) {
        for (const op of ops) op.settle(this.failed);
        continue;
      }
      this.stats.flushes++;
      try {
        await this.flush(ops);
      } catch (error) {
        await this.fail(error, ops);
      }
    }
    this.running = undefined;
  }

  private takeFlush(): WriteOp[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || bytes < this.maxFlushBytes)) {
      bytes += this.queue[n].frame?.bytes.length ?? 0;
      n++;
    }
    return this.queue.splice(0, n);
  }

  /**
   * Writes the ops segment by segment; each segment's ops are acknowledged once it is synced and
   * removed from `ops`, so that on failure `ops` holds exactly the unacknowledged ones.
   */
  private async flush(ops: WriteOp[]): Promise<void> {
    while (ops.length > 0) {
      let n = 1;
      while (n < ops.length && ops[n].segment === ops[0].segment) n++;
      await this.writeRun(ops[0].segment, ops.slice(0, n));
      for (const op of ops.splice(0, n)) op.settle();
    }
  }

  private async writeRun(segment: LogSegment, ops: WriteOp[]): Promise<void> {
    const isNew = !segment.created;
    const start = isNew ? 0 : segment.durableLength;
    const buffers: Buffer[] = isNew ? [encodeSegmentHeader(segment)] : [];
    let end = isNew ? SEGMENT_HEADER_SIZE : start;
    for (const op of ops) {
      if (!op.frame) continue;
      if (op.fileOffset !== end)
        throw new LogWriteError(`internal: frame planned at ${op.fileOffset}, log at ${end}`);
      setFrameFlushOffset(op.frame, op.fileOffset - start);
      buffers.push(op.frame.bytes);
      end += op.frame.bytes.length;
      this.stats.frames++;
    }
    if (buffers.length === 0) return;
    const handle = await this.handleFor(segment, isNew);
    await this.ioHook?.('write', segment.path);
    // The file is open with O_DSYNC: the write returns once its bytes are durable, which costs
    // one thread-pool round trip instead of two (a write, then an fdatasync).
    await writeAll(handle, buffers, start, end - start);
    await this.ioHook?.('sync', segment.path);
    this.stats.fdatasyncs++;
    this.stats.bytesWritten += end - start;
    if (isNew) {
      await syncDirectory(this.dataDir);
      segment.created = true;
    }
    segment.durableLength = end;
  }

  private async handleFor(segment: LogSegment, isNew: boolean): Promise<FileHandle> {
    if (this.handleSegment === segment && this.handle) return this.handle;
    await this.handle?.close();
    this.handle = undefined;
    this.handleSegment = segment;
    const create = isNew ? constants.O_CREAT | constants.O_EXCL : 0;
    this.handle = await open(segment.path, constants.O_RDWR | constants.O_DSYNC | create);
    return this.handle;
  }

  /** Rejects everything pending and removes what the failed flush may have left on disk. */
  private async fail(cause: unknown, ops: WriteOp[]): Promise<void> {
    const message = cause instanceof Error ? cause.message : String(cause);
    this.failed = new LogWriteError(
      `event log write failed, nothing more is accepted until reopened: ${message}`,
      {
        cause,
      },
    );
    const segment = this.handleSegment;
    try {
      if (segment && !segment.created) {
        await this.handle?.close();
        this.handle = undefined;
        await unlink(segment.path);
      } else if (segment && this.handle) {
        await this.handle.truncate(segment.durableLength);
        await this.handle.datasync();
      }
    } catch {
      // Best effort: recovery cuts an unsynced tail anyway.
    }
    for (const op of ops) op.settle(this.failed);
    for (const op of this.queue.splice(0)) op.settle(this.failed);
  }
}

async function writeAll(
  handle: FileHandle,
  buffers: Buffer[],
  position: number,
  total: number,
): Promise<void> {
  let written = 0;
  for (let i = 0; i < buffers.length; i += MAX_IOVECS) {
    const chunk = buffers.slice(i, i + MAX_IOVECS);
    const expected = chunk.reduce((sum, b) => sum + b.length, 0);
    const { bytesWritten } = await handle.writev(chunk, position + written);
    if (bytesWritten !== expected)
      throw new LogWriteError(`short write: ${bytesWritten} of ${expected} bytes`);
    written += bytesWritten;
  }
  if (written !== total) throw new LogWriteError(`internal: wrote ${written} of ${total} bytes`);
}
