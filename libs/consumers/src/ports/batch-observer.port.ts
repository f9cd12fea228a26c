import type { ConsumedEvent, Message } from '../consumed-event.js';

/** One batch a consumer got through: what it was given and what came of it. */
export interface BatchReport<E extends Message = Message> {
  consumer: string;
  /** The batch's events (system events and the filter's checkpoints left out), in log order. */
  events: ReadonlyArray<ConsumedEvent<E | Message>>;
  /** Applied by the handler, and parked, in this batch. */
  handled: number;
  parked: number;
  startedAt: Date;
  durationMs: number;
}

/** Told of every batch with at least one event (logs, spans); it must not throw or wait. */
export interface BatchObserver {
  batchDone(report: BatchReport): void;
}
