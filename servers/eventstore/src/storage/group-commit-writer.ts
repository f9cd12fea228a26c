import { constants } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { setFrameFlushOffset, type EncodedFrame } from './log-record.codec.js';
import { encodeSegmentHeader, SEGMENT_HEADER_SIZE } from './segment-header.codec.js';
import { syncDirectory } from './log-recovery.js';
import { GroupCommitQueue } from '@embedded-servers/storage';

/** A segment file of the log, existing or planned (created on disk by its first write). */
export interface LogSegment {
  segmentNumber: number;
  base: number;
  path: string;
  /** Whether the file exists with a durable header. */
  created: boolean;
  /** Length of the log in the file (header and whole frames) known to be on disk. */
  durableLength: number;
  /** Length of the file on disk: past `durableLength` it holds zeros written ahead (preallocation). */
  allocatedLength: number;
  /** Descriptor for synchronous body reads, opened on first read. */
  readFd?: number;
}

/** One `append` call waiting for its bytes to be durable; `frame` is absent for an empty batch. */
export interface WriteOp {
  segment: LogSegment;
  fileOffset: number;
  frame: EncodedFrame | undefined;
}

/**
 * For tests and fault injection: 'write' runs before each write, 'sync' once it returned and
 * before its bytes count as durable, 'preallocate' before zeros are written ahead of the log;
 * throwing fails that I/O (a failed preallocation only turns preallocation off).
 */
export type IoHook = (kind: 'write' | 'sync' | 'preallocate', path: string) => void | Promise<void>;

export interface WriterStats {
  flushes: number;
  fdatasyncs: number;
  bytesWritten: number;
  frames: number;
  /** Zero-filled extensions of a segment file written ahead of its log. */
  preallocations: number;
}

export interface GroupCommitOptions {
  /** Upper bound of the bytes one group commit writes (a larger batch goes alone). */
  maxFlushBytes: number;
  /** Largest zero-filled extension written ahead of the log end; 0 turns preallocation off. */
  preallocateBytes: number;
  /** Files are not preallocated past this length (the log moves on to a new segment there). */
  segmentSize: number;
  ioHook?: IoHook;
}

export class LogWriteError extends Error {
  override name = 'LogWriteError';
}

const MAX_IOVECS = 512;
/** A fresh segment is extended by this much at first, then by as much as it holds (up to the max). */
const MIN_PREALLOCATION = 1024 * 1024;
/** Zeros every preallocation writes from (several times over in one writev for a larger one). */
const ZEROS = Buffer.alloc(MIN_PREALLOCATION);

interface Preallocation {
  segment: LogSegment;
  from: number;
  done: Promise<void>;
}

/**
 * Writes queued frames with group commit (the shared queue): while one write is in flight, later
 * appends queue up and all go out in the next write, sharing its sync. A group never spans two
 * segments, so at most the last write of the log can be torn by a crash (recovery relies on it).
 *
 * Segment files are extended with zeros ahead of the log, in the background: a durable write
 * that stays within the file's length needs no journal commit of the file size, which makes it
 * markedly faster (ext4: ~130 µs instead of ~200 µs here). Recovery treats a zero tail as free.
 */
export class GroupCommitWriter {
  readonly stats: WriterStats = { flushes: 0, fdatasyncs: 0, bytesWritten: 0, frames: 0, preallocations: 0 };
  private readonly queue: GroupCommitQueue<WriteOp>;
  private handle: FileHandle | undefined;
  private handleSegment: LogSegment | undefined;
  private preallocation: Preallocation | undefined;
  private preallocationOff: boolean;

  constructor(
    private readonly dataDir: string,
    private readonly options: GroupCommitOptions,
  ) {
    this.preallocationOff = options.preallocateBytes <= 0;
    this.queue = new GroupCommitQueue<WriteOp>({
      write: (ops) => {
        this.stats.flushes++;
        return this.writeRun(ops[0].segment, ops);
      },
      sameGroup: (first, next) => first.segment === next.segment,
      bytes: (op) => op.frame?.bytes.length ?? 0,
      maxGroupBytes: options.maxFlushBytes,
      discardUnsynced: () => this.discardUnsynced(),
      failure: (cause) =>
        new LogWriteError(
          `event log write failed, nothing more is accepted until reopened: ${cause instanceof Error ? cause.message : String(cause)}`,
          { cause },
        ),
    });
  }

  /** Set once a write or fdatasync failed: nothing more is written until the log is reopened. */
  get failure(): Error | undefined {
    return this.queue.failure;
  }

  /** Resolves once the op's bytes are durable. */
  enqueue(op: WriteOp): Promise<void> {
    return this.queue.enqueue(op);
  }

  /** Resolves once every queued op is settled. */
  drain(): Promise<void> {
    return this.queue.idle();
  }

  async close(): Promise<void> {
    await this.drain();
    await this.preallocation?.done;
    await this.handle?.close();
    this.handle = undefined;
    this.handleSegment = undefined;
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
    // Zeros being written where these bytes go (or to another file) must land first.
    const ahead = this.preallocation;
    if (ahead && (ahead.segment !== segment || end > ahead.from)) await ahead.done;
    const handle = await this.handleFor(segment, isNew);
    await this.options.ioHook?.('write', segment.path);
    // The file is open with O_DSYNC: the write returns once its bytes are durable, which costs
    // one thread-pool round trip instead of two (a write, then an fdatasync).
    await writeAll(handle, buffers, start, end - start);
    await this.options.ioHook?.('sync', segment.path);
    this.stats.fdatasyncs++;
    this.stats.bytesWritten += end - start;
    if (isNew) {
      await syncDirectory(this.dataDir);
      segment.created = true;
    }
    segment.durableLength = end;
    segment.allocatedLength = Math.max(segment.allocatedLength, end);
    this.preallocate(segment, handle);
  }

  /**
   * Starts extending the file with zeros once less than half an extension is left ahead of the
   * log. Extensions grow with the file (a small log stays small on disk), up to the maximum.
   */
  private preallocate(segment: LogSegment, handle: FileHandle): void {
    if (this.preallocationOff || this.preallocation) return;
    const from = segment.allocatedLength;
    const size = Math.min(this.options.preallocateBytes, Math.max(MIN_PREALLOCATION, from));
    if (from - segment.durableLength >= size / 2) return;
    const to = Math.min(from + size, this.options.segmentSize);
    if (to <= from) return;
    const done = (async () => {
      try {
        await this.options.ioHook?.('preallocate', segment.path);
        await writeZeros(handle, from, to);
        segment.allocatedLength = to;
        this.stats.preallocations++;
      } catch {
        // Only a speed-up: without it writes extend the file themselves.
        this.preallocationOff = true;
      } finally {
        this.preallocation = undefined;
      }
    })();
    this.preallocation = { segment, from, done };
  }

  private async handleFor(segment: LogSegment, isNew: boolean): Promise<FileHandle> {
    if (this.handleSegment === segment && this.handle) return this.handle;
    const previous = this.handleSegment;
    if (this.handle && previous && previous.allocatedLength > previous.durableLength) {
      // A finished segment gives its zeros back; if a crash keeps them, recovery skips them.
      await this.handle.truncate(previous.durableLength).catch(() => undefined);
      previous.allocatedLength = previous.durableLength;
    }
    await this.handle?.close();
    this.handle = undefined;
    this.handleSegment = segment;
    const create = isNew ? constants.O_CREAT | constants.O_EXCL : 0;
    this.handle = await open(segment.path, constants.O_RDWR | constants.O_DSYNC | create);
    return this.handle;
  }

  /** After a failed write: removes what it may have left on disk (recovery cuts it anyway). */
  private async discardUnsynced(): Promise<void> {
    this.preallocationOff = true;
    await this.preallocation?.done;
    const segment = this.handleSegment;
    if (segment && !segment.created) {
      await this.handle?.close();
      this.handle = undefined;
      await unlink(segment.path);
    } else if (segment && this.handle) {
      await this.handle.truncate(segment.durableLength);
      await this.handle.datasync();
      segment.allocatedLength = segment.durableLength;
    }
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

/** Writes zeros over [from, to), durably (the handle is O_DSYNC). */
async function writeZeros(handle: FileHandle, from: number, to: number): Promise<void> {
  for (let at = from; at < to;) {
    const buffers: Buffer[] = [];
    let length = 0;
    while (at + length < to && buffers.length < MAX_IOVECS) {
      const piece = Math.min(ZEROS.length, to - at - length);
      buffers.push(ZEROS.subarray(0, piece));
      length += piece;
    }
    const { bytesWritten } = await handle.writev(buffers, at);
    if (bytesWritten === 0) throw new LogWriteError('preallocation wrote nothing');
    at += bytesWritten;
  }
}
