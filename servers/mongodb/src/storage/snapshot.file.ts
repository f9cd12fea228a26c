import { open, rename, rm } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import { join } from 'node:path';
import { serialize } from 'bson';
import type { Change } from './mongo-storage.js';
import { RecordFileReader } from './record-file.reader.js';
import { writeFully } from './wal-log.file.js';
import { snapshotFileName, snapshotTempName, syncDirectory } from './wal-directory.js';
import { decodeChanges, decodeDocuments, encodeChanges, encodeRecord } from './wal-record.codec.js';

/**
 * A snapshot file is a run of records: a header `{format, version, generation, lastSeq}`, chunks
 * of changes, and a trailer `{changes, records}`. It only gets its final name once
 * complete and synced, so a snapshot under that name that fails to verify is damage, not a crash.
 */
const FORMAT = 'embedded-mongodb-snapshot';
const VERSION = 1;
const CHUNK_BYTES = 1024 * 1024;
/** Serialising runs in slices this long (ms), so a commit waits for at most one slice. */
const SLICE_MS = 2;
/** Syncing as it goes keeps one huge flush at the end from holding up the log's fdatasyncs. */
const SYNC_EVERY_BYTES = 16 * 1024 * 1024;
/** Snapshots put the record kind where the log keeps the group's first sequence number. */
const HEADER = 1;
const CHUNK = 2;
const TRAILER = 3;

export interface SnapshotHeader {
  generation: number;
  /** Sequence number of the last batch the snapshot includes. */
  lastSeq: number;
}

export class SnapshotCancelledError extends Error {
  constructor() {
    super('snapshot cancelled');
  }
}

/**
 * Writes `changes` (taken from `dump()` at the cut point) in chunks, awaiting each write so
 * commits keep flowing between chunks; then syncs, renames into place and syncs the directory.
 */
export async function writeSnapshot(
  dir: string,
  header: SnapshotHeader,
  changes: readonly Change[],
  isCancelled: () => boolean = () => false,
): Promise<void> {
  const tempPath = join(dir, snapshotTempName(header.generation));
  const handle = await open(tempPath, 'w');
  try {
    let seq = 0;
    let offset = 0;
    const write = async (docs: Uint8Array[], kind: number): Promise<void> => {
      const record = encodeRecord(docs, seq++, kind);
      await writeFully(handle, record, offset);
      if (Math.floor((offset + record.length) / SYNC_EVERY_BYTES) > Math.floor(offset / SYNC_EVERY_BYTES)) {
        await handle.datasync();
      }
      offset += record.length;
    };
    await write([serialize({ format: FORMAT, version: VERSION, ...header })], HEADER);
    let chunk: Uint8Array[] = [];
    let chunkBytes = 0;
    let sliceStarted = performance.now();
    for (let i = 0; i < changes.length; i++) {
      const [doc] = encodeChanges([changes[i]]);
      chunk.push(doc);
      chunkBytes += doc.length;
      const last = i === changes.length - 1;
      if (chunkBytes >= CHUNK_BYTES || last) {
        if (isCancelled()) throw new SnapshotCancelledError();
        await write(chunk, CHUNK);
        chunk = [];
        chunkBytes = 0;
      } else if (performance.now() - sliceStarted < SLICE_MS) {
        continue;
      } else {
        await setImmediate();
      }
      sliceStarted = performance.now();
    }
    await write([serialize({ changes: changes.length, records: seq + 1 })], TRAILER);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw error;
  }
  await handle.close();
  await rename(tempPath, join(dir, snapshotFileName(header.generation)));
  await syncDirectory(dir);
}

/** Checks every record and the trailer without decoding changes; returns the header. */
export async function verifySnapshot(dir: string, generation: number): Promise<SnapshotHeader> {
  return readSnapshot(dir, generation, () => {});
}

/** Streams the snapshot's changes to `apply`; call `verifySnapshot` first so `apply` never sees a bad file. */
export async function loadSnapshot(
  dir: string,
  generation: number,
  apply: (change: Change) => void,
): Promise<SnapshotHeader> {
  return readSnapshot(dir, generation, (payload) => {
    for (const change of decodeChanges(payload)) apply(change);
  });
}

async function readSnapshot(
  dir: string,
  generation: number,
  onChunk: (payload: Buffer) => void,
): Promise<SnapshotHeader> {
  const path = join(dir, snapshotFileName(generation));
  const fail = (why: string): never => {
    throw new Error(`snapshot ${path} is damaged: ${why}`);
  };
  const handle = await open(path, 'r');
  try {
    const reader = new RecordFileReader(handle, (await handle.stat()).size);
    const first = await reader.next();
    if (first.kind !== 'record' || first.groupFirstSeq !== HEADER)
      return fail(`no header (${describe(first)})`);
    const header = smallDocument(first.payload);
    if (header.format !== FORMAT || header.version !== VERSION || header.generation !== generation) {
      return fail('unexpected header');
    }
    let records = 1;
    let changes = 0;
    for (;;) {
      const next = await reader.next();
      if (next.kind !== 'record') return fail(`no trailer (${describe(next)})`);
      if (next.seq !== records++) return fail(`record ${next.seq} out of order`);
      if (next.groupFirstSeq === TRAILER) {
        const doc = smallDocument(next.payload);
        if (doc.changes !== changes || doc.records !== records) return fail('trailer counts do not match');
        if ((await reader.next()).kind !== 'end') return fail('bytes after the trailer');
        return { generation, lastSeq: Number(header.lastSeq) };
      }
      if (next.groupFirstSeq !== CHUNK) return fail(`record ${next.seq} of unknown kind`);
      changes += countDocuments(next.payload);
      onChunk(next.payload);
    }
  } finally {
    await handle.close();
  }
}

/** The header or trailer, with numbers promoted so its fields compare simply. */
function smallDocument(payload: Buffer): Record<string, unknown> {
  const [doc = {}] = decodeDocuments(payload);
  return Object.fromEntries(
    Object.entries(doc).map(([k, v]) => [k, typeof v === 'object' && v ? Number(v) : v]),
  );
}

function countDocuments(payload: Buffer): number {
  let count = 0;
  let offset = 0;
  while (offset < payload.length) {
    const size = payload.length - offset >= 5 ? payload.readInt32LE(offset) : 0;
    if (size < 5) throw new Error(`malformed BSON in snapshot chunk at payload offset ${offset}`);
    offset += size;
    count++;
  }
  return count;
}

function describe(stop: { kind: string; offset?: number }): string {
  return stop.offset === undefined ? stop.kind : `${stop.kind} record at offset ${stop.offset}`;
}
