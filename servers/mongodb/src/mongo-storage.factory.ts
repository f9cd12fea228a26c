import { MemoryMongoStorage } from './memory-mongo-storage.js';
import type { MongoStorage } from './storage/mongo-storage.js';
import { WalMongoStorage } from './storage/wal-mongo-storage.js';

/** The memory storage for `--memory`, else the write-ahead log under `dataDir`. */
export function createMongoStorage(memory: boolean, dataDir: string): MongoStorage {
  return memory ? new MemoryMongoStorage() : new WalMongoStorage(dataDir);
}
