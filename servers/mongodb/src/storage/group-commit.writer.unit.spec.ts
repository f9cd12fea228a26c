import { GroupCommitWriter, type LogSink } from './group-commit.writer.js';
import { frameRecord, parseRecord } from './wal-record.codec.js';

/** A sink whose syncs finish only when the test releases them. */
class HeldSink implements LogSink {
  readonly writes: Buffer[] = [];
  syncs = 0;
  failWith: Error | undefined;
  private releases: Array<() => void> = [];

  async append(data: Buffer): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.writes.push(Buffer.from(data));
  }

  sync(): Promise<void> {
    this.syncs++;
    return new Promise((resolve) => this.releases.push(resolve));
  }

  async releaseSync(): Promise<void> {
    await until(() => this.releases.length > 0);
    this.releases.shift()!();
  }
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const record = (seq: number) => frameRecord([Buffer.from([5, 0, 0, 0, 0])], seq);

describe('group commit', () => {
  it('writes batches that arrive during a sync together, and acknowledges in call order', async () => {
    const writer = new GroupCommitWriter();
    const sink = new HeldSink();
    const acknowledged: number[] = [];
    const commit = (seq: number) => writer.enqueue(record(seq), seq, sink).then(() => acknowledged.push(seq));

    const first = commit(1);
    await sink.releaseSync().then(() => first);
    const second = commit(2);
    await until(() => sink.syncs === 2);
    const waiting = [3, 4, 5, 6].map(commit);
    expect(acknowledged).toEqual([1]);
    await sink.releaseSync();
    await second;
    await sink.releaseSync();
    await Promise.all(waiting);

    expect(acknowledged).toEqual([1, 2, 3, 4, 5, 6]);
    expect(writer.stats).toMatchObject({ flushes: 3, batches: 6 });
    expect(sink.writes.map((write) => countRecords(write))).toEqual([1, 1, 4]);
  });

  it('marks each record with the first sequence number of its group', async () => {
    const writer = new GroupCommitWriter();
    const sink = new HeldSink();
    const all = Promise.all([7, 8, 9].map((seq) => writer.enqueue(record(seq), seq, sink)));
    await sink.releaseSync();
    await all;
    const groups = [0, 29, 58].map((offset) => parseRecord(sink.writes[0], offset));
    expect(groups.map((parsed) => parsed.kind === 'record' && parsed.groupFirstSeq)).toEqual([7, 7, 7]);
  });

  it('acknowledges an empty batch only after the batches before it', async () => {
    const writer = new GroupCommitWriter();
    const sink = new HeldSink();
    const order: string[] = [];
    const batch = writer.enqueue(record(1), 1, sink).then(() => order.push('batch'));
    const empty = writer.enqueue(null, 1, sink).then(() => order.push('empty'));
    await sink.releaseSync();
    await Promise.all([batch, empty]);
    expect(order).toEqual(['batch', 'empty']);
  });

  it('rejects pending and later batches after a write error, acknowledging none', async () => {
    const writer = new GroupCommitWriter();
    const sink = new HeldSink();
    sink.failWith = new Error('ENOSPC: no space left on device');
    const results = await Promise.allSettled([1, 2, 3].map((seq) => writer.enqueue(record(seq), seq, sink)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    sink.failWith = undefined;
    await expect(writer.enqueue(record(4), 4, sink)).rejects.toThrow(/ENOSPC/);
    expect(writer.stats.batches).toBe(0);
  });

  it('never lets a group span two sinks, so a later generation waits for the earlier sync', async () => {
    const writer = new GroupCommitWriter();
    const older = new HeldSink();
    const newer = new HeldSink();
    const first = writer.enqueue(record(1), 1, older);
    const second = writer.enqueue(record(2), 2, newer);
    await until(() => older.syncs === 1);
    expect(newer.writes).toHaveLength(0);
    await older.releaseSync();
    await first;
    await newer.releaseSync();
    await second;
    expect(writer.stats.flushes).toBe(2);
  });
});

function countRecords(write: Buffer): number {
  let count = 0;
  for (let offset = 0; offset < write.length; count++) {
    const parsed = parseRecord(write, offset);
    if (parsed.kind !== 'record') throw new Error('bad record in write');
    offset = parsed.end;
  }
  return count;
}
