import { MongoCommandError } from '../command-error.js';
import type { UndoStep } from '../engine/mongo-catalog.js';
import type { Change, MongoStorage } from '../storage/mongo-storage.js';

interface PendingBatch {
  undo: UndoStep[];
  outcome: Promise<boolean>;
  rolledBack: boolean;
}

/**
 * Keeps writes out of sight until they are durable. A batch is applied to memory and logged in
 * the same tick; until its log record is synced it is pending. If a log write fails, that batch
 * and every later one (the log fails for good, in order) are undone newest first, so memory holds
 * exactly what a restart would recover, and from then on the server takes no more writes, as
 * MongoDB stops on a failed journal write rather than serve state it would lose.
 */
export class DurableWrites {
  private readonly pending: PendingBatch[] = [];
  private failure: Error | undefined;

  constructor(
    private readonly storage: MongoStorage,
    private readonly log: (line: string) => void,
  ) {}

  /** The log failure that stopped writes, if any. */
  get failed(): Error | undefined {
    return this.failure;
  }

  /** Whether the latest pending batch became durable (undefined when nothing is pending). */
  latestOutcome(): Promise<boolean> | undefined {
    return this.pending.at(-1)?.outcome;
  }

  /** Logs a batch already applied to memory; resolves false when it was undone instead. */
  commit(changes: readonly Change[], undo: UndoStep[]): Promise<boolean> {
    const batch: PendingBatch = { undo, outcome: Promise.resolve(true), rolledBack: false };
    this.pending.push(batch);
    batch.outcome = this.storage.commit(changes).then(
      () => {
        const i = this.pending.indexOf(batch);
        if (i >= 0) this.pending.splice(i, 1);
        return true;
      },
      (error: unknown) => {
        this.rollBackFrom(batch, error instanceof Error ? error : new Error(String(error)));
        return false;
      },
    );
    return batch.outcome;
  }

  /**
   * The error a write gets once the log has failed. MongoDB would have stopped; code 1, not
   * read-only mode's 20, which the driver takes for "retryable writes unsupported" and rewrites.
   */
  readOnlyError(): MongoCommandError {
    return new MongoCommandError(
      'InternalError',
      `Cannot execute a write operation in read-only mode: the write-ahead log failed (${this.failure?.message}); restart the server to recover from its log`,
    );
  }

  notDurableError(): MongoCommandError {
    return new MongoCommandError(
      'InternalError',
      `write could not be made durable and was not applied: ${this.failure?.message}; the server takes no more writes`,
    );
  }

  private rollBackFrom(batch: PendingBatch, error: Error): void {
    if (batch.rolledBack) return;
    if (!this.failure) {
      this.failure = error;
      this.log(`storage commit failed, taking no more writes: ${error.message}`);
    }
    const from = this.pending.indexOf(batch);
    for (let i = this.pending.length - 1; i >= from; i--) {
      const undone = this.pending[i];
      for (let j = undone.undo.length - 1; j >= 0; j--) undone.undo[j]();
      undone.rolledBack = true;
    }
    this.pending.length = from;
  }
}
