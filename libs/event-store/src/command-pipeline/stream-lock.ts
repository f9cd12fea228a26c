/**
 * Runs tasks for the same stream one after another within this process, so concurrent
 * commands on one account queue instead of racing (and exhausting their retries).
 * Correctness across processes still rests on the expected revision.
 */
export class StreamLock {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(streamName: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamName) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(streamName, tail);
    void tail.then(() => {
      if (this.tails.get(streamName) === tail) this.tails.delete(streamName);
    });
    return result;
  }

  get pending(): number {
    return this.tails.size;
  }
}
