import { GroupCommitQueue, type GroupCommitOptions } from './group-commit.queue.js';

interface Item {
  file: string;
  bytes: number;
  id: number;
}

/** A log whose writes finish only when the test releases them, recording each group it got. */
class HeldLog {
  readonly groups: number[][] = [];
  readonly discarded: number[][] = [];
  failWith: Error | undefined;
  private releases: Array<() => void> = [];

  options(extra: Partial<GroupCommitOptions<Item>> = {}): GroupCommitOptions<Item> {
    return {
      write: (group) => this.write(group),
      discardUnsynced: async (group) => void this.discarded.push(group.map((item) => item.id)),
      failure: (cause) => new Error(`log failed: ${(cause as Error).message}`, { cause }),
      ...extra,
    };
  }

  async release(): Promise<void> {
    await until(() => this.releases.length > 0);
    this.releases.shift()!();
  }

  get waiting(): number {
    return this.releases.length;
  }

  private write(group: Item[]): Promise<void> {
    this.groups.push(group.map((item) => item.id));
    if (this.failWith) return Promise.reject(this.failWith);
    return new Promise((resolve) => this.releases.push(resolve));
  }
}

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const item = (id: number, file = 'a', bytes = 10): Item => ({ id, file, bytes });

describe('group commit', () => {
  it('writes items that arrive during a write together, and acknowledges them in call order', async () => {
    const log = new HeldLog();
    const queue = new GroupCommitQueue(log.options());
    const acknowledged: number[] = [];
    const commit = (id: number) => queue.enqueue(item(id)).then(() => acknowledged.push(id));

    const first = commit(1);
    await log.release();
    await first;
    const second = commit(2);
    await until(() => log.waiting === 1);
    const waiting = [3, 4, 5, 6].map(commit);
    expect(acknowledged).toEqual([1]);
    await log.release();
    await second;
    await log.release();
    await Promise.all(waiting);

    expect(acknowledged).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.groups).toEqual([[1], [2], [3, 4, 5, 6]]);
    expect(queue.stats).toEqual({ groups: 3, items: 6 });
  });

  it('puts everything enqueued in one turn of the event loop into the first group', async () => {
    const log = new HeldLog();
    const queue = new GroupCommitQueue(log.options());
    const all = Promise.all([1, 2, 3].map((id) => queue.enqueue(item(id))));
    await log.release();
    await all;
    expect(log.groups).toEqual([[1, 2, 3]]);
  });

  it('never lets a group span two files, so a later file waits for the earlier write', async () => {
    const log = new HeldLog();
    const queue = new GroupCommitQueue(log.options({ sameGroup: (a, b) => a.file === b.file }));
    const all = Promise.all(
      [item(1, 'a'), item(2, 'a'), item(3, 'b'), item(4, 'a')].map((i) => queue.enqueue(i)),
    );
    await until(() => log.waiting === 1);
    expect(log.groups).toEqual([[1, 2]]);
    await log.release();
    await log.release();
    await log.release();
    await all;
    expect(log.groups).toEqual([[1, 2], [3], [4]]);
  });

  it('stops a group at the byte bound, but always writes at least one item', async () => {
    const log = new HeldLog();
    const queue = new GroupCommitQueue(log.options({ bytes: (i) => i.bytes, maxGroupBytes: 100 }));
    const sizes = [150, 60, 50, 10];
    const all = Promise.all(sizes.map((bytes, id) => queue.enqueue(item(id, 'a', bytes))));
    for (let n = 0; n < 3; n++) await log.release();
    await all;
    expect(log.groups).toEqual([[0], [1, 2], [3]]);
  });

  it('after a failed write discards it, then rejects pending and later items, acknowledging none', async () => {
    const log = new HeldLog();
    const queue = new GroupCommitQueue(log.options());
    log.failWith = new Error('ENOSPC: no space left on device');
    const results = await Promise.allSettled([1, 2, 3].map((id) => queue.enqueue(item(id))));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(log.discarded).toEqual([[1, 2, 3]]);
    expect(queue.failure?.message).toBe('log failed: ENOSPC: no space left on device');
    log.failWith = undefined;
    await expect(queue.enqueue(item(4))).rejects.toThrow(/ENOSPC/);
    expect(log.groups).toEqual([[1, 2, 3]]);
    expect(queue.stats.items).toBe(0);
  });

  it('idle resolves once every item enqueued so far is settled', async () => {
    const log = new HeldLog();
    const queue = new GroupCommitQueue(log.options());
    let settled = false;
    void queue.enqueue(item(1)).then(() => (settled = true));
    const idle = queue.idle();
    await log.release();
    await idle;
    expect(settled).toBe(true);
  });
});
