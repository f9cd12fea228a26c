import type { ConsumedEvent, Message, SourceItem } from '../consumed-event.js';
import { isSystemEvent } from '../consumed-event.js';
import {
  type ConsumerDefinition,
  filterMatches,
  type HandleMode,
  PartialBatchError,
  type ParkReason,
} from '../consumer-definition.js';
import type { CheckpointStore } from '../ports/checkpoint-store.port.js';
import type { BatchObserver } from '../ports/batch-observer.port.js';
import type { Clock } from '../ports/clock.port.js';
import type { EventSource, SourceSubscription } from '../ports/event-source.port.js';
import type { ParkedAction, ParkedEvent, ParkedEventStore } from '../ports/parked-event-store.port.js';
import { backoffDelay } from './backoff.js';
import { defaultRunnerOptions, type RunnerOptions } from './runner.options.js';

/** Thrown inside the loop to unwind it: stop() was called or the lease was lost. Never escapes. */
class ConsumerStopped extends Error {}

export interface RunnerDeps<E extends Message> {
  source: EventSource<E>;
  checkpoints: CheckpointStore;
  parked: ParkedEventStore;
  clock: Clock;
  observer?: BatchObserver;
}

/** What one runner knows of itself; the host adds the owner, the head of the log and the lag. */
export interface RunnerSnapshot {
  consumer: string;
  running: boolean;
  leaseLost: boolean;
  position: bigint | undefined;
  /** Events applied by the handler since this runner started. */
  handled: number;
  /** Events parked (for this consumer, by any runner) as this runner last counted them. */
  parked: number;
  reconnects: number;
  lastError?: { message: string; at: Date };
  /** Clock time the position last moved (or the runner started). */
  lastProgressAt: number;
  /** Streams with parked events held in memory, and whether the bound was passed. */
  parkedStreams: number;
  parkedStreamsOverflow: boolean;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const max = (a: bigint | undefined, b: bigint): bigint => (a === undefined || b > a ? b : a);
const RELEASE_PAGE = 1_000;

/**
 * Runs one consumer: one subscription resuming after its checkpoint, batches handed to the handler,
 * failing events retried then parked with their stream's later events behind them, the checkpoint
 * saved after each batch and on stop. It never dies: a dropped subscription, a failing store or a
 * bug in a batch is recorded as `lastError` and retried with backoff until `stop()`.
 */
export class ConsumerRunner<E extends Message = Message> {
  private readonly options: RunnerOptions;
  private position: bigint | undefined;
  private savedPosition: bigint | undefined;
  private readonly parkedStreams = new Set<string>();
  private parkedOverflow = false;
  private batchParked = new Set<string>();
  private stopping = false;
  private readonly stopController = new AbortController();
  private wake?: AbortController;
  private nudged = true;
  private lastRequestCheck = 0;
  private loop?: Promise<void>;
  private readonly stats: Omit<
    RunnerSnapshot,
    'consumer' | 'position' | 'parkedStreams' | 'parkedStreamsOverflow'
  >;

  constructor(
    private readonly definition: ConsumerDefinition<E>,
    private readonly deps: RunnerDeps<E>,
    options: Partial<RunnerOptions> = {},
    /** False once this instance may no longer write for the consumer (its lease lapsed). */
    private readonly fence: () => boolean = () => true,
  ) {
    this.options = { ...defaultRunnerOptions, ...options };
    this.stats = {
      running: false,
      leaseLost: false,
      handled: 0,
      parked: 0,
      reconnects: 0,
      lastProgressAt: deps.clock.now(),
    };
  }

  get name(): string {
    return this.definition.name;
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /**
   * Stops before the next write (a handler call in progress is awaited), saves the checkpoint of
   * the last complete batch and closes the subscription.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopController.abort();
    this.wake?.abort();
    await this.loop;
  }

  /** Look at operator requests now rather than at the next idle poll. */
  nudge(): void {
    this.nudged = true;
    this.wake?.abort();
  }

  /** Resolves when the loop has ended (after stop() or a lost lease). */
  get finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  snapshot(): RunnerSnapshot {
    return {
      consumer: this.definition.name,
      position: this.position,
      parkedStreams: this.parkedStreams.size,
      parkedStreamsOverflow: this.parkedOverflow,
      ...this.stats,
    };
  }

  private async run(): Promise<void> {
    this.stats.running = true;
    const { source, checkpoints, parked } = this.deps;
    const name = this.definition.name;
    try {
      this.position = await this.infra(() => checkpoints.load(name));
      this.savedPosition = this.position;
      const streams = await this.infra(() => parked.parkedStreams(name, this.options.maxParkedStreams + 1));
      streams.slice(0, this.options.maxParkedStreams).forEach((stream) => this.parkedStreams.add(stream));
      this.parkedOverflow = streams.length > this.options.maxParkedStreams;
      this.stats.parked = await this.infra(() => parked.count(name));
      for (let failures = 0; !this.stopping;) {
        let subscription: SourceSubscription<E> | undefined;
        try {
          subscription = source.subscribe({
            consumer: name,
            after: this.position,
            filter: this.definition.filter,
          });
          while (!this.stopping) {
            await this.carryOutRequests();
            const items = await this.read(subscription);
            failures = 0;
            if (items.length === 0) {
              await this.skipUnwanted();
              continue;
            }
            await this.processBatch(items);
            await this.saveCheckpoint();
          }
        } catch (error) {
          if (error instanceof ConsumerStopped) break;
          this.recordError(error);
          this.stats.reconnects++;
          await this.deps.clock.sleep(
            backoffDelay(failures++, this.options.backoff),
            this.stopController.signal,
          );
        } finally {
          await subscription?.close().catch(() => undefined);
        }
      }
    } catch (error) {
      if (!(error instanceof ConsumerStopped)) this.recordError(error);
    } finally {
      // On a graceful stop, one attempt to save where we are; a lost lease saves nothing.
      if (
        !this.stats.leaseLost &&
        this.fence() &&
        this.position !== undefined &&
        this.position !== this.savedPosition
      )
        await checkpoints
          .save(name, this.position)
          .then(() => (this.savedPosition = this.position))
          .catch((error: unknown) => this.recordError(error));
      this.stats.running = false;
    }
  }

  private async read(subscription: SourceSubscription<E>): Promise<SourceItem<E>[]> {
    const wake = new AbortController();
    this.wake = wake;
    const timer = setTimeout(() => wake.abort(), this.options.idlePollMs);
    try {
      return await subscription.read(this.options.batchSize, wake.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  private async processBatch(items: SourceItem<E>[]): Promise<void> {
    const startedAt = this.deps.clock.now();
    const before = { handled: this.stats.handled, parked: this.stats.parked };
    await this.applyBatch(items);
    const events = items.flatMap((item) =>
      item.kind === 'checkpoint' || isSystemEvent(item.event) ? [] : [item.event],
    );
    if (events.length === 0 || !this.deps.observer) return;
    this.deps.observer.batchDone({
      consumer: this.definition.name,
      events,
      handled: this.stats.handled - before.handled,
      parked: this.stats.parked - before.parked,
      startedAt: new Date(startedAt),
      durationMs: this.deps.clock.now() - startedAt,
    });
  }

  private async applyBatch(items: SourceItem<E>[]): Promise<void> {
    const { handler, unknownEvents = 'park' } = this.definition;
    let last = this.position;
    const toHandle: ConsumedEvent<E>[] = [];
    const toPark: ParkedEvent[] = [];
    this.batchParked = this.parkedOverflow ? await this.parkedAmong(items) : new Set();
    const park = (event: ConsumedEvent, reason: ParkReason, error?: string) => {
      toPark.push(this.parkedEntry(event, reason, error, reason === 'behind-parked' ? 0 : 1));
      this.markParked(event.stream);
    };
    for (const item of items) {
      if (item.kind === 'checkpoint') {
        last = max(last, item.position);
        continue;
      }
      const event = item.event;
      last = max(last, event.position);
      if (isSystemEvent(event)) continue;
      if (this.isParked(event.stream)) park(event, 'behind-parked');
      else if (item.kind === 'undecodable') park(event, 'undecodable', item.error);
      else if (handler.handles.has(event.event.type)) toHandle.push(item.event);
      else if (!handler.ignores?.has(event.event.type) && unknownEvents === 'park')
        park(
          event,
          'unknown-event-type',
          `${this.definition.name} neither handles nor ignores ${event.event.type}`,
        );
    }
    if (toPark.length > 0) await this.parkAll(toPark);
    await this.apply(toHandle);
    if (last !== undefined && last !== this.position) {
      this.position = last;
      this.stats.lastProgressAt = this.deps.clock.now();
    }
  }

  /**
   * Idle: if no event between the position and the head of the log passes the filter, nothing the
   * subscription will deliver lies at or below the head, so the position moves there now.
   */
  private async skipUnwanted(): Promise<void> {
    const limit = this.options.idleSkipLimit;
    if (limit <= 0 || this.stopping) return;
    try {
      const head = await this.deps.source.head();
      if (!head || (this.position !== undefined && head.position <= this.position)) return;
      const entries = await this.deps.source.readAfter(this.position, limit);
      const upToHead = entries.filter((entry) => entry.position <= head.position);
      if (upToHead.at(-1)?.position !== head.position) return; // more than `limit` in between
      if (upToHead.some((entry) => filterMatches(this.definition.filter, entry))) return;
      this.position = head.position;
      this.stats.lastProgressAt = this.deps.clock.now();
      await this.saveCheckpoint();
    } catch (error) {
      if (error instanceof ConsumerStopped) throw error;
      this.recordError(error);
    }
  }

  /** The batch at once; if it fails, event by event, parking each one that keeps failing. */
  private async apply(batch: ConsumedEvent<E>[]): Promise<void> {
    if (batch.length === 0) return;
    let events = batch;
    try {
      await this.handle(batch, 'live');
      this.stats.handled += batch.length;
      return;
    } catch (error) {
      if (error instanceof ConsumerStopped) throw error;
      this.recordError(error instanceof PartialBatchError ? error.cause : error);
      if (error instanceof PartialBatchError && error.applied > 0 && error.applied < batch.length) {
        events = batch.slice(error.applied);
        this.stats.handled += error.applied;
      }
    }
    // The failed attempt may have written some of these events in part: each one parked from here
    // on is reported to the handler, so a retry does not apply it twice.
    for (const event of events) {
      if (this.isParked(event.stream)) {
        await this.parkAll([this.parkedEntry(event, 'behind-parked', undefined, 0)]);
        await this.reportParked(event);
        continue;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          await this.handle([event], 'live');
          this.stats.handled++;
          break;
        } catch (error) {
          if (error instanceof ConsumerStopped) throw error;
          this.recordError(error);
          if (attempt >= this.options.maxAttempts) {
            await this.parkAll([this.parkedEntry(event, 'handler-failed', describe(error), attempt)]);
            this.markParked(event.stream);
            await this.reportParked(event);
            break;
          }
          await this.deps.clock.sleep(
            backoffDelay(attempt - 1, this.options.backoff),
            this.stopController.signal,
          );
        }
      }
    }
  }

  private async reportParked(event: ConsumedEvent<E>): Promise<void> {
    const { handler, name } = this.definition;
    if (handler.parked) await this.infra(() => handler.parked!(event, { consumer: name, mode: 'live' }));
  }

  /** Calls the handler; an outage (`isTransient`) is waited out with backoff, never counted. */
  private async handle(events: ConsumedEvent<E>[], mode: HandleMode): Promise<void> {
    for (let outage = 0; ; outage++) {
      this.ensureRunning();
      try {
        return await this.definition.handler.handle(events, { consumer: this.definition.name, mode });
      } catch (error) {
        if (!this.definition.handler.isTransient?.(error)) throw error;
        this.recordError(error);
        await this.deps.clock.sleep(backoffDelay(outage, this.options.backoff), this.stopController.signal);
      }
    }
  }

  private async carryOutRequests(): Promise<void> {
    const now = this.deps.clock.now();
    if (!this.nudged && now - this.lastRequestCheck < this.options.idlePollMs) return;
    this.nudged = false;
    this.lastRequestCheck = now;
    const requests = await this.infra(() => this.deps.parked.requests(this.definition.name));
    for (const { stream, action } of requests) await this.release(stream, action);
  }

  /**
   * Retry: the stream's parked events are applied in order until one fails again (it stays first,
   * with one more attempt). Skip: the first is dropped, then the ones behind it are retried.
   */
  private async release(stream: string, action: ParkedAction): Promise<void> {
    const { parked } = this.deps;
    const name = this.definition.name;
    let skip = action === 'skip';
    let failed = false;
    while (!failed) {
      const page = await this.infra(() => parked.list(name, { stream, limit: RELEASE_PAGE }));
      if (page.length === 0) break;
      for (const entry of page) {
        if (skip) {
          skip = false;
        } else {
          try {
            await this.retryOne(entry);
          } catch (error) {
            if (error instanceof ConsumerStopped) throw error;
            this.recordError(error);
            await this.infra(() =>
              parked.recordFailure(name, entry.eventId, describe(error), new Date(this.deps.clock.now())),
            );
            failed = true;
            break;
          }
        }
        await this.infra(() => parked.remove(name, entry.eventId));
        this.stats.parked = Math.max(0, this.stats.parked - 1);
      }
    }
    await this.infra(() => parked.clearRequest(name, stream));
    if (!failed) this.parkedStreams.delete(stream);
  }

  private async retryOne(entry: ParkedEvent): Promise<void> {
    const { handler } = this.definition;
    const type = entry.event.event.type;
    if (entry.reason === 'undecodable') throw new Error(`${type} could not be decoded: skip it`);
    if (handler.handles.has(type)) {
      await this.handle([entry.event as ConsumedEvent<E>], 'retry');
      this.stats.handled++;
    } else if (!handler.ignores?.has(type) && this.definition.unknownEvents !== 'ignore') {
      throw new Error(`${this.definition.name} neither handles nor ignores ${type}`);
    }
  }

  private async parkedAmong(items: SourceItem<E>[]): Promise<Set<string>> {
    const streams = [
      ...new Set(items.flatMap((item) => (item.kind === 'checkpoint' ? [] : [item.event.stream]))),
    ];
    return streams.length === 0
      ? new Set()
      : this.infra(() => this.deps.parked.whichParked(this.definition.name, streams));
  }

  private isParked(stream: string): boolean {
    return this.parkedStreams.has(stream) || this.batchParked.has(stream);
  }

  private markParked(stream: string): void {
    if (this.parkedStreams.has(stream)) return;
    if (this.parkedStreams.size < this.options.maxParkedStreams) this.parkedStreams.add(stream);
    else {
      this.parkedOverflow = true;
      this.batchParked.add(stream);
    }
  }

  private parkedEntry(
    event: ConsumedEvent,
    reason: ParkReason,
    error: string | undefined,
    attempts: number,
  ): ParkedEvent {
    return {
      consumer: this.definition.name,
      position: event.position,
      stream: event.stream,
      eventId: event.id,
      type: event.event.type,
      reason,
      ...(error === undefined ? {} : { error }),
      attempts,
      parkedAt: new Date(this.deps.clock.now()),
      event,
    };
  }

  private async parkAll(entries: ParkedEvent[]): Promise<void> {
    await this.infra(() => this.deps.parked.park(entries));
    this.stats.parked += entries.length;
  }

  private async saveCheckpoint(): Promise<void> {
    const position = this.position;
    if (position === undefined || position === this.savedPosition) return;
    await this.infra(() => this.deps.checkpoints.save(this.definition.name, position));
    this.savedPosition = position;
  }

  /** Stores and event source calls: retried with backoff until they work or the runner stops. */
  private async infra<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      this.ensureRunning();
      try {
        return await call();
      } catch (error) {
        this.recordError(error);
        await this.deps.clock.sleep(backoffDelay(attempt, this.options.backoff), this.stopController.signal);
      }
    }
  }

  private ensureRunning(): void {
    if (this.stopping) throw new ConsumerStopped('stopping');
    if (!this.fence()) {
      this.stats.leaseLost = true;
      throw new ConsumerStopped('lease lost');
    }
  }

  private recordError(error: unknown): void {
    this.stats.lastError = { message: describe(error), at: new Date(this.deps.clock.now()) };
  }
}
