import type { ParkedEvent, ParkedEventStore, ParkedQuery } from '../ports/parked-event-store.port.js';

/**
 * The operator's side of parking (the HTTP endpoints come later). Retry and skip are requests on
 * the stream's first parked event: whichever instance owns the consumer carries them out, between
 * two batches, so a release never races the live subscription. Poll `list` to see them done.
 */
export class ParkedEvents {
  constructor(
    private readonly store: ParkedEventStore,
    /** Wakes the local runner of a consumer, if this instance owns it. */
    private readonly wake: (consumer: string) => void = () => undefined,
  ) {}

  list(consumer: string, query?: ParkedQuery): Promise<ParkedEvent[]> {
    return this.store.list(consumer, query);
  }

  count(consumer: string): Promise<number> {
    return this.store.count(consumer);
  }

  /** Applies the stream's parked events in order; false when the stream has none parked. */
  retry(consumer: string, stream: string): Promise<boolean> {
    return this.ask(consumer, stream, 'retry');
  }

  /** Drops the stream's first parked event and applies the ones behind it. */
  skip(consumer: string, stream: string): Promise<boolean> {
    return this.ask(consumer, stream, 'skip');
  }

  private async ask(consumer: string, stream: string, action: 'retry' | 'skip'): Promise<boolean> {
    const accepted = await this.store.request(consumer, stream, action);
    if (accepted) this.wake(consumer);
    return accepted;
  }
}
