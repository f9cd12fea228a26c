import type { ConsumedEvent, EventHandler, HandleContext, Message } from '@ledger/consumers';
import {
  type AnyBulkWriteOperation,
  type Collection,
  type Db,
  type Document,
  MongoBulkWriteError,
} from 'mongodb';
import { isDuplicateKey, isTransientMongoError } from '../mongo-errors.js';
import { fromLong, toLong } from '../positions.js';
import { ReadModelVersions } from '../read-models/read-model-versions.js';
import {
  POSITION_FIELD,
  RETRIED_FIELD,
  foldUpdates,
  singleUpdate,
  toUpdateDocument,
} from './document-update.js';
import type { MongoProjection } from './mongo-projection.js';

export interface MongoProjectorOptions {
  /** Write a read model into this collection instead of its alias (a rebuild's new collection). */
  collections?: Readonly<Record<string, string>>;
  versions?: ReadModelVersions;
  /** Ids of events applied by a retry kept per document (the guard of late events). */
  retriedIdsKept?: number;
}

/** Write errors other than "already applied": the batch fails, and is retried event by event. */
export class ProjectionWriteError extends Error {
  constructor(
    readonly readModel: string,
    readonly errors: ReadonlyArray<{ documentId: unknown; code?: unknown; message: string }>,
  ) {
    super(`${readModel}: ${errors.map((e) => `${String(e.documentId)}: ${e.message}`).join('; ')}`);
  }
}

type ProjectedDocument = Document & { _id: string };
/** Indexed collections remembered; past it they are forgotten and indexed again (idempotent). */
const MAX_RESOLVED = 64;
type Pending = {
  position: bigint;
  ops: ReturnType<MongoProjection['updatesFor']> extends Map<string, infer U> ? U : never;
};

/**
 * The engine's side of Mongo projections (STYLE.md rule 18): a batch's intents become, per read
 * model, one read of the touched documents' positions and one unordered `bulkWrite` (more only if
 * two intents on one document cannot share an update). Every write is guarded:
 * - live: the document's events not yet applied (position above the stored one) are folded into
 *   one update, filtered on `position < first folded position`, upserting, and stamped with the
 *   last one: a replay matches nothing, and a guarded upsert that hits an existing `_id`
 *   (duplicate key) means another write got there first, so it counts as applied;
 * - retry (an event released from parking, older than what other streams may have written to a
 *   shared document since): filtered on its event id not being in `_retried`, which it is then
 *   pushed to (the last `retriedIdsKept`), and `position` only moves up (`$max`). So a day total fed
 *   by many streams counts a retried event exactly once.
 */
export class MongoProjector<E extends Message = Message> implements EventHandler<E> {
  readonly handles: ReadonlySet<string>;
  readonly ignores: ReadonlySet<string>;
  private readonly versions: ReadModelVersions;
  private readonly resolved = new Map<string, Promise<Collection<ProjectedDocument>>>();
  private readonly retriedIdsKept: number;

  constructor(
    private readonly db: Db,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- projections differ in document type
    private readonly projections: ReadonlyArray<MongoProjection<E, any>>,
    private readonly options: MongoProjectorOptions = {},
  ) {
    this.handles = new Set(projections.flatMap((p) => p.handledTypes));
    this.ignores = new Set(
      projections.flatMap((p) => p.ignoredTypes).filter((type) => !this.handles.has(type)),
    );
    this.versions = options.versions ?? new ReadModelVersions(db);
    this.retriedIdsKept = options.retriedIdsKept ?? 100;
  }

  isTransient(error: unknown): boolean {
    return isTransientMongoError(error);
  }

  /**
   * The collection a read model is written to (its alias unless named in the options), indexed.
   * The alias is read again on every call (one `findOne` a batch): once a rebuild switches it, the
   * next batch writes to the new collection, and a batch that read the old alias holds only
   * events written before the switch, which the rebuild covers (see ReadModelRebuild).
   */
  async collectionOf(readModel: string): Promise<Collection<ProjectedDocument>> {
    const name = this.options.collections?.[readModel] ?? (await this.versions.current(readModel));
    let collection = this.resolved.get(name);
    if (!collection) {
      const indexes = this.projections.filter((p) => p.readModel === readModel).flatMap((p) => p.indexes);
      collection = (async () => {
        const resolved = this.db.collection<ProjectedDocument>(name);
        for (const { key, options } of indexes) await resolved.createIndex(key, options);
        return resolved;
      })();
      collection.catch(() => this.resolved.delete(name));
      // Keyed by collection name: a read model has one or two (before and after a switch).
      if (this.resolved.size >= MAX_RESOLVED) this.resolved.clear();
      this.resolved.set(name, collection);
    }
    return collection;
  }

  async handle(events: ReadonlyArray<ConsumedEvent<E>>, context: HandleContext): Promise<void> {
    for (const projection of this.projections) {
      if (context.mode === 'retry') await this.writeRetried(projection, events);
      else await this.writeLive(projection, events);
    }
  }

  /**
   * A parked event may have reached some documents before another write failed. In the live
   * path a document at or past an event's position has that event (events are applied in log
   * order), so those documents get its id in `_retried` now, before other streams move them on,
   * and a retry skips them.
   */
  async parked(event: ConsumedEvent<E>): Promise<void> {
    for (const projection of this.projections) {
      let updates: Map<string, unknown>;
      try {
        updates = projection.updatesFor(event);
      } catch {
        continue; // its intents failed: nothing of it was written
      }
      if (updates.size === 0) continue;
      const collection = await this.collectionOf(projection.readModel);
      const marks: AnyBulkWriteOperation<ProjectedDocument>[] = [...updates.keys()].map((id) => ({
        updateOne: {
          filter: {
            _id: id,
            [POSITION_FIELD]: { $gte: toLong(event.position) },
            [RETRIED_FIELD]: { $ne: event.id },
          },
          update: {
            $push: { [RETRIED_FIELD]: { $each: [event.id], $slice: -this.retriedIdsKept } },
          } as Document,
        },
      }));
      await collection.bulkWrite(marks, { ordered: false });
    }
  }

  private async writeLive(projection: MongoProjection<E, unknown>, events: ReadonlyArray<ConsumedEvent<E>>) {
    const byDocument = new Map<string, Pending[]>();
    for (const event of events)
      for (const [id, update] of projection.updatesFor(event)) {
        const pending = byDocument.get(id) ?? [];
        pending.push({ position: event.position, ops: update });
        byDocument.set(id, pending);
      }
    if (byDocument.size === 0) return;
    const collection = await this.collectionOf(projection.readModel);
    const stored = new Map<string, bigint>();
    const found = collection.find(
      { _id: { $in: [...byDocument.keys()] } },
      { projection: { [POSITION_FIELD]: 1 } },
    );
    for await (const doc of found) stored.set(doc._id, fromLong(doc[POSITION_FIELD]));
    const rounds: AnyBulkWriteOperation<ProjectedDocument>[][] = [];
    for (const [id, pending] of byDocument) {
      const since = stored.get(id);
      const unapplied = pending.filter((p) => since === undefined || p.position > since);
      foldUpdates(
        unapplied.map((p) => p.ops.ops),
        since !== undefined,
      ).forEach((write, round) => {
        const update = toUpdateDocument(write.slots);
        update.$set = { ...update.$set, [POSITION_FIELD]: toLong(unapplied[write.last]!.position) };
        (rounds[round] ??= []).push({
          updateOne: {
            filter: { _id: id, [POSITION_FIELD]: { $lt: toLong(unapplied[write.first]!.position) } },
            update,
            upsert: true,
          },
        });
      });
    }
    for (const round of rounds) await this.write(projection.readModel, collection, round);
  }

  private async writeRetried(
    projection: MongoProjection<E, unknown>,
    events: ReadonlyArray<ConsumedEvent<E>>,
  ) {
    for (const event of events) {
      const updates = projection.updatesFor(event);
      if (updates.size === 0) continue;
      const collection = await this.collectionOf(projection.readModel);
      const writes: AnyBulkWriteOperation<ProjectedDocument>[] = [...updates].map(([id, update]) => {
        const document = toUpdateDocument([...singleUpdate(update.ops).values()]);
        document.$max = { ...document.$max, [POSITION_FIELD]: toLong(event.position) };
        document.$push = {
          ...document.$push,
          [RETRIED_FIELD]: { $each: [event.id], $slice: -this.retriedIdsKept },
        };
        return {
          updateOne: {
            filter: { _id: id, [RETRIED_FIELD]: { $ne: event.id } },
            update: document,
            upsert: true,
          },
        };
      });
      await this.write(projection.readModel, collection, writes);
    }
  }

  private async write(
    readModel: string,
    collection: Collection<ProjectedDocument>,
    operations: AnyBulkWriteOperation<ProjectedDocument>[],
  ): Promise<void> {
    try {
      await collection.bulkWrite(operations, { ordered: false });
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError) || isTransientMongoError(error)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      // A guarded upsert that met an existing _id: the document is already past this write.
      const failures = writeErrors.filter(
        (e) => !(isDuplicateKey(e) && / index: _id_ /.test(e.errmsg ?? '')),
      );
      if (failures.length === 0 && writeErrors.length > 0) return;
      throw new ProjectionWriteError(
        readModel,
        (failures.length > 0 ? failures : [{ index: -1, code: error.code, errmsg: error.message }]).map(
          (e) => {
            const op = operations[e.index] as { updateOne?: { filter: { _id: unknown } } } | undefined;
            return {
              documentId: op?.updateOne?.filter._id,
              code: e.code,
              message: e.errmsg ?? 'write failed',
            };
          },
        ),
      );
    }
  }
}
