import type { Change, MongoStorage } from '../storage/mongo-storage.js';
import { DurableWrites } from './durable-writes.js';

/** A storage whose commits the test settles by hand, in order, as the log does. */
class HeldStorage implements MongoStorage {
  readonly pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  async open(): Promise<void> {}
  async close(): Promise<void> {}
  commit(_changes: readonly Change[]): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  /** The log fails for good: this batch and every later one reject. */
  failFrom(index: number, error: Error): void {
    for (const p of this.pending.slice(index)) p.reject(error);
  }
}

const change: Change = { t: 'dropDatabase', db: 'x' };

describe('DurableWrites', () => {
  it('reports a batch durable once storage has it, and forgets it', async () => {
    const storage = new HeldStorage();
    const writes = new DurableWrites(storage, () => {});
    const outcome = writes.commit([change], []);
    expect(writes.latestOutcome()).toBe(outcome);
    storage.pending[0].resolve();
    expect(await outcome).toBe(true);
    expect(writes.latestOutcome()).toBeUndefined();
    expect(writes.failed).toBeUndefined();
  });

  it('undoes the failed batch and every later one, newest first, and stays failed', async () => {
    const storage = new HeldStorage();
    const log: string[] = [];
    const writes = new DurableWrites(storage, (line) => log.push(line));
    const undone: string[] = [];
    const first = writes.commit([change], [() => undone.push('first a'), () => undone.push('first b')]);
    const second = writes.commit([change], [() => undone.push('second')]);
    storage.failFrom(0, new Error('EIO'));
    expect(await first).toBe(false);
    expect(await second).toBe(false);
    expect(undone).toEqual(['second', 'first b', 'first a']);
    expect(writes.failed?.message).toBe('EIO');
    expect(writes.latestOutcome()).toBeUndefined();
    expect(log).toHaveLength(1);
    expect(writes.readOnlyError().code).toBe(1);
  });

  it('keeps batches made durable before the failure', async () => {
    const storage = new HeldStorage();
    const writes = new DurableWrites(storage, () => {});
    const undone: string[] = [];
    const kept = writes.commit([change], [() => undone.push('kept')]);
    const lost = writes.commit([change], [() => undone.push('lost')]);
    storage.pending[0].resolve();
    storage.failFrom(1, new Error('EIO'));
    expect([await kept, await lost]).toEqual([true, false]);
    expect(undone).toEqual(['lost']);
  });
});
