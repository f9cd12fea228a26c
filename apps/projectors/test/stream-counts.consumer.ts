import { randomUUID } from 'node:crypto';
import type { ConsumedEvent, ConsumerDefinition, EventHandler } from '@ledger/consumers';
import type { LedgerEvent } from '@ledger/domain';
import { MongoProjection, MongoProjector } from '@ledger/consumers-mongodb';
import type { Db } from 'mongodb';
import type { ConsumerRegistration } from '../src/projector-consumers.js';

export const STREAM_COUNTS = 'stream-counts';
// Each test file (its own module registry) counts only its own pings, so a shared server works.
export const PING_PREFIX = `ping${randomUUID().slice(0, 8)}-`;

/** Not a ledger event: the `$all` source passes types it does not know as they are stored. */
export type Ping = { type: 'Pinged'; data: { poison?: boolean } };

export type StreamCount = { _id: string; count: number; position: unknown };

/**
 * A test consumer registered like a real one: counts `Pinged` events per `ping-…` stream into the
 * `stream-counts` read model. It fails on events whose data says `poison: true` while `faults.on`,
 * and each batch waits at `gate` when the test closes it (a consumer that is slow, or stuck).
 */
export class StreamCountsFixture {
  readonly faults = { on: true };
  readonly gate = new BatchGate();

  // The app's consumers are typed for ledger events; this one reads its own type.
  readonly registration: ConsumerRegistration = ({ db }) => [
    this.definition(db) as unknown as ConsumerDefinition<LedgerEvent>,
  ];

  definition(db: Db): ConsumerDefinition<Ping> {
    const projection = new MongoProjection<Ping, StreamCount>(STREAM_COUNTS).on(
      'Pinged',
      (_, meta) => meta.stream,
      (event, doc) => {
        if (this.faults.on && event.data.poison) throw new Error('poisoned ping');
        doc.inc('count', 1);
      },
    );
    return {
      name: STREAM_COUNTS,
      filter: { by: 'stream', prefixes: [PING_PREFIX] },
      handler: gated(new MongoProjector<Ping>(db, [projection]), this.gate),
    };
  }

  count(db: Db, stream: string): Promise<number | undefined> {
    return db
      .collection<StreamCount>(`${STREAM_COUNTS}_v1`)
      .findOne({ _id: stream })
      .then((doc) => doc?.count);
  }
}

/** Open by default; closed, each batch waits until `pass()` lets one through or `open()` all. */
export class BatchGate {
  private closed = false;
  private waiters: Array<() => void> = [];

  get waiting(): number {
    return this.waiters.length;
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.closed = false;
    this.waiters.splice(0).forEach((release) => release());
  }

  pass(): void {
    this.waiters.shift()?.();
  }

  wait(): Promise<void> {
    return this.closed ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }
}

function gated(handler: EventHandler<Ping>, gate: BatchGate): EventHandler<Ping> {
  return {
    handles: handler.handles,
    ...(handler.ignores ? { ignores: handler.ignores } : {}),
    handle: async (events: ReadonlyArray<ConsumedEvent<Ping>>, context) => {
      await gate.wait();
      await handler.handle(events, context);
    },
    isTransient: (error) => handler.isTransient?.(error) ?? false,
    parked: (event, context) => handler.parked?.(event, context) ?? Promise.resolve(),
  };
}
