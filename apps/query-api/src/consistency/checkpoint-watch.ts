import { Injectable } from '@nestjs/common';
import { CheckpointPositions, lowestOf } from '../read-models/checkpoint-positions.js';

const POLL_MS = 25;

type Waiter = {
  readModels: readonly string[];
  minimum: bigint;
  deadline: number;
  settle: (position: bigint | undefined) => void;
  fail: (error: unknown) => void;
};

/**
 * Requests waiting for X-Min-Position share one poll of `checkpoints` per interval, however many
 * there are, so a burst of read-your-writes requests costs MongoDB one query every 25 ms.
 */
@Injectable()
export class CheckpointWatch {
  private readonly waiters = new Set<Waiter>();
  private polling = false;

  constructor(private readonly checkpoints: CheckpointPositions) {}

  /** The lowest position once it reaches `minimum`, or undefined at the deadline. */
  until(readModels: readonly string[], minimum: bigint, deadline: number): Promise<bigint | undefined> {
    return new Promise((settle, fail) => {
      this.waiters.add({ readModels, minimum, deadline, settle, fail });
      if (!this.polling) void this.poll();
    });
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiters.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const names = [...new Set([...this.waiters].flatMap((w) => w.readModels))];
        const positions = await this.checkpoints.read(names);
        for (const waiter of this.waiters) {
          const position = lowestOf(positions, waiter.readModels);
          if (position >= waiter.minimum) waiter.settle(position);
          else if (Date.now() >= waiter.deadline) waiter.settle(undefined);
          else continue;
          this.waiters.delete(waiter);
        }
      }
    } catch (error) {
      for (const waiter of this.waiters) waiter.fail(error);
      this.waiters.clear();
    } finally {
      this.polling = false;
    }
  }
}
