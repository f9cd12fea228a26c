import { Clock } from '../ports/clock.port.js';

/**
 * A clock tests move by hand: sleeps resolve when `advance` passes their time, in time order, with
 * a turn of the event loop after each so the code woken up runs before time moves on.
 */
export class FakeClock extends Clock {
  private current: number;
  private timers: Array<{ at: number; resolve: () => void }> = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    super();
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = { at: this.current + Math.max(0, ms), resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Pending sleeps (a test can wait until the code under test is waiting). */
  get sleepers(): number {
    return this.timers.length;
  }

  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.resolve();
    }
    this.current = until;
    await settle();
  }

  /** Advances in steps until `condition` holds; fails past `maxMs` of fake time. */
  async advanceUntil(
    condition: () => boolean | Promise<boolean>,
    stepMs = 100,
    maxMs = 600_000,
  ): Promise<void> {
    const deadline = this.current + maxMs;
    while (!(await condition())) {
      if (this.current >= deadline) throw new Error(`Condition not met within ${maxMs} ms of fake time`);
      await this.advance(stepMs);
    }
  }
}

const settle = async (): Promise<void> => {
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
};
