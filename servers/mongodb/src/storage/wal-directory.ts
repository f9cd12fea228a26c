import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * File names in the data directory. `snapshot-N.bson` holds the state at the start of log
 * generation N (`wal-N.log`); `*.tmp` files are snapshots that were never completed.
 */
const LOG_NAME = /^wal-(\d{10})\.log$/;
const SNAPSHOT_NAME = /^snapshot-(\d{10})\.bson$/;
const TEMP_NAME = /^snapshot-\d{10}\.bson\.tmp$/;

export const logFileName = (generation: number): string => `wal-${pad(generation)}.log`;
export const snapshotFileName = (generation: number): string => `snapshot-${pad(generation)}.bson`;
export const snapshotTempName = (generation: number): string => `${snapshotFileName(generation)}.tmp`;

export interface DirectoryListing {
  /** Generations with a log file, ascending. */
  logs: number[];
  /** Generations with a snapshot, ascending. */
  snapshots: number[];
  temps: string[];
}

export async function listDirectory(dir: string): Promise<DirectoryListing> {
  const listing: DirectoryListing = { logs: [], snapshots: [], temps: [] };
  for (const name of await readdir(dir)) {
    const log = LOG_NAME.exec(name);
    const snapshot = SNAPSHOT_NAME.exec(name);
    if (log) listing.logs.push(Number(log[1]));
    else if (snapshot) listing.snapshots.push(Number(snapshot[1]));
    else if (TEMP_NAME.test(name)) listing.temps.push(name);
  }
  listing.logs.sort((a, b) => a - b);
  listing.snapshots.sort((a, b) => a - b);
  return listing;
}

/** Makes creations, renames and deletions in the directory durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Deletes logs and snapshots of generations before `generation`: a newer snapshot covers them. */
export async function deleteGenerationsBefore(dir: string, generation: number): Promise<void> {
  const listing = await listDirectory(dir);
  const names = [
    ...listing.logs.filter((g) => g < generation).map(logFileName),
    ...listing.snapshots.filter((g) => g < generation).map(snapshotFileName),
  ];
  for (const name of names) await rm(join(dir, name), { force: true });
  if (names.length > 0) await syncDirectory(dir);
}

function pad(generation: number): string {
  if (!Number.isSafeInteger(generation) || generation < 1 || generation > 9_999_999_999) {
    throw new RangeError(`log generation out of range: ${generation}`);
  }
  return String(generation).padStart(10, '0');
}
