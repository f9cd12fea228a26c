import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  END,
  type EventStoreDBClient,
  eventTypeFilter,
  type Filter,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  type ConsumerFilter,
  EventSource,
  type LogEntry,
  type LogHead,
  type Message,
  type SourceItem,
  type SourceSubscription,
  type SubscribeRequest,
} from '@ledger/consumers';
import { decodeLedgerEvent } from './ledger-event.decoder.js';

export interface EsdbAllStreamSourceOptions<E extends Message> {
  /** Resolved event → source item; default: ledger events, upcast by `@ledger/event-store`. */
  decode?: (resolved: AllStreamResolvedEvent) => SourceItem<E>;
  /**
   * The server sends a filter checkpoint every `maxSearchWindow × checkpointInterval` events it
   * examines (and when caught up): how far a position moves past events no handler wants.
   */
  maxSearchWindow?: number;
  checkpointInterval?: number;
  /** Items buffered per subscription before it is paused (backpressure). */
  bufferSize?: number;
}

const positionOf = (position: bigint) => ({ commit: position, prepare: position });

/**
 * `$all` for the consumer engine: one catch-up `subscribeToAll` per consumer, after its position,
 * filtered on the server by event-type or stream prefixes, with the filter's checkpoints delivered
 * in order among the events. A dropped subscription rejects `read`; the engine resubscribes with
 * backoff, and the client reconnects its channel on that call.
 */
export class EsdbAllStreamSource<E extends Message = Message> extends EventSource<E> {
  private readonly decode: (resolved: AllStreamResolvedEvent) => SourceItem<E>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EsdbAllStreamSourceOptions<E> = {},
  ) {
    super();
    this.decode =
      options.decode ?? (decodeLedgerEvent as unknown as (r: AllStreamResolvedEvent) => SourceItem<E>);
  }

  subscribe(request: SubscribeRequest): SourceSubscription<E> {
    return new EsdbSubscription<E>(
      (checkpointReached) =>
        this.client.subscribeToAll({
          fromPosition: request.after === undefined ? START : positionOf(request.after),
          filter: this.filter(request.filter, checkpointReached),
        }),
      this.decode,
      this.options.bufferSize ?? 1_000,
    );
  }

  async head(): Promise<LogHead | undefined> {
    const [last] = await this.readAll({ fromPosition: END, direction: 'backwards', maxCount: 1 });
    return last && { position: last.position, recordedAt: last.recordedAt };
  }

  async readAfter(position: bigint | undefined, limit: number): Promise<LogEntry[]> {
    const read = await this.readAll({
      fromPosition: position === undefined ? START : positionOf(position),
      maxCount: limit + 1,
    });
    return read.filter((entry) => position === undefined || entry.position > position).slice(0, limit);
  }

  /** Reads a bounded read to its end: with client 6.2, leaving one early (break/return) was seen to keep `dispose()` waiting. */
  private async readAll(options: Parameters<EventStoreDBClient['readAll']>[0]): Promise<LogEntry[]> {
    const read: LogEntry[] = [];
    for await (const { event } of this.client.readAll(options))
      if (event?.position)
        read.push({
          position: event.position.commit,
          recordedAt: event.created,
          stream: event.streamId,
          type: event.type,
        });
    return read;
  }

  private filter(filter: ConsumerFilter, checkpointReached: (position: bigint) => Promise<void>): Filter {
    const options = {
      prefixes: [...filter.prefixes],
      maxSearchWindow: this.options.maxSearchWindow ?? 32,
      checkpointInterval: this.options.checkpointInterval ?? 1,
      checkpointReached: (_: unknown, position: { commit: bigint }) => checkpointReached(position.commit),
    };
    return filter.by === 'eventType' ? eventTypeFilter(options) : streamNameFilter(options);
  }
}

/**
 * Events come through the client's readable stream, filter checkpoints through a callback that
 * runs when the checkpoint message is reached. The callback waits until the stream has handed over
 * every event before it, so a checkpoint never overtakes an event it covers.
 */
class EsdbSubscription<E extends Message> implements SourceSubscription<E> {
  private readonly buffer: SourceItem<E>[] = [];
  private readonly subscription: AllStreamSubscription;
  private failure?: Error;
  private closed = false;
  private wake?: () => void;

  constructor(
    open: (checkpointReached: (position: bigint) => Promise<void>) => AllStreamSubscription,
    private readonly decode: (resolved: AllStreamResolvedEvent) => SourceItem<E>,
    private readonly bufferSize: number,
  ) {
    this.subscription = open(async (position) => {
      while (this.subscription.readableLength > 0 && !this.closed && !this.failure)
        await new Promise((resolve) => setImmediate(resolve));
      this.push({ kind: 'checkpoint', position });
    });
    this.subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      try {
        this.push(this.decode(resolved));
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
      }
    });
    this.subscription.on('error', (error: Error) => this.fail(error));
    this.subscription.on('end', () => this.fail(new Error('The event store ended the subscription')));
    this.subscription.on('close', () => this.fail(new Error('The subscription closed')));
  }

  async read(max: number, signal: AbortSignal): Promise<SourceItem<E>[]> {
    while (this.buffer.length === 0 && !this.failure && !signal.aborted && !this.closed) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          this.wake = undefined;
          resolve();
        };
        this.wake = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
    if (this.buffer.length === 0 && this.failure) throw this.failure;
    const items = this.buffer.splice(0, max);
    if (this.subscription.isPaused() && this.buffer.length < this.bufferSize / 2) this.subscription.resume();
    return items;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.subscription.unsubscribe().catch(() => undefined);
  }

  private push(item: SourceItem<E>): void {
    if (this.closed) return;
    this.buffer.push(item);
    if (this.buffer.length >= this.bufferSize) this.subscription.pause();
    this.wake?.();
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure ??= error;
    this.wake?.();
  }
}
