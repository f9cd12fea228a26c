import type { Change, MongoStorage } from './storage/mongo-storage.js';

/** `--memory`: nothing to recover and nothing to make durable; state lives in the catalog only. */
export class MemoryMongoStorage implements MongoStorage {
  async open(_apply: (change: Change) => void, _dump: () => Iterable<Change>): Promise<void> {}

  commit(_changes: readonly Change[]): Promise<void> {
    return Promise.resolve();
  }

  async close(): Promise<void> {}
}
