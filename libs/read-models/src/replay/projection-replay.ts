import { type ConsumedEvent, filterMatches } from '@ledger/consumers';
import { MongoProjector, ReadModelVersions } from '@ledger/consumers-mongodb';
import type { LedgerEvent } from '@ledger/domain';
import type { Db, Document } from 'mongodb';
import { LEDGER_READ_MODELS, type ReadModel } from '../ledger-read-models.js';

/** The read model a replay runs, or undefined when there is none of that name. */
export const readModelNamed = (name: string): ReadModel | undefined =>
  LEDGER_READ_MODELS.find((m) => m.projection.readModel === name);

/**
 * Runs events (one stream's, say) through a read model's projection into `db`, a scratch
 * database the caller owns, exactly as the live consumer would (its filter, its projector), and
 * answers the documents it wrote. The production read models are never touched.
 */
export async function replayProjection(
  db: Db,
  readModel: ReadModel,
  events: ReadonlyArray<ConsumedEvent<LedgerEvent>>,
): Promise<Document[]> {
  const wanted = events.filter((e) =>
    filterMatches(readModel.filter, { stream: e.stream, type: e.event.type }),
  );
  const projector = new MongoProjector<LedgerEvent>(db, [readModel.projection]);
  const unknown = wanted.filter(
    (e) => !projector.handles.has(e.event.type) && !projector.ignores.has(e.event.type),
  );
  if (unknown.length > 0) {
    throw new Error(
      `${readModel.projection.readModel} would park ${unknown[0]!.event.type} (${unknown[0]!.stream}@${unknown[0]!.revision}): it neither handles nor ignores it`,
    );
  }
  if (wanted.length > 0) await projector.handle(wanted, { consumer: 'replay', mode: 'live' });
  const collection = await new ReadModelVersions(db).collection(readModel.projection.readModel);
  return collection.find({}, { sort: { _id: 1 } }).toArray();
}
