import type { ConsumedEvent, Message, SourceItem } from '../consumed-event.js';
import { type ConsumerFilter, filterMatches } from '../consumer-definition.js';
import {
  EventSource,
  type LogEntry,
  type LogHead,
  type SourceSubscription,
  type SubscribeRequest,
} from '../ports/event-source.port.js';

type LogRecord = { event: ConsumedEvent; undecodable?: string };

const matches = (filter: ConsumerFilter, event: ConsumedEvent): boolean =>
  filterMatches(filter, { stream: event.stream, type: event.event.type });

/**
 * A log in memory with the semantics of a filtered `$all` catch-up subscription: events in
 * position order after a position, and a checkpoint item whenever a read ends on filtered-out
 * events. `drop()` fails every open subscription, as a lost connection does.
 */
export class InMemoryEventSource<E extends Message = Message> extends EventSource<E> {
  readonly records: LogRecord[] = [];
  private readonly revisions = new Map<string, bigint>();
  private waiters = new Set<() => void>();
  private generation = 0;
  subscriptions = 0;

  constructor(
    private readonly now: () => number = Date.now,
    /** Send a checkpoint when a read ends on filtered-out events (as a server's filter does). */
    private readonly sendsCheckpoints = true,
  ) {
    super();
  }

  append(stream: string, ...events: Message[]): ConsumedEvent[] {
    return events.map((event) => this.push(stream, event));
  }

  appendUndecodable(stream: string, type: string, error: string): ConsumedEvent {
    return this.push(stream, { type, data: null }, error);
  }

  /** Every open subscription's next read rejects. */
  drop(): void {
    this.generation++;
    this.wakeAll();
  }

  get lastPosition(): bigint | undefined {
    return this.records.at(-1)?.event.position;
  }

  subscribe(request: SubscribeRequest): SourceSubscription<E> {
    this.subscriptions++;
    const generation = this.generation;
    let next =
      request.after === undefined ? 0 : this.records.findIndex((r) => r.event.position > request.after!);
    if (next < 0) next = this.records.length;
    let closed = false;
    return {
      read: async (max, signal) => {
        while (next >= this.records.length && !signal.aborted && !closed && generation === this.generation)
          await this.waitForAppend(signal);
        if (generation !== this.generation) throw new Error('subscription dropped');
        const items: SourceItem<E>[] = [];
        let skippedTo: bigint | undefined;
        for (; next < this.records.length && items.length < max; next++) {
          const { event, undecodable } = this.records[next]!;
          if (!matches(request.filter, event)) {
            skippedTo = event.position;
            continue;
          }
          skippedTo = undefined;
          items.push(
            undecodable === undefined
              ? { kind: 'event', event: event as ConsumedEvent<E> }
              : { kind: 'undecodable', event, error: undecodable },
          );
        }
        if (skippedTo !== undefined && this.sendsCheckpoints)
          items.push({ kind: 'checkpoint', position: skippedTo });
        return items;
      },
      close: async () => {
        closed = true;
        this.wakeAll();
      },
    };
  }

  async head(): Promise<LogHead | undefined> {
    const last = this.records.at(-1)?.event;
    return last && { position: last.position, recordedAt: last.recordedAt };
  }

  async readAfter(position: bigint | undefined, limit: number): Promise<LogEntry[]> {
    return this.records
      .filter((r) => position === undefined || r.event.position > position)
      .slice(0, limit)
      .map(({ event }) => ({
        position: event.position,
        recordedAt: event.recordedAt,
        stream: event.stream,
        type: event.event.type,
      }));
  }

  private push(stream: string, event: Message, undecodable?: string): ConsumedEvent {
    const revision = (this.revisions.get(stream) ?? -1n) + 1n;
    this.revisions.set(stream, revision);
    const position = (this.lastPosition ?? 0n) + 100n;
    const consumed: ConsumedEvent = {
      id: `${stream}@${revision}`,
      stream,
      revision,
      position,
      recordedAt: new Date(this.now()),
      event,
      metadata: {},
    };
    this.records.push(undecodable === undefined ? { event: consumed } : { event: consumed, undecodable });
    this.wakeAll();
    return consumed;
  }

  private waitForAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private wakeAll(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    waiters.forEach((wake) => wake());
  }
}
