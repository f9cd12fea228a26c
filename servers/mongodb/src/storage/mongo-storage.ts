import type { Document } from 'bson';

/**
 * A change to the server's state, as the storage layer logs it: post-images, so replaying the
 * log is deterministic and needs no query engine.
 */
export type Change =
  | { t: 'put'; db: string; coll: string; doc: Document }
  | { t: 'del'; db: string; coll: string; id: unknown }
  | { t: 'createCollection'; db: string; coll: string; options: Document }
  | { t: 'dropCollection'; db: string; coll: string }
  | { t: 'collMod'; db: string; coll: string; options: Document }
  | { t: 'createIndex'; db: string; coll: string; spec: Document }
  | { t: 'dropIndex'; db: string; coll: string; name: string }
  | { t: 'dropDatabase'; db: string };

export interface MongoStorage {
  /**
   * Opens (creating if needed) and recovers: replays the last snapshot and then the log after it
   * through `apply`, in order. `dump` yields the whole current state as changes (collections,
   * indexes, documents); the storage calls it when it decides to write a snapshot. The server
   * applies each batch to memory in the same synchronous tick as it calls `commit`, so a `dump`
   * taken at any moment reflects exactly the batches passed to `commit` so far.
   */
  open(apply: (change: Change) => void, dump: () => Iterable<Change>): Promise<void>;
  /** Logs one batch atomically; resolves once durable (group commit). Resolves in call order. */
  commit(changes: readonly Change[]): Promise<void>;
  close(): Promise<void>;
}
