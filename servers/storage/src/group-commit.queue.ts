/** How a server's log writes one group: the queue decides what goes together and when. */
export interface GroupCommitOptions<T> {
  /** Writes a group and makes it durable; throwing fails the group and everything after it. */
  write(group: T[]): Promise<void>;
  /**
   * Whether `next` may join a group that starts with `first` (e.g. the same file): a group never
   * spans two files, so a later file is only written once the earlier one is durable.
   */
  sameGroup?(first: T, next: T): boolean;
  /** The bytes an item adds; a group stops growing once it holds `maxGroupBytes` (one item always goes). */
  bytes?(item: T): number;
  maxGroupBytes?: number;
  /**
   * Runs after a failed write, before anyone hears of it: removes what the write may have left
   * on disk, so a restart does not recover what the clients were told failed. Best effort.
   */
  discardUnsynced?(group: T[]): Promise<void>;
  /** The error every pending and later item is rejected with, from the write's error. */
  failure(cause: unknown): Error;
}

export interface GroupCommitStats {
  /** Groups written. */
  groups: number;
  /** Items acknowledged. */
  items: number;
}

interface Entry<T> {
  item: T;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: items that arrive while a group is being written and synced queue up and go
 * out together in the next write, sharing one sync. Groups never overlap, so a crash can tear
 * at most the last one (recovery relies on that), and items are acknowledged in call order.
 * After a failed write nothing more is acknowledged: the state of the file (and of the page
 * cache) is unknown, so the queue fails for good and the log must be reopened.
 */
export class GroupCommitQueue<T> {
  readonly stats: GroupCommitStats = { groups: 0, items: 0 };
  private queue: Entry<T>[] = [];
  private running: Promise<void> | undefined;
  private failed: Error | undefined;

  constructor(private readonly options: GroupCommitOptions<T>) {}

  /** Set once a write failed: every later item is rejected with it. */
  get failure(): Error | undefined {
    return this.failed;
  }

  /** Resolves once the item is durable; rejects if its group (or an earlier one) failed. */
  enqueue(item: T): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // setImmediate lets every item enqueued in this turn of the event loop join the first group.
      this.running ??= nextTurn().then(() => this.run());
    });
  }

  /** Resolves once every item enqueued so far is settled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      const items = group.map((entry) => entry.item);
      try {
        await this.options.write(items);
      } catch (error) {
        await this.options.discardUnsynced?.(items).catch(() => undefined);
        this.failed = this.options.failure(error);
        for (const entry of [...group, ...this.queue.splice(0)]) entry.reject(this.failed);
        break;
      }
      this.stats.groups++;
      this.stats.items += group.length;
      for (const entry of group) entry.resolve();
    }
    this.running = undefined;
  }

  private takeGroup(): Entry<T>[] {
    const { sameGroup, bytes, maxGroupBytes = Infinity } = this.options;
    const first = this.queue[0].item;
    let size = bytes?.(first) ?? 0;
    let n = 1;
    while (n < this.queue.length && size < maxGroupBytes) {
      const next = this.queue[n].item;
      if (sameGroup && !sameGroup(first, next)) break;
      size += bytes?.(next) ?? 0;
      n++;
    }
    return this.queue.splice(0, n);
  }
}

const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));
