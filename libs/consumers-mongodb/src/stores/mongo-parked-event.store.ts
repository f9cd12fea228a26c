import {
  type ConsumedEvent,
  type ParkedAction,
  type ParkedEvent,
  ParkedEventStore,
  type ParkedQuery,
  type ParkReason,
} from '@ledger/consumers';
import type { Collection, Db, Filter, Long } from 'mongodb';
import { fromLong, toLong } from '../positions.js';

interface ParkedDocument {
  _id: string;
  consumer: string;
  position: Long;
  stream: string;
  eventId: string;
  type: string;
  reason: ParkReason;
  error?: string;
  attempts: number;
  parkedAt: Date;
  requested?: ParkedAction;
  event: {
    revision: Long;
    recordedAt: Date;
    data: unknown;
    metadata: Record<string, unknown>;
  };
}

const toParked = (doc: ParkedDocument): ParkedEvent => {
  const event: ConsumedEvent = {
    id: doc.eventId,
    stream: doc.stream,
    revision: fromLong(doc.event.revision),
    position: fromLong(doc.position),
    recordedAt: doc.event.recordedAt,
    event: { type: doc.type, data: doc.event.data },
    metadata: doc.event.metadata,
  };
  return {
    consumer: doc.consumer,
    position: event.position,
    stream: doc.stream,
    eventId: doc.eventId,
    type: doc.type,
    reason: doc.reason,
    ...(doc.error === undefined ? {} : { error: doc.error }),
    attempts: doc.attempts,
    parkedAt: doc.parkedAt,
    event,
    ...(doc.requested ? { requested: doc.requested } : {}),
  };
};

/** `parked_events`: one document per consumer and event, with the whole event, ordered by position. */
export class MongoParkedEventStore extends ParkedEventStore {
  private readonly parked: Collection<ParkedDocument>;
  private indexes?: Promise<unknown>;

  constructor(db: Db, collectionName = 'parked_events') {
    super();
    this.parked = db.collection<ParkedDocument>(collectionName);
  }

  private ready(): Promise<unknown> {
    this.indexes ??= this.parked
      .createIndexes([
        { key: { consumer: 1, position: 1 } },
        { key: { consumer: 1, stream: 1, position: 1 } },
      ])
      .catch((error: unknown) => {
        this.indexes = undefined;
        throw error;
      });
    return this.indexes;
  }

  async park(entries: readonly ParkedEvent[]): Promise<void> {
    if (entries.length === 0) return;
    await this.ready();
    await this.parked.bulkWrite(
      entries.map((entry) => {
        const doc: ParkedDocument = {
          _id: `${entry.consumer}|${entry.eventId}`,
          consumer: entry.consumer,
          position: toLong(entry.position),
          stream: entry.stream,
          eventId: entry.eventId,
          type: entry.type,
          reason: entry.reason,
          ...(entry.error === undefined ? {} : { error: entry.error }),
          attempts: entry.attempts,
          parkedAt: entry.parkedAt,
          event: {
            revision: toLong(entry.event.revision),
            recordedAt: entry.event.recordedAt,
            data: entry.event.event.data,
            metadata: { ...entry.event.metadata },
          },
        };
        // Parking an event again (a replay after a crash) keeps the first record.
        return { updateOne: { filter: { _id: doc._id }, update: { $setOnInsert: doc }, upsert: true } };
      }),
      { ordered: false },
    );
  }

  async list(consumer: string, query: ParkedQuery = {}): Promise<ParkedEvent[]> {
    const filter: Filter<ParkedDocument> = { consumer };
    if (query.stream !== undefined) filter.stream = query.stream;
    if (query.after !== undefined) filter.position = { $gt: toLong(query.after) };
    const found = this.parked.find(filter).sort({ position: 1 });
    if (query.limit !== undefined) found.limit(query.limit);
    return (await found.toArray()).map(toParked);
  }

  count(consumer: string): Promise<number> {
    return this.parked.countDocuments({ consumer });
  }

  async parkedStreams(consumer: string, limit: number): Promise<string[]> {
    const groups = await this.parked
      .aggregate<{ _id: string }>([
        { $match: { consumer } },
        { $group: { _id: '$stream' } },
        { $limit: limit },
      ])
      .toArray();
    return groups.map((group) => group._id);
  }

  async whichParked(consumer: string, streams: readonly string[]): Promise<Set<string>> {
    return new Set(await this.parked.distinct('stream', { consumer, stream: { $in: [...streams] } }));
  }

  async remove(consumer: string, eventId: string): Promise<void> {
    await this.parked.deleteOne({ _id: `${consumer}|${eventId}` });
  }

  async recordFailure(consumer: string, eventId: string, error: string, at: Date): Promise<void> {
    await this.parked.updateOne(
      { _id: `${consumer}|${eventId}` },
      { $set: { error, parkedAt: at }, $inc: { attempts: 1 } },
    );
  }

  async request(consumer: string, stream: string, action: ParkedAction): Promise<boolean> {
    const head = await this.parked.findOne(
      { consumer, stream },
      { sort: { position: 1 }, projection: { _id: 1 } },
    );
    if (!head) return false;
    await this.parked.updateOne({ _id: head._id }, { $set: { requested: action } });
    return true;
  }

  async requests(consumer: string): Promise<Array<{ stream: string; action: ParkedAction }>> {
    const found = await this.parked
      .find({ consumer, requested: { $exists: true } })
      .sort({ position: 1 })
      .toArray();
    return found.map((doc) => ({ stream: doc.stream, action: doc.requested! }));
  }

  async clearRequest(consumer: string, stream: string): Promise<void> {
    await this.parked.updateMany(
      { consumer, stream, requested: { $exists: true } },
      { $unset: { requested: '' } },
    );
  }
}
