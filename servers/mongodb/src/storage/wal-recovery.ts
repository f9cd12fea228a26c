import { mkdir, open, readFile, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import type { Change } from './mongo-storage.js';
import { RecordFileReader, type ReadStop } from './record-file.reader.js';
import { loadSnapshot, verifySnapshot, type SnapshotHeader } from './snapshot.file.js';
import { deleteGenerationsBefore, listDirectory, logFileName, syncDirectory } from './wal-directory.js';
import { decodeChanges, findRecordOfLaterGroup, RECORD_HEADER_BYTES } from './wal-record.codec.js';

export interface RecoveryResult {
  /** The generation to append to, and what its file holds after recovery. */
  generation: number;
  logExists: boolean;
  logSize: number;
  lastSeq: number;
  snapshotGeneration: number | undefined;
  /** Bytes of torn tail cut off. */
  truncatedBytes: number;
}

export class WalCorruptionError extends Error {}

/**
 * Loads the newest snapshot that verifies, replays the log generations after it in order and
 * cuts a torn tail. A damaged record followed by a record of a later write group cannot be a
 * torn write (a group is only written after the previous one is synced), so that refuses to start.
 */
export async function recover(dir: string, apply: (change: Change) => void): Promise<RecoveryResult> {
  await mkdir(dir, { recursive: true });
  const listing = await listDirectory(dir);
  for (const temp of listing.temps) await rm(join(dir, temp), { force: true });

  const { snapshot, damaged } = await chooseSnapshot(dir, listing.snapshots);
  const firstGeneration = snapshot?.generation ?? 1;
  const logs = listing.logs.filter((g) => g >= firstGeneration);
  logs.forEach((generation, i) => {
    if (generation !== firstGeneration + i) {
      const why = damaged
        ? ` (snapshot ${damaged.generation} could not be used: ${damaged.error.message})`
        : '';
      throw new WalCorruptionError(`log generation ${firstGeneration + i} is missing from ${dir}${why}`);
    }
  });
  if (snapshot) await loadSnapshot(dir, snapshot.generation, apply);

  let lastSeq = snapshot?.lastSeq ?? 0;
  let logSize = 0;
  let truncatedBytes = 0;
  for (let i = 0; i < logs.length; i++) {
    const path = join(dir, logFileName(logs[i]));
    const replay = await replayLog(path, lastSeq, apply);
    lastSeq = replay.lastSeq;
    logSize = replay.validBytes;
    if (replay.stop.kind === 'end') continue;
    const laterPaths = logs.slice(i + 1).map((g) => join(dir, logFileName(g)));
    await refuseIfSyncedAfter(path, replay.stop, lastSeq + 1, laterPaths);
    truncatedBytes += replay.fileSize - replay.validBytes;
    await cutTail(path, replay.validBytes);
    for (const later of laterPaths) await cutTail(later, 0);
    if (laterPaths.length > 0) logSize = 0;
    break;
  }
  await deleteGenerationsBefore(dir, firstGeneration);
  const generation = Math.max(firstGeneration, ...logs);
  return {
    generation,
    logExists: logs.includes(generation),
    logSize,
    lastSeq,
    snapshotGeneration: snapshot?.generation,
    truncatedBytes,
  };
}

async function chooseSnapshot(
  dir: string,
  generations: number[],
): Promise<{ snapshot?: SnapshotHeader; damaged?: { generation: number; error: Error } }> {
  let damaged: { generation: number; error: Error } | undefined;
  for (const generation of [...generations].reverse()) {
    try {
      return { snapshot: await verifySnapshot(dir, generation), damaged };
    } catch (error) {
      // An older snapshot only helps if every log after it is still there (checked by the caller).
      damaged ??= { generation, error: error as Error };
    }
  }
  if (damaged) throw new WalCorruptionError(damaged.error.message, { cause: damaged.error });
  return {};
}

interface LogReplay {
  lastSeq: number;
  validBytes: number;
  fileSize: number;
  stop: ReadStop;
}

async function replayLog(path: string, lastSeq: number, apply: (change: Change) => void): Promise<LogReplay> {
  const handle = await open(path, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const reader = new RecordFileReader(handle, fileSize);
    for (;;) {
      const validBytes = reader.offset;
      const next = await reader.next();
      if (next.kind !== 'record') return { lastSeq, validBytes, fileSize, stop: next };
      if (next.seq !== lastSeq + 1) {
        throw new WalCorruptionError(
          `${path}: batch ${next.seq} at offset ${validBytes} follows batch ${lastSeq}`,
        );
      }
      let changes: Change[];
      try {
        changes = decodeChanges(next.payload);
      } catch (error) {
        throw new WalCorruptionError(
          `${path}: batch ${next.seq} has a valid checksum but cannot be decoded`,
          {
            cause: error,
          },
        );
      }
      try {
        for (const change of changes) apply(change);
      } catch (error) {
        throw new Error(`${path}: replaying batch ${next.seq} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
      lastSeq = next.seq;
    }
  } finally {
    await handle.close();
  }
}

async function refuseIfSyncedAfter(
  path: string,
  stop: Exclude<ReadStop, { kind: 'end' }>,
  expectedSeq: number,
  laterPaths: string[],
): Promise<void> {
  const candidates = [{ path, bytes: await readFrom(path, stop.offset + 1), base: stop.offset + 1 }];
  for (const later of laterPaths) candidates.push({ path: later, bytes: await readFile(later), base: 0 });
  for (const { path: where, bytes, base } of candidates) {
    const found = findRecordOfLaterGroup(bytes, 0, expectedSeq);
    if (!found) continue;
    throw new WalCorruptionError(
      `${path} is damaged at offset ${stop.offset} (${stop.kind === 'checksum' ? 'checksum mismatch' : 'record cut short'}), ` +
        `but batch ${found.seq} of a later write group follows in ${where} at offset ${base + found.end - found.payload.length - RECORD_HEADER_BYTES}: ` +
        'acknowledged batches would be lost, refusing to start',
    );
  }
}

async function readFrom(path: string, offset: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const bytes = Buffer.alloc(Math.max(0, size - offset));
    let read = 0;
    while (read < bytes.length) {
      const { bytesRead } = await handle.read(bytes, read, bytes.length - read, offset + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return bytes.subarray(0, read);
  } finally {
    await handle.close();
  }
}

/** Cuts a torn tail durably, so new records never land in front of stale bytes. */
async function cutTail(path: string, size: number): Promise<void> {
  await truncate(path, size);
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(join(path, '..'));
}
