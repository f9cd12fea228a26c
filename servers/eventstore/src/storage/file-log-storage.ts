import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type DataDirLock, lockDataDir } from '@embedded-servers/storage';
import { EventBodyCache } from './event-body-cache.js';
import { LogTail } from './log-tail.js';
import { GroupCommitWriter, type IoHook, type LogSegment, type WriterStats } from './group-commit-writer.js';
import {
  checkRecord,
  decodeRecordHeader,
  encodeFrame,
  FRAME_HEADER_SIZE,
  LogFormatError,
} from './log-record.codec.js';
import { SEGMENT_HEADER_SIZE } from './segment-header.codec.js';
import { recoverLog, segmentFileName, type RecoveryResult } from './log-recovery.js';
import type { EventRecord, LogStorage, StoredEvent, StoredEventHeader } from './log-storage.js';
import { PositionIndex } from './position-index.js';
import { planRecordRuns } from './record-runs.js';

/**
 * Catch-up reads fetch neighbouring records with one read of up to 256 KiB: a read a record
 * was the largest cost of a catch-up. Gaps up to 16 KiB (frame headers, records a filter
 * skips) are read over: cheaper than another syscall.
 */
const RUN_LIMITS = { maxBytes: 256 * 1024, maxGap: 16 * 1024 };

export interface FileLogStorageOptions {
  /** A segment file is closed and the next one started once it reaches this size (default 256 MiB). */
  segmentSize?: number;
  /**
   * Bytes of the log's end kept in memory as written (default 8 MiB, ~25 k small events): the
   * events live subscribers and recent aggregates read, served without a syscall.
   */
  tailBytes?: number;
  /**
   * Bound of the cache of events read from disk (default 4 MiB; each entry's objects cost about
   * as much again as its bodies): older streams read again and again.
   */
  cacheBytes?: number;
  /** Upper bound of the bytes one group commit writes (default 16 MiB; a larger batch goes alone). */
  maxFlushBytes?: number;
  /**
   * Largest zero-filled extension of a segment file written ahead of the log (default 8 MiB; 0
   * turns it off): durable writes within the file's length skip a journal commit of its size.
   */
  preallocateBytes?: number;
  /** Runs around each durable write (see IoHook); for tests (counting, or throwing to simulate a disk error). */
  ioHook?: IoHook;
}

export interface FileLogStorageStats extends WriterStats {
  events: number;
  cacheBytes: number;
  cacheEntries: number;
  cacheHits: number;
  cacheMisses: number;
  tailBytes: number;
  tailHits: number;
}

type State = 'new' | 'opening' | 'open' | 'closed';

/**
 * The durable event log: each `append` batch is one checksummed frame in `chunk-NNNNNN.log`
 * segment files under `dataDir` (format in log-record.codec.ts); appends made while a write +
 * fdatasync is in flight share the next one. A position is the event record's byte offset in
 * the logical log. `open` verifies every checksum, cuts a torn tail and refuses a log damaged
 * anywhere else (LogCorruptionError). Bodies are read back on demand, from the tail of the log
 * kept in memory, a bounded LRU cache of disk reads, or the disk; memory per event is 12 bytes
 * (position and length) plus whatever the caller keeps.
 */
export class FileLogStorage implements LogStorage {
  private readonly segmentSize: number;
  private readonly cache: EventBodyCache;
  private readonly tail: LogTail;
  private readonly writer: GroupCommitWriter;
  private readonly index = new PositionIndex();
  private readonly segments: LogSegment[] = [];
  private state: State = 'new';
  /** The segment new frames go to, and the file offset the next frame will get in it. */
  private head: LogSegment;
  private assignedEnd = SEGMENT_HEADER_SIZE;
  private lock: DataDirLock | undefined;
  /** What the last `open` found and repaired. */
  recovery: RecoveryResult | undefined;

  constructor(
    private readonly dataDir: string,
    options: FileLogStorageOptions = {},
  ) {
    this.segmentSize = options.segmentSize ?? 256 * 1024 * 1024;
    if (!(this.segmentSize > SEGMENT_HEADER_SIZE)) {
      throw new RangeError(`segmentSize too small: ${this.segmentSize}`);
    }
    this.cache = new EventBodyCache(options.cacheBytes ?? 4 * 1024 * 1024);
    this.tail = new LogTail(options.tailBytes ?? 8 * 1024 * 1024);
    this.writer = new GroupCommitWriter(dataDir, {
      maxFlushBytes: options.maxFlushBytes ?? 16 * 1024 * 1024,
      preallocateBytes: options.preallocateBytes ?? 8 * 1024 * 1024,
      segmentSize: this.segmentSize,
      ioHook: options.ioHook,
    });
    this.head = this.planSegment(0, 0);
  }

  get nextPosition(): bigint {
    return BigInt(this.head.base + this.assignedEnd + FRAME_HEADER_SIZE);
  }

  get stats(): FileLogStorageStats {
    return {
      ...this.writer.stats,
      events: this.index.size,
      cacheBytes: this.cache.sizeBytes,
      cacheEntries: this.cache.size,
      cacheHits: this.cache.hits,
      cacheMisses: this.cache.misses,
      tailBytes: this.tail.byteLength,
      tailHits: this.tail.hits,
    };
  }

  async open(onRecovered: (event: StoredEventHeader) => void): Promise<void> {
    if (this.state !== 'new') throw new Error(`FileLogStorage.open: already ${this.state}`);
    this.state = 'opening';
    try {
      await mkdir(this.dataDir, { recursive: true });
      this.lock = await lockDataDir(this.dataDir);
      this.recovery = await recoverLog(this.dataDir, (position, recordLength, h) => {
        this.index.add(position, recordLength);
        onRecovered({
          streamName: h.streamName,
          revision: h.revision,
          eventId: h.eventId,
          type: h.type,
          contentType: h.contentType,
          created: h.created,
          position: BigInt(position),
        });
      });
    } catch (error) {
      this.state = 'closed';
      await this.lock?.release();
      throw error;
    }
    for (const { segmentNumber, base, path, length, fileLength } of this.recovery.segments) {
      this.segments.push({
        segmentNumber,
        base,
        path,
        created: true,
        durableLength: length,
        allocatedLength: fileLength,
      });
    }
    const last = this.segments.at(-1);
    if (last) {
      this.head = last;
      this.assignedEnd = last.durableLength;
      if (this.assignedEnd >= this.segmentSize) this.rollHead();
    } else {
      this.segments.push(this.head);
    }
    this.state = 'open';
  }

  append(batch: readonly EventRecord[]): Promise<StoredEvent[]> {
    if (this.state !== 'open') {
      return Promise.reject(
        new Error(`FileLogStorage is ${this.state === 'closed' ? 'closed' : 'not open'}`),
      );
    }
    if (this.writer.failure) return Promise.reject(this.writer.failure);
    let frame;
    try {
      frame = batch.length > 0 ? encodeFrame(batch) : undefined;
    } catch (error) {
      return Promise.reject(error);
    }
    const segment = this.head;
    const fileOffset = this.assignedEnd;
    const frameAt = segment.base + fileOffset;
    // Fields listed rather than spread: spreading was a measurable share of append's CPU.
    const events: StoredEvent[] = batch.map((e, i) => ({
      streamName: e.streamName,
      revision: e.revision,
      eventId: e.eventId,
      type: e.type,
      contentType: e.contentType,
      created: e.created,
      data: e.data,
      metadata: e.metadata,
      position: BigInt(frameAt + frame!.recordOffsets[i]),
    }));
    if (frame) {
      this.assignedEnd += frame.bytes.length;
      if (this.assignedEnd >= this.segmentSize) this.rollHead();
    }
    return this.writer.enqueue({ segment, fileOffset, frame }).then(() => {
      if (frame) {
        for (let i = 0; i < events.length; i++) {
          this.index.add(frameAt + frame.recordOffsets[i], frame.recordLengths[i]);
        }
        this.tail.append(frameAt, frame.bytes);
      }
      return events;
    });
  }

  read(position: bigint): StoredEvent {
    if (this.state === 'closed') throw new Error('FileLogStorage is closed');
    const at = Number(position);
    const length = this.index.recordLength(at);
    if (length === undefined) throw new RangeError(`no event at position ${position}`);
    return this.readRecord(at, length);
  }

  /** The event whose record of `length` bytes starts at `at`: tail, cache or disk. */
  private readRecord(at: number, length: number): StoredEvent {
    const position = BigInt(at);
    const recent = this.tail.read(at, length);
    if (recent) return decodeEvent(recent, position);
    const cached = this.cache.get(at);
    if (cached) return cached;
    const buf = this.readFromDisk(at, length);
    if (checkRecord(buf, 0, length) !== length) {
      throw new LogFormatError(`corrupt event record at position ${position}`);
    }
    const event = decodeEvent(buf, position);
    this.cache.set(at, event);
    return event;
  }

  readMany(positions: readonly number[]): StoredEvent[] {
    if (this.state === 'closed') throw new Error('FileLogStorage is closed');
    const lengths = new Array<number>(positions.length);
    let index = -1;
    for (let i = 0; i < positions.length; i++) {
      index = this.index.indexOf(positions[i]!, index);
      if (index < 0) throw new RangeError(`no event at position ${positions[i]}`);
      lengths[i] = this.index.lengthAt(index);
    }
    const events = new Array<StoredEvent>(positions.length);
    const segmentEnd = (at: number): number => this.segments[this.segmentIndexOf(at) + 1]?.base ?? Infinity;
    for (const run of planRecordRuns(positions, lengths, segmentEnd, RUN_LIMITS)) {
      // A lone record goes through the cache, as random reads (aggregate loads) do.
      if (run.to - run.from === 1) {
        events[run.from] = this.readRecord(run.start, lengths[run.from]!);
        continue;
      }
      const recent = this.tail.read(run.start, run.end - run.start);
      const bytes = recent ?? this.readFromDisk(run.start, run.end - run.start);
      for (let i = run.from; i < run.to; i++) {
        const offset = positions[i]! - run.start;
        const length = lengths[i]!;
        if (!recent && checkRecord(bytes, offset, offset + length) !== length) {
          throw new LogFormatError(`corrupt event record at position ${positions[i]}`);
        }
        events[i] = decodeEvent(bytes.subarray(offset, offset + length), BigInt(positions[i]!));
      }
    }
    return events;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.writer.close();
    for (const segment of this.segments) {
      if (segment.readFd !== undefined) closeSync(segment.readFd);
      segment.readFd = undefined;
    }
    this.cache.clear();
    this.tail.clear();
    await this.lock?.release();
  }

  private planSegment(segmentNumber: number, base: number): LogSegment {
    const path = join(this.dataDir, segmentFileName(segmentNumber));
    return { segmentNumber, base, path, created: false, durableLength: 0, allocatedLength: 0 };
  }

  /** Starts the next segment where the current one ends; its file is created by its first write. */
  private rollHead(): void {
    this.head = this.planSegment(this.head.segmentNumber + 1, this.head.base + this.assignedEnd);
    this.segments.push(this.head);
    this.assignedEnd = SEGMENT_HEADER_SIZE;
  }

  /** The log bytes [at, at + length), which lie within one segment, from its file. */
  private readFromDisk(at: number, length: number): Buffer {
    const segment = this.segments[this.segmentIndexOf(at)]!;
    segment.readFd ??= openSync(segment.path, 'r');
    const buf = Buffer.allocUnsafe(length);
    const bytesRead = readSync(segment.readFd, buf, 0, length, at - segment.base);
    if (bytesRead !== length) {
      throw new LogFormatError(`log bytes ${at}..${at + length} cut short in ${segment.path}`);
    }
    return buf;
  }

  private segmentIndexOf(position: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.segments[mid].base <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** The event in `record` (exactly one checked record); bodies are views of it. */
function decodeEvent(record: Buffer, position: bigint): StoredEvent {
  const h = decodeRecordHeader(record, 0);
  const metadataEnd = h.bodyOffset + h.metadataLength;
  return {
    streamName: h.streamName,
    revision: h.revision,
    eventId: h.eventId,
    type: h.type,
    contentType: h.contentType,
    created: h.created,
    metadata: record.subarray(h.bodyOffset, metadataEnd),
    data: record.subarray(metadataEnd, metadataEnd + h.dataLength),
    position,
  };
}
