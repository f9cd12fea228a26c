import { GroupCommitQueue } from '@embedded-servers/storage';
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
}

/**
 * The write-ahead log's group commit (the shared queue): one group never spans two sinks, so a
 * later generation is only written after the earlier one is synced; each record is sealed with
 * the first sequence number of its group, which recovery uses to tell a torn group.
 */
export class GroupCommitWriter {
  readonly stats: GroupCommitStats = { flushes: 0, batches: 0, bytes: 0 };
  private readonly queue = new GroupCommitQueue<Entry>({
    write: (group) => this.flush(group),
    sameGroup: (first, next) => first.sink === next.sink,
    discardUnsynced: async (group) => group[0].sink.discardUnsynced?.(),
    failure: (cause) =>
      new Error(
        `write-ahead log failed, batch not durable: ${cause instanceof Error ? cause.message : String(cause)}`,
        {
          cause,
        },
      ),
  });

  get failed(): Error | undefined {
    return this.queue.failure;
  }

  enqueue(record: Buffer | null, seq: number, sink: LogSink): Promise<void> {
    return this.queue.enqueue({ record, seq, sink, marker: false });
  }

  /** Resolves once everything enqueued for `sink` so far is durable. */
  written(sink: LogSink): Promise<void> {
    return this.queue.enqueue({ record: null, seq: 0, sink, marker: true });
  }

  /** Resolves once everything enqueued so far has been settled. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async flush(group: Entry[]): Promise<void> {
    const records = group.filter((entry) => entry.record !== null);
    if (records.length > 0) {
      const groupFirstSeq = records[0].seq;
      const buffers = records.map((entry) => {
        sealRecord(entry.record!, groupFirstSeq);
        return entry.record!;
      });
      const data = buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
      await group[0].sink.append(data);
      await group[0].sink.sync();
      this.stats.bytes += data.length;
      this.stats.flushes++;
    }
    this.stats.batches += group.filter((entry) => !entry.marker).length;
  }
}
