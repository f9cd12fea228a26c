import type { ConsumedEvent } from '../consumed-event.js';
import type { ParkReason } from '../consumer-definition.js';

export interface ParkedEvent {
  consumer: string;
  position: bigint;
  stream: string;
  eventId: string;
  type: string;
  reason: ParkReason;
  error?: string;
  attempts: number;
  parkedAt: Date;
  /** The whole event, so a retry needs no read of the log. */
  event: ConsumedEvent;
  /** An operator's request, carried out by the consumer's owner. */
  requested?: ParkedAction;
}

export type ParkedAction = 'retry' | 'skip';

export interface ParkedQuery {
  stream?: string;
  /** Only events after this position (paging). */
  after?: bigint;
  limit?: number;
}

/** `parked_events`: per consumer, ordered by position. Parking the same event twice keeps one. */
export abstract class ParkedEventStore {
  abstract park(entries: readonly ParkedEvent[]): Promise<void>;
  abstract list(consumer: string, query?: ParkedQuery): Promise<ParkedEvent[]>;
  abstract count(consumer: string): Promise<number>;
  /** Streams with parked events, at most `limit` of them. */
  abstract parkedStreams(consumer: string, limit: number): Promise<string[]>;
  /** Which of `streams` have parked events. */
  abstract whichParked(consumer: string, streams: readonly string[]): Promise<Set<string>>;
  abstract remove(consumer: string, eventId: string): Promise<void>;
  abstract recordFailure(consumer: string, eventId: string, error: string, at: Date): Promise<void>;
  /** Marks the stream's first parked event with an operator request; false when none is parked. */
  abstract request(consumer: string, stream: string, action: ParkedAction): Promise<boolean>;
  abstract requests(consumer: string): Promise<Array<{ stream: string; action: ParkedAction }>>;
  abstract clearRequest(consumer: string, stream: string): Promise<void>;
}
