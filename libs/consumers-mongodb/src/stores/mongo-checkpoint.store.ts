import { CheckpointStore } from '@ledger/consumers';
import type { Collection, Db } from 'mongodb';
import type { Long } from 'mongodb';
import { fromLong, toLong } from '../positions.js';

interface CheckpointDocument {
  _id: string;
  position: Long;
  savedAt: Date;
}

/** `checkpoints`: one document per consumer, the position as an Int64. */
export class MongoCheckpointStore extends CheckpointStore {
  private readonly checkpoints: Collection<CheckpointDocument>;

  constructor(db: Db, collectionName = 'checkpoints') {
    super();
    this.checkpoints = db.collection<CheckpointDocument>(collectionName);
  }

  async load(consumer: string): Promise<bigint | undefined> {
    const found = await this.checkpoints.findOne({ _id: consumer });
    return found ? fromLong(found.position) : undefined;
  }

  async save(consumer: string, position: bigint): Promise<void> {
    await this.checkpoints.updateOne(
      { _id: consumer },
      { $set: { position: toLong(position), savedAt: new Date() } },
      { upsert: true },
    );
  }

  /** Starts the consumer over (a rebuild); the next run reads the log from the beginning. */
  async reset(consumer: string): Promise<void> {
    await this.checkpoints.deleteOne({ _id: consumer });
  }
}
