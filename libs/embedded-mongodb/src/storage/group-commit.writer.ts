import { sealRecord } from './wal-record.codec.js';

/** Where a write group goes: one log generation's file. */
export interface LogSink {
  append(data: Buffer): Promise<void>;
  /** Makes every byte appended so far durable (fdatasync). */
  sync(): Promise<void>;
  /** After a failure: drops what was appended but never synced, as far as the disk allows. */
  discardUnsynced?(): Promise<void>;
}

export interface GroupCommitStats {
  /** Write + sync rounds performed. */
  flushes: number;
  /** Batches acknowledged (empty batches included). */
  batches: number;
  bytes: number;
}

interface Entry {
  /** An unsealed record, or null for an empty batch (nothing to write, acknowledged in turn). */
  record: Buffer | null;
  seq: number;
  sink: LogSink;
  /** Not a batch: only marks a point in the queue (see `written`). */
  marker: boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: batches that arrive while a write + sync is under way are written together and
 * share the next sync. One group never spans two sinks, so a later generation is only written
 * after the earlier one is synced. After a write or sync error nothing more is acknowledged:
 * the state of the file (and of the page cache) is unknown, so the writer fails for good.
 */
export class GroupCommitWriter {
  readonly stats: GroupCommitStats = { flushes: 0, batches: 0, bytes: 0 };
  private queue: Entry[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private failure: Error | undefined;

  get failed(): Error | undefined {
    return this.failure;
  }

  enqueue(record: Buffer | null, seq: number, sink: LogSink): Promise<void> {
    return this.push(record, seq, sink, false);
  }

  /** Resolves once everything enqueued for `sink` so far is durable. */
  written(sink: LogSink): Promise<void> {
    return this.push(null, 0, sink, true);
  }

  private push(record: Buffer | null, seq: number, sink: LogSink, marker: boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ record, seq, sink, marker, resolve, reject });
      if (!this.running) {
        this.running = true;
        void this.run();
      }
    });
  }

  /** Resolves once everything enqueued so far has been settled. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(): Promise<void> {
    // Let the rest of the current tick enqueue too, so same-tick batches share the first sync.
    await Promise.resolve();
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      try {
        await this.flush(group);
      } catch (error) {
        // Before anyone hears of the failure, so no one restarts onto batches they were told failed.
        await group[0].sink.discardUnsynced?.().catch(() => {});
        this.fail(group, error);
        break;
      }
      this.stats.flushes += group.some((entry) => entry.record) ? 1 : 0;
      this.stats.batches += group.filter((entry) => !entry.marker).length;
      for (const entry of group) entry.resolve();
    }
    this.running = false;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private takeGroup(): Entry[] {
    const sink = this.queue[0].sink;
    let count = 1;
    while (count < this.queue.length && this.queue[count].sink === sink) count++;
    return this.queue.splice(0, count);
  }

  private async flush(group: Entry[]): Promise<void> {
    const records = group.filter((entry) => entry.record !== null);
    if (records.length === 0) return;
    const groupFirstSeq = records[0].seq;
    const buffers = records.map((entry) => {
      sealRecord(entry.record!, groupFirstSeq);
      return entry.record!;
    });
    const data = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
    await group[0].sink.append(data);
    await group[0].sink.sync();
    this.stats.bytes += data.length;
  }

  private fail(group: Entry[], cause: unknown): void {
    const message = cause instanceof Error ? cause.message : String(cause);
    this.failure = new Error(`write-ahead log failed, batch not durable: ${message}`, { cause });
    for (const entry of [...group, ...this.queue.splice(0)]) entry.reject(this.failure);
  }
}
