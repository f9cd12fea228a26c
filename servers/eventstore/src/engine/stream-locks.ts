/**
 * Serializes the writes to one stream (and its metadata stream) so each expected-revision check
 * sees every earlier write to it committed, while writes to other streams go on in parallel.
 */
export class StreamLocks {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, write: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    // With nothing pending the write starts synchronously, keeping the log in call order.
    const result = previous ? previous.then(write, write) : write();
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

/** `$$orders` and `orders` share a lock: a metadata write can change how `orders` behaves. */
export function lockKeyOf(streamName: string): string {
  return streamName.startsWith('$$') ? streamName.slice(2) : streamName;
}
