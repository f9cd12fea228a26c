import { open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkFrame,
  decodeRecordHeader,
  FRAME_HEADER_SIZE,
  FRAME_MAGIC,
  type DecodedRecordHeader,
  type FrameCheck,
} from './log-record.codec.js';
import { decodeSegmentHeader, SEGMENT_HEADER_SIZE } from './segment-header.codec.js';
import { SegmentReader, type BufferView } from './segment-reader.js';

const SEGMENT_NAME = /^chunk-(\d{6,})\.log$/;
const ZERO_SCAN_BYTES = 1024 * 1024;
const ZEROS = Buffer.alloc(ZERO_SCAN_BYTES);
const MAGIC_BYTES = Buffer.alloc(4);
MAGIC_BYTES.writeUInt32LE(FRAME_MAGIC);

export function segmentFileName(segmentNumber: number): string {
  return `chunk-${String(segmentNumber).padStart(6, '0')}.log`;
}

/** The log cannot be opened without losing acknowledged events: an operator must look at it. */
export class LogCorruptionError extends Error {
  override name = 'LogCorruptionError';
}

export interface RecoveredSegment {
  segmentNumber: number;
  base: number;
  path: string;
  /** Length of the log in the file after recovery (header and whole frames). */
  length: number;
  /** Length of the file: past `length` only zeros, preallocated space the next frames overwrite. */
  fileLength: number;
}

export interface RecoveryResult {
  segments: RecoveredSegment[];
  events: number;
  /** Bytes of torn or garbage tail cut from the last segment (preallocated zeros not counted). */
  truncatedBytes: number;
  /** A last segment whose creation was torn (no valid header) and was removed. */
  removedSegment: string | undefined;
}

export type RecordSink = (position: number, recordLength: number, header: DecodedRecordHeader) => void;

/** Scans every segment in order, verifying checksums, and cuts a torn tail off the last one. */
export async function recoverLog(dataDir: string, onRecord: RecordSink): Promise<RecoveryResult> {
  const numbers = (await readdir(dataDir))
    .map((name) => SEGMENT_NAME.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  numbers.forEach((n, i) => {
    if (n !== i) throw new LogCorruptionError(`${dataDir}: segment ${segmentFileName(i)} is missing`);
  });
  const result: RecoveryResult = { segments: [], events: 0, truncatedBytes: 0, removedSegment: undefined };
  const intern = stringInterner();
  let base = 0;
  for (const n of numbers) {
    const path = join(dataDir, segmentFileName(n));
    const isLast = n === numbers.length - 1;
    const scanned = await scanSegment(
      path,
      { segmentNumber: n, base },
      isLast,
      intern,
      (position, length, header) => {
        result.events++;
        onRecord(position, length, header);
      },
    );
    if (scanned === 'removed') {
      result.removedSegment = path;
      await syncDirectory(dataDir);
      break;
    }
    result.truncatedBytes += scanned.truncatedBytes;
    result.segments.push({
      segmentNumber: n,
      base,
      path,
      length: scanned.length,
      fileLength: scanned.fileLength,
    });
    base += scanned.length;
  }
  return result;
}

export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface SegmentScan {
  length: number;
  fileLength: number;
  truncatedBytes: number;
}

async function scanSegment(
  path: string,
  expected: { segmentNumber: number; base: number },
  isLast: boolean,
  intern: (s: string) => string,
  onRecord: RecordSink,
): Promise<SegmentScan | 'removed'> {
  const file = await open(path, isLast ? 'r+' : 'r');
  try {
    const reader = new SegmentReader(file, (await file.stat()).size);
    const head = await reader.view(0, SEGMENT_HEADER_SIZE);
    const header = decodeSegmentHeader(head.buf.subarray(head.at, head.end));
    if (!header) {
      await assertTornTail(reader, path, 0, isLast);
      await file.close();
      await unlink(path);
      return 'removed';
    }
    if (header.segmentNumber !== expected.segmentNumber || header.base !== expected.base) {
      throw new LogCorruptionError(
        `${path}: header says segment ${header.segmentNumber} at ${header.base}, ` +
          `expected segment ${expected.segmentNumber} at ${expected.base}`,
      );
    }
    let offset = SEGMENT_HEADER_SIZE;
    while (offset < reader.size) {
      const { check, view } = await frameAt(reader, offset);
      if (check.kind !== 'valid') break;
      for (const recordOffset of check.frame.recordOffsets) {
        const at = view.at + recordOffset;
        onRecord(
          expected.base + offset + recordOffset,
          view.buf.readUInt32LE(at + 4),
          decodeRecordHeader(view.buf, at, intern),
        );
      }
      offset += check.frame.length;
    }
    const damagedEnd = await endOfNonZero(reader, offset);
    // Only zeros after the last frame: space the writer preallocated, kept for the next frames.
    if (damagedEnd === offset) return { length: offset, fileLength: reader.size, truncatedBytes: 0 };
    await assertTornTail(reader, path, offset, isLast);
    await file.truncate(offset);
    await file.sync();
    return { length: offset, fileLength: offset, truncatedBytes: damagedEnd - offset };
  } finally {
    await file.close().catch(() => undefined);
  }
}

/** The end of the last byte that is not zero in [from, end of file), or `from` if there is none. */
async function endOfNonZero(reader: SegmentReader, from: number): Promise<number> {
  let end = from;
  for (let at = from; at < reader.size;) {
    const view = await reader.view(at, ZERO_SCAN_BYTES);
    const bytes = view.buf.subarray(view.at, Math.min(view.end, view.at + ZERO_SCAN_BYTES));
    if (!bytes.equals(ZEROS.subarray(0, bytes.length))) {
      let last = bytes.length - 1;
      while (bytes[last] === 0) last--;
      end = at + last + 1;
    }
    at += bytes.length;
  }
  return end;
}

/** Stream names and types repeat: recovered headers share one string each (a bounded table). */
function stringInterner(maxEntries = 65_536): (s: string) => string {
  const table = new Map<string, string>();
  return (s) => {
    const known = table.get(s);
    if (known !== undefined) return known;
    if (table.size >= maxEntries) table.clear();
    table.set(s, s);
    return s;
  };
}

async function frameAt(
  reader: SegmentReader,
  offset: number,
): Promise<{ check: FrameCheck; view: BufferView }> {
  let view = await reader.view(offset, FRAME_HEADER_SIZE);
  let check = checkFrame(view.buf, view.at, view.end);
  if (check.kind === 'incomplete' && view.end - view.at >= FRAME_HEADER_SIZE) {
    // The frame runs past the chunk read so far: read it whole if the file holds it.
    const length = view.buf.readUInt32LE(view.at + 8);
    if (offset + length <= reader.size) {
      view = await reader.view(offset, length);
      check = checkFrame(view.buf, view.at, view.end);
    }
  }
  return { check, view };
}

/**
 * A bad frame at `badAt` is a torn tail only if nothing after it was written by a later flush:
 * flushes are sequential and each one ends with fdatasync, so an intact frame from a later
 * flush proves the bad bytes had been made durable, i.e. they are corruption, not a torn write.
 */
async function assertTornTail(
  reader: SegmentReader,
  path: string,
  badAt: number,
  isLast: boolean,
): Promise<void> {
  if (!isLast) {
    throw new LogCorruptionError(
      `${path}: corrupt or torn batch at byte ${badAt} of a segment that is not the last`,
    );
  }
  let from = badAt + 1;
  while (reader.size - from >= FRAME_HEADER_SIZE) {
    const view = await reader.view(from, 8 * 1024 * 1024);
    const hit = view.buf.subarray(0, view.end).indexOf(MAGIC_BYTES, view.at);
    if (hit < 0) {
      from += view.end - view.at - 3;
      continue;
    }
    const candidate = from + (hit - view.at);
    const { check } = await frameAt(reader, candidate);
    if (check.kind === 'valid') {
      const flushStart = candidate - check.frame.flushOffset;
      if (flushStart > badAt) {
        throw new LogCorruptionError(
          `${path}: corrupt batch at byte ${badAt}, yet an intact batch written later follows at byte ${candidate}`,
        );
      }
      from = candidate + check.frame.length;
    } else {
      from = candidate + 1;
    }
  }
}
