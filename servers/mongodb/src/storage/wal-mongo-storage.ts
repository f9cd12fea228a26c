import { mkdir } from 'node:fs/promises';
import { type DataDirLock, lockDataDir } from '@embedded-servers/storage';
import { GroupCommitWriter, type GroupCommitStats } from './group-commit.writer.js';
import type { Change, MongoStorage } from './mongo-storage.js';
import { writeSnapshot, type SnapshotHeader } from './snapshot.file.js';
import { deleteGenerationsBefore } from './wal-directory.js';
import { WalLogFile, type OpenLogFile } from './wal-log.file.js';
import { encodeChanges, frameRecord } from './wal-record.codec.js';
import { recover } from './wal-recovery.js';

export interface WalMongoStorageOptions {
  /** Log bytes after which a snapshot is written and a new log generation starts (64 MiB). */
  snapshotAfterBytes?: number;
  /** A failed snapshot loses nothing (the logs stay), but the log keeps growing until one succeeds. */
  onSnapshotError?: (error: Error) => void;
  /** Opens log files (tests inject I/O faults here); `fs.promises.open` by default. */
  openLogFile?: OpenLogFile;
}

export interface WalMongoStorageStats extends GroupCommitStats {
  generation: number;
  lastSeq: number;
  snapshots: number;
  snapshotFailures: number;
  /** Torn-tail bytes cut off when the storage was opened. */
  truncatedBytes: number;
}

const DEFAULT_SNAPSHOT_AFTER_BYTES = 64 * 1024 * 1024;

/**
 * Durable storage: a write-ahead log with group commit, bounded by periodic snapshots.
 *
 * - Documents come back from recovery exactly as BSON typed them (Int32, Double, Long, Decimal128,
 *   Binary... are not promoted to JS numbers or Buffers); plain JS numbers come back as Int32/Double.
 * - A snapshot takes `dump()` at the cut point but serialises its documents later, a slice at a
 *   time, so documents must not be mutated in place once committed (replace them: post-images).
 * - After a write or sync error every pending and later commit rejects (fail-stop): memory then
 *   holds changes that are not durable, so the server should stop and recover on restart.
 * - A `LOCK` file in the data directory keeps a second process from opening it.
 */
export class WalMongoStorage implements MongoStorage {
  private state: 'new' | 'opening' | 'open' | 'closed' = 'new';
  private opening: Promise<void> | undefined;
  private readonly writer = new GroupCommitWriter();
  private readonly snapshotAfterBytes: number;
  private readonly onSnapshotError: (error: Error) => void;
  private readonly openLogFile: OpenLogFile | undefined;
  private log: WalLogFile | undefined;
  private lock: DataDirLock | undefined;
  private dump: () => Iterable<Change> = () => [];
  private lastSeq = 0;
  private snapshotDueAt: number;
  private logBytes = 0;
  private snapshotting: Promise<void> | undefined;
  private snapshotCancelled = false;
  private snapshots = 0;
  private snapshotFailures = 0;
  private truncatedBytes = 0;

  constructor(
    private readonly dataDir: string,
    options: WalMongoStorageOptions = {},
  ) {
    this.snapshotAfterBytes = options.snapshotAfterBytes ?? DEFAULT_SNAPSHOT_AFTER_BYTES;
    if (!(this.snapshotAfterBytes > 0)) throw new RangeError('snapshotAfterBytes must be positive');
    this.snapshotDueAt = this.snapshotAfterBytes;
    this.openLogFile = options.openLogFile;
    this.onSnapshotError =
      options.onSnapshotError ??
      ((error) => process.emitWarning(`MongoDB storage snapshot failed: ${error.message}`));
  }

  get stats(): WalMongoStorageStats {
    return {
      ...this.writer.stats,
      generation: this.log?.generation ?? 0,
      lastSeq: this.lastSeq,
      snapshots: this.snapshots,
      snapshotFailures: this.snapshotFailures,
      truncatedBytes: this.truncatedBytes,
    };
  }

  open(apply: (change: Change) => void, dump: () => Iterable<Change>): Promise<void> {
    if (this.state !== 'new') return Promise.reject(new Error(`WalMongoStorage cannot be opened twice`));
    this.state = 'opening';
    this.dump = dump;
    this.opening = this.recover(apply);
    return this.opening;
  }

  commit(changes: readonly Change[]): Promise<void> {
    if (this.state !== 'open' || !this.log) {
      const why = this.state === 'closed' ? 'it is closed' : 'it is not open yet';
      return Promise.reject(new Error(`WalMongoStorage cannot log the batch: ${why}`));
    }
    if (this.writer.failed) return Promise.reject(this.writer.failed);
    let record: Buffer | null = null;
    if (changes.length > 0) {
      try {
        record = frameRecord(encodeChanges(changes), this.lastSeq + 1);
      } catch (error) {
        return Promise.reject(new Error(`cannot log batch: ${(error as Error).message}`, { cause: error }));
      }
      this.lastSeq++;
      this.logBytes += record.length;
    }
    const durable = this.writer.enqueue(record, this.lastSeq, this.log);
    if (this.logBytes >= this.snapshotDueAt && !this.snapshotting) this.startSnapshot();
    return durable;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.snapshotCancelled = true;
    await this.opening?.catch(() => {});
    await this.snapshotting;
    await this.writer.idle();
    await this.log?.close();
    await this.lock?.release();
  }

  private async recover(apply: (change: Change) => void): Promise<void> {
    try {
      await mkdir(this.dataDir, { recursive: true });
      this.lock = await lockDataDir(this.dataDir);
      const result = await recover(this.dataDir, apply);
      this.lastSeq = result.lastSeq;
      this.truncatedBytes = result.truncatedBytes;
      this.logBytes = result.logSize;
      this.log = new WalLogFile(
        this.dataDir,
        result.generation,
        result.logSize,
        result.logExists,
        this.openLogFile,
      );
    } catch (error) {
      this.state = 'closed';
      await this.lock?.release();
      throw error;
    }
    if (this.state === 'opening') this.state = 'open';
  }

  /**
   * The cut: `dump()` is taken in the same tick as the batch that crossed the threshold, and every
   * later batch goes to the new generation, so snapshot N + log N reproduce the state exactly.
   */
  private startSnapshot(): void {
    let changes: Change[];
    try {
      changes = Array.from(this.dump());
    } catch (error) {
      this.snapshotFailed(error);
      return;
    }
    const previous = this.log!;
    const previousDurable = this.writer.written(previous);
    const header = { generation: previous.generation + 1, lastSeq: this.lastSeq };
    this.log = new WalLogFile(this.dataDir, header.generation, 0, false, this.openLogFile);
    this.logBytes = 0;
    this.snapshotDueAt = this.snapshotAfterBytes;
    this.snapshotting = this.writeSnapshot(header, changes, previous, previousDurable)
      .catch((error: unknown) => this.snapshotFailed(error))
      .finally(() => (this.snapshotting = undefined));
  }

  private async writeSnapshot(
    header: SnapshotHeader,
    changes: Change[],
    previous: WalLogFile,
    previousDurable: Promise<void>,
  ): Promise<void> {
    try {
      await writeSnapshot(this.dataDir, header, changes, () => this.snapshotCancelled);
      this.snapshots++;
    } finally {
      // The previous generation is written no more once its last group is synced.
      await previousDurable.catch(() => {});
      await previous.close();
    }
    if (this.writer.failed) return;
    await deleteGenerationsBefore(this.dataDir, header.generation);
  }

  private snapshotFailed(error: unknown): void {
    if (this.snapshotCancelled) return;
    this.snapshotFailures++;
    // Retry after another full interval rather than on every commit.
    this.snapshotDueAt = this.logBytes + this.snapshotAfterBytes;
    this.onSnapshotError(error instanceof Error ? error : new Error(String(error)));
  }
}
