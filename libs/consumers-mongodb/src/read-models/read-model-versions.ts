import type { Collection, Db, Document } from 'mongodb';
import { isDuplicateKey } from '../mongo-errors.js';

interface VersionDocument {
  _id: string;
  collection: string;
  switchedAt: Date;
}

/**
 * `read_model_versions`: read model name → the collection serving it. Readers and the live
 * projector resolve the alias; a blue-green rebuild fills another collection (named explicitly)
 * and then `switchTo`s it. A read model without an alias gets `<name>_v1`.
 */
export class ReadModelVersions {
  private readonly versions: Collection<VersionDocument>;

  constructor(
    private readonly db: Db,
    collectionName = 'read_model_versions',
  ) {
    this.versions = db.collection<VersionDocument>(collectionName);
  }

  async current(readModel: string): Promise<string> {
    const found = await this.versions.findOne({ _id: readModel });
    if (found) return found.collection;
    try {
      await this.versions.insertOne({
        _id: readModel,
        collection: `${readModel}_v1`,
        switchedAt: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKey(error as { code?: unknown })) throw error;
    }
    return (await this.versions.findOne({ _id: readModel }))!.collection;
  }

  async collection<T extends Document>(readModel: string): Promise<Collection<T>> {
    return this.db.collection<T>(await this.current(readModel));
  }

  async switchTo(readModel: string, collection: string): Promise<void> {
    await this.versions.updateOne(
      { _id: readModel },
      { $set: { collection, switchedAt: new Date() } },
      { upsert: true },
    );
  }
}
