import { StreamBusyError } from './command-pipeline.errors.js';

type Queue = { tail: Promise<void>; waiting: number };

/**
 * Runs tasks for the same stream one after another within this process, so concurrent
 * commands on one account queue instead of racing (and exhausting their retries). At most
 * `maxQueued` wait on one stream: past that a command is refused at once (StreamBusyError),
 * never queued without end. Correctness across processes still rests on the expected revision.
 */
export class StreamLock {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly maxQueued = Number.POSITIVE_INFINITY) {}

  run<T>(streamName: string, task: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(streamName) ?? { tail: Promise.resolve(), waiting: 0 };
    if (queue.waiting >= this.maxQueued) {
      return Promise.reject(new StreamBusyError(streamName, queue.waiting));
    }
    queue.waiting++;
    const result = queue.tail.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    queue.tail = tail;
    this.queues.set(streamName, queue);
    void tail.then(() => {
      queue.waiting--;
      if (queue.waiting === 0 && this.queues.get(streamName) === queue) this.queues.delete(streamName);
    });
    return result;
  }

  /** Streams with commands running or waiting. */
  get pending(): number {
    return this.queues.size;
  }
}
